using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

public class RulesDocumentationTests
{
    private const string UpdateVariable = "UPDATE_DOCS";

    [Fact]
    public void RulesZhengzhouDoc_ComparedWithGenerated_IsUpToDate()
    {
        var path = RepositoryFiles.PathOf("docs", "rules-zhengzhou.md");
        var expected = RuleSetDocumentation.ToMarkdown(ZhengzhouRuleSets.Default);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(path, expected, new System.Text.UTF8Encoding(false));
            return;
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "(missing)";
        Assert.True(
            expected == actual,
            $"docs/rules-zhengzhou.md is out of date with the shipped rule set {ZhengzhouRuleSets.Default}. "
            + $"Regenerate it with: {UpdateVariable}=1 dotnet test tests/ShangdingScore.Tests --filter FullyQualifiedName~RulesDocumentationTests, then commit the file.");
    }

    [Fact]
    public void ToMarkdown_ZhengzhouDefault_ListsEveryItemDimensionAndGradeInBothLanguages()
    {
        var rs = ZhengzhouRuleSets.Default;
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
        Assert.Equal(RuleSetDocumentation.ToMarkdown(ZhengzhouRuleSets.Default), RuleSetDocumentation.ToMarkdown(RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.DefaultVersion)).GetValueOrThrow()));
    }
}
