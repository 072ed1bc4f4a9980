using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Sources.Tests;

/// <summary>
/// Sources that do not observe their cancellation token: a hung source costs at most its timeout (it is
/// abandoned, not awaited) and the result is incomplete; the same for the enrolment source.
/// </summary>
public class UncooperativeSourceTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant T0 = Instant.FromUtc(2024, 1, 1, 0, 0);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    // Generous: the sources below hang for 20 s; anything near that means the call waited for them.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static CreditRecord R(string id) => new(id, S, "blood.donation", new LocalDate(2024, 2, 1), "p", T0);

    private static CompositeRecordSource Composite(params ICreditRecordSource[] sources) =>
        new(sources, new CompositeRecordSourceOptions { PerSourceTimeout = Short });

    [Fact]
    public async Task Collect_SourceIgnoresCancellationAndSleeps_CostsItsTimeoutAndItsLateRecordsAreNotUsed()
    {
        var sleeper = new SleepingSource("sleeper", TimeSpan.FromSeconds(20), R("late"));
        var watch = Stopwatch.StartNew();
        var result = await Composite(new InMemoryRecordSource("fast", new[] { R("a") }), sleeper).CollectAsync(new RecordQuery { Subject = S });

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("sleeper", failure.Source);
        Assert.Equal(SourceFailureKind.TimedOut, failure.Kind);
        Assert.Equal(new[] { "a" }, result.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task Collect_SourceBlocksItsThreadBeforeReturning_CostsItsTimeout()
    {
        var watch = Stopwatch.StartNew();
        var result = await Composite(new BlockingSource(TimeSpan.FromSeconds(3))).CollectAsync(new RecordQuery { Subject = S });

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
        Assert.Equal(SourceFailureKind.TimedOut, Assert.Single(result.Failures).Kind);
    }

    [Fact]
    public async Task Collect_AbandonedSourceThrowsLater_ItsExceptionIsObserved()
    {
        const string marker = "thrown after being abandoned 7f3c";
        var unobserved = new List<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == marker)) lock (unobserved) unobserved.Add(e.Exception);
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            var result = await Composite(new SleepingSource("late-thrower", TimeSpan.FromMilliseconds(400), null, marker)).CollectAsync(new RecordQuery { Subject = S });
            Assert.Equal(SourceFailureKind.TimedOut, Assert.Single(result.Failures).Kind);
            await Task.Delay(800);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(100);
            lock (unobserved) Assert.Empty(unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    [Fact]
    public async Task Collect_CallerCancelsWhileASourceIgnoresIt_ThrowsPromptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var composite = new CompositeRecordSource(new ICreditRecordSource[] { new SleepingSource("sleeper", TimeSpan.FromSeconds(20), R("late")) });
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => composite.CollectAsync(new RecordQuery { Subject = S }, cts.Token));
        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task SourcedEvaluator_EnrolmentSourceIgnoresCancellation_IsIncompleteWithinItsTimeout()
    {
        var evaluator = Evaluator(new HangingEnrolmentSource());
        var watch = Stopwatch.StartNew();
        var result = await evaluator.EvaluateAsync(S, new LocalDate(2024, 6, 1));

        Assert.True(watch.Elapsed < Bound, $"took {watch.Elapsed}");
        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SourcedEvaluator.EnrolmentSourceName, failure.Source);
        Assert.Equal(SourceFailureKind.TimedOut, failure.Kind);
    }

    [Fact]
    public async Task SourcedEvaluator_EnrolmentSourceThrows_IsIncompleteNamingTheEnrolmentSource()
    {
        var result = await Evaluator(new ThrowingEnrolmentSource()).EvaluateAsync(S, new LocalDate(2024, 6, 1));

        Assert.False(result.IsComplete);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(SourcedEvaluator.EnrolmentSourceName, failure.Source);
        Assert.Equal(SourceFailureKind.Failed, failure.Kind);
        Assert.Contains("enrolment register offline", failure.Reason);
        Assert.Null(result.Evaluation.Score);
    }

    [Fact]
    public async Task SourcedEvaluator_CallerCancelsWhileTheEnrolmentSourceHangs_Throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var evaluator = new SourcedEvaluator(RuleSetHistory.Create(new[] { MiniRules.Load() }),
            new CompositeRecordSource(new[] { new InMemoryRecordSource("good", new[] { R("a") }) }),
            new HangingEnrolmentSource());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluator.EvaluateAsync(S, new LocalDate(2024, 6, 1), cancellationToken: cts.Token));
    }

    private static SourcedEvaluator Evaluator(IEnrolmentSource enrolments) =>
        new(RuleSetHistory.Create(new[] { MiniRules.Load() }), Composite(new InMemoryRecordSource("good", new[] { R("a") })), enrolments);

    /// <summary>Waits without looking at its token, then yields a record or throws.</summary>
    private sealed class SleepingSource(string name, TimeSpan sleep, CreditRecord? record, string? throwMessage = null) : ICreditRecordSource
    {
        public string Name => name;

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(sleep, CancellationToken.None);
            if (throwMessage is not null) throw new IOException(throwMessage);
            if (record is not null) yield return record;
        }
    }

    /// <summary>Blocks the calling thread before it even returns its enumerable.</summary>
    private sealed class BlockingSource(TimeSpan block) : ICreditRecordSource
    {
        public string Name => "blocking";

        public IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, CancellationToken cancellationToken)
        {
            Thread.Sleep(block);
            return AsyncEnumerable();
        }

        private static async IAsyncEnumerable<CreditRecord> AsyncEnumerable()
        {
            await Task.Yield();
            yield break;
        }
    }

    private sealed class HangingEnrolmentSource : IEnrolmentSource
    {
        public async ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None);
            return Enrolment.Since(new LocalDate(2020, 1, 1));
        }
    }

    private sealed class ThrowingEnrolmentSource : IEnrolmentSource
    {
        public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken) =>
            throw new IOException("enrolment register offline");
    }
}
