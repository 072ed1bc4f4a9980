using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Cli.Tests;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("S-001", "zh-CN")]
    [InlineData("S-001", "en")]
    [InlineData("S-003", "zh-CN")]
    [InlineData("S-004", "en")]
    public void Explain_DefaultRules_IsExactlyTheRendererOutputForTheSameInput(string subject, string lang)
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());

        var r = _ws.Run("explain", "--records", records, "--subject", subject, "--as-of", "2025-06-30", "--lang", lang);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected(subject, lang == "en" ? Language.En : Language.ZhCn), r.Stdout);
    }

    [Fact]
    public void Explain_WithoutLang_IsChinese()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());

        var r = _ws.Run("explain", "--records", records, "--subject", "S-002", "--as-of", "2025-06-30", "--version", "2019.1.0");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("S-002", Language.ZhCn), r.Stdout);
        Assert.Contains("商鼎分", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_KnownAtBeforeADispute_SeesTheRecordAsItWasThen()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());
        var knownAt = Instant.FromUtc(2025, 1, 15, 0, 0);

        var r = _ws.Run("explain", "--records", records, "--subject", "S-003", "--as-of", "2025-06-30", "--known-at", "2025-01-15T08:00:00+08:00", "--lang", "en");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("S-003", Language.En, knownAt), r.Stdout);
        Assert.NotEqual(Expected("S-003", Language.En), r.Stdout);
    }

    [Fact]
    public void Explain_LinesSetAside_AreReportedOnStderrWithTheirLineNumbers()
    {
        var bad = new Dictionary<int, string>
        {
            [1] = "{\"id\":\"x\",\"subject\":\"S-001\",\"item\":\"honour.national\",\"occurredOn\":\"2024-13-01\",\"provider\":\"p\",\"recordedAt\":\"2025-01-01T00:00:00Z\"}",
            [3] = "not json",
        };
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords(), bad);

        var r = _ws.Run("explain", "--records", records, "--subject", "S-001", "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("S-001", Language.ZhCn), r.Stdout);
        Assert.Contains("records.jsonl:2: $.occurredOn:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("[invalid-date]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("records.jsonl:5:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("[malformed-json]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 line(s)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Json_CarriesTheExplanationTheEvaluationAndTheLinesSetAside()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords(), new Dictionary<int, string> { [0] = "{}" });

        var r = _ws.Run("explain", "--records", records, "--subject", "S-001", "--as-of", "2025-06-30", "--lang", "en", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(Expected("S-001", Language.En), json["explanation"]!.GetValue<string>());
        var evaluation = Evaluate("S-001");
        Assert.Equal(evaluation.Score, json["evaluation"]!["score"]!.GetValue<decimal>());
        Assert.Equal(evaluation.RuleSet.ContentHash, json["evaluation"]!["ruleSet"]!["contentHash"]!.GetValue<string>());
        var setAside = json["setAside"]!.AsArray().Single()!;
        Assert.Equal(1, setAside["line"]!.GetValue<int>());
        Assert.Equal("missing-field", setAside["reason"]!.GetValue<string>());
    }

    [Fact]
    public void Explain_RulesFromAFileWithAnError_IsRefusedWithThePath()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());
        var rules = _ws.WriteRules("bad.json", doc => doc["base"] = 300);

        var r = _ws.Run("explain", "--rules", rules, "--records", records, "--subject", "S-001", "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("bad.json: $.base:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("[invalid-rule-set]", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_AsOfBeforeAnyVersion_IsRefusedAsNoVersionInForce()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());

        var r = _ws.Run("explain", "--records", records, "--subject", "S-001", "--as-of", "2018-01-01");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("[no-version-in-force]", r.Stderr, StringComparison.Ordinal);
    }

    private static CreditEvaluation Evaluate(string subject, Instant? knownAt = null)
    {
        var id = new SubjectId(subject);
        return CreditEvaluator.Evaluate(ZhengzhouRuleSets.History.PlanFor(Workspace.AsOf), new EvaluationRequest
        {
            Subject = id,
            Enrolment = Enrolment.Since(LocalDate.MinIsoValue),
            Records = Workspace.SampleRecords().Where(r => r.Subject == id).ToImmutableArray(),
            AsOf = Workspace.AsOf,
            KnownAt = knownAt,
        });
    }

    private static string Expected(string subject, Language language, Instant? knownAt = null) =>
        ExplanationRenderer.Render(Evaluate(subject, knownAt), language);
}
