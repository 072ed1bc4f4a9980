using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Rights.Tests;

public class DisputeTests
{
    [Fact]
    public async Task FileDisputeAsync_NegativeRecord_SuspendedAtOnceWithTheDeadlineTwentyDaysOn()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        Assert.Equal(98.0m, (await city.EvaluateNowAsync()).Score);
        city.Clock.Advance(Duration.FromHours(1));

        var result = await city.DisputeAsync(RightsCity.Fare, evidence: "pass.pdf");

        Assert.True(result.IsAccepted);
        var d = result.Value;
        Assert.Equal("dispute-2", d.CaseId);
        Assert.True(d.Suspends);
        Assert.Equal(DisputeStatus.Pending, d.Status);
        Assert.Equal("zz-metro", d.Provider);
        Assert.Equal(new LocalDate(2026, 6, 1), d.FiledOn);
        Assert.Equal(new LocalDate(2026, 6, 21), d.Deadline);
        Assert.Equal(new[] { new RecordEvent(RecordEventType.Disputed, d.FiledAt) }, (await city.RecordAsync(RightsCity.Fare)).Events.ToArray());

        var evaluation = await city.EvaluateNowAsync();
        Assert.Equal(100.0m, evaluation.Score);
        Assert.Equal(RecordOutcome.DisputePending, evaluation.Records.Single(r => r.RecordId == RightsCity.Fare).Outcome);
        var recipients = (await city.OutboxAsync()).Where(i => i.Message.Kind == NotificationKinds.DisputeFiled).Select(i => i.Message.Recipient);
        Assert.Equal(new[] { RightsCity.Citizen.Value, "zz-metro" }, recipients);
    }

    [Fact]
    public async Task FileDisputeAsync_PositiveRecord_CaseOpenedButTheRecordKeepsCounting()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var result = await city.DisputeAsync(RightsCity.Blood);
        Assert.True(result.IsAccepted);
        Assert.False(result.Value.Suspends);
        Assert.Empty((await city.RecordAsync(RightsCity.Blood)).Events);
        Assert.Equal(98.0m, (await city.EvaluateNowAsync()).Score);

        var upheld = await city.DecideAsync(result.Value.CaseId, DisputeOutcome.Upheld, RightsActor.Provider("zz-blood-center"));
        Assert.True(upheld.IsAccepted);
        Assert.Equal(RecordEventType.DisputeUpheld, Assert.Single((await city.RecordAsync(RightsCity.Blood)).Events).Type);
    }

    [Fact]
    public async Task DecideDisputeAsync_Rejected_RecordCountsAgainFromTheDecision()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        city.AdvanceDays(5);
        var decided = await city.DecideAsync(filed.CaseId, DisputeOutcome.Rejected);

        Assert.True(decided.IsAccepted);
        Assert.Equal(DisputeStatus.Rejected, decided.Value.Status);
        Assert.Equal(RightsActor.Provider("zz-metro"), decided.Value.DecidedBy);
        Assert.Equal(98.0m, (await city.EvaluateNowAsync()).Score);
        Assert.Equal(new[] { RecordEventType.Disputed, RecordEventType.DisputeRejected }, (await city.RecordAsync(RightsCity.Fare)).Events.Select(e => e.Type));
        Assert.Contains("\"late\":false", (await city.EntriesAsync())[^1].Payload);
        var notice = (await city.OutboxAsync()).First(i => i.Message.Kind == NotificationKinds.DisputeDecided);
        Assert.Contains("经核实不成立", notice.Message.Payload);
        Assert.Contains("was rejected", notice.Message.Payload);
    }

    [Fact]
    public async Task DecideDisputeAsync_UpheldByTheCreditCenter_RecordNeverCountsAgain()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var filed = (await city.DisputeAsync(RightsCity.Penalty)).Value!;
        var decided = await city.DecideAsync(filed.CaseId, DisputeOutcome.Upheld, RightsActor.CreditCenter("zzcc-1"));
        Assert.True(decided.IsAccepted);
        Assert.Equal(103.0m, (await city.EvaluateNowAsync()).Score);
        Assert.Equal(RecordOutcome.DisputeUpheld, (await city.EvaluateNowAsync()).Records.Single(r => r.RecordId == RightsCity.Penalty).Outcome);
        Assert.Equal(RightsRefusalCodes.RecordClosed, (await city.DisputeAsync(RightsCity.Penalty)).RefusalCode);
    }

    [Fact]
    public async Task DecideDisputeAsync_WrongDecider_RefusedAndRecorded()
    {
        var city = new RightsCity();
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        var byOtherProvider = await city.DecideAsync(filed.CaseId, DisputeOutcome.Upheld, RightsActor.Provider("zz-court"));
        var byCitizen = await city.DecideAsync(filed.CaseId, DisputeOutcome.Upheld, RightsActor.Citizen(RightsCity.Citizen));
        Assert.Equal(RightsRefusalCodes.NotAuthorized, byOtherProvider.RefusalCode);
        Assert.Equal(RightsRefusalCodes.NotAuthorized, byCitizen.RefusalCode);
        var refused = (await city.EntriesAsync()).Where(e => e.Kind == RightsEntryKinds.Refused).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.Equal(filed.CaseId, e.CaseId));
        Assert.Equal(("zz-court", RightsActorRoles.Provider), (refused[0].ActorId, refused[0].ActorRole));
        Assert.Equal(DisputeStatus.Pending, (await city.Rights.GetStateAsync(RightsCity.Citizen)).Disputes[0].Status);
    }

    [Fact]
    public async Task DecideDisputeAsync_SecondDecisionOrUnknownCase_Refused()
    {
        var city = new RightsCity();
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        Assert.True((await city.DecideAsync(filed.CaseId, DisputeOutcome.Rejected)).IsAccepted);
        Assert.Equal(RightsRefusalCodes.CaseClosed, (await city.DecideAsync(filed.CaseId, DisputeOutcome.Upheld)).RefusalCode);
        var unknown = await city.DecideAsync("dispute-999", DisputeOutcome.Upheld);
        Assert.Equal(RightsRefusalCodes.CaseNotFound, unknown.RefusalCode);
        Assert.Null(unknown.EntrySequence);
        Assert.Equal(RightsRefusalCodes.CaseNotFound, (await city.DecideRepairAsync(filed.CaseId, approve: true)).RefusalCode);
    }

    [Fact]
    public async Task DecideDisputeAsync_ConcurrentDecisions_ExactlyOneAccepted()
    {
        var city = new RightsCity();
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            city.DecideAsync(filed.CaseId, i % 2 == 0 ? DisputeOutcome.Upheld : DisputeOutcome.Rejected, i % 3 == 0 ? RightsActor.CreditCenter("zzcc-" + i) : null))));
        Assert.Equal(1, results.Count(r => r.IsAccepted));
        Assert.Equal(7, results.Count(r => r.RefusalCode == RightsRefusalCodes.CaseClosed));
        Assert.Single((await city.RecordAsync(RightsCity.Fare)).Events, e => e.Type is RecordEventType.DisputeUpheld or RecordEventType.DisputeRejected);
        Assert.True((await new RightsAudit(city.Store).VerifyAsync()).IsIntact);
    }

    public static TheoryData<string, string, string> FilingRefusals => new()
    {
        { RightsRefusalCodes.RecordNotFound, "no-such-record", "r" },
        { RightsRefusalCodes.RecordNotFound, RightsCity.Defaulter, "r" },
        { RightsRefusalCodes.ReasonRequired, RightsCity.Fare, " " },
    };

    [Theory]
    [MemberData(nameof(FilingRefusals))]
    public async Task FileDisputeAsync_BadFiling_RefusedWithItsCode(string code, string recordId, string reason)
    {
        var city = new RightsCity();
        var result = await city.Rights.FileDisputeAsync(new DisputeFiling { Subject = RightsCity.Citizen, RecordId = recordId, Actor = RightsActor.Citizen(RightsCity.Citizen), Reason = reason });
        Assert.Equal(code, result.RefusalCode);
        Assert.Contains($"\"recordId\":\"{recordId}\"", (await city.EntriesAsync())[0].Payload);
    }

    [Fact]
    public async Task FileDisputeAsync_ForSomeoneElseOrTwiceOrAlreadyDisputedByTheProvider_Refused()
    {
        var city = new RightsCity(seed: t => t.Add(RightsCity.Records()[1].WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2026, 5, 20, 0, 0))))));
        Assert.Equal(RightsRefusalCodes.NotAuthorized, (await city.Rights.FileDisputeAsync(new DisputeFiling { Subject = RightsCity.Citizen, RecordId = RightsCity.Fare, Actor = RightsActor.Citizen(RightsCity.Other), Reason = "x" })).RefusalCode);
        Assert.True((await city.DisputeAsync(RightsCity.Fare)).IsAccepted);
        Assert.Equal(RightsRefusalCodes.DisputePending, (await city.DisputeAsync(RightsCity.Fare)).RefusalCode);
        Assert.Equal(RightsRefusalCodes.DisputePending, (await city.DisputeAsync(RightsCity.Tax)).RefusalCode);
    }

    [Theory]
    [InlineData(RepeatDisputeRule.NewEvidenceRequired, new string[0], RightsRefusalCodes.NoNewGrounds)]
    [InlineData(RepeatDisputeRule.NewEvidenceRequired, new[] { "pass.pdf" }, RightsRefusalCodes.NoNewGrounds)]
    [InlineData(RepeatDisputeRule.NewEvidenceRequired, new[] { "pass.pdf", "gate-log.pdf" }, null)]
    [InlineData(RepeatDisputeRule.Allowed, new string[0], null)]
    [InlineData(RepeatDisputeRule.NotAllowed, new[] { "gate-log.pdf" }, RightsRefusalCodes.RepeatDisputeNotAllowed)]
    public async Task FileDisputeAsync_AfterARejection_FollowsThePolicysRepeatRule(RepeatDisputeRule rule, string[] evidence, string? refusal)
    {
        var city = new RightsCity(new RightsPolicy { Version = "repeat", RepeatDispute = rule, ConsentTexts = ImmutableArray.Create(RightsPolicy.DefaultConsentText) });
        await city.EnrolAsync();
        var first = (await city.DisputeAsync(RightsCity.Fare, evidence: "pass.pdf")).Value!;
        await city.DecideAsync(first.CaseId, DisputeOutcome.Rejected);
        city.AdvanceDays(1);

        var second = await city.DisputeAsync(RightsCity.Fare, evidence: evidence);
        Assert.Equal(refusal, second.RefusalCode);
        if (refusal is null) Assert.Equal(RecordOutcome.DisputePending, (await city.EvaluateNowAsync()).Records.Single(r => r.RecordId == RightsCity.Fare).Outcome);
    }

    [Fact]
    public async Task Overdue_PendingPastItsDeadline_StaysSuspendedQueuedAndNotedOnce()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        city.AdvanceDays(20);
        Assert.Empty(await city.Rights.ReadOverdueDisputesAsync());
        Assert.Empty(await city.Rights.NoteOverdueDisputesAsync());

        city.AdvanceDays(1);
        var queue = await city.Rights.ReadOverdueDisputesAsync();
        Assert.Equal(filed.CaseId, Assert.Single(queue).CaseId);
        var noted = Assert.Single(await city.Rights.NoteOverdueDisputesAsync());
        Assert.NotNull(noted.OverdueNotedAt);
        Assert.Empty(await city.Rights.NoteOverdueDisputesAsync());
        Assert.Equal(100.0m, (await city.EvaluateNowAsync()).Score);

        var overdueNotices = (await city.OutboxAsync()).Where(i => i.Message.Kind == NotificationKinds.DisputeOverdue).Select(i => i.Message.Recipient).ToArray();
        Assert.Equal(new[] { RightsCity.Citizen.Value, "zz-metro", "credit-center" }, overdueNotices);
        var entry = (await city.EntriesAsync()).Single(e => e.Kind == RightsEntryKinds.DisputeOverdue);
        Assert.Equal((RightsActorRoles.System, "system"), (entry.ActorRole, entry.ActorId));

        var late = await city.DecideAsync(filed.CaseId, DisputeOutcome.Rejected);
        Assert.True(late.IsAccepted);
        Assert.Contains("\"late\":true", (await city.EntriesAsync())[^1].Payload);
        Assert.Empty(await city.Rights.ReadOverdueDisputesAsync());
    }

    [Fact]
    public async Task Deadline_OverriddenInThePolicy_UsesThatPeriod()
    {
        var city = new RightsCity(new RightsPolicy { Version = "thirty", DisputeDecisionPeriod = Period.FromDays(30), ConsentTexts = ImmutableArray.Create(RightsPolicy.DefaultConsentText) });
        var filed = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        Assert.Equal(new LocalDate(2026, 7, 1), filed.Deadline);
        city.AdvanceDays(30);
        Assert.Empty(await city.Rights.ReadOverdueDisputesAsync());
        Assert.Single(await city.Rights.ReadOverdueDisputesAsync(new LocalDate(2026, 7, 2)));
    }
}
