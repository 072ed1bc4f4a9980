using System.Text.Json.Nodes;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Rules;

public class ContentHashTests
{
    private static string Hash(string json) => RuleSetJson.Load(json).GetValueOrThrow().ContentHash;

    private static readonly string Original = Hash(TestRuleSets.MiniJson);

    [Fact]
    public void ContentHash_Format_IsSha256AndLowerCaseHex()
    {
        Assert.Matches("^sha256:[0-9a-f]{64}$", Original);
    }

    [Fact]
    public void ContentHash_WhitespaceRemoved_IsUnchanged()
    {
        var compact = JsonNode.Parse(TestRuleSets.MiniJson)!.ToJsonString();
        Assert.NotEqual(TestRuleSets.MiniJson, compact);
        Assert.Equal(Original, Hash(compact));
    }

    [Fact]
    public void ContentHash_PropertyOrderReversed_IsUnchanged()
    {
        static JsonNode? Reverse(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Reverse().Select(kv => KeyValuePair.Create(kv.Key, Reverse(kv.Value?.DeepClone())))),
            JsonArray a => new JsonArray(a.Select(x => Reverse(x?.DeepClone())).ToArray()),
            _ => node?.DeepClone(),
        };

        var reversed = Reverse(JsonNode.Parse(TestRuleSets.MiniJson))!.ToJsonString();
        Assert.StartsWith("{\"repair\"", reversed, StringComparison.Ordinal);
        Assert.Equal(Original, Hash(reversed));
    }

    [Fact]
    public void ContentHash_NumberSpelledDifferently_IsUnchanged()
    {
        // 0.5 → 0.50, 2.5 → 2.50, 100 → 100.0, 1e2 for 100 in maxBonus.
        var respelled = TestRuleSets.MiniJson
            .Replace("\"pointsPerUnit\": 0.5", "\"pointsPerUnit\": 0.50", StringComparison.Ordinal)
            .Replace("\"points\": 2.5", "\"points\": 2.50", StringComparison.Ordinal)
            .Replace("\"base\": 100", "\"base\": 100.0", StringComparison.Ordinal)
            .Replace("\"maxBonus\": 100", "\"maxBonus\": 1e2", StringComparison.Ordinal);
        Assert.NotEqual(TestRuleSets.MiniJson, respelled);
        Assert.Equal(Original, Hash(respelled));
    }

    [Fact]
    public void ContentHash_OnePointValueChanged_Changes()
    {
        var changed = TestRuleSets.MiniJson.Replace("\"points\": 2.5", "\"points\": 2.6", StringComparison.Ordinal);
        Assert.NotEqual(Original, Hash(changed));
    }

    [Fact]
    public void ContentHash_InclusivityFlipped_Changes()
    {
        var doc = JsonNode.Parse(TestRuleSets.MiniJson)!;
        doc["grades"]![0]!["lower"]!["inclusive"] = false; // Excellent (150, 200]
        doc["grades"]![1]!["upper"]!["inclusive"] = true;  // Outstanding [120, 150]
        Assert.NotEqual(Original, Hash(doc.ToJsonString()));
    }

    [Fact]
    public void ContentHash_SchemaReferenceAdded_IsUnchanged()
    {
        var doc = JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();
        doc.Insert(0, "$schema", "../docs/schemas/ruleset.v1.schema.json");
        Assert.Equal(Original, Hash(doc.ToJsonString()));
    }
}
