using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

public class ZhengzhouGradeBoundaryTests
{
    [Theory]
    [InlineData("0", "poor")]
    [InlineData("79.9", "poor")]
    [InlineData("80", "poor")]
    [InlineData("80.1", "slightly-untrustworthy")]
    [InlineData("99.9", "slightly-untrustworthy")]
    [InlineData("100", "good")]
    [InlineData("119.9", "good")]
    [InlineData("120", "outstanding")]
    [InlineData("149.9", "outstanding")]
    [InlineData("150", "excellent")]
    [InlineData("200", "excellent")]
    public void GradeOf_DefaultRules_BoundaryScoreHasTheSpecifiedGrade(string score, string grade)
    {
        var value = decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(grade, ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).GradeOf(value).Code);
    }

    [Fact]
    public void Publish_99Point95_RoundsHalfAwayFromZeroTo100AndIsGood()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var published = rs.Publish(99.95m);
        Assert.Equal(100.0m, published);
        Assert.Equal("good", rs.GradeOf(published).Code);
    }

    [Fact]
    public void Publish_99Point85_RoundsHalfAwayFromZeroTo99Point9AndIsSlightlyUntrustworthy()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var published = rs.Publish(99.85m);
        Assert.Equal(99.9m, published);
        Assert.Equal("slightly-untrustworthy", rs.GradeOf(published).Code);
    }

    [Theory]
    [InlineData("-12.5", "0")]
    [InlineData("212.34", "200")]
    [InlineData("79.95", "80.0")]
    public void Publish_OutsideRangeOrAtMidpoint_ClampsThenRounds(string raw, string expected)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(decimal.Parse(expected, inv), ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).Publish(decimal.Parse(raw, inv)));
    }

    [Fact]
    public void GradeOf_UnroundedScore_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).GradeOf(99.95m));
    }
}
