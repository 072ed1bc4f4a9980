using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Rights;
using ShangdingScore.Samples.CreditCenter;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Tests;

public sealed class CitizenAndCenterTests(SharedCenter center) : IClassFixture<SharedCenter>
{
    private const string Library = "zz-central-library";

    [Fact]
    public async Task CitizenA_NeverSeesCitizenB_GrantsQueriesOrRevocation()
    {
        using var a = await center.SignedInAsync("S-00001");
        using var b = await center.SignedInAsync("S-00004");
        var (token, nonce) = await CenterFactory.IssueAsync(a, Library, LibraryCardDesk.BenefitCode);
        using var venue = await center.VenueClientAsync(Library);
        await venue.DecideAsync(new VenueQuery { GrantToken = token, BenefitCode = LibraryCardDesk.BenefitCode });

        Assert.DoesNotContain(nonce, await b.GetStringAsync("/api/me/grants"), StringComparison.Ordinal);
        Assert.DoesNotContain("S-00001", await b.GetStringAsync("/api/me/queries"), StringComparison.Ordinal);
        Assert.Contains("\"venueId\":\"zz-central-library\"", await a.GetStringAsync("/api/me/queries"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await b.DeleteAsync($"/api/me/grants/{nonce}")).StatusCode);
        Assert.Contains("\"subject\":\"S-00004\"", await b.GetStringAsync("/api/me/score"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCitizenApi_RefusesTheAnonymous401_AndTheCenterStaff403()
    {
        using var anonymous = center.CreateClient();
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);

        var none = await anonymous.GetAsync("/api/me/score");
        var notCitizen = await staff.GetAsync("/api/me/score");
        var citizenAtCenter = await (await center.SignedInAsync("S-00001")).GetAsync("/api/center/disputes");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(CenterReasonCodes.Unauthenticated, await VenueDecisionTests.ReasonCodeAsync(none));
        Assert.Equal(HttpStatusCode.Forbidden, notCitizen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, citizenAtCenter.StatusCode);
        Assert.Equal(CenterReasonCodes.Forbidden, await VenueDecisionTests.ReasonCodeAsync(citizenAtCenter));
    }

    [Fact]
    public async Task AWrongPassword_Is401InvalidSignIn()
    {
        using var http = center.CreateClient();

        var answer = await http.PostAsJsonAsync("/api/account/sign-in", new { userName = "S-00002", password = "not-the-password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(CenterReasonCodes.InvalidSignIn, await VenueDecisionTests.ReasonCodeAsync(answer));
    }

    [Fact]
    public async Task ADisputeFiled_SuspendsTheRecord_AndIsInTheCentersQueue()
    {
        using var citizen = await center.SignedInAsync("S-00002");
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);

        var filed = await citizen.PostAsJsonAsync("/api/me/disputes", new { recordId = "zz-trf-000250", reason = "当日车辆不在郑州。 The car was not in Zhengzhou that day.", evidence = new[] { "parking-receipt.pdf" } });

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        using var dispute = JsonDocument.Parse(await filed.Content.ReadAsStringAsync());
        var caseId = dispute.RootElement.GetProperty("caseId").GetString()!;
        Assert.Contains($"\"caseId\":\"{caseId}\"", await staff.GetStringAsync("/api/center/disputes"), StringComparison.Ordinal);
        using var score = JsonDocument.Parse(await citizen.GetStringAsync("/api/me/score"));
        var line = score.RootElement.GetProperty("evaluation").GetProperty("records").EnumerateArray().Single(r => r.GetProperty("recordId").GetString() == "zz-trf-000250");
        Assert.Equal("dispute-pending", line.GetProperty("outcome").GetString());
        Assert.Contains(caseId, await citizen.GetStringAsync("/api/me/rights"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedRightsStep_Is409WithTheRightsRefusalCode()
    {
        using var citizen = await center.SignedInAsync("S-00003");

        var answer = await citizen.PostAsJsonAsync("/api/me/disputes", new { recordId = "zz-no-such-record", reason = "?" });

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        var code = await VenueDecisionTests.ReasonCodeAsync(answer);
        Assert.Contains(code, typeof(RightsRefusalCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));
    }

    [Fact]
    public async Task IssuingAGrant_ForAnUnknownVenueOrPurpose_Is400WithTheReasonCode()
    {
        using var citizen = await center.SignedInAsync("S-00001");

        var venue = await citizen.PostAsJsonAsync("/api/me/grants", new { venueId = "zz-nobody", purpose = LibraryCardDesk.BenefitCode });
        var purpose = await citizen.PostAsJsonAsync("/api/me/grants", new { venueId = Library, purpose = "free-lunch" });
        var lifetime = await citizen.PostAsJsonAsync("/api/me/grants", new { venueId = Library, purpose = LibraryCardDesk.BenefitCode, validMinutes = 60 * 24 * 30 });

        Assert.Equal(CenterReasonCodes.UnknownVenue, await VenueDecisionTests.ReasonCodeAsync(venue));
        Assert.Equal(CenterReasonCodes.UnknownPurpose, await VenueDecisionTests.ReasonCodeAsync(purpose));
        Assert.Equal(CenterReasonCodes.GrantLifetime, await VenueDecisionTests.ReasonCodeAsync(lifetime));
    }

    [Fact]
    public async Task TheCenter_RegistersRotatesAndDisablesAVenue_AndOnlyTheCurrentSecretWorks()
    {
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);
        using var citizen = await center.SignedInAsync("S-00001");
        var registered = await staff.PostAsJsonAsync("/api/center/venues", new { venueId = "zz-sports-1", nameZhCn = "郑州市体育馆", nameEn = "Zhengzhou Gymnasium", kind = "sports" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var first = await SecretAsync(registered);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync("/api/center/venues", new { venueId = "zz-sports-1", nameZhCn = "重复", nameEn = "Again", kind = "sports" })).StatusCode);
        var (token, _) = await CenterFactory.IssueAsync(citizen, "zz-sports-1", "public-services");
        using (var venue = await center.VenueClientAsync("zz-sports-1", first))
        {
            Assert.True((await venue.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = LibraryCardDesk.BenefitCode })).IsVerified);
        }

        var second = await SecretAsync(await staff.PostAsync("/api/center/venues/zz-sports-1/credential", null));
        using (var old = await center.VenueClientAsync("zz-sports-1", first))
        {
            Assert.Equal(401, (await old.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = LibraryCardDesk.BenefitCode })).HttpStatus);
        }

        using (var current = await center.VenueClientAsync("zz-sports-1", second))
        {
            Assert.True((await current.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = LibraryCardDesk.BenefitCode })).IsVerified);
            Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync("/api/center/venues/zz-sports-1/disable", null)).StatusCode);
            Assert.Equal(401, (await current.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = LibraryCardDesk.BenefitCode })).HttpStatus);
        }

        Assert.Contains("\"disabledAt\"", await staff.GetStringAsync("/api/center/venues"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCenter_ReadsSetAsideLines_RuleSets_AndAnImpactReport()
    {
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);

        using var imports = JsonDocument.Parse(await staff.GetStringAsync("/api/center/imports"));
        using var ruleSets = JsonDocument.Parse(await staff.GetStringAsync("/api/center/rule-sets"));
        var version = ruleSets.RootElement[0].GetProperty("version").GetString();
        using var impact = JsonDocument.Parse(await staff.GetStringAsync($"/api/center/impact?from={version}&to={version}&asOf=2025-06-30"));

        Assert.Equal(3, imports.RootElement.GetProperty("setAside").GetArrayLength());
        Assert.Equal(7, impact.RootElement.GetProperty("subjects").GetInt64());
        Assert.Equal(0, impact.RootElement.GetProperty("scoreUp").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/center/impact?from=0.0.1&to=x")).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocument_ListsTheEndpoints()
    {
        using var http = center.CreateClient();

        var document = await http.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/venue/decisions", "/api/me/score", "/api/me/grants", "/api/me/grants/{nonce}", "/api/me/disputes", "/api/center/disputes", "/api/center/venues", "/api/center/impact", "/api/keys" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders()
    {
        using var http = center.CreateClient();

        foreach (var answer in new[] { await http.GetAsync("/api/keys"), await http.GetAsync("/api/me/score"), await http.GetAsync("/no-such-page") })
        {
            Assert.Contains("frame-ancestors 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", answer.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task AFormSignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var http = center.CreateClient();

        var answer = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "S-00001", ["password"] = SampleSeed.DevCitizenPassword }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(CenterReasonCodes.InvalidRequest, await VenueDecisionTests.ReasonCodeAsync(answer));
        Assert.DoesNotContain(answer.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("shangding-session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AFormSignIn_WithTheAntiforgeryToken_SignsIn()
    {
        using var http = center.CreateClient();
        using var tokens = JsonDocument.Parse(await http.GetStringAsync("/api/antiforgery"));

        var answer = await http.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "S-00001", ["password"] = SampleSeed.DevCitizenPassword,
            [tokens.RootElement.GetProperty("formFieldName").GetString()!] = tokens.RootElement.GetProperty("token").GetString()!,
        }));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me/score")).StatusCode);
    }

    private static async Task<string> SecretAsync(HttpResponseMessage answer)
    {
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("secret").GetString()!;
    }
}
