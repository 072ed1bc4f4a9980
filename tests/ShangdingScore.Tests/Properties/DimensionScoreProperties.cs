using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// The score path with dimension points (<see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest, Span{decimal})"/>,
/// what the monitoring reports use) agrees with the full evaluation: the same summary, and each dimension's points equal to
/// <see cref="DimensionSubtotal.Points"/> in value and in decimal scale.
/// </summary>
// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261203,1234567891")]
public class DimensionScoreProperties
{
    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScoreWithDimensions_AnyCase_AgreesWithEvaluateSummaryAndSubtotals(EvaluationCase c) => Agrees(c, c.Request);

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ScoreWithDimensions_AnyCaseNotEnrolled_GivesZeroPointsLikeEvaluate(EvaluationCase c) =>
        Agrees(c, new EvaluationRequest
        {
            Subject = c.Request.Subject,
            Enrolment = Enrolment.None,
            Records = c.Request.Records,
            AsOf = c.Request.AsOf,
            KnownAt = c.Request.KnownAt,
        });

    [Fact]
    public void ScoreWithDimensions_SlotsAlreadyFilled_AreOverwrittenNotAddedTo()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var asOf = new LocalDate(2025, 6, 30);
        var plan = ScoringPlan.Create(rs, asOf);
        var request = new EvaluationRequest { Subject = new SubjectId("S-1"), Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = [], AsOf = asOf };
        var points = Enumerable.Repeat(99m, rs.Dimensions.Length).ToArray();

        var summary = CreditEvaluator.Score(plan, request, points);

        Assert.Equal(EvaluationStatus.Scored, summary.Status);
        Assert.All(points, p => Assert.Equal(0m, p));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void ScoreWithDimensions_SlotCountNotTheDimensionCount_Throws(int off)
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var asOf = new LocalDate(2025, 6, 30);
        var request = new EvaluationRequest { Subject = new SubjectId("S-1"), Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = [], AsOf = asOf };

        var ex = Assert.Throws<ArgumentException>(() => CreditEvaluator.Score(ScoringPlan.Create(rs, asOf), request, new decimal[rs.Dimensions.Length + off]));

        Assert.Equal("dimensionPoints", ex.ParamName);
    }

    private static Property Agrees(EvaluationCase c, EvaluationRequest request)
    {
        var plan = c.CreatePlan();
        var e = CreditEvaluator.Evaluate(plan, request);
        var points = new decimal[c.RuleSet.Dimensions.Length];
        var s = CreditEvaluator.Score(plan, request, points);
        var expected = e.Status == EvaluationStatus.Scored ? e.Dimensions.Select(d => d.Points).ToArray() : new decimal[points.Length];
        string Text(IEnumerable<decimal> xs) => string.Join(" ", xs.Select(x => x.ToString(CultureInfo.InvariantCulture)));
        return Prop.Label(s.Status == e.Status && s.Score == e.Score && Equals(s.Grade, e.Grade) && s.IsClean == e.IsClean,
                $"Score(): {s.Status} {s.Score} {s.Grade?.Code} clean {s.IsClean}; Evaluate(): {e.Status} {e.Score} {e.Grade?.Code} clean {e.IsClean}")
            .And(Prop.Label(Text(points) == Text(expected), $"dimension points {Text(points)}, Evaluate()'s subtotals {Text(expected)}"));
    }
}
