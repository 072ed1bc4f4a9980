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
    public async Task ARepair_IsQueued_ThenApprovedFromAnEffectiveDay_NotBeforeTheRecordBecameRepairable()
    {
        using var citizen = await center.SignedInAsync("S-00002");
        using var staff = await center.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);

        var applied = await citizen.PostAsJsonAsync("/api/me/repairs", new { recordId = "zz-trf-000250", reason = "已缴纳罚款并完成学习。 Fine paid and course done." });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        using var repair = JsonDocument.Parse(await applied.Content.ReadAsStringAsync());
        var caseId = repair.RootElement.GetProperty("caseId").GetString()!;
        var eligibleFrom = repair.RootElement.GetProperty("eligibleFrom").GetString()!;
        Assert.Contains(caseId, await staff.GetStringAsync("/api/center/repairs"), StringComparison.Ordinal);

        var dayBefore = NodaTime.Text.LocalDatePattern.Iso.Format(NodaTime.Text.LocalDatePattern.Iso.Parse(eligibleFrom).Value.PlusDays(-1));
        var tooEarly = await staff.PostAsJsonAsync($"/api/center/repairs/{caseId}/decision", new { approve = true, reasonZhCn = "准予修复。", reasonEn = "Repair approved.", effectiveOn = dayBefore });
        var notADay = await staff.PostAsJsonAsync($"/api/center/repairs/{caseId}/decision", new { approve = true, reasonZhCn = "准予修复。", reasonEn = "Repair approved.", effectiveOn = "soon" });
        var approved = await staff.PostAsJsonAsync($"/api/center/repairs/{caseId}/decision", new { approve = true, reasonZhCn = "准予修复。", reasonEn = "Repair approved.", effectiveOn = eligibleFrom });

        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal("invalid-effective-date", await VenueDecisionTests.ReasonCodeAsync(tooEarly));
        Assert.Equal(HttpStatusCode.BadRequest, notADay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        using var decided = JsonDocument.Parse(await approved.Content.ReadAsStringAsync());
        Assert.Equal("approved", decided.RootElement.GetProperty("status").GetString());
        Assert.Equal(eligibleFrom, decided.RootElement.GetProperty("effectiveOn").GetString());
        Assert.DoesNotContain(caseId, await staff.GetStringAsync("/api/center/repairs"), StringComparison.Ordinal);
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
