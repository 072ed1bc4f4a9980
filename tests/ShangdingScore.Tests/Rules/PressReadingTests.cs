using System.Text.Json.Nodes;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

/// <summary>
/// Spec §2: press reports read the ends of the scale as "小于80" (below 80) and "大于150" (above 150).
/// That reading is a change of inclusivity on the shared bounds in the rule set — no code changes.
/// </summary>
public class PressReadingTests
{
    private static RuleSet PressReading()
    {
        var json = JsonNode.Parse(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion))!.AsObject();
        json["version"] = "2019.1.1-press";
        foreach (var grade in json["grades"]!.AsArray())
        {
            switch ((string)grade!["code"]!)
            {
                case "excellent": grade["lower"]!["inclusive"] = false; break;          // 大于150
                case "outstanding": grade["upper"]!["inclusive"] = true; break;
                case "slightly-untrustworthy": grade["lower"]!["inclusive"] = true; break;
                case "poor": grade["upper"]!["inclusive"] = false; break;               // 小于80
            }
        }

        return RuleSetJson.Load(json.ToJsonString(), "press-reading").GetValueOrThrow();
    }

    [Theory]
    [InlineData("79.9", "poor")]
    [InlineData("80", "slightly-untrustworthy")]
    [InlineData("100", "good")]
    [InlineData("150", "outstanding")]
    [InlineData("150.1", "excellent")]
    public void GradeOf_PressReadingOfTheEnds_IsOnlyAnInclusivityChange(string score, string grade)
    {
        Assert.Equal(grade, PressReading().GradeOf(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)).Code);
    }

    [Fact]
    public void Load_PressReadingWithOnlyOneSideFlipped_IsRefusedNamingTheScore()
    {
        var json = JsonNode.Parse(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion))!.AsObject();
        foreach (var grade in json["grades"]!.AsArray())
        {
            if ((string)grade!["code"]! == "poor") grade["upper"]!["inclusive"] = false;
        }

        var result = RuleSetJson.Load(json.ToJsonString(), "half-flipped");
        var error = Assert.Single(result.Errors);
        Assert.Equal(RuleSetErrorCodes.BandGap, error.Code);
        Assert.Equal(80m, error.Score);
    }
}
