using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Evaluation;

public class EvaluatorSmokeTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);

    private static CreditRecord R(string id, string item, int y, int m, int d, decimal qty = 1m, params RecordEvent[] events) =>
        new(id, S, item, new LocalDate(y, m, d), "p", T0, qty, events.ToImmutableArray());

    [Fact]
    public void Evaluate_NoRecords_ScoresBaseAndGood()
    {
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, new EvaluationRequest
        {
            Subject = S, Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = ImmutableArray<CreditRecord>.Empty, AsOf = new LocalDate(2024, 6, 1),
        });
        Assert.Equal(100m, result.Score);
        Assert.Equal("good", result.Grade!.Code);
    }

    [Fact]
    public void Evaluate_VolunteerHoursOverCaps_AppliesRecordAndItemCaps()
    {
        var records = new[]
        {
            R("a", "volunteer.hours", 2024, 1, 10, 40m), // 20 → record cap 10
            R("b", "volunteer.hours", 2024, 2, 10, 30m), // 15 → 10
            R("c", "volunteer.hours", 2024, 3, 10, 30m), // 15 → 10
            R("d", "volunteer.hours", 2024, 4, 10, 30m), // 15 → 10 → item cap leaves 0
        };
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, records, new LocalDate(2024, 6, 1));
        Assert.Equal(130m, result.Score);
        Assert.Equal(new[] { 10m, 10m, 10m, 0m }, result.Records.Select(r => r.AppliedPoints));
        Assert.Equal(20m, result.Records[0].RawPoints);
    }

    [Fact]
    public void Evaluate_ZeroPointNegative_StillCapsExcellentAtOutstanding()
    {
        var records = Enumerable.Range(0, 4).Select(i => R("h" + i, "honour.municipal", 2023, 1 + i, 1)).ToList();
        records.AddRange(new[] { R("b1", "blood.donation", 2023, 6, 1), R("b2", "blood.donation", 2023, 7, 1), R("w", "warning.only", 2024, 5, 1) });
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, records, new LocalDate(2024, 6, 1));
        Assert.Equal(150m, result.Score); // honours capped at 40, blood 10
        Assert.Equal("excellent", result.BandGrade!.Code);
        Assert.Equal("outstanding", result.Grade!.Code);
        Assert.True(Assert.Single(result.Requirements).LowersGrade);
    }
}
