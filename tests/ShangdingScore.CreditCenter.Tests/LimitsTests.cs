using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Samples.CreditCenter;

namespace ShangdingScore.CreditCenter.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task VenueDecisions_OverThePerInstanceLimit_Are429WithAProblem()
    {
        using var center = new CenterFactory { Options = o => o.DecisionsPerMinute = 2 };
        using var http = center.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ShangdingVenue", $"zz-central-library:{SampleSeed.DevSecret("zz-central-library")}");

        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++) codes.Add((await http.PostAsJsonAsync("/api/venue/decisions", new { grantToken = "sdg1.x.y.z", benefitCode = LibraryCardDesk.BenefitCode })).StatusCode);
        var last = await http.PostAsJsonAsync("/api/venue/decisions", new { grantToken = "sdg1.x.y.z", benefitCode = LibraryCardDesk.BenefitCode });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
        Assert.Equal(CenterReasonCodes.RateLimited, await VenueDecisionTests.ReasonCodeAsync(last));
    }

    [Fact]
    public async Task SignIns_OverTheLimit_Are429()
    {
        using var center = new CenterFactory { Options = o => o.SignInsPerMinute = 2 };
        using var http = center.CreateClient();

        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++) codes.Add((await http.PostAsJsonAsync("/api/account/sign-in", new { userName = "S-00001", password = "wrong-password-1" })).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task OutsideDevelopment_PlainHttpIsRedirectedToHttps_AndHstsIsSentOverHttps()
    {
        using var center = new CenterFactory { Environment = "Production", Settings = new Dictionary<string, string> { ["Shangding:DataProtection:AllowUnencryptedKeys"] = "true" } };
        using var http = center.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });
        using var https = center.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://center.example") });

        var plain = await http.GetAsync("/api/keys");
        var secure = await https.GetAsync("/api/keys");

        Assert.True(plain.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect, plain.StatusCode.ToString());
        Assert.Equal("https", plain.Headers.Location?.Scheme);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.True(secure.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task AWrongPasswordFiveTimes_LocksTheAccount()
    {
        using var center = new CenterFactory { Options = o => o.SignInsPerMinute = 1000 };
        using var http = center.CreateClient();
        for (int i = 0; i < 5; i++) await http.PostAsJsonAsync("/api/account/sign-in", new { userName = "S-00005", password = "wrong-password-1" });

        var right = await http.PostAsJsonAsync("/api/account/sign-in", new { userName = "S-00005", password = SampleSeed.DevCitizenPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(CenterReasonCodes.LockedOut, await VenueDecisionTests.ReasonCodeAsync(right));
    }
}
