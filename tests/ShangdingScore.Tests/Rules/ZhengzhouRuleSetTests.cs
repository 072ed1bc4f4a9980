using NodaTime;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

public class ZhengzhouRuleSetTests
{
    private static readonly string[] FiveDimensions = { "honours", "social-morality", "professional-ethics", "family-virtue", "law-abiding" };

    [Fact]
    public void Default_Loads_HasIdVersionAndScaleOfTheLaunch()
    {
        var rs = ZhengzhouRuleSets.Default;
        Assert.Equal("zhengzhou.shangding", rs.Id);
        Assert.Equal("2019.1.0", rs.Version.ToString());
        Assert.Equal(new LocalDate(2019, 8, 1), rs.EffectiveFrom);
        Assert.Equal("Asia/Shanghai", rs.TimeZone.Id);
        Assert.Equal(100m, rs.Base);
        Assert.Equal(0m, rs.Min);
        Assert.Equal(200m, rs.Max);
        Assert.Equal(100m, rs.MaxBonus);
        Assert.Equal(1, rs.Precision);
        Assert.Equal(Period.Zero, rs.Repair.Delay);
        Assert.StartsWith("sha256:", rs.ContentHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_Items_AtLeast24AcrossAllFiveDimensions()
    {
        var rs = ZhengzhouRuleSets.Default;
        Assert.True(rs.Items.Length >= 24, $"only {rs.Items.Length} items");
        Assert.Equal(FiveDimensions, rs.Dimensions.Select(d => d.Code));
        foreach (var dim in FiveDimensions)
        {
            Assert.Contains(rs.Items, i => i.Dimension == dim);
        }

        Assert.All(rs.Dimensions, d => Assert.NotNull(d.PositiveCap));
        Assert.Contains(rs.Items, i => i.Polarity == Polarity.Negative && i.Severity == Severity.Serious);
        Assert.Contains(rs.Items, i => i.PointsPerUnit is not null);
    }

    [Fact]
    public void Default_EveryNamedThing_HasChineseAndEnglishNames()
    {
        var rs = ZhengzhouRuleSets.Default;
        var names = rs.Items.Select(i => i.Name)
            .Concat(rs.Dimensions.Select(d => d.Name))
            .Concat(rs.Grades.Select(g => g.Name))
            .Concat(rs.Requirements.Select(r => r.Name))
            .Append(rs.Name);
        Assert.All(names, n =>
        {
            Assert.False(string.IsNullOrWhiteSpace(n.ZhCn));
            Assert.False(string.IsNullOrWhiteSpace(n.En));
            Assert.Contains(n.ZhCn, c => c >= '\u4e00' && c <= '\u9fff');
        });
    }

    [Fact]
    public void Default_Requirements_AnyNegativeCapsAtOutstandingAndSeriousAtPoor()
    {
        var rs = ZhengzhouRuleSets.Default;
        Assert.Contains(rs.Requirements, r => r.When == RequirementCondition.AnyNegative && r.CapGradeAt == "outstanding");
        Assert.Contains(rs.Requirements, r => r.When == RequirementCondition.AnySeriousNegative && r.CapGradeAt == "poor");
        Assert.Equal(new[] { "poor", "slightly-untrustworthy", "good", "outstanding", "excellent" }, rs.Grades.Select(g => g.Code));
    }

    [Fact]
    public void Load_SameVersionTwice_ReturnsTheSameInstance()
    {
        Assert.Same(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.DefaultVersion), ZhengzhouRuleSets.Default);
        Assert.Contains(ZhengzhouRuleSets.DefaultVersion, ZhengzhouRuleSets.AvailableVersions);
    }

    [Fact]
    public void Load_UnknownVersion_ThrowsNamingTheShippedVersions()
    {
        var ex = Assert.Throws<ArgumentException>(() => ZhengzhouRuleSets.Load(RuleSetVersion.Parse("1999.1.0")));
        Assert.Contains("1999.1.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2019.1.0", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ZhengzhouRuleSets.GetJson(RuleSetVersion.Parse("1999.1.0")));
    }

    [Fact]
    public void GetJson_DefaultVersion_LoadsToTheSameContentHash()
    {
        var json = ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.DefaultVersion);
        var reloaded = RuleSetJson.Load(json).GetValueOrThrow();
        Assert.Equal(ZhengzhouRuleSets.Default.ContentHash, reloaded.ContentHash);
    }

    [Fact]
    public void History_ShippedVersions_DefaultInForceFromLaunchDay()
    {
        var history = ZhengzhouRuleSets.History;
        Assert.Equal("zhengzhou.shangding", history.Id);
        Assert.Null(history.InForceOn(new LocalDate(2019, 7, 31)));
        Assert.NotNull(history.InForceOn(new LocalDate(2019, 8, 1)));
    }
}
