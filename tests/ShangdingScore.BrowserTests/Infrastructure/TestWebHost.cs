using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>
/// A real Kestrel server in the test process (WebApplication), on 127.0.0.1 and a free port the OS picks, so
/// the browser talks HTTP to it like to any site. The pages under test are mapped by the caller: the self-tests'
/// pages now, the credit center's endpoints (<c>app.MapShangdingCreditCenter()</c>) later.
/// </summary>
public sealed class TestWebHost : IAsyncDisposable
{
    private TestWebHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The server's address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a host.</summary>
    /// <param name="map">Adds middleware and endpoints (runs after the services are built).</param>
    /// <param name="services">Adds services; null for none beyond the defaults.</param>
    /// <param name="environment">The host environment; Development by default (no HTTPS redirection in tests).</param>
    public static async Task<TestWebHost> StartAsync(Action<WebApplication> map, Action<IServiceCollection>? services = null, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment ?? Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.SingleOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address after starting.");
        return new TestWebHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The absolute URL of <paramref name="path"/> on this host.</summary>
    public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
