using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ShangdingScore.Rules;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261202,1234567891")]
public class RuleSetLawsTests
{
    [Fact]
    public void RuleSetLaws_MiniRuleSetInThreeLines_Hold()
    {
        var rules = RuleSetJson.Load(TestRuleSets.MiniJson).GetValueOrThrow();
        GradeScaleLaws.Verify(rules);
        RuleSetLaws.Verify(rules);
    }

    [Property(MaxTest = 10, Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public void RuleSetLaws_GeneratedRuleSet_Hold(RuleSet rules) =>
        RuleSetLaws.Verify(rules, new RuleSetLawOptions { MaxTest = 20 });

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property RuleSetLaws_CheckOnGeneratedCase_FindsNoViolation(EvaluationCase c)
    {
        var violations = RuleSetLaws.Check(c);
        return Prop.Label(violations.IsEmpty, string.Join("\n", violations));
    }
}
