using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261202,1234567891")]
public class EvaluationProperties
{
    private static Property Same<T>(T expected, T actual, string what) =>
        Prop.Label(EqualityComparer<T>.Default.Equals(expected, actual), $"{what}:\nexpected\n{expected}\nactual\n{actual}");

    private static Property SameCore(CreditEvaluation expected, CreditEvaluation actual)
    {
        var a = EvaluationFingerprint.Core(expected);
        var b = EvaluationFingerprint.Core(actual);
        bool same = a.Score == b.Score && a.Band == b.Band && a.Grade == b.Grade && a.Clean == b.Clean && a.Lines.SequenceEqual(b.Lines);
        return Prop.Label(same, $"results differ:\n{EvaluationFingerprint.Full(expected)}\n---\n{EvaluationFingerprint.Full(actual)}");
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Evaluate_AnyCase_ScoreWithinRangeAndOnGrid(EvaluationCase c)
    {
        var rs = c.RuleSet;
        var score = c.Evaluate().Score!.Value;
        return Prop.Label(score >= rs.Min && score <= rs.Max, $"score {score} outside [{rs.Min}, {rs.Max}]")
            .And(Prop.Label(decimal.Round(score, rs.Precision) == score, $"score {score} not on the grid of precision {rs.Precision}"));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Evaluate_AnyCase_ExplanationAddsUpToScore(EvaluationCase c)
    {
        var e = c.Evaluate();
        var b = e.Breakdown!;
        decimal applied = e.Records.Sum(r => r.AppliedPoints);
        decimal positive = e.Records.Where(r => r.AppliedPoints > 0).Sum(r => r.AppliedPoints);
        decimal negative = e.Records.Where(r => r.AppliedPoints < 0).Sum(r => r.AppliedPoints);
        return Prop.Label(c.RuleSet.Publish(b.Base + applied) == e.Score, $"Publish({b.Base} + {applied}) != {e.Score}")
            .And(Prop.Label(positive == b.Bonus, $"Σ positive {positive} != bonus {b.Bonus}"))
            .And(Prop.Label(negative == -b.Deductions, $"Σ negative {negative} != −deductions {b.Deductions}"))
            .And(Prop.Label(b.Base == c.RuleSet.Base, $"breakdown base {b.Base} is not the rule set's {c.RuleSet.Base}"));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Evaluate_AnyCase_BandGradeIsGradeOfPublishedScore(EvaluationCase c)
    {
        var e = c.Evaluate();
        var expected = c.RuleSet.GradeOf(e.Score!.Value);
        return Prop.Label(expected.Equals(e.BandGrade), $"band {e.BandGrade?.Code}, GradeOf({e.Score}) = {expected.Code}")
            .And(Prop.Label(e.Grade!.Rank <= e.BandGrade!.Rank, $"grade {e.Grade.Code} above band {e.BandGrade.Code}"));
    }

    [Property]
    public Property Evaluate_AddCountingPositiveRecord_NeverLowersScoreOrGrade() => Monotonic(Polarity.Positive);

    [Property]
    public Property Evaluate_AddCountingNegativeRecord_NeverRaisesScoreOrGrade() => Monotonic(Polarity.Negative);

    private static Property Monotonic(Polarity polarity)
    {
        var cases = from c in ShangdingGen.EvaluationCases()
                    from extra in ShangdingGen.CountingRecord(c, polarity)
                    select (c, extra);
        return Prop.ForAll(cases.ToArbitrary(), t =>
        {
            var (c, extra) = t;
            if (extra is null) return Prop.Label(true, "the rule set has no item of this polarity");
            var before = c.Evaluate();
            var after = c.WithRecords(c.Request.Records.Add(extra)).Evaluate();
            var line = after.Records.Single(r => r.RecordId == extra.Id);
            bool ordered = polarity == Polarity.Positive
                ? after.Score >= before.Score && after.Grade!.Rank >= before.Grade!.Rank && after.BandGrade!.Rank >= before.BandGrade!.Rank
                : after.Score <= before.Score && after.Grade!.Rank <= before.Grade!.Rank && after.BandGrade!.Rank <= before.BandGrade!.Rank;
            return Prop.Label(line.Counted, $"the extra record {extra} did not count: {line.Outcome}")
                .And(Prop.Label(ordered, $"{polarity} record {extra}: ({before.Score}, {before.Grade!.Code}) → ({after.Score}, {after.Grade!.Code})"));
        });
    }

    [Property]
    public Property Evaluate_ShuffledRecords_GiveTheSameResult()
    {
        var cases = from c in ShangdingGen.EvaluationCases()
                    from shuffled in Gen.Shuffle(c.Request.Records.ToArray())
                    select (c, shuffled);
        return Prop.ForAll(cases.ToArbitrary(), t =>
            Same(EvaluationFingerprint.Full(t.c.Evaluate()), EvaluationFingerprint.Full(t.c.WithRecords(t.shuffled).Evaluate()), "shuffled"));
    }

    [Property]
    public Property Evaluate_RepeatedIdenticalRecords_ChangeNothing()
    {
        var cases = from c in ShangdingGen.EvaluationCases()
                    from repeats in Gen.ListOf(Gen.Elements(c.Request.Records.IsEmpty ? Array.Empty<CreditRecord>() : c.Request.Records.ToArray()), c.Request.Records.IsEmpty ? 0 : 4)
                    from shuffled in Gen.Shuffle(c.Request.Records.Concat(repeats))
                    select (c, shuffled);
        return Prop.ForAll(cases.ToArbitrary(), t => SameCore(t.c.Evaluate(), t.c.WithRecords(t.shuffled).Evaluate()));
    }

    [Property]
    public Property Evaluate_EventsEnteredAfterKnownAt_AreIgnored()
    {
        var cases = from c0 in ShangdingGen.EvaluationCases()
                    from hours in Gen.Choose(-100 * 24, 300 * 24)
                    let knownAt = c0.Request.KnownAt ?? c0.Request.AsOf.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant().Plus(Duration.FromHours(hours))
                    let c = WithKnownAt(c0, knownAt)
                    from later in Gen.CollectToArray(c.Request.Records, r =>
                        Gen.Frequency(
                            (1, Gen.Constant(r)),
                            (2, from seconds in Gen.Choose(1, 400 * 24 * 3600)
                                from events in ShangdingGen.Events(knownAt.Plus(Duration.FromSeconds(seconds)))
                                select r.WithEvents(r.Events.AddRange(events.Add(new RecordEvent(RecordEventType.Disputed, knownAt.Plus(Duration.FromSeconds(seconds)))))))))
                    select (c, later);
        return Prop.ForAll(cases.ToArbitrary(), t =>
            Same(EvaluationFingerprint.Full(t.c.Evaluate()), EvaluationFingerprint.Full(t.c.WithRecords(t.later).Evaluate()), "events after knownAt"));
    }

    [Property]
    public Property Evaluate_RecordsRecordedAfterKnownAt_AreNotInView()
    {
        var cases = from c0 in ShangdingGen.EvaluationCases()
                    from hours in Gen.Choose(-100 * 24, 300 * 24)
                    select WithKnownAt(c0, c0.Request.KnownAt ?? c0.Request.AsOf.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant().Plus(Duration.FromHours(hours)));
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var knownAt = c.Request.KnownAt!.Value;
            var e = c.Evaluate();
            var knownIds = c.Request.Records.Where(r => r.RecordedAt <= knownAt).Select(r => r.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal);
            var shownIds = e.Records.Select(r => r.RecordId).OrderBy(x => x, StringComparer.Ordinal);
            var withoutUnknown = c.WithRecords(c.Request.Records.Where(r => r.RecordedAt <= knownAt)).Evaluate();
            return Prop.Label(knownIds.SequenceEqual(shownIds), $"in view [{string.Join(",", shownIds)}], known at {knownAt} [{string.Join(",", knownIds)}]")
                .And(Prop.Label(e.Records.All(r => r.Record.RecordedAt <= knownAt), "a record line shows a recordedAt after knownAt"))
                .And(Same(EvaluationFingerprint.Full(withoutUnknown), EvaluationFingerprint.Full(e), "dropping the records recorded after knownAt"));
        });
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Score_AnyCase_AgreesWithEvaluate(EvaluationCase c)
    {
        var e = c.Evaluate();
        var s = CreditEvaluator.Score(c.CreatePlan(), c.Request);
        return Prop.Label(s.Status == e.Status && s.Score == e.Score && Equals(s.Grade, e.Grade) && s.IsClean == e.IsClean,
            $"Score(): {s.Status} {s.Score} {s.Grade?.Code} clean {s.IsClean}; Evaluate(): {e.Status} {e.Score} {e.Grade?.Code} clean {e.IsClean}");
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property Evaluate_Twice_GivesIdenticalResults(EvaluationCase c) =>
        Same(EvaluationFingerprint.Full(c.Evaluate()), EvaluationFingerprint.Full(CreditEvaluator.Evaluate(c.CreatePlan(), c.Request)), "second evaluation");

    private static EvaluationCase WithKnownAt(EvaluationCase c, Instant knownAt) => new()
    {
        RuleSet = c.RuleSet,
        Request = new EvaluationRequest
        {
            Subject = c.Request.Subject,
            Enrolment = c.Request.Enrolment,
            Records = c.Request.Records,
            AsOf = c.Request.AsOf,
            KnownAt = knownAt,
        },
    };
}
