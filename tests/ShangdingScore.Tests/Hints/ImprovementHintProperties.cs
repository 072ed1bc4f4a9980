using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using ShangdingScore.Rules;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Hints;

/// <summary>
/// The laws of improvement hints on generated rule sets and records (<see cref="ShangdingGen"/>): following a hint
/// does what it says, every hint names fields that exist, and the same input gives the same hints.
/// </summary>
[Properties(Replay = "20261203,1234567891")]
public class ImprovementHintProperties
{
    private static ImprovementHints Advise(EvaluationCase c) => ImprovementAdvisor.Advise(c.RuleSet, c.Request);

    private static EvaluationCase On(EvaluationCase c, LocalDate day, ImmutableArray<CreditRecord>? records = null) => new()
    {
        RuleSet = c.RuleSet,
        Request = new EvaluationRequest { Subject = c.Request.Subject, Enrolment = c.Request.Enrolment, Records = records ?? c.Request.Records, AsOf = day, KnownAt = c.Request.KnownAt },
    };

    /// <summary>An instant the case's view sees: its <c>knownAt</c>, else the start of <paramref name="day"/>.</summary>
    private static Instant Seen(EvaluationCase c, LocalDate day) => c.Request.KnownAt ?? day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    private static Property All<T>(IEnumerable<T> hints, Func<T, Property> law) =>
        hints.Aggregate(Prop.Label(true, "no hint of this kind"), (p, h) => p.And(law(h)));

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property PositiveItemHint_AddingTheRecord_RaisesTheScoreByExactlyTheGain(EvaluationCase c)
    {
        var before = c.Evaluate();
        return All(Advise(c).Hints.OfType<PositiveItemHint>(), h =>
        {
            var record = new CreditRecord("followed-" + h.Item.Code, c.Request.Subject, h.Item.Code, h.OccurredOn, "citizen", Seen(c, c.Request.AsOf), h.Quantity);
            var after = c.WithRecords(c.Request.Records.Add(record)).Evaluate();
            decimal expectedAdded = new[] { h.NominalPoints, h.RecordCap, h.ItemCapRoom, h.DimensionCapRoom, h.BonusRoom }.Where(x => x.HasValue).Min(x => x!.Value);
            return Prop.Label(after.Score - before.Score == h.ScoreGain, $"{h.Item.Code}: {before.Score} → {after.Score}, hint said +{h.ScoreGain}")
                .And(Prop.Label(after.Score == h.After.Score && after.Grade!.Equals(h.After.Grade), $"{h.Item.Code}: after {after.Score} {after.Grade?.Code}, hint {h.After.Score} {h.After.Grade?.Code}"))
                .And(Prop.Label(after.Breakdown!.Bonus - before.Breakdown!.Bonus == h.PointsAdded, $"{h.Item.Code}: bonus +{after.Breakdown.Bonus - before.Breakdown.Bonus}, hint +{h.PointsAdded}"))
                .And(Prop.Label(expectedAdded == h.PointsAdded && h.PointsAdded > 0m, $"{h.Item.Code}: min(price, caps' room) = {expectedAdded}, added {h.PointsAdded}"));
        });
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property NegativeRecordEndsHint_EvaluatingOnThatDay_GivesTheScoreItSaid(EvaluationCase c) =>
        All(Advise(c).Hints.OfType<NegativeRecordEndsHint>(), h =>
        {
            var then = On(c, h.StopsCountingOn).Evaluate();
            var dayBefore = On(c, h.StopsCountingOn.PlusDays(-1)).Evaluate();
            var outcome = then.Records.Single(r => r.RecordId == h.RecordId).Outcome;
            return Prop.Label(then.Score == h.OnThatDay.Score && Equals(then.Grade, h.OnThatDay.Grade) && then.Status == h.OnThatDay.Status,
                    $"{h.RecordId} on {h.StopsCountingOn}: {then.Score} {then.Grade?.Code}, hint {h.OnThatDay.Score} {h.OnThatDay.Grade?.Code}")
                .And(Prop.Label(outcome is RecordOutcome.Expired or RecordOutcome.Repaired, $"{h.RecordId} on {h.StopsCountingOn}: {outcome}"))
                .And(Prop.Label(dayBefore.Status != EvaluationStatus.Scored || dayBefore.Records.Single(r => r.RecordId == h.RecordId).Counted, $"{h.RecordId} does not count the day before {h.StopsCountingOn}"));
        });

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property RepairApplicationHint_RepairingOnTheDay_GivesTheScoreItSaid(EvaluationCase c) =>
        All(Advise(c).Hints.OfType<RepairApplicationHint>(), h =>
        {
            var repair = new RecordEvent(RecordEventType.Repaired, Seen(c, h.ApplyOn), h.ApplyOn);
            var records = c.Request.Records.Select(r => r.Id == h.RecordId ? r.WithEvents(r.Events.Add(repair)) : r).ToImmutableArray();
            var then = On(c, h.StopsCountingOn, records).Evaluate();
            return Prop.Label(then.Score == h.IfRepaired.Score && Equals(then.Grade, h.IfRepaired.Grade), $"{h.RecordId} repaired {h.ApplyOn}: {then.Score}, hint {h.IfRepaired.Score}")
                .And(Prop.Label(then.Records.Single(r => r.RecordId == h.RecordId).Outcome == RecordOutcome.Repaired, $"{h.RecordId} not repaired on {h.StopsCountingOn}"))
                .And(Prop.Label(h.EarliestApplication == c.RuleSet.EarliestRepairApplication(h.Item, h.OccurredOn) && h.ApplyOn >= c.Request.AsOf && h.ApplyOn >= h.EarliestApplication,
                    $"{h.RecordId}: earliest {h.EarliestApplication}, apply on {h.ApplyOn}"));
        });

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property RequirementHint_OnTheDayItLifts_TheTriggersNoLongerCount(EvaluationCase c)
    {
        var now = c.Evaluate();
        return All(Advise(c).Hints.OfType<RequirementHint>(), h =>
        {
            var applied = now.Requirements.Single(r => r.Code == h.Requirement.Code);
            var prop = Prop.Label(applied.LowersGrade && h.Requirement.CapGradeAt.Rank < now.BandGrade!.Rank && now.Grade!.Rank <= h.Requirement.CapGradeAt.Rank, $"{h.Requirement.Code} does not hold the grade down");
            if (h.LiftsOn is not { } day) return prop.And(Prop.Label(!h.WithoutEnd.IsEmpty, "no lift day but every trigger ends"));
            var then = On(c, day).Evaluate();
            bool triggersGone = h.Requirement.TriggeredBy.All(id => !then.Records.Single(r => r.RecordId == id).Counted);
            bool applies = then.Requirements.Any(r => r.Code == h.Requirement.Code);
            return prop.And(Prop.Label(triggersGone, $"a trigger of {h.Requirement.Code} still counts on {day}"))
                .And(Prop.Label(applies == h.StillAppliesOnThatDay && then.Score == h.OnThatDay!.Score && Equals(then.Grade, h.OnThatDay.Grade), $"{h.Requirement.Code} on {day}: {then.Score} {then.Grade?.Code}, applies {applies}"));
        });
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property NextBandHint_PointsNeeded_IsTheGapToTheNextBandsFirstPublishedScore(EvaluationCase c)
    {
        var rs = c.RuleSet;
        var now = c.Evaluate();
        var next = Advise(c).Hints.OfType<NextBandHint>().SingleOrDefault();
        bool top = now.BandGrade!.Rank == rs.Grades.Length - 1;
        if (next is null) return Prop.Label(top, $"no next-band hint below the top band ({now.BandGrade.Code}, {now.Score})");
        decimal step = 1m / (decimal)Math.Pow(10, rs.Precision);
        decimal reached = now.Score!.Value + next.PointsNeeded;
        var band = rs.Scale.Bands[next.NextBand.Rank];
        bool boundOk = band.Lower.Inclusive ? reached >= band.Lower.Value : reached > band.Lower.Value;
        return Prop.Label(!top && next.PointsNeeded > 0m, $"a next-band hint at the top or with {next.PointsNeeded}")
            .And(Prop.Label(rs.GradeOf(reached).Equals(next.NextBand), $"{reached} is {rs.GradeOf(reached).Code}, not {next.NextBand.Code}"))
            .And(Prop.Label(boundOk && band.Lower.Equals(next.NextBandLower), $"{reached} is not past the published bound {band.Lower}"))
            .And(Prop.Label(rs.GradeOf(reached - step).Rank < next.NextBand.Rank, $"{reached - step} is already {rs.GradeOf(reached - step).Code}"));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property AnyHint_Sources_ArePathsThatExistInTheRuleSetDocument(EvaluationCase c)
    {
        var doc = JsonNode.Parse(RuleSetJson.Write(c.RuleSet.Definition))!;
        var missing = Advise(c).Hints.SelectMany(h => h.Sources.Select(s => (h.Kind, s))).Where(x => !Exists(doc, x.s)).ToList();
        var empty = Advise(c).Hints.Where(h => h.Sources.IsEmpty).Select(h => h.Kind).ToList();
        return Prop.Label(missing.Count == 0, "paths not in the document: " + string.Join("; ", missing))
            .And(Prop.Label(empty.Count == 0, "hints without a source: " + string.Join(", ", empty)));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Advise_SameInputInAnyRecordOrder_GivesTheSameHints(EvaluationCase c)
    {
        var first = Fingerprint(Advise(c));
        var again = Fingerprint(Advise(c));
        var reversed = Fingerprint(Advise(c.WithRecords(c.Request.Records.Reverse())));
        return Prop.Label(first == again, $"two runs differ:\n{first}\n---\n{again}")
            .And(Prop.Label(first == reversed, $"record order changes the hints:\n{first}\n---\n{reversed}"));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Advise_NotEnrolled_NoHints(EvaluationCase c)
    {
        var request = new EvaluationRequest { Subject = c.Request.Subject, Enrolment = Enrolment.None, Records = c.Request.Records, AsOf = c.Request.AsOf, KnownAt = c.Request.KnownAt };
        var hints = ImprovementAdvisor.Advise(c.RuleSet, request);
        return Prop.Label(hints.Status == AdviceStatus.NotEnrolled && hints.Hints.IsEmpty, $"{hints.Status}, {hints.Hints.Length} hint(s)");
    }

    private static string Fingerprint(ImprovementHints hints) =>
        string.Join("\n", hints.Hints.Select(h => $"{h.Kind} [{string.Join(", ", h.Sources)}] {h.Text.ZhCn} | {h.Text.En}"))
        + "\n" + ImprovementHintRenderer.Render(hints, Language.ZhCn) + ImprovementHintRenderer.Render(hints, Language.En);

    private static bool Exists(JsonNode root, string path)
    {
        if (!path.StartsWith("$", StringComparison.Ordinal)) return false;
        JsonNode? node = root;
        var parts = Regex.Matches(path.Substring(1), @"\.([A-Za-z]+)|\[(\d+)\]").Cast<Match>().ToList();
        if (string.Concat(parts.Select(m => m.Value)) != path.Substring(1)) return false;
        foreach (var m in parts)
        {
            node = m.Groups[1].Success
                ? (node as JsonObject)?[m.Groups[1].Value]
                : node is JsonArray a && int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < a.Count ? a[i] : null;
            if (node is null) return false;
        }

        return true;
    }
}
