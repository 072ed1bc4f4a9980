using ShangdingScore.Rules;

namespace ShangdingScore.Tests;

/// <summary>Small rule sets written in the tests, independent of the shipped Zhengzhou package.</summary>
internal static class TestRuleSets
{
    /// <summary>A compact rule set with the Zhengzhou band reading and every kind of cap.</summary>
    public const string MiniJson = """
    {
      "schemaVersion": 1,
      "id": "test.mini",
      "version": "1.0.0",
      "name": { "zh-CN": "测试规则", "en": "Test rules" },
      "effectiveFrom": "2019-01-01",
      "timeZone": "Asia/Shanghai",
      "base": 100, "min": 0, "max": 200, "maxBonus": 100, "precision": 1,
      "dimensions": [
        { "code": "honours", "name": { "zh-CN": "荣誉信息", "en": "Honours" }, "positiveCap": 40 },
        { "code": "social-morality", "name": { "zh-CN": "社会公德", "en": "Social morality" }, "positiveCap": 60 },
        { "code": "law", "name": { "zh-CN": "法律法规", "en": "Law-abiding" } }
      ],
      "items": [
        { "code": "honour.municipal", "dimension": "honours", "name": { "zh-CN": "市级荣誉", "en": "Municipal honour" }, "polarity": "positive", "points": 15, "countsFor": "P3Y" },
        { "code": "volunteer.hours", "dimension": "social-morality", "name": { "zh-CN": "志愿服务时长", "en": "Volunteer hours" }, "polarity": "positive", "pointsPerUnit": 0.5, "recordCap": 10, "itemCap": 30, "countsFor": "P1Y" },
        { "code": "blood.donation", "dimension": "social-morality", "name": { "zh-CN": "无偿献血", "en": "Blood donation" }, "polarity": "positive", "points": 5, "countsFor": "P2Y" },
        { "code": "traffic.violation", "dimension": "law", "name": { "zh-CN": "交通违法", "en": "Traffic violation" }, "polarity": "negative", "points": 2.5, "itemCap": 10, "countsFor": "P1Y" },
        { "code": "warning.only", "dimension": "law", "name": { "zh-CN": "警示记录", "en": "Warning" }, "polarity": "negative", "points": 0, "countsFor": "P6M" },
        { "code": "court.defaulter", "dimension": "law", "name": { "zh-CN": "失信被执行人", "en": "Judgment defaulter" }, "polarity": "negative", "severity": "serious", "points": 30, "countsFor": "P5Y" }
      ],
      "grades": [
        { "code": "excellent", "name": { "zh-CN": "信用极好", "en": "Excellent" }, "lower": { "value": 150, "inclusive": true }, "upper": { "value": 200, "inclusive": true } },
        { "code": "outstanding", "name": { "zh-CN": "信用优秀", "en": "Outstanding" }, "lower": { "value": 120, "inclusive": true }, "upper": { "value": 150, "inclusive": false } },
        { "code": "good", "name": { "zh-CN": "信用良好", "en": "Good" }, "lower": { "value": 100, "inclusive": true }, "upper": { "value": 120, "inclusive": false } },
        { "code": "slightly-untrustworthy", "name": { "zh-CN": "轻微失信", "en": "Slightly untrustworthy" }, "lower": { "value": 80, "inclusive": false }, "upper": { "value": 100, "inclusive": false } },
        { "code": "poor", "name": { "zh-CN": "信用较差", "en": "Poor" }, "lower": { "value": 0, "inclusive": true }, "upper": { "value": 80, "inclusive": true } }
      ],
      "requirements": [
        { "code": "excellent-requires-no-negative", "name": { "zh-CN": "信用极好须无不良信息", "en": "Excellent requires no negative record" }, "when": "any-negative", "capGradeAt": "outstanding" },
        { "code": "serious-negative-is-poor", "name": { "zh-CN": "严重失信为信用较差", "en": "A serious negative record means Poor" }, "when": "any-serious-negative", "capGradeAt": "poor" }
      ],
      "repair": { "delay": "P0D" }
    }
    """;

    private static readonly Lazy<RuleSet> MiniLazy = new(() => RuleSetJson.Load(MiniJson, "mini").GetValueOrThrow());

    public static RuleSet Mini => MiniLazy.Value;
}
