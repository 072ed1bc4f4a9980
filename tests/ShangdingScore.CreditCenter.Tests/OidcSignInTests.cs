using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using AspNetOidcOptions = Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>
/// OpenID Connect sign-in driven end to end: the sample host configured with a provider that runs in the test
/// (<see cref="TestOpenIdProvider"/>), a user agent that follows redirects, submits the provider's form_post and keeps
/// cookies. The citizen is the subject the configured claim names, not the provider's <c>sub</c>.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private TestOpenIdProvider _provider = null!;

    public async Task InitializeAsync() => _provider = await TestOpenIdProvider.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task CodeFlow_SignsTheCitizenInAsTheSubjectOfTheConfiguredClaim_AndTheSessionSurvivesTheStampCheck()
    {
        // The security stamp is checked on every request: a session without a local account must survive it.
        using var center = Center(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
        using var agent = new UserAgent(center, _provider);

        var landed = await agent.VisitAsync("https://localhost/account/oidc");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Contains(agent.Visited, u => u.StartsWith(TestOpenIdProvider.Issuer + "/authorize?", StringComparison.Ordinal));
        Assert.Contains("https://localhost/signin-oidc", agent.Visited);
        Assert.Contains(agent.Visited, u => u.StartsWith("https://localhost/account/oidc/signed-in?returnUrl=", StringComparison.Ordinal));
        Assert.NotNull(agent.Cookie("shangding-session"));

        for (int i = 0; i < 2; i++)
        {
            var score = await agent.Http.GetAsync("https://localhost/api/me/score");
            Assert.Equal(HttpStatusCode.OK, score.StatusCode);
            using var doc = JsonDocument.Parse(await score.Content.ReadAsStringAsync());
            Assert.Equal("S-00002", doc.RootElement.GetProperty("evaluation").GetProperty("subject").GetString());
        }

        // Only the citizen's own: no staff role, and the provider's own sub named nobody.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Http.GetAsync("https://localhost/api/center/disputes")).StatusCode);
        Assert.DoesNotContain(TestOpenIdProvider.ProviderSubject, await agent.Http.GetStringAsync("https://localhost/api/me/rights"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFlow_ForAnotherCitizen_SignsThatCitizenIn()
    {
        _provider.CitizenSubject = "S-00004";
        using var center = Center();
        using var agent = new UserAgent(center, _provider);

        await agent.VisitAsync("https://localhost/account/oidc");

        Assert.Contains("\"subject\":\"S-00004\"", await agent.Http.GetStringAsync("https://localhost/api/me/score"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/me/grants", "/me/grants")]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task AfterSigningIn_TheCitizenGoesToTheLocalReturnUrl_NeverToAnotherSite(string returnUrl, string landsOn)
    {
        using var center = Center();
        using var agent = new UserAgent(center, _provider);

        var landed = await agent.VisitAsync("https://localhost/account/oidc?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("localhost", landed.RequestMessage!.RequestUri!.Host);
        Assert.Equal(landsOn, landed.RequestMessage.RequestUri.AbsolutePath);
    }

    [Fact]
    public async Task TheSignInPage_OffersTheProvider_KeepingTheReturnUrl()
    {
        using var center = Center();
        using var http = center.CreateClient();

        var page = await http.GetStringAsync("/sign-in?returnUrl=%2Fme%2Fqueries");

        Assert.Contains("href=\"/account/oidc?returnUrl=%2Fme%2Fqueries\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderFault.ForeignSigningKey)]
    [InlineData(ProviderFault.WrongAudience)]
    [InlineData(ProviderFault.WrongIssuer)]
    [InlineData(ProviderFault.WrongNonce)]
    [InlineData(ProviderFault.NoSubjectClaim)]
    public async Task AnIdTokenThatDoesNotValidate_SignsNobodyIn_AndIsAProblem(ProviderFault fault)
    {
        _provider.Fault = fault;
        using var center = Center();
        using var agent = new UserAgent(center, _provider);

        var landed = await agent.VisitAsync("https://localhost/account/oidc");

        // The provider did issue the token: it is the center that refuses it.
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Equal("/signin-oidc", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, landed.StatusCode);
        Assert.Equal(CenterReasonCodes.ExternalSignInFailed, await VenueDecisionTests.ReasonCodeAsync(landed));
        Assert.Null(agent.Cookie("shangding-session"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.Http.GetAsync("https://localhost/api/me/score")).StatusCode);
    }

    [Fact]
    public async Task ACodeReplayedToTheCallback_SignsNobodyIn()
    {
        using var center = Center();
        using var agent = new UserAgent(center, _provider);
        await agent.VisitAsync("https://localhost/account/oidc");
        var callback = agent.LastFormPost ?? throw new InvalidOperationException("The provider answered with no form_post.");

        // Another browser replays the captured callback: no correlation cookie of its own, and the code is spent.
        using var stranger = new UserAgent(center, _provider);
        var replayed = await stranger.PostFormAsync(callback.Action, callback.Fields);

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Null(stranger.Cookie("shangding-session"));
        Assert.Equal(1, _provider.TokensIssued);
    }

    private CenterFactory Center(Action<IServiceCollection>? services = null)
    {
        var provider = _provider;
        return new CenterFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Shangding:OpenIdConnect:Authority"] = TestOpenIdProvider.Issuer,
                ["Shangding:OpenIdConnect:ClientId"] = TestOpenIdProvider.ClientId,
                ["Shangding:OpenIdConnect:ClientSecret"] = TestOpenIdProvider.ClientSecret,
                ["Shangding:OpenIdConnect:SubjectClaim"] = TestOpenIdProvider.SubjectClaim,
            },
            TestServices = s =>
            {
                services?.Invoke(s);

                // The center's backchannel (discovery, JWKS, token endpoint) reaches the provider in the test.
                s.Configure<AspNetOidcOptions>(CreditCenterOptions.OpenIdConnectOptions.Scheme, o => o.BackchannelHttpHandler = provider.CreateHandler());
            },
        };
    }

    /// <summary>A browser: sends each request to the center or the provider by host, follows redirects, submits the provider's form_post, keeps cookies.</summary>
    private sealed class UserAgent : IDisposable
    {
        private static readonly Regex FormAction = new("<form method=\"post\" action=\"([^\"]+)\"", RegexOptions.CultureInvariant);
        private static readonly Regex Refresh = new("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]+)\">", RegexOptions.CultureInvariant);
        private static readonly Regex Hidden = new("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"", RegexOptions.CultureInvariant);
        private readonly CookieContainer _cookies = new();

        public UserAgent(CenterFactory center, TestOpenIdProvider provider)
        {
            var router = new HostRouter(center.Server.CreateHandler(), provider.CreateHandler());
            Http = new HttpClient(new CookieContainerHandler(_cookies) { InnerHandler = router });
        }

        public HttpClient Http { get; }

        public List<string> Visited { get; } = [];

        public (string Action, Dictionary<string, string> Fields)? LastFormPost { get; private set; }

        public Cookie? Cookie(string name) => _cookies.GetAllCookies().FirstOrDefault(c => c.Name == name);

        public async Task<HttpResponseMessage> VisitAsync(string url)
        {
            var response = await Http.GetAsync(url);
            for (int hops = 0; hops < 10; hops++)
            {
                var at = response.RequestMessage!.RequestUri!;
                Visited.Add(at.ToString());
                if (response.Headers.Location is { } location)
                {
                    response = await Http.GetAsync(new Uri(at, location));
                }
                else if (at.Host == "idp.test" && await response.Content.ReadAsStringAsync() is var html && FormAction.Match(html) is { Success: true } form)
                {
                    // The provider's form_post page: a browser would submit it at once.
                    var fields = Hidden.Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
                    LastFormPost = (WebUtility.HtmlDecode(form.Groups[1].Value), fields);
                    response = await PostFormAsync(LastFormPost.Value.Action, fields);
                }
                else if (at.AbsolutePath == "/account/oidc/signed-in" && await response.Content.ReadAsStringAsync() is var page && Refresh.Match(page) is { Success: true } refresh)
                {
                    // The center's own page moves on by itself (a browser follows the meta refresh from the center's site).
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    response = await Http.GetAsync(new Uri(at, WebUtility.HtmlDecode(refresh.Groups[1].Value)));
                }
                else
                {
                    return response;
                }
            }

            throw new InvalidOperationException("More than 10 redirects: " + string.Join(" → ", Visited));
        }

        public Task<HttpResponseMessage> PostFormAsync(string action, Dictionary<string, string> fields) =>
            Http.PostAsync(action, new FormUrlEncodedContent(fields));

        public void Dispose() => Http.Dispose();
    }

    private sealed class HostRouter(HttpMessageHandler center, HttpMessageHandler provider) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _center = new(center);
        private readonly HttpMessageInvoker _provider = new(provider);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (request.RequestUri!.Host == "idp.test" ? _provider : _center).SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _center.Dispose();
                _provider.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
