using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;

namespace ShangdingScore.Venues.Tests;

public class GatewayDecisionTests
{
    private const string Benefit = "healthcare.priority-referral";

    [Fact]
    public async Task DecideAsync_QueryAsksForDecisionOnWideGrant_DisclosesTheDecisionOnly()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(new VenueQuery { GrantToken = city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation), BenefitCode = Benefit, Scope = DisclosureScope.Decision });
        Assert.True(d.IsGranted);
        Assert.Equal(DisclosureScope.Decision, d.DisclosedScope);
        Assert.Null(d.Grade);
        Assert.Null(d.Score);
        Assert.Null(d.Explanation);
        Assert.Equal(new[] { DisclosedItems.Decision }, city.QueryLog.Entries[^1].Disclosed);
        Assert.Equal(DisclosureScope.Decision, city.QueryLog.Entries[^1].RequestedScope);
        Assert.Equal(1, d.Terms!.PriorityLevel);
        Assert.Equal(Instant.FromUtc(2026, 6, 1, 16, 0), d.ValidUntil);
    }

    [Fact]
    public async Task DecideAsync_QueryAsksForNoScope_DisclosesWhatTheGrantAllows()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.Grade), Benefit);
        Assert.Equal(DisclosureScope.Grade, d.DisclosedScope);
        Assert.NotNull(d.Grade);
        Assert.Null(city.QueryLog.Entries[^1].RequestedScope);
    }

    [Fact]
    public async Task DecideAsync_GradeScope_DisclosesGradeButNotScore()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.Grade), Benefit);
        Assert.Equal("outstanding", d.Grade!.Code);
        Assert.Null(d.Score);
        Assert.Null(d.Explanation);
        Assert.Equal(new[] { DisclosedItems.Decision, DisclosedItems.Grade }, city.QueryLog.Entries[^1].Disclosed);
    }

    [Fact]
    public async Task DecideAsync_ScoreScope_DisclosesScoreAndExplanationInBothLanguages()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation), Benefit);
        Assert.Equal(123.0m, d.Score);
        Assert.Contains("123", d.Explanation!.ZhCn);
        Assert.Contains("123", d.Explanation.En);
        Assert.NotEqual(d.Explanation.ZhCn, d.Explanation.En);
        Assert.Equal(new[] { DisclosedItems.Decision, DisclosedItems.Grade, DisclosedItems.Score, DisclosedItems.Explanation }, city.QueryLog.Entries[^1].Disclosed);
        var entry = Assert.Single(await city.QueryLog.ReadForSubjectAsync(TestCity.Outstanding, default));
        Assert.Equal(QueryOutcome.Answered, entry.Outcome);
        Assert.Equal(BenefitReasonCodes.Granted, entry.ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_GoodSubject_AnsweredButNotGranted()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Good, purpose: Benefit), Benefit);
        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.GradeBelowThreshold, d.ReasonCode);
        Assert.Null(d.Terms);
    }

    [Fact]
    public async Task DecideAsync_SourceFails_FailsClosedAsIncomplete()
    {
        var city = new TestCity { FailingSource = true };
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation), Benefit);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, d.ReasonCode);

        // The grade and score of what could be read are not disclosed as if they were the subject's.
        Assert.Null(d.Grade);
        Assert.Null(d.Score);
        Assert.Null(d.Explanation);
        Assert.Equal(DisclosureScope.Decision, d.DisclosedScope);
        Assert.Equal(new[] { DisclosedItems.Decision }, city.QueryLog.Entries[^1].Disclosed);
    }

    [Fact]
    public async Task DecideAsync_NotCleanData_FailsClosed()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Unclean), Benefit);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.EvaluationNotClean, d.ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_NotEnrolled_FailsClosedAndDisclosesNoGrade()
    {
        var city = new TestCity();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.NotEnrolled, scope: DisclosureScope.ScoreWithExplanation), Benefit);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.NotEnrolled, d.ReasonCode);
        Assert.Null(d.Grade);
        Assert.Null(d.Score);
        Assert.Equal(new[] { DisclosedItems.Decision }, city.QueryLog.Entries[^1].Disclosed);
    }

    [Fact]
    public async Task DecideAsync_AsOf_IsTodayInZhengzhouNotInUtc()
    {
        // 2026-06-01T17:00Z is 2026-06-02 01:00 in Asia/Shanghai. A national honour that occurred on
        // 2026-06-02 counts only if asOf is the Zhengzhou date: 120 Outstanding instead of 100 Good.
        var city = new TestCity();
        var subject = new SubjectId("S-midnight");
        city.Add(subject, "honour.national", new LocalDate(2026, 6, 2), Instant.FromUtc(2026, 6, 1, 16, 30));
        city.Clock.Reset(Instant.FromUtc(2026, 6, 1, 17, 0));
        var d = await city.Gateway().DecideAsync(city.Token(subject, scope: DisclosureScope.ScoreWithExplanation), Benefit);
        Assert.Equal(120.0m, d.Score);
        Assert.True(d.IsGranted);
        Assert.Equal(Instant.FromUtc(2026, 6, 2, 16, 0), d.ValidUntil);
    }

    [Fact]
    public async Task DecideAsync_KnownAt_IsNow_SoARecordEnteredLaterIsNotSeen()
    {
        var city = new TestCity();
        var subject = new SubjectId("S-later");
        city.Add(subject, "honour.national", new LocalDate(2026, 5, 1), TestCity.Now + Duration.FromHours(1));
        var d = await city.Gateway().DecideAsync(city.Token(subject, scope: DisclosureScope.ScoreWithExplanation), Benefit);
        Assert.Equal(100.0m, d.Score);
        Assert.False(d.IsGranted);
    }

    [Fact]
    public void Constructor_CatalogGradeUnknownToRuleSet_Throws()
    {
        var catalog = BenefitCatalogJson.Load("""
            { "schemaVersion": 1, "id": "t", "version": "1.0.0", "name": { "zh-CN": "测", "en": "T" }, "effectiveFrom": "2020-01-01",
              "families": [ { "code": "f", "name": { "zh-CN": "甲", "en": "F" }, "benefits": [ { "code": "f.a", "name": { "zh-CN": "一", "en": "A" }, "minimumGrade": "aaa" } ] } ] }
            """).GetValueOrThrow();
        var ex = Assert.Throws<BenefitCatalogValidationException>(() => new VenueGateway(
            new VenueGatewayOptions { VenueId = "v" },
            Rules.Zhengzhou.ZhengzhouRuleSets.History,
            new Sources.CompositeRecordSource(new[] { new Sources.InMemoryRecordSource("s", Array.Empty<CreditRecord>()) }),
            new Sources.InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment>()),
            catalog,
            GradeThresholdPolicy.Instance,
            new GrantVerifier(new InMemoryGrantKeyProvider(new GrantKey[] { TestCity.Key }), new InMemoryNonceStore(), new NodaTime.Testing.FakeClock(TestCity.Now)),
            new InMemoryQueryLog(),
            new NodaTime.Testing.FakeClock(TestCity.Now)));
        Assert.Equal("$.families[0].benefits[0].minimumGrade", Assert.Single(ex.Errors).Path);
    }
}
