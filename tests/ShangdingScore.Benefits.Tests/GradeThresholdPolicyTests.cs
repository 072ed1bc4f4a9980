using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Benefits.Tests;

public class GradeThresholdPolicyTests
{
    private static readonly LocalDate AsOf = new(2026, 6, 1);
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly SubjectId Subject = new("S-1");

    private static CreditEvaluation Evaluate(Enrolment enrolment, params (string Item, decimal Quantity)[] records) =>
        CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new EvaluationRequest
        {
            Subject = Subject,
            Enrolment = enrolment,
            Records = records.Select((r, i) => new CreditRecord($"r{i}", Subject, r.Item, new LocalDate(2026, 1, 1), "test", Instant.FromUtc(2026, 1, 2, 0, 0), r.Quantity)).ToImmutableArray(),
            AsOf = AsOf,
        });

    private static BenefitDecision Decide(CreditEvaluation evaluation, bool complete = true, string benefit = "public.rental-commission-60") =>
        GradeThresholdPolicy.Instance.Decide(new BenefitContext
        {
            Benefit = DefaultBenefitCatalogs.Default.Find(benefit)!,
            Evaluation = evaluation,
            RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion),
            IsComplete = complete,
            DecidedAt = Now,
        });

    private static readonly Enrolment Enrolled = Enrolment.Since(new LocalDate(2020, 1, 1));

    // 20 + 3 = 123: Outstanding, the default minimum.
    private static CreditEvaluation Outstanding() => Evaluate(Enrolled, ("honour.national", 1), ("blood.donation", 1));

    [Fact]
    public void Decide_OutstandingSubject_GrantsWithTermsUntilMidnightInZhengzhou()
    {
        var evaluation = Outstanding();
        Assert.Equal("outstanding", evaluation.Grade!.Code);
        var d = Decide(evaluation);
        Assert.True(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.Granted, d.ReasonCode);
        Assert.Equal(0.6m, d.Terms!.ChargeRate);
        Assert.Equal(Instant.FromUtc(2026, 6, 1, 16, 0), d.ValidUntil); // 2026-06-02T00:00+08:00
    }

    [Fact]
    public void Decide_GoodSubject_RefusesBelowThreshold()
    {
        var d = Decide(Evaluate(Enrolled, ("blood.donation", 1)));
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.GradeBelowThreshold, d.ReasonCode);
        Assert.Null(d.Terms);
        Assert.Null(d.ValidUntil);
    }

    [Fact]
    public void Decide_IncompleteEvaluation_FailsClosedEvenForAnExcellentSubject()
    {
        var d = Decide(Outstanding(), complete: false);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, d.ReasonCode);
    }

    [Fact]
    public void Decide_NotCleanEvaluation_FailsClosed()
    {
        var evaluation = Evaluate(Enrolled, ("honour.national", 1), ("blood.donation", 1), ("no.such-item", 1));
        Assert.False(evaluation.IsClean);
        Assert.Equal("outstanding", evaluation.Grade!.Code);
        Assert.Equal(BenefitReasonCodes.EvaluationNotClean, Decide(evaluation).ReasonCode);
    }

    [Fact]
    public void Decide_NotEnrolled_FailsClosedWithItsOwnReason()
    {
        var d = Decide(Evaluate(Enrolment.None, ("honour.national", 1)));
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.NotEnrolled, d.ReasonCode);
    }

    [Fact]
    public void Decide_MinimumGradeUnknownToRuleSet_FailsClosed()
    {
        var catalog = BenefitCatalogJson.Load("""
            { "schemaVersion": 1, "id": "t", "version": "1.0.0", "name": { "zh-CN": "测", "en": "T" }, "effectiveFrom": "2020-01-01",
              "families": [ { "code": "f", "name": { "zh-CN": "甲", "en": "F" }, "benefits": [ { "code": "f.a", "name": { "zh-CN": "一", "en": "A" }, "minimumGrade": "aaa" } ] } ] }
            """).GetValueOrThrow();
        var d = GradeThresholdPolicy.Instance.Decide(new BenefitContext { Benefit = catalog.Find("f.a")!, Evaluation = Outstanding(), RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), IsComplete = true, DecidedAt = Now });
        Assert.Equal(BenefitReasonCodes.MinimumGradeUnknown, d.ReasonCode);
        Assert.False(d.IsGranted);
    }

    [Fact]
    public void Decide_PerBenefitThreshold_GoodEnoughForAGoodMinimum()
    {
        var catalog = BenefitCatalogJson.Load("""
            { "schemaVersion": 1, "id": "t", "version": "1.0.0", "name": { "zh-CN": "测", "en": "T" }, "effectiveFrom": "2020-01-01",
              "families": [ { "code": "f", "name": { "zh-CN": "甲", "en": "F" }, "benefits": [ { "code": "f.a", "name": { "zh-CN": "一", "en": "A" }, "minimumGrade": "good", "validFor": "P7D" } ] } ] }
            """).GetValueOrThrow();
        var good = Evaluate(Enrolled, ("blood.donation", 1));
        var d = GradeThresholdPolicy.Instance.Decide(new BenefitContext { Benefit = catalog.Find("f.a")!, Evaluation = good, RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), IsComplete = true, DecidedAt = Now });
        Assert.True(d.IsGranted);
        Assert.Equal(Instant.FromUtc(2026, 6, 7, 16, 0), d.ValidUntil);
    }

    [Fact]
    public async Task DecideAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await GradeThresholdPolicy.Instance.DecideAsync(
            new BenefitContext { Benefit = DefaultBenefitCatalogs.Default.Benefits[0], Evaluation = Outstanding(), RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), IsComplete = true, DecidedAt = Now }, cts.Token));
    }

    [Fact]
    public void ReasonCodes_AreStableStringsWithBothLanguages()
    {
        var codes = typeof(BenefitReasonCodes).GetFields().Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Granted"] = "granted",
                ["EvaluationIncomplete"] = "evaluation-incomplete",
                ["EvaluationNotClean"] = "evaluation-not-clean",
                ["NotEnrolled"] = "not-enrolled",
                ["GradeBelowThreshold"] = "grade-below-threshold",
                ["MinimumGradeUnknown"] = "minimum-grade-unknown",
            },
            codes);
        foreach (var code in codes.Values)
        {
            var text = BenefitReasonCodes.Describe(code);
            Assert.NotEqual(text.ZhCn, text.En);
        }
    }

    [Fact]
    public void Refuse_WithGrantedCode_Throws() =>
        Assert.Throws<ArgumentException>(() => BenefitDecision.Refuse("x", BenefitReasonCodes.Granted));
}
