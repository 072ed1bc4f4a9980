using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Rules;

/// <summary>
/// The loader's answer to hostile documents: ill-formed Unicode, numbers beyond the bounds of spec §3a,
/// oversized documents and floods of errors are located refusals, never exceptions.
/// </summary>
public class RuleSetLoaderBoundsTests
{
    private static JsonObject Valid() => JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();

    private static (string Path, string Code)[] Errors(string json, JsonLoadOptions? options = null) =>
        RuleSetJson.Load(json, null, options).Errors.Select(e => (e.Path, e.Code)).ToArray();

    private static (string Path, string Code)[] Errors(JsonObject doc) => Errors(doc.ToJsonString());

    [Fact]
    public void Load_UnpairedHighSurrogateEscapeInAValue_IsIllFormedUnicodeAtItsPath()
    {
        var json = TestRuleSets.MiniJson.Replace("\"test.mini\"", "\"\\ud800\"");
        var e = Assert.Single(RuleSetJson.Load(json).Errors);
        Assert.Equal(("$.id", RuleSetErrorCodes.IllFormedUnicode), (e.Path, e.Code));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("\\ud800", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnpairedLowSurrogateEscapeAsAPropertyName_IsIllFormedUnicodeNotAnException() =>
        Assert.Equal(new[] { ("$['\\udc00']", "ill-formed-unicode") }, Errors("{\"\\udc00\":1}"));

    [Fact]
    public void Load_UnknownPropertyWithSurrogateEscapeInsideAnItem_IsIllFormedUnicodeAtThatProperty()
    {
        var json = TestRuleSets.MiniJson.Replace("{ \"code\": \"blood.donation\",", "{ \"x\\ud800y\": true, \"code\": \"blood.donation\",");
        Assert.Equal(new[] { ("$.items[2]['x\\ud800y']", "ill-formed-unicode") }, Errors(json));
    }

    [Fact]
    public void Load_SurrogateEscapesInNestedArrays_AreEachReportedAtTheirIndex()
    {
        var json = TestRuleSets.MiniJson.Replace("\"repair\": { \"delay\": \"P0D\" }", "\"repair\": { \"delay\": \"P0D\", \"extra\": [[1, \"\\udfff\"], [\"ok\", \"\\ud800\\ud800\"]] }");
        Assert.Equal(new[] { ("$.repair.extra[0][1]", "ill-formed-unicode"), ("$.repair.extra[1][1]", "ill-formed-unicode") }, Errors(json));
    }

    [Fact]
    public void Load_EscapedSurrogatePairInAName_IsValidText()
    {
        var json = TestRuleSets.MiniJson.Replace("\"测试规则\"", "\"测试规则 \\ud83d\\ude00\"");
        var result = RuleSetJson.Load(json);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("测试规则 😀", result.RuleSet!.Name.ZhCn);
    }

    [Fact]
    public void Load_BytesThatAreNotUtf8InAString_IsIllFormedUnicodeAtItsPath()
    {
        var bytes = Encoding.UTF8.GetBytes(TestRuleSets.MiniJson.Replace("\"test.mini\"", "\"test.#\""));
        int at = Array.IndexOf(bytes, (byte)'#');
        bytes[at] = 0xFF;
        var e = Assert.Single(RuleSetJson.Load(bytes).Errors);
        Assert.Equal(("$.id", RuleSetErrorCodes.IllFormedUnicode), (e.Path, e.Code));
        Assert.Contains("0xFF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextWithAnUnpairedSurrogateCharacter_IsRefusedNotReplaced()
    {
        var e = Assert.Single(RuleSetJson.Load(TestRuleSets.MiniJson.Replace("测试规则", "测试\ud800规则")).Errors);
        Assert.Equal(("$", RuleSetErrorCodes.IllFormedUnicode), (e.Path, e.Code));
        Assert.Contains("U+D800 at line 5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max", "10000000000000000000", 0)]
    [InlineData("max", "1000000000000000", 4)]
    [InlineData("max", "1000000000000", 0)]
    [InlineData("min", "-79000000000000000000000000000", 1)]
    [InlineData("maxBonus", "79000000000000000000000000000", 1)]
    [InlineData("maxBonus", "0.12345", 1)]
    [InlineData("base", "1e400", 1)]
    public void Load_RootNumberBeyondTheBounds_IsInvalidValueAtItsPath(string field, string number, int precision)
    {
        var json = Valid();
        json["precision"] = precision;
        var text = json.ToJsonString().Replace($"\"{field}\":{json[field]!.ToJsonString()}", $"\"{field}\":{number}");
        var errors = RuleSetJson.Load(text).Errors;
        var e = Assert.Single(errors, x => x.Path == "$." + field);
        Assert.Equal(RuleSetErrorCodes.InvalidValue, e.Code);
        Assert.Contains("at most 12 integer digits and 4 decimals", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NestedNumbersBeyondTheBounds_AreEachReportedAtTheirPath()
    {
        var doc = Valid();
        doc["dimensions"]![0]!["positiveCap"] = 1e13m;
        doc["items"]![1]!["pointsPerUnit"] = 0.00001m;
        doc["items"]![1]!["recordCap"] = -1e12m;
        doc["items"]![3]!["itemCap"] = 1234567890123.5m;
        doc["grades"]![0]!["upper"]!["value"] = 1e15m;
        Assert.Equal(
            new[]
            {
                ("$.dimensions[0].positiveCap", "invalid-value"), ("$.items[1].pointsPerUnit", "invalid-value"), ("$.items[1].recordCap", "invalid-value"),
                ("$.items[3].itemCap", "invalid-value"), ("$.grades[0].upper.value", "invalid-value"),
            },
            Errors(doc));
    }

    [Fact]
    public void Load_NumbersAtTheBounds_AreAccepted()
    {
        var doc = Valid();
        doc["precision"] = 4;
        doc["min"] = -999999999999.9999m;
        doc["max"] = 999999999999.9999m;
        doc["maxBonus"] = 999999999999.9999m;
        doc["grades"]![0]!["upper"]!["value"] = 999999999999.9999m;
        doc["grades"]![4]!["lower"]!["value"] = -999999999999.9999m;
        doc["items"]![1]!["pointsPerUnit"] = 0.0001m;
        var result = RuleSetJson.Load(doc.ToJsonString());
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Create_DefinitionWithMaxBeyondTheBounds_ReturnsAnErrorInsteadOfThrowing()
    {
        var m = TestRuleSets.Mini.Definition;
        var d = new RuleSetDefinition
        {
            Id = m.Id, Version = m.Version, Name = m.Name, EffectiveFrom = m.EffectiveFrom, TimeZone = m.TimeZone, Base = m.Base, Min = m.Min, Max = 1e19m,
            MaxBonus = m.MaxBonus, Precision = m.Precision, Dimensions = m.Dimensions, Items = m.Items, Grades = m.Grades, Requirements = m.Requirements, Repair = m.Repair,
        };
        var e = Assert.Single(RuleSet.Create(d).Errors);
        Assert.Equal(("$.max", RuleSetErrorCodes.InvalidValue), (e.Path, e.Code));
    }

    [Fact]
    public void GradeScaleCreate_MinBeyondTheBounds_ReturnsAnErrorInsteadOfThrowing()
    {
        var result = GradeScale.Create(TestRuleSets.Mini.Definition.Grades, -7.9e28m, 200m, 1);
        var e = Assert.Single(result.Errors);
        Assert.Equal(("$.min", RuleSetErrorCodes.InvalidValue), (e.Path, e.Code));
    }

    [Fact]
    public void Load_DocumentLargerThanMaxDocumentBytes_IsRefusedBeforeParsingFromEveryInput()
    {
        var options = new JsonLoadOptions { MaxDocumentBytes = 100 };
        var bytes = Encoding.UTF8.GetBytes(TestRuleSets.MiniJson);
        var stream = new MemoryStream(bytes);
        foreach (var result in new[] { RuleSetJson.Load(TestRuleSets.MiniJson, "mini", options), RuleSetJson.Load(bytes, "mini", options), RuleSetJson.Load(stream, "mini", options) })
        {
            var e = Assert.Single(result.Errors);
            Assert.Equal(("$", RuleSetErrorCodes.DocumentTooLarge), (e.Path, e.Code));
            Assert.Contains("at most 100 bytes", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(101, stream.Position);
    }

    [Fact]
    public void Load_DocumentOverTheDefault16MiB_IsRefusedAndTheDefaultRuleSetIsFarBelowIt()
    {
        Assert.Equal(16 * 1024 * 1024, JsonLoadOptions.Default.MaxDocumentBytes);
        var padded = TestRuleSets.MiniJson + new string(' ', JsonLoadOptions.DefaultMaxDocumentBytes);
        Assert.Equal(new[] { ("$", "document-too-large") }, Errors(padded));
        Assert.True(RuleSetJson.Load(TestRuleSets.MiniJson + new string(' ', 1 << 20)).IsValid);
    }

    [Fact]
    public void Load_MoreErrorsThanMaxErrors_ListsTheFirstAndCountsTheRest()
    {
        var doc = Valid();
        var items = doc["items"]!.AsArray();
        for (int i = 0; i < 25; i++) items[i % items.Count]!["extra" + i] = i;
        var errors = RuleSetJson.Load(doc.ToJsonString(), null, new JsonLoadOptions { MaxErrors = 10 }).Errors;
        Assert.Equal(11, errors.Length);
        Assert.All(errors.Take(10), e => Assert.Equal(RuleSetErrorCodes.UnknownProperty, e.Code));
        Assert.Equal(("$", RuleSetErrorCodes.TooManyErrors), (errors[10].Path, errors[10].Code));
        Assert.StartsWith("15 more error(s)", errors[10].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThirtyThousandItemsEachWithAnUnknownProperty_ReportsTheFirstThousandAndCountsTheRest()
    {
        var sb = new StringBuilder(TestRuleSets.MiniJson.Length + (30_000 * 40));
        var item = "{ \"code\": \"x\", \"unknownProperty\": 1 },";
        var json = TestRuleSets.MiniJson.Replace("\"items\": [", "\"items\": [" + string.Concat(Enumerable.Repeat(item, 30_000)));
        var errors = RuleSetJson.Load(json).Errors;
        Assert.Equal(1001, errors.Length);
        Assert.Equal("$.items[0].unknownProperty", errors[0].Path);
        Assert.Equal(RuleSetErrorCodes.TooManyErrors, errors[1000].Code);
    }

    [Fact]
    public void ErrorSink_WorkPerErrorDoesNotGrowWithTheNumberOfErrors()
    {
        static long Work(int n)
        {
            var sink = new RuleSetErrorSink(1000);
            for (int i = 0; i < n; i++) sink.ReadFailed($"$.items[{i}].unknown", RuleSetErrorCodes.UnknownProperty, "x");
            for (int i = 0; i < n; i++) sink.Invalid($"$.items[{i}].code", RuleSetErrorCodes.InvalidValue, "y");
            for (int i = 0; i < n; i++) Assert.True(sink.Failed($"$.items[{i}]"));
            return sink.Probes;
        }

        long small = Work(20_000), large = Work(40_000);
        Assert.True(large <= (2 * small) + 100, $"work grew from {small} to {large} when the errors doubled");
        Assert.True(large / 40_000 <= 12, $"{large / 40_000} probes per error");
    }

    [Fact]
    public void Load_HugePropertyName_IsCutInPathAndMessage()
    {
        var name = new string('a', 10_000) + ".b";
        var e = Assert.Single(Errors(TestRuleSets.MiniJson.Replace("\"base\"", $"\"{name}\": 1, \"base\"")));
        Assert.Equal(RuleSetErrorCodes.UnknownProperty, e.Code);
        Assert.StartsWith("$['aaaa", e.Path, StringComparison.Ordinal);
        Assert.EndsWith("… (10002 characters)']", e.Path, StringComparison.Ordinal);
    }
}
