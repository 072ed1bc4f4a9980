using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// Issue 12: the compact explanation (lines as small values, points derived on access, step 4 in fixed point) gives,
/// member by member and line by line, what the old evaluator (<see cref="ReferenceEvaluator"/>) gave: every decimal
/// with the same bits (value, scale and sign), the same records, items, outcomes, dates, requirements and flags.
/// </summary>
// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261203,1234567891")]
public class CompactExplanationProperties
{
    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) }, MaxTest = 300)]
    public Property Evaluate_AnyCase_EqualsTheReferenceEvaluatorLineByLine(EvaluationCase c) => SameAsReference(c, c.Request.AsOf, c.Request.KnownAt);

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) }, MaxTest = 100)]
    public Property Evaluate_AnyCaseOnOtherDaysEverythingKnown_EqualsTheReferenceEvaluator(EvaluationCase c) =>
        SameAsReference(c, c.Request.AsOf.PlusDays(-400), null).And(SameAsReference(c, c.Request.AsOf.PlusDays(700), null));

    [Property(MaxTest = 200)]
    public Property Evaluate_ZhengzhouDefault_EqualsTheReferenceEvaluatorLineByLine()
    {
        var cases = ShangdingGen.EvaluationCases(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion));
        return Prop.ForAll(cases.ToArbitrary(), c => SameAsReference(c, c.Request.AsOf, c.Request.KnownAt).And(SameAsReference(c, c.Request.AsOf, null)));
    }

    [Fact]
    public void Differences_OfResultsThatDiffer_AreReported()
    {
        // The comparison itself can fail: a result compared with one of another day names what differs.
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var subject = new SubjectId("S-diff");
        var record = new CreditRecord("r1", subject, "volunteer.service-hours", new LocalDate(2025, 1, 10), "p", Instant.FromUtc(2025, 1, 11, 0, 0), 7.5m);
        var request = new EvaluationRequest { Subject = subject, Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = [record], AsOf = new LocalDate(2025, 6, 30) };
        var later = new EvaluationRequest { Subject = subject, Enrolment = request.Enrolment, Records = request.Records, AsOf = new LocalDate(2031, 6, 30) };
        var expected = ReferenceEvaluator.Evaluate(ScoringPlan.Create(rs, request.AsOf), request);
        var actual = CreditEvaluator.Evaluate(ScoringPlan.Create(rs, later.AsOf), later);
        Assert.NotEmpty(Differences(expected, actual));
        Assert.Empty(Differences(expected, CreditEvaluator.Evaluate(ScoringPlan.Create(rs, request.AsOf), request)));
    }

    private static Property SameAsReference(EvaluationCase c, LocalDate asOf, Instant? knownAt)
    {
        var request = new EvaluationRequest { Subject = c.Request.Subject, Enrolment = c.Request.Enrolment, Records = c.Request.Records, AsOf = asOf, KnownAt = knownAt };
        var plan = ScoringPlan.Create(c.RuleSet, asOf);
        var differences = Differences(ReferenceEvaluator.Evaluate(plan, request), CreditEvaluator.Evaluate(plan, request));
        return Prop.Label(differences.Count == 0, string.Join("\n", differences));
    }

    private static List<string> Differences(ReferenceResult e, CreditEvaluation a)
    {
        var d = new List<string>();
        void Same<T>(string what, T expected, T actual)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual)) d.Add($"{what}: expected {expected}, actual {actual}");
        }

        void Exact(string what, decimal? expected, decimal? actual)
        {
            bool same = expected is { } x ? actual is { } y && decimal.GetBits(x).SequenceEqual(decimal.GetBits(y)) : actual is null;
            if (!same) d.Add($"{what}: expected {expected} (bits {Bits(expected)}), actual {actual} (bits {Bits(actual)})");
        }

        Same("status", e.Status, a.Status);
        Same("subject", e.Subject, a.Subject);
        Same("rule set", (e.RuleSet.Id, e.RuleSet.Version, e.RuleSet.ContentHash, e.RuleSet.InForce), (a.RuleSet.Id, a.RuleSet.Version, a.RuleSet.ContentHash, a.RuleSet.InForce));
        Same("asOf", e.AsOf, a.AsOf);
        Same("knownAt", e.KnownAt, a.KnownAt);
        Exact("score", e.Score, a.Score);
        Same("band", e.BandGrade?.Code, a.BandGrade?.Code);
        Same("grade", e.Grade?.Code, a.Grade?.Code);
        Same("clean", e.IsClean, a.IsClean);
        Same("breakdown", e.Breakdown is null, a.Breakdown is null);
        if (e.Breakdown is { } eb && a.Breakdown is { } ab)
        {
            Exact("base", eb.Base, ab.Base);
            Exact("positive before caps", eb.PositiveBeforeCaps, ab.PositiveBeforeCaps);
            Exact("bonus", eb.Bonus, ab.Bonus);
            Exact("deductions", eb.Deductions, ab.Deductions);
            Exact("total", eb.Total, ab.Total);
            Exact("published", eb.Published, ab.Published);
        }

        Same("dimensions", e.Dimensions.Length, a.Dimensions.Length);
        for (int i = 0; i < Math.Min(e.Dimensions.Length, a.Dimensions.Length); i++)
        {
            var (x, y) = (e.Dimensions[i], a.Dimensions[i]);
            Same($"dimension {i} code", x.Code, y.Code);
            Same($"dimension {i} name", x.Name, y.Name);
            Exact($"dimension {x.Code} before cap", x.BeforeCap, y.BeforeCap);
            Exact($"dimension {x.Code} cap", x.Cap, y.Cap);
            Exact($"dimension {x.Code} points", x.Points, y.Points);
        }

        Same("requirements", e.Requirements.Length, a.Requirements.Length);
        for (int i = 0; i < Math.Min(e.Requirements.Length, a.Requirements.Length); i++)
        {
            var (x, y) = (e.Requirements[i], a.Requirements[i]);
            Same($"requirement {i}", (x.Code, x.Name, x.When, x.CapGradeAt.Code, x.LowersGrade), (y.Code, y.Name, y.When, y.CapGradeAt.Code, y.LowersGrade));
            Same($"requirement {x.Code} triggered by", string.Join(",", x.TriggeredBy), string.Join(",", y.TriggeredBy));
        }

        Same("lines", e.Records.Length, a.Records.Length);
        for (int i = 0; i < Math.Min(e.Records.Length, a.Records.Length); i++)
        {
            var (x, y) = (e.Records[i], a.Records[i]);
            string at = $"line {i} ({x.Record.Id})";
            Same($"{at} record", x.Record, y.Record);
            Same($"{at} record id", x.Record.Id, y.RecordId);
            Same($"{at} item", x.Item, y.Item);
            Same($"{at} item code", x.Record.ItemCode, y.ItemCode);
            Same($"{at} item name", x.Item?.Name, y.ItemName);
            Same($"{at} polarity", x.Item?.Polarity, y.Polarity);
            Same($"{at} severity", x.Item?.Severity, y.Severity);
            Same($"{at} dimension", x.Dimension, y.Dimension);
            Same($"{at} outcome", x.Outcome, y.Outcome);
            Same($"{at} counted", x.Outcome == RecordOutcome.Counted, y.Counted);
            Same($"{at} copies", x.Copies, y.Copies);
            Same($"{at} expires on", x.ExpiresOn, y.ExpiresOn);
            Same($"{at} repaired from", x.RepairedFrom, y.RepairedFrom);
            Same($"{at} occurred, quantity, provider, recorded", (x.Record.OccurredOn, x.Record.Quantity, x.Record.Provider, x.Record.RecordedAt), (y.OccurredOn, y.Quantity, y.Provider, y.RecordedAt));
            Exact($"{at} raw", x.RawPoints, y.RawPoints);
            Exact($"{at} after record cap", x.AfterRecordCap, y.AfterRecordCap);
            Exact($"{at} after item cap", x.AfterItemCap, y.AfterItemCap);
            Exact($"{at} after dimension cap", x.AfterDimensionCap, y.AfterDimensionCap);
            Exact($"{at} applied", x.AppliedPoints, y.AppliedPoints);
        }

        Same("flags", e.Flags.Length, a.Flags.Length);
        for (int i = 0; i < Math.Min(e.Flags.Length, a.Flags.Length); i++)
        {
            Same($"flag {i}", (e.Flags[i].Kind, e.Flags[i].RecordId, e.Flags[i].Message), (a.Flags[i].Kind, a.Flags[i].RecordId, a.Flags[i].Message));
        }

        return d;
    }

    private static string Bits(decimal? d) => d is { } v ? string.Join(" ", decimal.GetBits(v).Select(b => b.ToString("x8", System.Globalization.CultureInfo.InvariantCulture))) : "-";
}
