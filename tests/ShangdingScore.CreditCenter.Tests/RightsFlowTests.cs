using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShangdingScore.Samples.CreditCenter;

namespace ShangdingScore.CreditCenter.Tests;

public sealed class RightsFlowTests(SharedCenter center) : IClassFixture<SharedCenter>
{
    [Fact]
    public async Task AScoreAtAKnownAtBeforeTheDispute_StillCountsTheRecord_AndTheCentersRejectionRestoresIt()
    {
        using var citizen = await center.SignedInAsync("S-00004");
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);
        var before = Outcome(await citizen.GetStringAsync("/api/me/score"), "zz-trf-000410");
        var knownBefore = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(20);

        var filed = await citizen.PostAsJsonAsync("/api/me/disputes", new { recordId = "zz-trf-000410", reason = "记录有误。 The record is wrong." });
        using var dispute = JsonDocument.Parse(await filed.Content.ReadAsStringAsync());
        var caseId = dispute.RootElement.GetProperty("caseId").GetString();

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal("dispute-pending", Outcome(await citizen.GetStringAsync("/api/me/score"), "zz-trf-000410"));
        Assert.Equal(before, Outcome(await citizen.GetStringAsync($"/api/me/score?knownAt={knownBefore}"), "zz-trf-000410"));
        var decided = await staff.PostAsJsonAsync($"/api/center/disputes/{caseId}/decision", new { outcome = "rejected", reasonZhCn = "记录核实无误。", reasonEn = "The record is verified." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(before, Outcome(await citizen.GetStringAsync("/api/me/score"), "zz-trf-000410"));
        Assert.DoesNotContain(caseId!, await staff.GetStringAsync("/api/center/disputes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACitizenWithdraws_AndEnrolsAgainWithTheConsentText()
    {
        using var citizen = await center.SignedInAsync("S-00006");
        using var consent = JsonDocument.Parse(await citizen.GetStringAsync("/api/consent-text"));

        var withdrawn = await citizen.PostAsJsonAsync("/api/me/withdrawal", new { reason = "暂不参加。 Not now." });
        var afterWithdrawal = await citizen.GetStringAsync("/api/me/rights");
        var wrongConsent = await citizen.PostAsJsonAsync("/api/me/enrolment", new { consentTextVersion = "0.0", consentTextHash = "sha256:00", birthDate = "1990-04-12" });
        var enrolled = await citizen.PostAsJsonAsync("/api/me/enrolment", new
        {
            consentTextVersion = consent.RootElement.GetProperty("version").GetString(),
            consentTextHash = consent.RootElement.GetProperty("hash").GetString(),
            birthDate = "1990-04-12",
        });

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Contains("\"enrolled\":false", afterWithdrawal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, wrongConsent.StatusCode);
        Assert.NotNull(await VenueDecisionTests.ReasonCodeAsync(wrongConsent));
        Assert.Equal(HttpStatusCode.NoContent, enrolled.StatusCode);
        Assert.Contains("\"enrolled\":true", await citizen.GetStringAsync("/api/me/rights"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hints_AreGivenInBothLanguages()
    {
        using var citizen = await center.SignedInAsync("S-00002");

        using var hints = JsonDocument.Parse(await citizen.GetStringAsync("/api/me/hints"));

        Assert.Equal("advised", hints.RootElement.GetProperty("status").GetString());
        Assert.Contains("S-00002", hints.RootElement.GetProperty("zhCn").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(hints.RootElement.GetProperty("en").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.GetAsync("/api/me/hints?asOf=yesterday")).StatusCode);
    }

    private static string Outcome(string scoreJson, string recordId)
    {
        using var doc = JsonDocument.Parse(scoreJson);
        return doc.RootElement.GetProperty("evaluation").GetProperty("records").EnumerateArray()
            .Single(r => r.GetProperty("recordId").GetString() == recordId).GetProperty("outcome").GetString()!;
    }
}
