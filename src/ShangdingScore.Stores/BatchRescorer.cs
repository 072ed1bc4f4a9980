using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Stores;

/// <summary>What <see cref="BatchRescorer.RescoreAsync"/> scores, and how.</summary>
/// <remarks>Immutable after construction (init-only); thread-safe to share. New options may be added.</remarks>
public sealed class BatchRescoreOptions
{
    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private readonly int _chunkSize = 512;
    private readonly int _writeBatchSize = 20_000;

    /// <summary>The day every score is for.</summary>
    public required LocalDate AsOf { get; init; }

    /// <summary>The data view's instant (what was known then); null for everything.</summary>
    /// <value>The default is null.</value>
    public Instant? KnownAt { get; init; }

    /// <summary>A rule-set version to use instead of the one in force on <see cref="AsOf"/> (what-if, impact analysis); scores are then marked not in force.</summary>
    /// <value>The default is null (the version in force).</value>
    public RuleSetVersion? PinnedVersion { get; init; }

    /// <summary>How many threads score at once.</summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Subjects handed to a scoring thread at a time.</summary>
    /// <value>The default is 512.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int ChunkSize
    {
        get => _chunkSize;
        init => _chunkSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Scores written to the store in one call (one transaction).</summary>
    /// <value>The default is 20 000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int WriteBatchSize
    {
        get => _writeBatchSize;
        init => _writeBatchSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Whether to write the scores back to the store; false computes the summary only.</summary>
    /// <value>The default is true.</value>
    public bool WriteScores { get; init; } = true;

    /// <summary>Told after each write to the store (or each scored chunk when not writing); called on the writing task, one call at a time.</summary>
    /// <value>The default is null.</value>
    public IProgress<BatchRescoreProgress>? Progress { get; init; }
}

/// <summary>Where a batch rescoring is.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct BatchRescoreProgress
{
    /// <summary>Creates a report.</summary>
    public BatchRescoreProgress(long subjectsRead, long subjectsScored, long scoresWritten, TimeSpan elapsed)
    {
        SubjectsRead = subjectsRead;
        SubjectsScored = subjectsScored;
        ScoresWritten = scoresWritten;
        Elapsed = elapsed;
    }

    /// <summary>Subjects read from the store so far.</summary>
    public long SubjectsRead { get; }

    /// <summary>Subjects scored so far.</summary>
    public long SubjectsScored { get; }

    /// <summary>Scores written to the store so far.</summary>
    public long ScoresWritten { get; }

    /// <summary>Time since the rescoring started (a stopwatch, not the clock).</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>What a batch rescoring came to.</summary>
/// <remarks>Immutable.</remarks>
public sealed class BatchRescoreResult
{
    internal BatchRescoreResult(ScoringPlan plan, Instant? knownAt, long subjects, long scored, long notEnrolled, long notClean, ImmutableSortedDictionary<string, long> byGrade, long written, TimeSpan elapsed)
    {
        RuleSetId = plan.RuleSet.Id;
        RuleSetVersion = plan.RuleSet.Version.ToString();
        RuleSetContentHash = plan.RuleSet.ContentHash;
        RuleSetInForce = plan.InForce;
        AsOf = plan.AsOf;
        KnownAt = knownAt;
        Subjects = subjects;
        Scored = scored;
        NotEnrolled = notEnrolled;
        NotClean = notClean;
        ByGrade = byGrade;
        ScoresWritten = written;
        Elapsed = elapsed;
    }

    /// <summary>The rule set's id.</summary>
    public string RuleSetId { get; }

    /// <summary>The rule set's version.</summary>
    public string RuleSetVersion { get; }

    /// <summary>The rule set's content hash.</summary>
    public string RuleSetContentHash { get; }

    /// <summary>Whether the version was in force on <see cref="AsOf"/>.</summary>
    public bool RuleSetInForce { get; }

    /// <summary>The day scored.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The data view's instant; null for everything.</summary>
    public Instant? KnownAt { get; }

    /// <summary>Subjects read from the store.</summary>
    public long Subjects { get; }

    /// <summary>Subjects enrolled on <see cref="AsOf"/> and scored.</summary>
    public long Scored { get; }

    /// <summary>Subjects not enrolled on <see cref="AsOf"/>: no score.</summary>
    public long NotEnrolled { get; }

    /// <summary>Scored subjects whose result is not clean (a record set aside for a data problem).</summary>
    public long NotClean { get; }

    /// <summary>Scored subjects per grade code.</summary>
    public ImmutableSortedDictionary<string, long> ByGrade { get; }

    /// <summary>Scores written to the store.</summary>
    public long ScoresWritten { get; }

    /// <summary>How long it took (a stopwatch).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Subjects per second.</summary>
    public double SubjectsPerSecond => Elapsed > TimeSpan.Zero ? Subjects / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Scores every subject in an <see cref="ICreditStore"/> under a rule set as of a day, streaming:
/// one task reads subjects in store order, <see cref="BatchRescoreOptions.MaxDegreeOfParallelism"/>
/// tasks score chunks of them with <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest, Span{decimal})"/> (the score
/// with each dimension's points, kept in <see cref="StoredScore.DimensionPoints"/>), and one task writes the scores back in batches. Bounded channels between the stages keep memory flat whatever the
/// store's size (about 2 × threads chunks in flight). Works with any store.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Re-running is idempotent: scores are keyed by subject, rule set,
/// version, as-of and known-at. Each score carries the rule set's id, version and content hash.
/// An exception in any stage cancels the others and is rethrown; scores already written stay.
/// </remarks>
public sealed class BatchRescorer
{
    private readonly RuleSetHistory _rules;

    /// <summary>Creates a rescorer for the versions of one rule set.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
    public BatchRescorer(RuleSetHistory rules) => _rules = rules ?? throw new ArgumentNullException(nameof(rules));

    /// <summary>Rescores every subject in <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">No rule-set version is in force on <see cref="BatchRescoreOptions.AsOf"/>, or the pinned version is unknown.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<BatchRescoreResult> RescoreAsync(ICreditStore store, BatchRescoreOptions options, CancellationToken cancellationToken = default)
    {
        if (store is null) throw new ArgumentNullException(nameof(store));
        if (options is null) throw new ArgumentNullException(nameof(options));
        var plan = _rules.PlanFor(options.AsOf, options.PinnedVersion);
        var stopwatch = Stopwatch.StartNew();
        int workers = options.MaxDegreeOfParallelism;
        var toScore = Channel.CreateBounded<List<SubjectSnapshot>>(new BoundedChannelOptions(workers * 2) { SingleWriter = true, SingleReader = false });
        var toWrite = Channel.CreateBounded<StoredScore[]>(new BoundedChannelOptions(workers * 2) { SingleWriter = false, SingleReader = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failed.Token;
        long read = 0, scored = 0;
        var tallies = new Tally[workers];

        async Task ReadAsync()
        {
            var chunk = new List<SubjectSnapshot>(options.ChunkSize);
            await foreach (var subject in store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = options.KnownAt }, token).ConfigureAwait(false))
            {
                chunk.Add(subject);
                if (chunk.Count == options.ChunkSize)
                {
                    await toScore.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                    Interlocked.Add(ref read, chunk.Count);
                    chunk = new List<SubjectSnapshot>(options.ChunkSize);
                }
            }

            if (chunk.Count > 0)
            {
                await toScore.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                Interlocked.Add(ref read, chunk.Count);
            }
        }

        async Task ScoreAsync(int worker)
        {
            var tally = tallies[worker] = new Tally();
            while (await toScore.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (toScore.Reader.TryRead(out var chunk))
                {
                    var scores = new StoredScore[chunk.Count];
                    var points = new decimal[plan.RuleSet.Dimensions.Length];
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        var s = chunk[i];
                        var summary = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = plan.AsOf, KnownAt = options.KnownAt }, points);
                        tally.Add(summary);
                        scores[i] = StoredScore.From(plan, s.Subject, summary, points, options.KnownAt);
                    }

                    Interlocked.Add(ref scored, scores.Length);
                    await toWrite.Writer.WriteAsync(scores, token).ConfigureAwait(false);
                }
            }
        }

        async Task<long> WriteAsync()
        {
            long written = 0;
            var pending = new List<StoredScore>(options.WriteBatchSize);
            async Task FlushAsync()
            {
                if (options.WriteScores && pending.Count > 0)
                {
                    await store.WriteScoresAsync(pending, token).ConfigureAwait(false);
                    written += pending.Count;
                }

                pending.Clear();
                options.Progress?.Report(new BatchRescoreProgress(Interlocked.Read(ref read), Interlocked.Read(ref scored), written, stopwatch.Elapsed));
            }

            while (await toWrite.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (toWrite.Reader.TryRead(out var scores))
                {
                    pending.AddRange(scores);
                    if (pending.Count >= options.WriteBatchSize || !options.WriteScores) await FlushAsync().ConfigureAwait(false);
                }
            }

            await FlushAsync().ConfigureAwait(false);
            return written;
        }

        async Task Stage(Func<Task> stage, ChannelWriter<List<SubjectSnapshot>>? completes)
        {
            try
            {
                await stage().ConfigureAwait(false);
                completes?.TryComplete();
            }
            catch (Exception ex)
            {
                completes?.TryComplete(ex);
                failed.Cancel();
                throw;
            }
        }

        var reader = Task.Run(() => Stage(ReadAsync, toScore.Writer), token);
        var scorers = Enumerable.Range(0, workers).Select(w => Task.Run(() => Stage(() => ScoreAsync(w), null), token)).ToArray();
        var allScored = Task.WhenAll(scorers).ContinueWith(t => toWrite.Writer.TryComplete(t.Exception?.GetBaseException()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var writer = Task.Run(async () =>
        {
            try
            {
                return await WriteAsync().ConfigureAwait(false);
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }, token);

        try
        {
            await Task.WhenAll(reader, Task.WhenAll(scorers), allScored, writer).ConfigureAwait(false);
        }
        catch when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception) when (FirstRealFailure(reader, scorers, writer) is { } real)
        {
            throw real;
        }

        var total = new Tally();
        foreach (var t in tallies) total.Merge(t);
        return new BatchRescoreResult(plan, options.KnownAt, Interlocked.Read(ref read), total.Scored, total.NotEnrolled, total.NotClean, total.ByGrade.ToImmutableSortedDictionary(StringComparer.Ordinal), await writer.ConfigureAwait(false), stopwatch.Elapsed);
    }

    private static Exception? FirstRealFailure(Task reader, Task[] scorers, Task writer) =>
        new[] { reader, writer }.Concat(scorers)
            .Where(t => t.IsFaulted)
            .Select(t => t.Exception!.GetBaseException())
            .FirstOrDefault(e => e is not OperationCanceledException);

    private sealed class Tally
    {
        public long Scored;
        public long NotEnrolled;
        public long NotClean;
        public readonly Dictionary<string, long> ByGrade = new(StringComparer.Ordinal);

        public void Add(ScoreSummary summary)
        {
            if (summary.Status != EvaluationStatus.Scored)
            {
                NotEnrolled++;
                return;
            }

            Scored++;
            if (!summary.IsClean) NotClean++;
            var code = summary.Grade!.Code;
            ByGrade[code] = ByGrade.TryGetValue(code, out var n) ? n + 1 : 1;
        }

        public void Merge(Tally? other)
        {
            if (other is null) return;
            Scored += other.Scored;
            NotEnrolled += other.NotEnrolled;
            NotClean += other.NotClean;
            foreach (var kv in other.ByGrade) ByGrade[kv.Key] = ByGrade.TryGetValue(kv.Key, out var n) ? n + kv.Value : kv.Value;
        }
    }
}
