using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Regressions;

/// <summary>
/// Scoring a valid rule set never throws: a quantity so large that points × quantity, or the sum of
/// deductions, is beyond decimal saturates and the score is clamped to [min, max] (step 5).
/// </summary>
public class HugeQuantityTests
{
    private const string Json = """
    {
      "schemaVersion": 1, "id": "test.uncapped", "version": "1.0.0",
      "name": { "zh-CN": "无上限", "en": "Uncapped" }, "effectiveFrom": "2019-01-01", "timeZone": "Asia/Shanghai",
      "base": 100, "min": 0, "max": 200, "maxBonus": 100, "precision": 1,
      "dimensions": [ { "code": "d", "name": { "zh-CN": "维度", "en": "Dimension" } } ],
      "items": [
        { "code": "plus", "dimension": "d", "name": { "zh-CN": "加", "en": "Plus" }, "polarity": "positive", "pointsPerUnit": 2 },
        { "code": "minus", "dimension": "d", "name": { "zh-CN": "减", "en": "Minus" }, "polarity": "negative", "pointsPerUnit": 2 }
      ],
      "grades": [
        { "code": "high", "name": { "zh-CN": "高", "en": "High" }, "lower": { "value": 100, "inclusive": true }, "upper": { "value": 200, "inclusive": true } },
        { "code": "low", "name": { "zh-CN": "低", "en": "Low" }, "lower": { "value": 0, "inclusive": true }, "upper": { "value": 100, "inclusive": false } }
      ]
    }
    """;

    private static readonly SubjectId S = new("S-1");

    private static CreditRecord R(string id, string item) =>
        new(id, S, item, new LocalDate(2024, 1, 1), "p", Instant.FromUtc(2024, 1, 2, 0, 0), decimal.MaxValue);

    [Theory]
    [InlineData("minus", 0)]
    [InlineData("plus", 200)]
    public void Evaluate_QuantityBeyondDecimal_SaturatesAndClampsInsteadOfThrowing(string item, int expected)
    {
        var rules = RuleSetJson.Load(Json).GetValueOrThrow();
        var request = new EvaluationRequest
        {
            Subject = S, Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), AsOf = new LocalDate(2024, 6, 1),
            Records = ImmutableArray.Create(R("a", item), R("b", item), R("c", item)),
        };
        var plan = ScoringPlan.Create(rules, request.AsOf);

        var evaluation = CreditEvaluator.Evaluate(plan, request);
        var summary = CreditEvaluator.Score(plan, request);
        var prepared = CreditEvaluator.Score(plan, PreparedRecords.Create(rules, S, request.Records), request.Enrolment);

        Assert.Equal(expected, evaluation.Score);
        Assert.Equal(expected, summary.Score);
        Assert.Equal(expected, prepared.Score);
    }
}
