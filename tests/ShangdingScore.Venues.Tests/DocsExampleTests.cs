using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

public class DocsExampleTests
{
    private static string Doc(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) dir = dir.Parent;
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", name));
    }

    [Fact]
    public void BenefitsDoc_ExampleCatalog_LoadsAndMatchesTheZhengzhouGrades()
    {
        var json = Regex.Match(Doc("benefits.md"), "```json\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var catalog = BenefitCatalogJson.Load(json).GetValueOrThrow();
        var b = catalog.Find("public.swimming-pool-half-price")!;
        Assert.Equal(0.5m, b.Terms.ChargeRate);
        Assert.Equal("good", b.MinimumGrade);
        Assert.Empty(BenefitCatalogJson.ValidateAgainst(catalog, ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)));
    }

    [Fact]
    public void BenefitsDoc_EveryDefaultBenefitCode_IsListed()
    {
        var doc = Doc("benefits.md");
        foreach (var b in DefaultBenefitCatalogs.Default.Benefits) Assert.Contains($"`{b.Code}`", doc);
    }

    [Fact]
    public void VenuesDoc_EveryQueryErrorCode_IsDocumentedAndDescribedInBothLanguages()
    {
        var doc = Doc("venues.md");
        var codes = typeof(QueryErrorCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
        Assert.Equal(9, codes.Length);
        foreach (var code in codes)
        {
            Assert.Contains($"| `{code}` |", doc);
            var text = QueryErrorCodes.Describe(code);
            Assert.False(string.IsNullOrWhiteSpace(text.ZhCn));
            Assert.False(string.IsNullOrWhiteSpace(text.En));
        }
    }
}
