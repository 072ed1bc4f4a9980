using System.Text.Json;
using System.Text.RegularExpressions;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

public class RuleSetSchemaTests
{
    private static readonly Lazy<JsonDocument> Schema = new(() => JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("docs", "schemas", "ruleset.v1.schema.json"))));

    private static JsonElement SchemaRoot => Schema.Value.RootElement;

    [Fact]
    public void Schema_Header_IsDraft202012AndClosed()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", SchemaRoot.GetProperty("$schema").GetString());
        Assert.False(SchemaRoot.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void ZhengzhouJson_EveryPropertyName_IsDeclaredInTheSchema()
    {
        using var doc = JsonDocument.Parse(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion));
        var undeclared = new List<string>();
        Walk(doc.RootElement, SchemaRoot, "$", undeclared);
        Assert.Empty(undeclared);
    }

    [Fact]
    public void TestRuleSets_EveryPropertyName_IsDeclaredInTheSchema()
    {
        var fixture = File.ReadAllText(RepositoryFiles.PathOf("tests", "Packaging", "fixtures", "zhengzhou.shangding-2027.1.0.json"));
        foreach (var json in new[] { TestRuleSets.MiniJson, File.ReadAllText(RongchengStyleRuleSetTests.FilePath), fixture })
        {
            using var doc = JsonDocument.Parse(json);
            var undeclared = new List<string>();
            Walk(doc.RootElement, SchemaRoot, "$", undeclared);
            Assert.Empty(undeclared);
        }
    }

    /// <summary>
    /// The reader names the properties it accepts when it rejects an unknown one; the schema must
    /// declare exactly those, object by object, and close each object with additionalProperties false.
    /// </summary>
    [Theory]
    [InlineData("$", "")]
    [InlineData("$.name", "name")]
    [InlineData("$.dimensions[0]", "dimension")]
    [InlineData("$.items[0]", "item")]
    [InlineData("$.grades[0]", "grade")]
    [InlineData("$.grades[0].lower", "bound")]
    [InlineData("$.requirements[0]", "requirement")]
    [InlineData("$.repair", "repair")]
    public void Schema_ObjectProperties_MatchWhatTheReaderAccepts(string path, string _)
    {
        var node = JsonNodeAt(TestRuleSets.MiniJson, path);
        node["zzUnknown"] = 1;
        var json = RootOf(node).ToJsonString();
        var error = Assert.Single(RuleSetJson.Load(json).Errors, e => e.Code == RuleSetErrorCodes.UnknownProperty);
        Assert.Equal(path + ".zzUnknown", error.Path);
        var accepted = Regex.Match(error.Message, "expected one of: (.*)\\.$").Groups[1].Value.Split(new[] { ", " }, StringSplitOptions.None).OrderBy(s => s, StringComparer.Ordinal);

        var schemaNode = SchemaAt(path);
        Assert.False(schemaNode.GetProperty("additionalProperties").GetBoolean());
        var declared = schemaNode.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(s => s, StringComparer.Ordinal);
        Assert.Equal(accepted, declared);
    }

    private static System.Text.Json.Nodes.JsonObject JsonNodeAt(string json, string path)
    {
        System.Text.Json.Nodes.JsonNode node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (Match m in Regex.Matches(path, @"\.([A-Za-z$-]+)|\[(\d+)\]"))
        {
            node = m.Groups[1].Success ? node[m.Groups[1].Value]! : node[int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return node.AsObject();
    }

    private static System.Text.Json.Nodes.JsonNode RootOf(System.Text.Json.Nodes.JsonNode node) => node.Root;

    private static JsonElement SchemaAt(string path)
    {
        var node = SchemaRoot;
        foreach (Match m in Regex.Matches(path, @"\.([A-Za-z$-]+)|\[(\d+)\]"))
        {
            node = m.Groups[1].Success ? Resolve(node.GetProperty("properties").GetProperty(m.Groups[1].Value)) : Resolve(node.GetProperty("items"));
        }

        return node;
    }

    private static JsonElement Resolve(JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var r))
        {
            var target = r.GetString()!;
            Assert.StartsWith("#/$defs/", target, StringComparison.Ordinal);
            schema = SchemaRoot.GetProperty("$defs").GetProperty(target.Substring("#/$defs/".Length));
        }

        return schema;
    }

    private static void Walk(JsonElement value, JsonElement schema, string path, List<string> undeclared)
    {
        schema = Resolve(schema);
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (!schema.TryGetProperty("properties", out var props))
            {
                undeclared.Add(path + " (the schema declares no properties here)");
                return;
            }

            foreach (var p in value.EnumerateObject())
            {
                if (props.TryGetProperty(p.Name, out var sub)) Walk(p.Value, sub, path + "." + p.Name, undeclared);
                else undeclared.Add(path + "." + p.Name);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (!schema.TryGetProperty("items", out var itemSchema))
            {
                undeclared.Add(path + " (the schema declares no items here)");
                return;
            }

            int i = 0;
            foreach (var el in value.EnumerateArray()) Walk(el, itemSchema, $"{path}[{i++}]", undeclared);
        }
    }
}
