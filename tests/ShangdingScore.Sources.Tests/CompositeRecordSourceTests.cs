using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Sources.Tests;

public class CompositeRecordSourceTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);

    private static CreditRecord R(string id, params RecordEvent[] events) =>
        new(id, S, "blood.donation", new LocalDate(2024, 2, 1), "p", T0, 1m, events.ToImmutableArray());

    [Fact]
    public async Task Collect_TwoSources_MergesAndRemovesIdenticalCopiesOnly()
    {
        var disputed = R("b", new RecordEvent(RecordEventType.Disputed, T0.Plus(Duration.FromDays(3))));
        var a = new InMemoryRecordSource("a", new[] { R("a"), R("b") });
        var b = new InMemoryRecordSource("b", new[] { R("a"), disputed });
        var result = await new CompositeRecordSource(new[] { a, b }).CollectAsync(new RecordQuery { Subject = S });

        Assert.True(result.IsComplete);
        Assert.Equal(1, result.DuplicatesRemoved);
        Assert.Equal(3, result.Records.Length); // a once; b twice, because one copy carries a dispute
        Assert.Contains(disputed, result.Records);
    }

    [Fact]
    public async Task Collect_FailingSource_IsNamedAndItsRecordsAreNotUsed()
    {
        var good = new InMemoryRecordSource("good", new[] { R("a") });
        var result = await new CompositeRecordSource(new ICreditRecordSource[] { good, new ThrowingSource() }).CollectAsync(new RecordQuery { Subject = S });

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("throwing", failure.Source);
        Assert.Equal(SourceFailureKind.Failed, failure.Kind);
        Assert.Contains("provider offline", failure.Reason);
        Assert.Equal(new[] { "a" }, result.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task Collect_SlowSource_TimesOutAndIsNamed()
    {
        var composite = new CompositeRecordSource(new ICreditRecordSource[] { new InMemoryRecordSource("fast", new[] { R("a") }), new HangingSource() },
            new CompositeRecordSourceOptions { PerSourceTimeout = TimeSpan.FromMilliseconds(100) });
        var result = await composite.CollectAsync(new RecordQuery { Subject = S });

        var failure = Assert.Single(result.Failures);
        Assert.Equal("hanging", failure.Source);
        Assert.Equal(SourceFailureKind.TimedOut, failure.Kind);
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task Collect_CallerCancels_ThrowsInsteadOfReportingAFailure()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var composite = new CompositeRecordSource(new ICreditRecordSource[] { new HangingSource() });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => composite.CollectAsync(new RecordQuery { Subject = S }, cts.Token));
    }

    [Fact]
    public void Create_TwoSourcesWithOneName_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CompositeRecordSource(new[] { new InMemoryRecordSource("x", Array.Empty<CreditRecord>()), new InMemoryRecordSource("x", Array.Empty<CreditRecord>()) }));
        Assert.Contains("'x'", ex.Message);
    }

    [Fact]
    public async Task Collect_SourceReturnsAnotherSubjectsRecord_IsAFailureNotData()
    {
        var other = new CreditRecord("z", new SubjectId("S-2"), "blood.donation", new LocalDate(2024, 2, 1), "p", T0);
        var result = await new CompositeRecordSource(new[] { new InMemoryRecordSource("leaky", new[] { other }) }.Select(s => (ICreditRecordSource)new ForceSubjectSource(s, other)))
            .CollectAsync(new RecordQuery { Subject = S });
        Assert.False(result.IsComplete);
        Assert.Contains("S-2", Assert.Single(result.Failures).Reason);
    }

    [Fact]
    public async Task SourcedEvaluator_FailingSource_MarksTheEvaluationIncomplete()
    {
        var rules = RuleSetHistory.Create(new[] { MiniRules.Load() });
        var evaluator = new SourcedEvaluator(rules,
            new CompositeRecordSource(new ICreditRecordSource[] { new InMemoryRecordSource("good", new[] { R("a") }), new ThrowingSource() }),
            new InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment> { [S] = Enrolment.Since(new LocalDate(2020, 1, 1)) }));
        var result = await evaluator.EvaluateAsync(S, new LocalDate(2024, 6, 1));

        Assert.False(result.IsComplete);
        Assert.Equal("throwing", Assert.Single(result.Failures).Source);
        Assert.Equal(105m, result.Evaluation.Score);
    }

    [Fact]
    public async Task SourcedEvaluator_NotEnrolled_DoesNotReadRecords()
    {
        var evaluator = new SourcedEvaluator(RuleSetHistory.Create(new[] { MiniRules.Load() }),
            new CompositeRecordSource(new ICreditRecordSource[] { new ThrowingSource() }),
            new InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment>()));
        var result = await evaluator.EvaluateAsync(S, new LocalDate(2024, 6, 1));

        Assert.True(result.IsComplete);
        Assert.Equal(EvaluationStatus.NotEnrolled, result.Evaluation.Status);
        Assert.Null(result.Evaluation.Score);
    }

    private sealed class ThrowingSource : ICreditRecordSource
    {
        public string Name => "throwing";

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new IOException("provider offline");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    private sealed class HangingSource : ICreditRecordSource
    {
        public string Name => "hanging";

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }

    private sealed class ForceSubjectSource(ICreditRecordSource inner, CreditRecord record) : ICreditRecordSource
    {
        public string Name => inner.Name;

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return record;
        }
    }
}

internal static class MiniRules
{
    public static RuleSet Load() => RuleSetJson.Load("""
    {
      "schemaVersion": 1, "id": "test.sources", "version": "1.0.0",
      "name": { "zh-CN": "测试", "en": "Test" }, "effectiveFrom": "2019-01-01", "timeZone": "Asia/Shanghai",
      "base": 100, "min": 0, "max": 200, "maxBonus": 100, "precision": 1,
      "dimensions": [ { "code": "social-morality", "name": { "zh-CN": "社会公德", "en": "Social morality" } } ],
      "items": [ { "code": "blood.donation", "dimension": "social-morality", "name": { "zh-CN": "无偿献血", "en": "Blood donation" }, "polarity": "positive", "points": 5, "countsFor": "P2Y" } ],
      "grades": [
        { "code": "high", "name": { "zh-CN": "高", "en": "High" }, "lower": { "value": 100, "inclusive": true }, "upper": { "value": 200, "inclusive": true } },
        { "code": "low", "name": { "zh-CN": "低", "en": "Low" }, "lower": { "value": 0, "inclusive": true }, "upper": { "value": 100, "inclusive": false } }
      ]
    }
    """).GetValueOrThrow();
}
