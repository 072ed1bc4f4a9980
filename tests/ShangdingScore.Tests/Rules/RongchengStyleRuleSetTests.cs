using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Rules;

/// <summary>
/// A second rule set of another shape (base 1000, precision 0, six grades AAA–D as a whole-number
/// table, a one-year repair delay) scored by the same evaluator: nothing of Zhengzhou is hard-wired.
/// </summary>
public class RongchengStyleRuleSetTests
{
    public static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "TestData", "RuleSets", "rongcheng.style-1.0.0.json");

    private static readonly Lazy<RuleSet> Lazy = new(() => RuleSetJson.Load(File.ReadAllText(FilePath), FilePath).GetValueOrThrow());

    private static readonly SubjectId S = new("RC-1");
    private static readonly Instant T0 = Instant.FromUtc(2023, 1, 1, 0, 0);
    private static readonly LocalDate AsOf = new(2024, 6, 1);

    private static RuleSet Rules => Lazy.Value;

    private static CreditRecord R(string id, string item, int y, int m, int d, decimal qty = 1m, params RecordEvent[] events) =>
        new(id, S, item, new LocalDate(y, m, d), "rc", T0, qty, events.ToImmutableArray());

    private static CreditEvaluation Evaluate(LocalDate asOf, params CreditRecord[] records) =>
        CreditEvaluator.Evaluate(Rules, new EvaluationRequest
        {
            Subject = S, Enrolment = Enrolment.Since(new LocalDate(2014, 1, 1)), Records = records.ToImmutableArray(), AsOf = asOf,
        });

    [Fact]
    public void Load_RongchengStyle_HasItsOwnShape()
    {
        var rs = Rules;
        Assert.Equal("rongcheng.style", rs.Id);
        Assert.Equal(1000m, rs.Base);
        Assert.Equal(2000m, rs.Max);
        Assert.Equal(0, rs.Precision);
        Assert.Equal(Period.FromYears(1), rs.Repair.Delay);
        Assert.Equal(new[] { "d", "c", "b", "a", "aa", "aaa" }, rs.Grades.Select(g => g.Code));
        Assert.DoesNotContain(rs.Dimensions, d => d.Code == "honours" && d.PositiveCap is not null);
    }

    [Theory]
    [InlineData(0, "d")]
    [InlineData(599, "d")]
    [InlineData(600, "c")]
    [InlineData(849, "c")]
    [InlineData(850, "b")]
    [InlineData(959, "b")]
    [InlineData(960, "a")]
    [InlineData(1000, "a")]
    [InlineData(1029, "a")]
    [InlineData(1030, "aa")]
    [InlineData(1049, "aa")]
    [InlineData(1050, "aaa")]
    [InlineData(2000, "aaa")]
    public void GradeOf_WholeNumberTable_EveryBoundaryHasOneGrade(int score, string grade)
    {
        Assert.Equal(grade, Rules.GradeOf(score).Code);
    }

    [Fact]
    public void GradeOf_ScoreOffTheWholeNumberGrid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rules.GradeOf(1049.5m));
    }

    [Fact]
    public void Evaluate_NoRecords_ScoresBaseAndA()
    {
        var result = Evaluate(AsOf);
        Assert.Equal(1000m, result.Score);
        Assert.Equal("a", result.Grade!.Code);
        Assert.Equal("rongcheng.style", result.RuleSet.Id);
        Assert.Equal(Rules.ContentHash, result.RuleSet.ContentHash);
    }

    [Fact]
    public void Evaluate_BonusOfFifty_ReachesAaaAtItsInclusiveLowerBound()
    {
        // volunteer 25 h × 0.5 = 12.5 → record cap 10; blood 5 + 5 = 10; public welfare 20 (cap 30).
        // municipal commendation 30 (honours has no cap). Bonus 50 → 1000 + 50 = 1050 → AAA (≥ 1050).
        var result = Evaluate(AsOf,
            R("v1", "welfare.volunteer-hours", 2024, 3, 1, 25m),
            R("b1", "welfare.blood-donation", 2024, 1, 5),
            R("b2", "welfare.blood-donation", 2024, 4, 5),
            R("h1", "honours.municipal", 2023, 9, 1));
        Assert.Equal(1050m, result.Score);
        Assert.Equal("aaa", result.Grade!.Code);
        Assert.Equal(12.5m, result.Records.Single(r => r.RecordId == "v1").RawPoints);
        Assert.Equal(10m, result.Records.Single(r => r.RecordId == "v1").AppliedPoints);
    }

    [Fact]
    public void Evaluate_BonusOfFortyNine_IsAaAtItsInclusiveUpperBound()
    {
        // municipal commendation 30; charity 1,900 yuan × 0.01 = 19 (record cap 30). 1000 + 49 = 1049 → AA (1030–1049).
        var result = Evaluate(AsOf,
            R("h1", "honours.municipal", 2023, 9, 1),
            R("c1", "welfare.charity-donation", 2024, 2, 1, 1900m));
        Assert.Equal(1049m, result.Score);
        Assert.Equal("aa", result.Grade!.Code);
    }

    [Fact]
    public void Evaluate_HalfPointAtPrecisionZero_RoundsHalfAwayFromZero()
    {
        // volunteer 3 h × 0.5 = 1.5; traffic violation −5. 1000 + 1.5 − 5 = 996.5 → 997 (half away from zero) → A.
        var result = Evaluate(AsOf,
            R("v1", "welfare.volunteer-hours", 2024, 5, 1, 3m),
            R("t1", "social.traffic-violation", 2024, 2, 1));
        Assert.Equal(996.5m, result.Breakdown!.Total);
        Assert.Equal(997m, result.Score);
        Assert.Equal("a", result.Grade!.Code);
    }

    [Fact]
    public void Evaluate_PublicWelfareOverItsCap_IsCappedAtThirtyAndReachesAa()
    {
        // volunteer 40 h × 0.5 = 20 → record cap 10, twice = 20 (item cap 20); blood 3 × 5 = 15 (item cap 15).
        // public welfare 35 → dimension cap 30. 1000 + 30 = 1030 → AA (lower bound inclusive).
        var result = Evaluate(AsOf,
            R("v1", "welfare.volunteer-hours", 2024, 1, 10, 40m),
            R("v2", "welfare.volunteer-hours", 2024, 2, 10, 40m),
            R("b1", "welfare.blood-donation", 2024, 1, 5),
            R("b2", "welfare.blood-donation", 2024, 2, 5),
            R("b3", "welfare.blood-donation", 2024, 3, 5));
        Assert.Equal(30m, result.Dimensions.Single(d => d.Code == "public-welfare").Points);
        Assert.Equal(35m, result.Dimensions.Single(d => d.Code == "public-welfare").BeforeCap);
        Assert.Equal(1030m, result.Score);
        Assert.Equal("aa", result.Grade!.Code);
    }

    [Fact]
    public void Evaluate_SeriousRecord_BandBButRequirementLowersToD()
    {
        // criminal conviction −100 (serious); municipal commendation +30. 1000 + 30 − 100 = 930 → band B (850–959),
        // requirement 'serious-record-is-d' caps the grade at D.
        var result = Evaluate(AsOf,
            R("j1", "judicial.criminal-conviction", 2022, 3, 1),
            R("h1", "honours.municipal", 2023, 9, 1));
        Assert.Equal(930m, result.Score);
        Assert.Equal("b", result.BandGrade!.Code);
        Assert.Equal("d", result.Grade!.Code);
        var applied = Assert.Single(result.Requirements);
        Assert.Equal("serious-record-is-d", applied.Code);
        Assert.True(applied.LowersGrade);
    }

    [Fact]
    public void Evaluate_RepairedRecord_CountsUntilOneYearAfterRepair()
    {
        // drunk driving −50 on 2023-06-01 (window P2Y, to 2025-06-01), repaired effective 2024-01-01.
        // With the one-year repair delay it stops counting on 2025-01-01.
        var repaired = new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2024, 1, 1, 2, 0), new LocalDate(2024, 1, 1));
        var record = R("d1", "social.drunk-driving", 2023, 6, 1, 1m, repaired);

        var before = Evaluate(new LocalDate(2024, 12, 31), record);
        Assert.Equal(950m, before.Score); // 1000 − 50 = 950 → B
        Assert.Equal("b", before.Grade!.Code);

        var after = Evaluate(new LocalDate(2025, 1, 1), record);
        Assert.Equal(1000m, after.Score); // repaired: 1000 → A
        Assert.Equal("a", after.Grade!.Code);
        Assert.Equal(RecordOutcome.Repaired, after.Records.Single().Outcome);
        Assert.Equal(new LocalDate(2025, 1, 1), after.Records.Single().RepairedFrom);
    }
}
