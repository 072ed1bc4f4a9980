using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Authorization;
using ShangdingScore.Samples.CreditCenter;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>One center for the tests of a class; sign-ins are not rate-limited here (the limit has its own test).</summary>
public sealed class SharedCenter : CenterFactory
{
    public SharedCenter() => Options = o => o.SignInsPerMinute = 10_000;
}

public sealed class VenueDecisionTests(SharedCenter center) : IClassFixture<SharedCenter>
{
    private const string Library = "zz-central-library";
    private const string Hospital = "zz-central-hospital";
    private const string Benefit = LibraryCardDesk.BenefitCode;

    [Fact]
    public async Task CitizenIssuesGrant_VenueRedeemsIt_GrantedWithASignedDecisionThatVerifiesWithThePublishedKey()
    {
        using var citizen = await center.SignedInAsync("S-00001");
        var (token, _) = await CenterFactory.IssueAsync(citizen, Library, Benefit, "grade");
        using var venue = await center.VenueClientAsync(Library);

        var answer = await venue.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = Benefit });

        Assert.True(answer.IsVerified);
        Assert.Equal(QueryOutcome.Answered, answer.Decision.Outcome);
        Assert.True(answer.Decision.IsGranted);
        Assert.Equal("excellent", answer.Decision.Grade?.Code);
        Assert.Null(answer.Decision.Score); // the grant disclosed the grade, not the score
        Assert.StartsWith("sdd1.", answer.DecisionToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLibraryDesk_OverTheCenterClient_IssuesTheCardWithoutDeposit()
    {
        using var citizen = await center.SignedInAsync("S-00001");
        var (token, _) = await CenterFactory.IssueAsync(citizen, Library, Benefit);
        using var venue = await center.VenueClientAsync(Library);

        var quote = await new LibraryCardDesk(venue).QuoteReaderCardAsync(token);

        Assert.True(quote.IssuedWithoutDeposit);
        Assert.Null(quote.Decision.Grade); // scope decision: nothing more
    }

    [Fact]
    public async Task TheSameGrantRedeemedTwice_IsRefusedAsReplayed()
    {
        using var citizen = await center.SignedInAsync("S-00001");
        var (token, _) = await CenterFactory.IssueAsync(citizen, Library, Benefit);
        using var venue = await center.VenueClientAsync(Library);
        Assert.True((await venue.DecideAsync(new VenueQuery { GrantToken = token, BenefitCode = Benefit })).IsGranted);

        var again = await venue.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = Benefit });

        Assert.True(again.IsVerified);
        Assert.Equal(QueryOutcome.Refused, again.Decision.Outcome);
        Assert.Equal(GrantRefusalCodes.Replayed, again.Decision.ReasonCode);
    }

    [Fact]
    public async Task ARevokedGrant_IsRefusedAsRevoked_AndShowsRevokedInTheCitizensList()
    {
        using var citizen = await center.SignedInAsync("S-00001");
        var (token, nonce) = await CenterFactory.IssueAsync(citizen, Library, Benefit);
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.DeleteAsync($"/api/me/grants/{nonce}")).StatusCode);
        using var venue = await center.VenueClientAsync(Library);

        var answer = await venue.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = Benefit });

        Assert.Equal(QueryOutcome.Refused, answer.Decision.Outcome);
        Assert.Equal(GrantRefusalCodes.Revoked, answer.Decision.ReasonCode);
        var grants = await citizen.GetStringAsync("/api/me/grants");
        Assert.Contains($"\"nonce\":\"{nonce}\"", grants, StringComparison.Ordinal);
        Assert.Contains("\"revokedAt\"", grants, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherVenuesCredentials_CannotRedeemTheGrant_WrongGrantee()
    {
        using var citizen = await center.SignedInAsync("S-00001");
        var (token, _) = await CenterFactory.IssueAsync(citizen, Library, "public-services");
        using var hospital = await center.VenueClientAsync(Hospital);

        var answer = await hospital.AskAsync(new VenueQuery { GrantToken = token, BenefitCode = Benefit });

        Assert.True(answer.IsVerified);
        Assert.Equal(GrantRefusalCodes.WrongGrantee, answer.Decision.ReasonCode);
        Assert.False(answer.Decision.IsGranted);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("missing")]
    [InlineData("unknown-venue")]
    [InlineData("malformed")]
    public async Task BadVenueCredentials_Are401WithAProblem(string kind)
    {
        using var http = center.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/venue/decisions") { Content = JsonContent.Create(new { grantToken = "sdg1.a.b.c", benefitCode = Benefit }) };
        var wrong = SampleSeed.DevSecret(Hospital);
        switch (kind)
        {
            case "wrong-secret": request.Headers.Authorization = new AuthenticationHeaderValue("ShangdingVenue", $"{Library}:{wrong}"); break;
            case "unknown-venue": request.Headers.Authorization = new AuthenticationHeaderValue("ShangdingVenue", $"zz-nobody:{wrong}"); break;
            case "malformed": request.Headers.Authorization = new AuthenticationHeaderValue("ShangdingVenue", Library); break;
        }

        var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CenterReasonCodes.InvalidVenueCredentials, await ReasonCodeAsync(answer));
    }

    [Fact]
    public async Task AMalformedBody_Is400WithTheFieldNamed()
    {
        using var http = center.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ShangdingVenue", $"{Library}:{SampleSeed.DevSecret(Library)}");

        var missing = await http.PostAsJsonAsync("/api/venue/decisions", new { grantToken = "sdg1.a.b.c" });
        var badScope = await http.PostAsJsonAsync("/api/venue/decisions", new { grantToken = "sdg1.a.b.c", benefitCode = Benefit, scope = "everything" });
        var badJson = await http.PostAsync("/api/venue/decisions", new StringContent("{\"grantToken\": 5}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("benefitCode", await FieldAsync(missing));
        Assert.Equal("scope", await FieldAsync(badScope));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("grantToken", await FieldAsync(badJson));
    }

    [Fact]
    public async Task AForgedGrant_IsAnAnswer_200Refused_WithTheGrantRefusalCode()
    {
        using var http = center.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ShangdingVenue", $"{Library}:{SampleSeed.DevSecret(Library)}");

        var answer = await http.PostAsJsonAsync("/api/venue/decisions", new { grantToken = "sdg1.not.a.grant", benefitCode = Benefit });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal("refused", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(GrantRefusalCodes.Malformed, doc.RootElement.GetProperty("reasonCode").GetString());
        Assert.StartsWith("sdd1.", doc.RootElement.GetProperty("decisionToken").GetString(), StringComparison.Ordinal);
    }

    internal static async Task<string?> ReasonCodeAsync(HttpResponseMessage answer)
    {
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("reasonCode", out var c) ? c.GetString() : null;
    }

    internal static async Task<string?> FieldAsync(HttpResponseMessage answer)
    {
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("field", out var c) ? c.GetString() : null;
    }
}
