using System.Diagnostics;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;

namespace ShangdingScore.Venues.Tests;

/// <summary>
/// Faults after the grant check: every query ends in a decision or a logged error, and the grant is used up
/// only by a query that reached a decision.
/// </summary>
public class GatewayFaultTests
{
    private const string Benefit = "healthcare.priority-referral";
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task DecideAsync_PolicyThrows_LogsPolicyFailedDisclosesNothingAndKeepsTheGrant()
    {
        var city = new TestCity { Policy = new Misbehaving.Policy(Behaviour.Throws, times: 1) };
        var gateway = city.Gateway();
        var token = city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation);

        var failed = await gateway.DecideAsync(token, Benefit);
        AssertError(failed, QueryErrorCodes.PolicyFailed);
        var entry = Assert.Single(city.QueryLog.Entries);
        Assert.Equal(QueryOutcome.Error, entry.Outcome);
        Assert.Equal(QueryErrorCodes.PolicyFailed, entry.ReasonCode);
        Assert.Equal(TestCity.Outstanding, entry.Subject);
        Assert.Empty(entry.Disclosed);

        var retry = await gateway.DecideAsync(token, Benefit);
        Assert.Equal(QueryOutcome.Answered, retry.Outcome);
        Assert.True(retry.IsGranted);
    }

    [Theory]
    [InlineData(Behaviour.HangsIgnoringCancellation)]
    [InlineData(Behaviour.Wrong)]
    public async Task DecideAsync_PolicyHangsOrReturnsNothing_FailsWithinItsTimeoutAsPolicyFailed(Behaviour behaviour)
    {
        var city = new TestCity { Policy = new Misbehaving.Policy(behaviour), PolicyTimeout = Short };
        var watch = Stopwatch.StartNew();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding), Benefit);
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        AssertError(d, QueryErrorCodes.PolicyFailed);
        Assert.Equal(QueryErrorCodes.PolicyFailed, Assert.Single(city.QueryLog.Entries).ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_RecordSourceIgnoresCancellation_AnswersIncompleteWithinTheTimeout()
    {
        var city = new TestCity { PerSourceTimeout = Short };
        city.ExtraSources.Add(new Misbehaving.RecordSource(Behaviour.HangsIgnoringCancellation));
        var watch = Stopwatch.StartNew();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding), Benefit);

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, d.ReasonCode);
    }

    [Theory]
    [InlineData(Behaviour.Throws)]
    [InlineData(Behaviour.HangsIgnoringCancellation)]
    [InlineData(Behaviour.Wrong)]
    public async Task DecideAsync_EnrolmentSourceFails_FailsClosedAsIncomplete(Behaviour behaviour)
    {
        var city = new TestCity { PerSourceTimeout = Short };
        city.EnrolmentSource = new Misbehaving.EnrolmentSource(behaviour, city.Enrolments);
        var watch = Stopwatch.StartNew();
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.Grade), Benefit);

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.False(d.IsGranted);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, d.ReasonCode);
        Assert.Null(d.Grade);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, Assert.Single(city.QueryLog.Entries).ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_RecordSourceYieldsAnotherSubjectsRecord_ItIsNotUsedAndTheAnswerIsIncomplete()
    {
        var city = new TestCity();
        city.ExtraSources.Add(new Misbehaving.RecordSource(Behaviour.Wrong));
        var d = await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding), Benefit);
        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.Equal(BenefitReasonCodes.EvaluationIncomplete, d.ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_QueryLogRefusesTheAnswer_ReturnsQueryLogFailedDisclosingNothingAndTheGrantIsUsed()
    {
        var log = new Misbehaving.QueryLog(QueryOutcome.Answered);
        var city = new TestCity { Log = log };
        var gateway = city.Gateway();
        var token = city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation);

        var d = await gateway.DecideAsync(token, Benefit);
        AssertError(d, QueryErrorCodes.QueryLogFailed);
        Assert.Equal(QueryErrorCodes.QueryLogFailed, Assert.Single(log.Inner.Entries).ReasonCode);

        // The decision was reached, so the grant is used; a retry is refused, not answered.
        Assert.Equal(GrantRefusalCodes.Replayed, (await gateway.DecideAsync(token, Benefit)).ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_QueryLogRefusesEverything_ReturnsAnErrorAndTellsTheOperatorLogger()
    {
        var city = new TestCity { Log = new Misbehaving.QueryLog(QueryOutcome.Answered, QueryOutcome.Refused, QueryOutcome.Error) };
        var logger = new CapturingLogger<VenueGateway>();
        var gateway = city.Gateway(logger);

        AssertError(await gateway.DecideAsync(city.Token(TestCity.Outstanding), Benefit), QueryErrorCodes.QueryLogFailed);
        AssertError(await gateway.DecideAsync("sdg1.x.y.z", Benefit), QueryErrorCodes.QueryLogFailed);
        Assert.Equal(2, logger.Lines.Count(l => l.Contains(" 5005 ")));
        Assert.Equal(2, logger.Lines.Count(l => l.Contains(" 5004 ")));
    }

    [Fact]
    public async Task DecideAsync_CallerCancelsDuringEvaluation_LogsCancelledThrowsAndKeepsTheGrant()
    {
        var city = new TestCity();
        city.ExtraSources.Add(new Misbehaving.RecordSource(Behaviour.HangsUntilCancelled, times: 1));
        var gateway = city.Gateway();
        var token = city.Token(TestCity.Outstanding);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.DecideAsync(token, Benefit, cts.Token));
        var entry = Assert.Single(city.QueryLog.Entries);
        Assert.Equal(QueryOutcome.Error, entry.Outcome);
        Assert.Equal(QueryErrorCodes.Cancelled, entry.ReasonCode);
        Assert.Equal(TestCity.Outstanding, entry.Subject);

        Assert.Equal(QueryOutcome.Answered, (await gateway.DecideAsync(token, Benefit)).Outcome);
    }

    [Fact]
    public async Task DecideAsync_CancelledBeforeItStarts_LogsCancelledAndThrows()
    {
        var city = new TestCity();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => city.Gateway().DecideAsync(city.Token(TestCity.Outstanding), Benefit, cts.Token));
        var entry = Assert.Single(city.QueryLog.Entries);
        Assert.Equal(QueryErrorCodes.Cancelled, entry.ReasonCode);
        Assert.Null(entry.Subject);
    }

    [Fact]
    public async Task DecideAsync_KeyProviderThrows_LogsGrantCheckFailed()
    {
        var city = new TestCity { Keys = new Misbehaving.ThrowingKeys() };
        AssertError(await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding), Benefit), QueryErrorCodes.GrantCheckFailed);
        Assert.Equal(QueryErrorCodes.GrantCheckFailed, Assert.Single(city.QueryLog.Entries).ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_NonceStoreThrowsWhenUsingTheGrant_LogsNonceStoreFailedAndDisclosesNothing()
    {
        var city = new TestCity { Nonces = new Misbehaving.BlindNonceStore(throws: true) };
        AssertError(await city.Gateway().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.Grade), Benefit), QueryErrorCodes.NonceStoreFailed);
        Assert.Equal(QueryErrorCodes.NonceStoreFailed, Assert.Single(city.QueryLog.Entries).ReasonCode);
    }

    [Fact]
    public async Task DecideAsync_ConcurrentQueriesOnOneGrant_ExactlyOneIsAnsweredTheRestRefusedAsReplayed()
    {
        var nonces = new Misbehaving.BlindNonceStore();
        var city = new TestCity { Nonces = nonces };
        var gateway = city.Gateway();
        var token = city.Token(TestCity.Outstanding);

        var all = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => gateway.DecideAsync(token, Benefit))));

        Assert.Single(all, d => d.Outcome == QueryOutcome.Answered);
        Assert.All(all.Where(d => d.Outcome != QueryOutcome.Answered), d => Assert.Equal(GrantRefusalCodes.Replayed, d.ReasonCode));
        Assert.Single(city.QueryLog.Entries, e => e.Outcome == QueryOutcome.Answered);
        Assert.Equal(11, city.QueryLog.Entries.Count(e => e.ReasonCode == GrantRefusalCodes.Replayed));
        Assert.Equal(1, nonces.Inner.Count);
    }

    private static void AssertError(VenueDecision d, string code)
    {
        Assert.Equal(QueryOutcome.Error, d.Outcome);
        Assert.Equal(code, d.ReasonCode);
        Assert.Equal(QueryErrorCodes.Describe(code), d.Reason);
        Assert.False(d.IsGranted);
        Assert.Null(d.Grade);
        Assert.Null(d.Score);
        Assert.Null(d.Explanation);
        Assert.Null(d.Terms);
        Assert.Null(d.DisclosedScope);
    }
}
