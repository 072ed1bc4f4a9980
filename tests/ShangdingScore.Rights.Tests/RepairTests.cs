using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Rights.Tests;

public class RepairTests
{
    [Fact]
    public async Task ApplyThenApprove_RecordStopsCountingFromTheEffectiveDate()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var applied = await city.ApplyForRepairAsync(RightsCity.Penalty);
        Assert.True(applied.IsAccepted);
        Assert.Equal(new LocalDate(2026, 2, 1), applied.Value.EligibleFrom);
        Assert.Equal(new[] { RightsCity.Citizen.Value, "credit-center" }, (await city.OutboxAsync()).Where(i => i.Message.Kind == NotificationKinds.RepairFiled).Select(i => i.Message.Recipient));
        Assert.Equal(98.0m, (await city.EvaluateNowAsync()).Score);

        city.AdvanceDays(3);
        var approved = await city.DecideRepairAsync(applied.Value.CaseId, approve: true, effectiveOn: new LocalDate(2026, 6, 10));

        Assert.True(approved.IsAccepted);
        Assert.Equal(RepairStatus.Approved, approved.Value.Status);
        var repaired = Assert.Single((await city.RecordAsync(RightsCity.Penalty)).Events);
        Assert.Equal(new RecordEvent(RecordEventType.Repaired, city.Clock.GetCurrentInstant(), new LocalDate(2026, 6, 10)), repaired);
        Assert.Equal(98.0m, (await city.EvaluateNowAsync()).Score);
        var now = city.Clock.GetCurrentInstant();
        Assert.Equal(98.0m, (await city.Rights.EvaluateAsync(RightsCity.Rules, RightsCity.Citizen, new LocalDate(2026, 6, 9), now)).Score);
        var onTheDay = await city.Rights.EvaluateAsync(RightsCity.Rules, RightsCity.Citizen, new LocalDate(2026, 6, 10), now);
        Assert.Equal(103.0m, onTheDay.Score);
        Assert.Equal(RecordOutcome.Repaired, onTheDay.Records.Single(r => r.RecordId == RightsCity.Penalty).Outcome);
        Assert.Contains(await city.OutboxAsync(), i => i.Message.Kind == NotificationKinds.RepairDecided && i.Message.Payload.Contains("2026年6月10日起"));
    }

    [Fact]
    public async Task DecideRepairAsync_ApprovedWithoutADate_EffectiveTheDayOfTheDecision()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var applied = (await city.ApplyForRepairAsync(RightsCity.Penalty)).Value!;
        var approved = await city.DecideRepairAsync(applied.CaseId, approve: true);
        Assert.Equal(city.Today, approved.Value!.EffectiveOn);
        Assert.Equal(103.0m, (await city.EvaluateNowAsync()).Score);
        Assert.Equal(RightsRefusalCodes.AlreadyRepaired, (await city.ApplyForRepairAsync(RightsCity.Penalty)).RefusalCode);
    }

    [Fact]
    public async Task DecideRepairAsync_Refused_NothingChangesAndTheCitizenIsTold()
    {
        var city = new RightsCity();
        var applied = (await city.ApplyForRepairAsync(RightsCity.Penalty)).Value!;
        var refused = await city.DecideRepairAsync(applied.CaseId, approve: false);
        Assert.True(refused.IsAccepted);
        Assert.Equal(RepairStatus.Refused, refused.Value.Status);
        Assert.Null(refused.Value.EffectiveOn);
        Assert.Empty((await city.RecordAsync(RightsCity.Penalty)).Events);
        Assert.Contains(await city.OutboxAsync(), i => i.Message.Kind == NotificationKinds.RepairDecided && i.Message.Payload.Contains("未通过"));
        Assert.True((await city.ApplyForRepairAsync(RightsCity.Penalty)).IsAccepted);
    }

    [Fact]
    public async Task ApplyForRepairAsync_BeforeTheMinimumPeriod_RefusedNamingTheFirstPossibleDay()
    {
        var city = new RightsCity();
        var result = await city.ApplyForRepairAsync(RightsCity.Fare);
        Assert.Equal(RightsRefusalCodes.RepairTooEarly, result.RefusalCode);
        Assert.Contains("2026年7月14日", result.Reason!.ZhCn);
        Assert.Contains("2026-07-14", result.Reason.En);
        Assert.Contains("\"eligibleFrom\":\"2026-07-14\"", (await city.EntriesAsync())[0].Payload);

        city.Clock.Reset(RightsCity.At(2026, 7, 14, 0, 1));
        Assert.True((await city.ApplyForRepairAsync(RightsCity.Fare)).IsAccepted);
    }

    [Fact]
    public async Task ApplyForRepairAsync_SeriousItem_UsesItsLongerPeriod()
    {
        var city = new RightsCity(residents: new[] { RightsCity.Other });
        var result = await city.ApplyForRepairAsync(RightsCity.Defaulter, RightsCity.Other);
        Assert.Equal(RightsRefusalCodes.RepairTooEarly, result.RefusalCode);
        Assert.Contains("2026-12-01", result.Reason!.En);
    }

    [Fact]
    public async Task ApplyForRepairAsync_EachRefusalPath_HasItsCode()
    {
        var city = new RightsCity();
        Assert.Equal(RightsRefusalCodes.NotNegative, (await city.ApplyForRepairAsync(RightsCity.Blood)).RefusalCode);
        Assert.Equal(RightsRefusalCodes.RecordNotFound, (await city.ApplyForRepairAsync("nothing")).RefusalCode);
        Assert.Equal(RightsRefusalCodes.NotAuthorized, (await city.Rights.ApplyForRepairAsync(new RepairApplication { Subject = RightsCity.Citizen, RecordId = RightsCity.Penalty, Actor = RightsActor.Provider("zz-market-regulation"), Reason = "x" })).RefusalCode);
        Assert.Equal(RightsRefusalCodes.ReasonRequired, (await city.Rights.ApplyForRepairAsync(new RepairApplication { Subject = RightsCity.Citizen, RecordId = RightsCity.Penalty, Actor = RightsActor.Citizen(RightsCity.Citizen), Reason = "" })).RefusalCode);

        var dispute = (await city.DisputeAsync(RightsCity.Penalty)).Value!;
        Assert.Equal(RightsRefusalCodes.DisputePending, (await city.ApplyForRepairAsync(RightsCity.Penalty)).RefusalCode);
        await city.DecideAsync(dispute.CaseId, DisputeOutcome.Rejected, RightsActor.CreditCenter("zzcc-1"));
        var applied = (await city.ApplyForRepairAsync(RightsCity.Penalty)).Value!;
        Assert.Equal(RightsRefusalCodes.RepairPending, (await city.ApplyForRepairAsync(RightsCity.Penalty)).RefusalCode);

        Assert.Equal(RightsRefusalCodes.NotAuthorized, (await city.DecideRepairAsync(applied.CaseId, true, actor: RightsActor.Provider("zz-market-regulation"))).RefusalCode);
        Assert.Equal(RightsRefusalCodes.InvalidEffectiveDate, (await city.DecideRepairAsync(applied.CaseId, true, effectiveOn: new LocalDate(2026, 1, 31))).RefusalCode);
        Assert.True((await city.DecideRepairAsync(applied.CaseId, true, effectiveOn: new LocalDate(2026, 2, 1))).IsAccepted);
        Assert.Equal(RightsRefusalCodes.CaseClosed, (await city.DecideRepairAsync(applied.CaseId, false)).RefusalCode);
    }

    [Fact]
    public async Task ApplyForRepairAsync_RevokedRecord_RefusedAsClosed()
    {
        var city = new RightsCity(seed: t => t.Add(RightsCity.Records()[2].WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Revoked, Instant.FromUtc(2026, 5, 2, 0, 0))))));
        Assert.Equal(RightsRefusalCodes.RecordClosed, (await city.ApplyForRepairAsync(RightsCity.Penalty)).RefusalCode);
        Assert.Equal(RightsRefusalCodes.RecordClosed, (await city.DisputeAsync(RightsCity.Penalty)).RefusalCode);
    }

    [Fact]
    public void FixedRepairMinimumPeriods_ItemOverrideBeatsSeverity()
    {
        var periods = new FixedRepairMinimumPeriods(Period.FromMonths(3), Period.FromYears(1), new Dictionary<string, Period> { ["law.traffic-violation"] = Period.FromDays(7) });
        Assert.Equal(Period.FromDays(7), periods.MinimumPeriodFor(RightsCity.Rules, RightsCity.Rules.FindItem("law.traffic-violation")!));
        Assert.Equal(Period.FromYears(1), periods.MinimumPeriodFor(RightsCity.Rules, RightsCity.Rules.FindItem("law.judgment-defaulter")!));
        Assert.Equal(Period.FromMonths(3), periods.MinimumPeriodFor(RightsCity.Rules, RightsCity.Rules.FindItem("law.drunk-driving")!));
    }
    [Fact]
    public void RuleSetRepairMinimumPeriods_ReadsTheRuleSetsField_AndIsTheDefault()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) dir = dir.Parent;
        var json = File.ReadAllText(Path.Combine(dir!.FullName, "tests", "Packaging", "fixtures", "zhengzhou.shangding-2027.1.0.json"));
        var rules = ShangdingScore.Rules.RuleSetJson.Load(json).GetValueOrThrow();
        var periods = RuleSetRepairMinimumPeriods.Instance;
        var serious = rules.Items.First(i => i.Polarity == Polarity.Negative && i.Severity == Severity.Serious);
        var general = rules.Items.First(i => i.Polarity == Polarity.Negative && i.Severity != Severity.Serious);
        Assert.Equal(Period.FromYears(1), periods.MinimumPeriodFor(rules, serious));
        Assert.Equal(Period.FromMonths(3), periods.MinimumPeriodFor(rules, general));
        Assert.Null(periods.MinimumPeriodFor(RightsCity.Rules, RightsCity.Rules.FindItem("law.judgment-defaulter")!));
        Assert.Same(RuleSetRepairMinimumPeriods.Instance, new RightsWorkflowsOptions { Store = new InMemoryRightsStore(), ThemeDatabase = new InMemoryThemeDatabase(), Rules = ShangdingScore.Rules.Zhengzhou.ZhengzhouRuleSets.History, Clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0)) }.RepairMinimumPeriods);
    }
}
