using ShangdingScore.Evaluation;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Venues.Tests;

public class WalkthroughTests
{
    [Fact]
    public async Task SampleCitizens_HaveTheGradesTheirNamesClaim()
    {
        var city = new SampleCity();
        foreach (var c in SampleCity.Citizens)
        {
            var e = await city.EvaluateAsync(c);
            Assert.True(e.IsClean);
            if (c.ExpectedGrade is null) Assert.Equal(EvaluationStatus.NotEnrolled, e.Status);
            else Assert.Equal(c.ExpectedGrade, e.Grade!.Code);
        }
    }

    [Fact]
    public async Task RunAsync_PrintsEachDecisionAndReasonInBothLanguages()
    {
        using var writer = new StringWriter();
        await VenueWalkthrough.RunAsync(writer);
        var text = writer.ToString();
        Assert.Contains("## 张伟 (Zhang Wei) · 166.0 信用极好 Excellent", text);
        Assert.Contains("## 李娜 (Li Na) · 105.0 信用良好 Good", text);
        Assert.Contains("## 王强 (Wang Qiang) · 70.0 信用较差 Poor", text);
        Assert.Contains("## 赵敏 (Zhao Min) · 未开通 not enrolled", text);
        Assert.Contains("[expired]", text);
        Assert.Contains("[not-enrolled]", text);
        Assert.Contains("[grade-below-threshold]", text);
        Assert.Contains("佣金：¥1599.99 → ¥959.99", text);
        Assert.Contains("Commission: ¥1599.99 → ¥959.99", text);
        Assert.Contains("信用等级符合条件", text);
        Assert.Contains("The credit grade qualifies", text);
        Assert.Contains("zz-homes-agency            public.rental-commission-60", text);
    }
}
