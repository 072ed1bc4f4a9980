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
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
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
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
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
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
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
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        Assert.Contains(rs.Requirements, r => r.When == RequirementCondition.AnyNegative && r.CapGradeAt == "outstanding");
        Assert.Contains(rs.Requirements, r => r.When == RequirementCondition.AnySeriousNegative && r.CapGradeAt == "poor");
        Assert.Equal(new[] { "poor", "slightly-untrustworthy", "good", "outstanding", "excellent" }, rs.Grades.Select(g => g.Code));
    }

    [Fact]
    public void Load_SameVersionTwice_ReturnsTheSameInstance()
    {
        Assert.Same(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion));
        Assert.Contains(ZhengzhouRuleSets.LaunchVersion, ZhengzhouRuleSets.AvailableVersions);
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
        var json = ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion);
        var reloaded = RuleSetJson.Load(json).GetValueOrThrow();
        Assert.Equal(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).ContentHash, reloaded.ContentHash);
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

public class ZhengzhouScoringTests
{
    private static readonly SubjectId S = new("ZZ-1");
    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);
    private static readonly LocalDate AsOf = new(2024, 6, 1);

    private static CreditRecord R(string id, string item, int y, int m, int d, decimal qty = 1m) =>
        new(id, S, item, new LocalDate(y, m, d), "zz", T0, qty);

    [Fact]
    public void Evaluate_VolunteerAndDonationRecords_AddCappedPoints()
    {
        // volunteer 30 h × 0.1 = 3 → record cap 2; charity 2,500 yuan × 0.001 = 2.5; blood donation 3.
        // social morality 7.5 (cap 30). 100 + 7.5 = 107.5 → Good.
        var result = ShangdingScore.Evaluation.CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new[]
        {
            R("v1", "volunteer.service-hours", 2024, 3, 1, 30m),
            R("c1", "charity.donation", 2024, 2, 1, 2500m),
            R("b1", "blood.donation", 2023, 12, 1),
        }, AsOf);
        Assert.Equal(107.5m, result.Score);
        Assert.Equal("good", result.Grade!.Code);
    }

    [Fact]
    public void Evaluate_JudgmentDefaulterWithManyHonours_IsPoor()
    {
        // national honour 20 + provincial 10 = 30 (honours cap 30); judgment defaulter −30 (serious).
        // 100 + 30 − 30 = 100 → band Good, capped at Poor by the serious-negative requirement.
        var result = ShangdingScore.Evaluation.CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new[]
        {
            R("n1", "honour.national", 2023, 5, 1),
            R("p1", "honour.provincial", 2023, 6, 1),
            R("j1", "law.judgment-defaulter", 2024, 1, 15),
        }, AsOf);
        Assert.Equal(100m, result.Score);
        Assert.Equal("good", result.BandGrade!.Code);
        Assert.Equal("poor", result.Grade!.Code);
    }

    [Fact]
    public void EmbeddedResources_MatchTheFilesInTheRuleSetsFolder()
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf("src", "ShangdingScore.Rules.Zhengzhou", "RuleSets"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(files, ZhengzhouRuleSets.AvailableVersions.Select(v => $"{ZhengzhouRuleSets.Id}-{v}"));
    }

    [Fact]
    public void InForceOn_FromTheLaunchDay_IsTheVersionWithTheLatestEffectiveFromOnOrBeforeIt()
    {
        var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        Assert.Same(launch, ZhengzhouRuleSets.InForceOn(launch.EffectiveFrom));
        foreach (var day in new[] { launch.EffectiveFrom, new LocalDate(2025, 6, 30), new LocalDate(9999, 12, 31) })
        {
            var expected = ZhengzhouRuleSets.History.Versions.Last(v => v.EffectiveFrom <= day);
            Assert.Same(expected, ZhengzhouRuleSets.InForceOn(day));
        }
    }

    [Fact]
    public void InForceOn_BeforeTheEarliestVersion_ThrowsNamingTheFirstEffectiveDay()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ZhengzhouRuleSets.InForceOn(new LocalDate(2019, 7, 31)));
        Assert.Contains("2019-08-01", ex.Message, StringComparison.Ordinal);
    }
}
