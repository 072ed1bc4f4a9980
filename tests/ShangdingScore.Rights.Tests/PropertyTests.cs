using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Serialization;

namespace ShangdingScore.Rights.Tests;

/// <summary>The laws of the rights workflows, on generated records and generated sequences of steps (fixed seeds).</summary>
public class PropertyTests
{
    private static readonly ImmutableArray<string> Items = RightsCity.Rules.Items.Select(i => i.Code).ToImmutableArray();

    /// <summary>A record: an item of the rule set and how many days before 2026-06-01 it occurred.</summary>
    public sealed record GeneratedRecord(int Item, int DaysAgo);

    private static Gen<ImmutableArray<GeneratedRecord>> RecordsGen =>
        from n in Gen.Choose(1, 8)
        from list in Gen.ArrayOf(from item in Gen.Choose(0, Items.Length - 1) from days in Gen.Choose(0, 1500) select new GeneratedRecord(item, days), n)
        select list.ToImmutableArray();

    [Fact]
    public void FileDispute_AnyRecord_NeverLowersTheScoreWhilePending()
    {
        var cases = from records in RecordsGen from pick in Gen.Choose(0, 7) from later in Gen.Choose(0, 19) select (records, pick, later);
        Prop.ForAll(cases.ToArbitrary(), c => Task.Run(async () =>
        {
            var (records, pick, later) = c;
            var city = CityWith(records);
            await city.EnrolAsync(Generated_);
            city.Clock.Advance(Duration.FromHours(1));
            var before = city.Clock.GetCurrentInstant();
            city.Clock.Advance(Duration.FromMinutes(1));
            var disputed = await city.DisputeAsync($"g-{pick % records.Length}", Generated_);
            if (!disputed.IsAccepted) return false;
            var now = city.Clock.GetCurrentInstant();
            var day = city.Today.PlusDays(later);
            var without = await city.Rights.EvaluateAsync(RightsCity.Rules, Generated_, day, before);
            var with = await city.Rights.EvaluateAsync(RightsCity.Rules, Generated_, day, now);
            return with.Score >= without.Score && GradeRank(with) >= GradeRank(without);
        }).GetAwaiter().GetResult()).Check(Generated.Replayable(20261204UL, 60));
    }

    /// <summary>The steps a generated history is made of.</summary>
    public enum Step
    {
        Dispute,
        DecideUpheld,
        DecideRejected,
        ApplyRepair,
        ApproveRepair,
        RefuseRepair,
        Withdraw,
        Enrol,
        NoteOverdue,
    }

    [Fact]
    public void Replay_AtAKnownAtBeforeAStep_GivesTheResultBeforeItByteForByte()
    {
        var histories = from records in RecordsGen
                        from steps in Gen.ListOf(from s in Gen.Elements(Enum.GetValues<Step>()) from pick in Gen.Choose(0, 7) from hours in Gen.Choose(1, 400) select (s, pick, hours))
                        select (records, steps.ToImmutableArray());
        Prop.ForAll(histories.ToArbitrary(), h => Task.Run(async () =>
        {
            var (records, steps) = h;
            var city = CityWith(records);
            await city.EnrolAsync(Generated_);
            var seen = new List<(LocalDate AsOf, Instant KnownAt, string Json)>();
            foreach (var (step, pick, hours) in steps)
            {
                city.Clock.Advance(Duration.FromHours(hours));
                var justBefore = city.Clock.GetCurrentInstant() - Duration.Epsilon;
                var day = city.Today;
                seen.Add((day, justBefore, Json(await city.Rights.EvaluateAsync(RightsCity.Rules, Generated_, day, justBefore))));
                await TakeAsync(city, records, step, pick);
                var at = city.Clock.GetCurrentInstant();
                seen.Add((day, at, Json(await city.Rights.EvaluateAsync(RightsCity.Rules, Generated_, day, at))));
            }

            foreach (var (asOf, knownAt, json) in seen)
            {
                if (Json(await city.Rights.EvaluateAsync(RightsCity.Rules, Generated_, asOf, knownAt)) != json) return false;
            }

            return (await new RightsAudit(city.Store).VerifyAsync()).IsIntact;
        }).GetAwaiter().GetResult()).Check(Generated.Replayable(20261205UL, 40));
    }

    private static readonly SubjectId Generated_ = new("zz-gen-1");

    private static async Task TakeAsync(RightsCity city, ImmutableArray<GeneratedRecord> records, Step step, int pick)
    {
        var state = await city.Rights.GetStateAsync(Generated_);
        string record = $"g-{pick % records.Length}";
        var pendingDispute = state.Disputes.Where(d => d.Status == DisputeStatus.Pending).Select(d => d.CaseId).FirstOrDefault();
        var pendingRepair = state.Repairs.Where(r => r.Status == RepairStatus.Pending).Select(r => r.CaseId).FirstOrDefault();
        switch (step)
        {
            case Step.Dispute:
                await city.DisputeAsync(record, Generated_, $"evidence-{pick}");
                break;
            case Step.DecideUpheld when pendingDispute is not null:
                await city.DecideAsync(pendingDispute, DisputeOutcome.Upheld, RightsActor.CreditCenter("zzcc-1"));
                break;
            case Step.DecideRejected when pendingDispute is not null:
                await city.DecideAsync(pendingDispute, DisputeOutcome.Rejected, RightsActor.CreditCenter("zzcc-1"));
                break;
            case Step.ApplyRepair:
                await city.ApplyForRepairAsync(record, Generated_);
                break;
            case Step.ApproveRepair when pendingRepair is not null:
                await city.DecideRepairAsync(pendingRepair, approve: true);
                break;
            case Step.RefuseRepair when pendingRepair is not null:
                await city.DecideRepairAsync(pendingRepair, approve: false);
                break;
            case Step.Withdraw:
                await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = Generated_, Actor = RightsActor.Citizen(Generated_), Channel = EnrolmentChannel.IZhengzhouApp });
                break;
            case Step.Enrol:
                await city.Rights.EnrolAsync(city.Enrolment(Generated_));
                break;
            case Step.NoteOverdue:
                await city.Rights.NoteOverdueDisputesAsync();
                break;
            default:
                break;
        }
    }

    private static RightsCity CityWith(ImmutableArray<GeneratedRecord> records) => new(residents: new[] { Generated_ }, seed: theme =>
    {
        for (int i = 0; i < records.Length; i++)
        {
            var r = records[i];
            theme.Add(new CreditRecord($"g-{i}", Generated_, Items[r.Item], new LocalDate(2026, 6, 1).PlusDays(-r.DaysAgo), $"provider-{i % 3}", Instant.FromUtc(2026, 5, 1, 0, 0)));
        }
    });

    private static int GradeRank(Evaluation.CreditEvaluation e) => e.Grade?.Rank ?? -1;

    private static string Json(Evaluation.CreditEvaluation e) => EvaluationJson.Serialize(e, indented: false);
}
