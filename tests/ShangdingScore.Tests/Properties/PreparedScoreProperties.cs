using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// The prepared, fixed-point score-only path (<see cref="PreparedRecords"/>) agrees with the reference,
/// <see cref="CreditEvaluator.Evaluate(ScoringPlan, EvaluationRequest)"/>, on status, score (value and
/// scale, so the printed score is the same), grade and clean flag.
/// </summary>
// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261202,1234567891")]
public class PreparedScoreProperties
{
    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScorePrepared_AnyCaseAnyKnownAt_AgreesWithEvaluate(EvaluationCase c)
    {
        var prepared = PreparedRecords.Create(c.RuleSet, c.Request.Subject, c.Request.Records);
        return Agrees(c, prepared, c.Request.AsOf, c.Request.KnownAt);
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScorePrepared_EverythingKnown_UsesPreparedFormAndAgreesWithEvaluate(EvaluationCase c)
    {
        var prepared = PreparedRecords.Create(c.RuleSet, c.Request.Subject, c.Request.Records);
        return Prop.Label(prepared.IsPrecomputed, "a generated case did not fit the prepared form")
            .And(Agrees(c, prepared, c.Request.AsOf, null));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScorePrepared_KnownAtAtAndJustBeforeLatestInstant_AgreesWithEvaluate(EvaluationCase c)
    {
        var prepared = PreparedRecords.Create(c.RuleSet, c.Request.Subject, c.Request.Records);
        var instants = c.Request.Records.SelectMany(r => r.Events.Select(e => e.At).Append(r.RecordedAt)).ToArray();
        if (instants.Length == 0) return Agrees(c, prepared, c.Request.AsOf, Instant.FromUtc(2020, 1, 1, 0, 0));
        var latest = instants.Max();
        return Agrees(c, prepared, c.Request.AsOf, latest)
            .And(Agrees(c, prepared, c.Request.AsOf, latest.PlusTicks(-1)))
            .And(Agrees(c, prepared, c.Request.AsOf, latest.PlusTicks(1)));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScorePrepared_OnePreparationManyDays_AgreesWithEvaluateOnEachDay(EvaluationCase c)
    {
        var prepared = PreparedRecords.Create(c.RuleSet, c.Request.Subject, c.Request.Records);
        var result = Prop.Label(true, "");
        foreach (int days in new[] { -730, -365, -30, -1, 0, 1, 29, 365, 1100 })
        {
            result = result.And(Agrees(c, prepared, c.Request.AsOf.PlusDays(days), null));
        }

        return result;
    }

    [Property]
    public Property ScorePrepared_ZhengzhouDefault_AgreesWithEvaluate()
    {
        var cases = ShangdingGen.EvaluationCases(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion));
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var prepared = PreparedRecords.Create(c.RuleSet, c.Request.Subject, c.Request.Records);
            return Prop.Label(prepared.IsPrecomputed, "a default-rules case did not fit the prepared form")
                .And(Agrees(c, prepared, c.Request.AsOf, null))
                .And(Agrees(c, prepared, c.Request.AsOf, c.Request.KnownAt));
        });
    }

    [Fact]
    public void ScorePrepared_ValueBeyondFixedPoint_FallsBackToDecimalPathWithSameResult()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var subject = new SubjectId("S-big");
        var asOf = new LocalDate(2025, 6, 30);
        var recorded = Instant.FromUtc(2025, 6, 1, 0, 0);
        var records = ImmutableArray.Create(
            new CreditRecord("a", subject, "volunteer.service-hours", asOf.PlusDays(-10), "p", recorded, 12.123456789m),
            new CreditRecord("b", subject, "honour.district", asOf.PlusDays(-20), "p", recorded));
        var prepared = PreparedRecords.Create(rs, subject, records);
        var request = new EvaluationRequest { Subject = subject, Enrolment = Enrolment.Since(asOf), Records = records, AsOf = asOf };
        var expected = CreditEvaluator.Evaluate(rs, request);
        var actual = CreditEvaluator.Score(ScoringPlan.Create(rs, asOf), prepared, request.Enrolment);

        Assert.False(prepared.IsPrecomputed);
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Grade, actual.Grade);
    }

    [Fact]
    public void ScorePrepared_PlanOfAnotherRuleSet_Throws()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var other = RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)).GetValueOrThrow();
        var prepared = PreparedRecords.Create(rs, new SubjectId("S-1"), ImmutableArray<CreditRecord>.Empty);

        Assert.Throws<ArgumentException>(() => CreditEvaluator.Score(ScoringPlan.Create(other, new LocalDate(2025, 1, 1)), prepared, Enrolment.Since(new LocalDate(2020, 1, 1))));
    }

    [Fact]
    public void ScorePrepared_NotEnrolled_HasNoScore()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var prepared = PreparedRecords.Create(rs, new SubjectId("S-1"), ImmutableArray<CreditRecord>.Empty);

        var summary = CreditEvaluator.Score(ScoringPlan.Create(rs, new LocalDate(2025, 1, 1)), prepared, Enrolment.Since(new LocalDate(2025, 1, 2)));

        Assert.Equal(EvaluationStatus.NotEnrolled, summary.Status);
        Assert.Null(summary.Score);
        Assert.Null(summary.Grade);
    }

    private static Property Agrees(EvaluationCase c, PreparedRecords prepared, LocalDate asOf, Instant? knownAt)
    {
        var request = new EvaluationRequest
        {
            Subject = c.Request.Subject,
            Enrolment = c.Request.Enrolment,
            Records = c.Request.Records,
            AsOf = asOf,
            KnownAt = knownAt,
        };
        var plan = ScoringPlan.Create(c.RuleSet, asOf);
        var expected = CreditEvaluator.Evaluate(plan, request);
        var actual = CreditEvaluator.Score(plan, prepared, request.Enrolment, knownAt);
        bool same = expected.Status == actual.Status
            && expected.Score == actual.Score
            && Text(expected.Score) == Text(actual.Score)
            && Equals(expected.Grade, actual.Grade)
            && expected.IsClean == actual.IsClean;
        return Prop.Label(same,
            $"asOf {asOf:uuuu-MM-dd}, knownAt {knownAt?.ToString() ?? "(all)"}, precomputed {prepared.IsPrecomputed}: "
            + $"prepared {actual.Status} {Text(actual.Score)} {actual.Grade?.Code} clean {actual.IsClean}; "
            + $"Evaluate {expected.Status} {Text(expected.Score)} {expected.Grade?.Code} clean {expected.IsClean}");
    }

    private static string Text(decimal? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
