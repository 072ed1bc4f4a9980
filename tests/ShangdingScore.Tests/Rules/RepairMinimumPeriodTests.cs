using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

/// <summary>
/// <c>items[].repairMinimumPeriod</c>: the minimum period after a negative record occurred before its repair may be
/// applied for (docs/rule-sets.md "repair", docs/semantics.md row 20).
/// </summary>
public class RepairMinimumPeriodTests
{
    /// <summary>The content hash of zhengzhou.shangding 2019.1.0 before the field existed (as every explanation snapshot shows it).</summary>
    private const string LaunchHashBeforeTheField = "sha256:467042d8684d4d8c25269a2739e4d1955448fba42f7334fe2aba72e13ad6dccb";

    private static readonly SubjectId Subject = new("S-REPAIR");

    private static JsonObject Mini() => JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();

    private static JsonObject Item(JsonObject doc, string code) =>
        doc["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!.AsObject();

    private static RuleSetLoadResult Load(JsonObject doc) => RuleSetJson.Load(doc.ToJsonString());

    private static RuleSet WithPeriod(string code, string period)
    {
        var doc = Mini();
        Item(doc, code)["repairMinimumPeriod"] = period;
        return Load(doc).GetValueOrThrow();
    }

    [Fact]
    public void Field_Absent_ReadsAsNoWaitingPeriod()
    {
        var rs = TestRuleSets.Mini;
        var item = rs.FindItem("traffic.violation")!;

        Assert.Null(item.RepairMinimumPeriod);
        Assert.Equal(new LocalDate(2025, 3, 14), rs.EarliestRepairApplication(item, new LocalDate(2025, 3, 14)));
    }

    [Fact]
    public void Field_ExplicitZero_MeansNoWaitingPeriodAndHashesLikeAbsent()
    {
        var rs = WithPeriod("traffic.violation", "P0D");
        var item = rs.FindItem("traffic.violation")!;

        Assert.Equal(new LocalDate(2025, 3, 14), rs.EarliestRepairApplication(item, new LocalDate(2025, 3, 14)));
        Assert.Equal(TestRuleSets.Mini.ContentHash, rs.ContentHash);
        Assert.DoesNotContain("repairMinimumPeriod", Encoding.UTF8.GetString(RuleSetJson.WriteCanonical(rs.Definition)), StringComparison.Ordinal);
    }

    [Fact]
    public void EarliestRepairApplication_MonthsFromTheMonthEnd_UseCalendarArithmetic()
    {
        var rs = WithPeriod("traffic.violation", "P3M");
        var item = rs.FindItem("traffic.violation")!;

        Assert.Equal(Period.FromMonths(3), item.RepairMinimumPeriod);
        Assert.Equal(new LocalDate(2025, 4, 30), rs.EarliestRepairApplication(item, new LocalDate(2025, 1, 31)));
        Assert.Equal(new LocalDate(2025, 6, 14), rs.EarliestRepairApplication(item, new LocalDate(2025, 3, 14)));
    }

    [Fact]
    public void EarliestRepairApplication_BeyondTheCalendar_IsNull()
    {
        var rs = WithPeriod("court.defaulter", "P1Y");

        Assert.Null(rs.EarliestRepairApplication(rs.FindItem("court.defaulter")!, new LocalDate(9999, 6, 1)));
    }

    [Fact]
    public void EarliestRepairApplication_PositiveOrForeignItem_Throws()
    {
        var rs = TestRuleSets.Mini;
        var foreign = WithPeriod("traffic.violation", "P3M").FindItem("traffic.violation")!;

        Assert.Throws<ArgumentException>(() => rs.EarliestRepairApplication(rs.FindItem("blood.donation")!, new LocalDate(2025, 1, 1)));
        Assert.Throws<ArgumentException>(() => rs.EarliestRepairApplication(foreign, new LocalDate(2025, 1, 1)));
        Assert.Throws<ArgumentNullException>(() => rs.EarliestRepairApplication(null!, new LocalDate(2025, 1, 1)));
    }

    [Theory]
    [InlineData("P3M")]
    [InlineData("P0D")]
    public void Load_PeriodOnPositiveItem_IsInvalidValueAtItsPath(string period)
    {
        var doc = Mini();
        Item(doc, "blood.donation")["repairMinimumPeriod"] = period;

        var e = Assert.Single(Load(doc).Errors);

        Assert.Equal("$.items[2].repairMinimumPeriod", e.Path);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Contains("positive", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P-3M")]
    [InlineData("3M")]
    [InlineData("PT1H")]
    [InlineData("")]
    public void Load_PeriodNotANonNegativeDatePeriod_IsInvalidValueAtItsPath(string period)
    {
        var doc = Mini();
        Item(doc, "court.defaulter")["repairMinimumPeriod"] = period;

        var e = Assert.Single(Load(doc).Errors);

        Assert.Equal("$.items[5].repairMinimumPeriod", e.Path);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
    }

    [Fact]
    public void Load_PeriodOfWrongType_IsWrongTypeAtItsPath()
    {
        var doc = Mini();
        Item(doc, "court.defaulter")["repairMinimumPeriod"] = 90;

        var e = Assert.Single(Load(doc).Errors);

        Assert.Equal("$.items[5].repairMinimumPeriod", e.Path);
        Assert.Equal(RuleSetErrorCodes.WrongType, e.Code);
    }

    [Fact]
    public void Create_NegativePeriodBuiltInCode_IsInvalidValueAtItsPath()
    {
        var d = TestRuleSets.Mini.Definition;
        var items = d.Items.Select(i => i.Code != "traffic.violation" ? i : new ScoreItem
        {
            Code = i.Code, Dimension = i.Dimension, Name = i.Name, Polarity = i.Polarity, Severity = i.Severity,
            Points = i.Points, ItemCap = i.ItemCap, CountsFor = i.CountsFor, RepairMinimumPeriod = Period.FromMonths(-3),
        }).ToImmutableArray();
        var definition = new RuleSetDefinition
        {
            Id = d.Id, Version = d.Version, Name = d.Name, EffectiveFrom = d.EffectiveFrom, TimeZone = d.TimeZone, Base = d.Base, Min = d.Min,
            Max = d.Max, MaxBonus = d.MaxBonus, Precision = d.Precision, Dimensions = d.Dimensions, Items = items, Grades = d.Grades,
            Requirements = d.Requirements, Repair = d.Repair,
        };

        var e = Assert.Single(RuleSet.Create(definition).Errors);

        Assert.Equal("$.items[3].repairMinimumPeriod", e.Path);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
    }

    [Fact]
    public void ContentHash_LaunchRuleSet_IsTheSameAsBeforeTheFieldExisted()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);

        Assert.Equal(LaunchHashBeforeTheField, rs.ContentHash);
        Assert.All(rs.Items, i => Assert.Null(i.RepairMinimumPeriod));
    }

    [Fact]
    public void ContentHash_PeriodAddedOrChanged_Changes()
    {
        var three = WithPeriod("traffic.violation", "P3M");
        var six = WithPeriod("traffic.violation", "P6M");

        Assert.NotEqual(TestRuleSets.Mini.ContentHash, three.ContentHash);
        Assert.NotEqual(three.ContentHash, six.ContentHash);
    }

    [Fact]
    public void Write_ThenLoad_KeepsThePeriodAndTheHash()
    {
        var rs = WithPeriod("court.defaulter", "P1Y");

        var again = RuleSetJson.Load(RuleSetJson.Write(rs.Definition)).GetValueOrThrow();

        Assert.Equal(Period.FromYears(1), again.FindItem("court.defaulter")!.RepairMinimumPeriod);
        Assert.Equal(rs.ContentHash, again.ContentHash);
        Assert.Contains("\"repairMinimumPeriod\":\"P1Y\"", Encoding.UTF8.GetString(RuleSetJson.WriteCanonical(rs.Definition)), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RepairBeforeTheMinimumPeriod_StillTakesEffect_TheEvaluatorDoesNotReadTheField()
    {
        var occurred = new LocalDate(2025, 1, 10);
        var repairedAt = Instant.FromUtc(2025, 2, 1, 2, 0);
        var record = new CreditRecord("t-1", Subject, "traffic.violation", occurred, "police", Instant.FromUtc(2025, 1, 11, 0, 0),
            events: ImmutableArray.Create(new RecordEvent(RecordEventType.Repaired, repairedAt)));
        var asOf = new LocalDate(2025, 3, 1);

        var without = CreditEvaluator.Evaluate(TestRuleSets.Mini, new[] { record }, asOf);
        var with = CreditEvaluator.Evaluate(WithPeriod("traffic.violation", "P1Y"), new[] { record }, asOf);

        Assert.Equal(RecordOutcome.Repaired, Assert.Single(with.Records).Outcome);
        Assert.Equal(without.Score, with.Score);
        Assert.Equal(100m, with.Score);
    }

    [Fact]
    public void Documentation_WithPeriods_ListsThemUnderCreditRepair_WithoutNone()
    {
        var page = RuleSetDocumentation.ToMarkdown(WithPeriod("court.defaulter", "P1Y"));
        var plain = RuleSetDocumentation.ToMarkdown(TestRuleSets.Mini);

        Assert.Contains("| `court.defaulter` | 失信被执行人 | Judgment defaulter | 严重 serious | `P1Y` 1年 1 year |", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("## 信用修复", StringComparison.Ordinal) < page.IndexOf("`court.defaulter` | 失信被执行人 | Judgment defaulter | 严重", StringComparison.Ordinal));
        Assert.DoesNotContain("最短期限 Minimum period", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseCheckFixture_Validates_WithThreeMonthsForGeneralAndOneYearForSerious()
    {
        var json = File.ReadAllText(RepositoryFiles.PathOf("tests", "Packaging", "fixtures", "zhengzhou.shangding-2027.1.0.json"));

        var rs = RuleSetJson.Load(json, "fixture").GetValueOrThrow();

        var negatives = rs.Items.Where(i => i.Polarity == Polarity.Negative).ToList();
        Assert.NotEmpty(negatives);
        Assert.All(negatives, i => Assert.Equal(i.Severity == Severity.Serious ? Period.FromYears(1) : Period.FromMonths(3), i.RepairMinimumPeriod));
        Assert.All(rs.Items.Where(i => i.Polarity == Polarity.Positive), i => Assert.Null(i.RepairMinimumPeriod));
    }
}
