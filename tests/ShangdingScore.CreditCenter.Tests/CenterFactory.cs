using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Samples.CreditCenter;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>The sample host on a fresh SQLite theme database in a temporary folder, in Development (fixed passwords and secrets).</summary>
public class CenterFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "shangding-center-" + Guid.NewGuid().ToString("N"));

    /// <summary>Changes the options (rate limits) before the host starts.</summary>
    public Action<CreditCenterOptions>? Options { get; init; }

    /// <summary>Configuration settings of the host (for example <c>Shangding:OpenIdConnect:Authority</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Changes the host's services after its own registrations.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The environment the host runs in.</summary>
    public string Environment { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Shangding:DataDirectory", _folder);

        // Behind a load balancer the HTTPS port is configured (ASPNETCORE_HTTPS_PORT); the test server has none of its own.
        builder.UseSetting("https_port", "443");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (Options is { } configure) builder.ConfigureServices(s => s.Configure(configure));
        if (TestServices is { } services) builder.ConfigureServices(services);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file the store still holds open on some platform: the temp folder is cleaned later.
        }
    }

    /// <summary>A client signed in as <paramref name="userName"/> (cookies kept).</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password = SampleSeed.DevCitizenPassword)
    {
        var http = CreateClient();
        var answer = await http.PostAsJsonAsync("/api/account/sign-in", new { userName, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        return http;
    }

    /// <summary>The center client of a sample venue, verifying with the key the center publishes.</summary>
    public async Task<CreditCenterClient> VenueClientAsync(string venueId, string? secret = null)
    {
        var http = CreateClient();
        var key = await CreditCenterKeys.FetchAsync(http, http.BaseAddress!);
        return new CreditCenterClient(http, new CreditCenterClientOptions { CenterUri = http.BaseAddress!, VenueId = venueId, Secret = secret ?? SampleSeed.DevSecret(venueId), CenterKey = key }, SystemClockForTests.Instance);
    }

    /// <summary>A citizen's new grant token.</summary>
    public static async Task<(string Token, string Nonce)> IssueAsync(HttpClient citizen, string venueId, string purpose, string scope = "decision")
    {
        var answer = await citizen.PostAsJsonAsync("/api/me/grants", new { venueId, purpose, scope, validMinutes = 10 });
        Assert.Equal(System.Net.HttpStatusCode.Created, answer.StatusCode);
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("token").GetString()!, doc.RootElement.GetProperty("grant").GetProperty("nonce").GetString()!);
    }
}

/// <summary>The clock the venue client stamps its own errors with.</summary>
internal static class SystemClockForTests
{
    public static IClock Instance { get; } = NodaTime.SystemClock.Instance;
}
