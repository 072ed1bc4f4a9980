using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

public class RulesDocumentationTests
{
    private const string UpdateVariable = "UPDATE_DOCS";

    /// <summary>
    /// docs/rules-zhengzhou.md is the index of every shipped version and docs/rules/ holds one page per
    /// version, nothing else: shipping a version without regenerating the docs fails here.
    /// </summary>
    [Fact]
    public void RulesZhengzhouDocs_EveryShippedVersion_ComparedWithGenerated_AreUpToDate()
    {
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RepositoryFiles.PathOf("docs", "rules-zhengzhou.md")] = RuleSetDocumentation.ToIndexMarkdown(ZhengzhouRuleSets.History, "rules"),
        };
        foreach (var version in ZhengzhouRuleSets.History.Versions)
        {
            expected[RepositoryFiles.PathOf("docs", "rules", RuleSetDocumentation.PageName(version))] = RuleSetDocumentation.ToMarkdown(version);
        }

        var folder = RepositoryFiles.PathOf("docs", "rules");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder, "*.md").Where(f => !expected.ContainsKey(f))) File.Delete(stale);
            foreach (var (path, text) in expected) File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
            return;
        }

        var problems = new List<string>();
        foreach (var (path, text) in expected)
        {
            var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
            if (actual is null) problems.Add($"{Path.GetFileName(path)} is missing");
            else if (actual != text) problems.Add($"{Path.GetFileName(path)} is out of date");
        }

        if (Directory.Exists(folder))
        {
            problems.AddRange(Directory.GetFiles(folder, "*.md").Where(f => !expected.ContainsKey(f)).Select(f => $"docs/rules/{Path.GetFileName(f)} is not a shipped version"));
        }

        Assert.True(
            problems.Count == 0,
            string.Join("; ", problems) + $" (shipped: {string.Join(", ", ZhengzhouRuleSets.AvailableVersions)}). "
            + $"Regenerate with: {UpdateVariable}=1 dotnet test tests/ShangdingScore.Tests --filter FullyQualifiedName~RulesDocumentationTests, then commit docs/.");
    }

    [Fact]
    public void ToIndexMarkdown_TwoVersions_ListsNewestFirstWithTheDayEachStopsBeingInForce()
    {
        var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var json = ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
            .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal);
        var next = RuleSetJson.Load(json).GetValueOrThrow();
        Assert.Equal("2027.1.0", next.Version.ToString());

        var md = RuleSetDocumentation.ToIndexMarkdown(RuleSetHistory.Create(new[] { launch, next }), "rules");

        int newer = md.IndexOf("| `2027.1.0` | 2027-01-01 | — |", StringComparison.Ordinal);
        int older = md.IndexOf("| `2019.1.0` | 2019-08-01 | 2027-01-01 |", StringComparison.Ordinal);
        Assert.True(newer > 0 && older > newer, md);
        Assert.Contains("(rules/zhengzhou.shangding-2019.1.0.md)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_ZhengzhouDefault_ListsEveryItemDimensionAndGradeInBothLanguages()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var md = RuleSetDocumentation.ToMarkdown(rs);
        foreach (var item in rs.Items)
        {
            Assert.Contains($"| `{item.Code}` | {item.Name.ZhCn} | {item.Name.En} |", md, StringComparison.Ordinal);
        }

        foreach (var d in rs.Dimensions) Assert.Contains($"| `{d.Code}` | {d.Name.ZhCn} | {d.Name.En} |", md, StringComparison.Ordinal);
        Assert.Contains("| `excellent` | 信用极好 | Excellent | 150 ≤ s ≤ 200 | [150, 200] |", md, StringComparison.Ordinal);
        Assert.Contains("| `slightly-untrustworthy` | 轻微失信 | Slightly untrustworthy | 80 < s < 100 | (80, 100) |", md, StringComparison.Ordinal);
        Assert.Contains("| `poor` | 信用较差 | Poor | 0 ≤ s ≤ 80 | [0, 80] |", md, StringComparison.Ordinal);
        Assert.Contains("reference values", md, StringComparison.Ordinal);
        Assert.Contains("参考值", md, StringComparison.Ordinal);
        Assert.Contains("shipping a new rule-set version", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_SameRuleSet_IsDeterministic()
    {
        Assert.Equal(RuleSetDocumentation.ToMarkdown(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)), RuleSetDocumentation.ToMarkdown(RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)).GetValueOrThrow()));
    }
}
