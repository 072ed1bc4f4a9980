using System.Text.Json.Nodes;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Rules;

/// <summary>Each test starts from a valid document, breaks one thing, and checks the exact error.</summary>
public class MalformedRuleSetTests
{
    private static JsonObject Valid() => JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();

    private static JsonObject Grade(JsonObject doc, string code) =>
        doc["grades"]!.AsArray().Select(g => g!.AsObject()).Single(g => (string?)g["code"] == code);

    private static JsonObject Item(JsonObject doc, int index) => doc["items"]![index]!.AsObject();

    private static RuleSetError SingleError(JsonObject doc) => SingleError(doc.ToJsonString());

    private static RuleSetError SingleError(string json)
    {
        var result = RuleSetJson.Load(json);
        Assert.False(result.IsValid);
        Assert.Null(result.RuleSet);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Load_ValidStartingPoint_IsValid()
    {
        Assert.True(RuleSetJson.Load(Valid().ToJsonString()).IsValid);
    }

    [Fact]
    public void Load_GoodUpperBound119Exclusive_ReportsBandGapAt119()
    {
        var doc = Valid();
        Grade(doc, "good")["upper"] = new JsonObject { ["value"] = 119, ["inclusive"] = false };
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.BandGap, e.Code);
        Assert.Equal("$.grades", e.Path);
        Assert.Equal(119m, e.Score);
        Assert.Equal("no grade band holds the score 119: the bands leave a gap there.", e.Message);
    }

    [Fact]
    public void Load_PoorUpperBound80ExclusiveReading_ReportsBandGapAt80()
    {
        // Slightly untrustworthy is (80, 100); making Poor [0, 80) too leaves 80 without a grade.
        var doc = Valid();
        Grade(doc, "poor")["upper"]!["inclusive"] = false;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.BandGap, e.Code);
        Assert.Equal(80m, e.Score);
    }

    [Fact]
    public void Load_OutstandingUpperBound150Inclusive_ReportsBandOverlapNamingTheScore()
    {
        var doc = Valid();
        Grade(doc, "outstanding")["upper"]!["inclusive"] = true;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.BandOverlap, e.Code);
        Assert.Equal("$.grades", e.Path);
        Assert.Equal(150m, e.Score);
        Assert.StartsWith("the score 150 falls in ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'excellent'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'outstanding'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BoundWithoutInclusive_ReportsRequiredAtItsPath()
    {
        var doc = Valid();
        Grade(doc, "good")["lower"]!.AsObject().Remove("inclusive");
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.Required, e.Code);
        Assert.Equal("$.grades[2].lower.inclusive", e.Path);
        Assert.Equal("'inclusive' is required: every bound states whether the band holds it.", e.Message);
    }

    [Fact]
    public void Load_MisspeltPoints_ReportsUnknownPropertyNotItsConsequence()
    {
        // The item now lacks a price, but that follows from the typo: the reader's error on the
        // item suppresses the validator's follow-on error on the same item.
        var doc = Valid();
        var item = Item(doc, 0);
        item.Remove("points");
        item["poinst"] = 15;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.UnknownProperty, e.Code);
        Assert.Equal("$.items[0].poinst", e.Path);
        Assert.Equal("'poinst' is not a property here; expected one of: code, dimension, name, polarity, severity, points, pointsPerUnit, recordCap, itemCap, countsFor, repairMinimumPeriod.", e.Message);
    }

    [Fact]
    public void Load_BothPointsAndPointsPerUnit_ReportsInvalidValueOnTheItem()
    {
        var doc = Valid();
        Item(doc, 0)["pointsPerUnit"] = 1;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.items[0]", e.Path);
        Assert.Equal("item 'honour.municipal' must have exactly one of 'points' (fixed per record) and 'pointsPerUnit' (× quantity).", e.Message);
    }

    [Fact]
    public void Load_NegativeItemCap_ReportsInvalidValue()
    {
        var doc = Valid();
        Item(doc, 1)["itemCap"] = -30;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.items[1].itemCap", e.Path);
        Assert.Equal("must not be negative; it is -30.", e.Message);
    }

    [Fact]
    public void Load_NegativeDimensionCap_ReportsInvalidValue()
    {
        var doc = Valid();
        doc["dimensions"]![0]!["positiveCap"] = -1;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.dimensions[0].positiveCap", e.Path);
    }

    [Fact]
    public void Load_ItemOfUnknownDimension_ReportsUnknownReference()
    {
        var doc = Valid();
        Item(doc, 2)["dimension"] = "social-morals";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.UnknownReference, e.Code);
        Assert.Equal("$.items[2].dimension", e.Path);
        Assert.Equal("'social-morals' is not the code of a dimension in $.dimensions.", e.Message);
    }

    [Fact]
    public void Load_DuplicateItemCode_ReportsDuplicateCodeOnTheSecond()
    {
        var doc = Valid();
        Item(doc, 2)["code"] = "volunteer.hours";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.DuplicateCode, e.Code);
        Assert.Equal("$.items[2].code", e.Path);
        Assert.Equal("item code 'volunteer.hours' is used twice.", e.Message);
    }

    [Theory]
    [InlineData("P1H")]
    [InlineData("1Y")]
    [InlineData("PT1H")]
    [InlineData("P-1Y")]
    [InlineData("")]
    public void Load_BadWindow_ReportsInvalidValueOnCountsFor(string window)
    {
        var doc = Valid();
        Item(doc, 0)["countsFor"] = window;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.items[0].countsFor", e.Path);
    }

    [Fact]
    public void Load_ZeroWindow_ReportsInvalidValueBecauseItWouldNeverCount()
    {
        var doc = Valid();
        Item(doc, 0)["countsFor"] = "P0D";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.items[0].countsFor", e.Path);
    }

    [Fact]
    public void Load_UnknownTimeZone_ReportsInvalidValue()
    {
        var doc = Valid();
        doc["timeZone"] = "Asia/Zhengzhou";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.timeZone", e.Path);
        Assert.Equal("'Asia/Zhengzhou' is not a known IANA time zone id such as Asia/Shanghai.", e.Message);
    }

    [Theory]
    [InlineData("2019.1")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    public void Load_BadSemVer_ReportsInvalidValueOnVersion(string version)
    {
        var doc = Valid();
        doc["version"] = version;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.version", e.Path);
    }

    [Fact]
    public void Load_CapGradeAtUnknownGrade_ReportsUnknownReference()
    {
        var doc = Valid();
        doc["requirements"]![0]!["capGradeAt"] = "very-good";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.UnknownReference, e.Code);
        Assert.Equal("$.requirements[0].capGradeAt", e.Path);
        Assert.Equal("'very-good' is not the code of a grade in $.grades.", e.Message);
    }

    [Fact]
    public void Load_Precision7_ReportsInvalidValue()
    {
        var doc = Valid();
        doc["precision"] = 7;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.precision", e.Path);
        Assert.Equal("precision must be a whole number from 0 to 4; it is 7.", e.Message);
    }

    [Fact]
    public void Load_BaseAboveMax_ReportsInvalidValueOnBase()
    {
        var doc = Valid();
        doc["base"] = 250;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.base", e.Path);
        Assert.Equal("base (250) must lie within [min, max] = [0, 200].", e.Message);
    }

    [Fact]
    public void Load_BaseOffThePrecisionGrid_ReportsInvalidValueOnBase()
    {
        var doc = Valid();
        doc["base"] = 100.05m;
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.base", e.Path);
    }

    [Fact]
    public void Load_MissingComma_ReportsSyntaxWithLineNumber()
    {
        var json = TestRuleSets.MiniJson.Replace("\"version\": \"1.0.0\",", "\"version\": \"1.0.0\"", StringComparison.Ordinal);
        int line = TestRuleSets.MiniJson.Split('\n').TakeWhile(l => !l.Contains("\"name\": { \"zh-CN\": \"测试规则\"", StringComparison.Ordinal)).Count() + 1;
        var e = SingleError(json);
        Assert.Equal(RuleSetErrorCodes.Syntax, e.Code);
        Assert.Equal("$", e.Path);
        Assert.StartsWith($"not well-formed JSON at line {line}, ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BaseAsString_ReportsWrongType()
    {
        var doc = Valid();
        doc["base"] = "100";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.WrongType, e.Code);
        Assert.Equal("$.base", e.Path);
        Assert.Equal("expected a number, found a string.", e.Message);
    }

    [Fact]
    public void Load_ItemsAsObject_ReportsWrongType()
    {
        var doc = Valid();
        doc["items"] = new JsonObject();
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.WrongType, e.Code);
        Assert.Equal("$.items", e.Path);
    }

    [Fact]
    public void Load_PositiveItemMarkedSerious_ReportsInvalidValueOnSeverity()
    {
        var doc = Valid();
        Item(doc, 0)["severity"] = "serious";
        var e = SingleError(doc);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Equal("$.items[0].severity", e.Path);
    }

    [Fact]
    public void Load_DuplicateProperty_ReportsDuplicateProperty()
    {
        var json = TestRuleSets.MiniJson.Replace("\"precision\": 1,", "\"precision\": 1, \"precision\": 2,", StringComparison.Ordinal);
        var e = SingleError(json);
        Assert.Equal(RuleSetErrorCodes.DuplicateProperty, e.Code);
        Assert.Equal("$.precision", e.Path);
    }

    [Fact]
    public void Load_SeveralErrors_ReportsEveryOneOfThem()
    {
        var doc = Valid();
        doc["timeZone"] = "Mars/Olympus";
        doc["precision"] = 7;
        Item(doc, 0)["poinst"] = 3;
        Item(doc, 1)["countsFor"] = "1Y";
        Item(doc, 2)["dimension"] = "nowhere";
        Item(doc, 3)["code"] = "volunteer.hours";
        doc["requirements"]![1]!["capGradeAt"] = "terrible";
        var result = RuleSetJson.Load(doc.ToJsonString(), "several.json");
        Assert.False(result.IsValid);
        var found = result.Errors.Select(e => (e.Code, e.Path)).ToHashSet();
        var expected = new[]
        {
            (RuleSetErrorCodes.InvalidValue, "$.timeZone"),
            (RuleSetErrorCodes.InvalidValue, "$.precision"),
            (RuleSetErrorCodes.UnknownProperty, "$.items[0].poinst"),
            (RuleSetErrorCodes.InvalidValue, "$.items[1].countsFor"),
            (RuleSetErrorCodes.UnknownReference, "$.items[2].dimension"),
            (RuleSetErrorCodes.DuplicateCode, "$.items[3].code"),
            (RuleSetErrorCodes.UnknownReference, "$.requirements[1].capGradeAt"),
        };
        Assert.Equal(expected.OrderBy(x => x.Item2, StringComparer.Ordinal), found.OrderBy(x => x.Path, StringComparer.Ordinal));

        var ex = Assert.Throws<RuleSetValidationException>(() => result.GetValueOrThrow());
        Assert.Equal(7, ex.Errors.Length);
        Assert.Contains("several.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 7 error(s)", ex.Message, StringComparison.Ordinal);
        foreach (var (_, path) in expected) Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
