using System.Collections.Immutable;

namespace ShangdingScore.Sources;

/// <summary>Options of a <see cref="CompositeRecordSource"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class CompositeRecordSourceOptions
{
    /// <summary>How long each source (and the enrolment source of a <see cref="SourcedEvaluator"/>) may take for one subject.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan PerSourceTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>A subject's records gathered from every source, and the sources that failed.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RecordCollection
{
    internal RecordCollection(ImmutableArray<CreditRecord> records, ImmutableArray<SourceFailure> failures, int duplicatesRemoved)
    {
        Records = records;
        Failures = failures;
        DuplicatesRemoved = duplicatesRemoved;
    }

    /// <summary>The records, identical copies removed; differing copies of one id are kept for the evaluator to merge.</summary>
    public ImmutableArray<CreditRecord> Records { get; }

    /// <summary>The sources that failed or timed out.</summary>
    public ImmutableArray<SourceFailure> Failures { get; }

    /// <summary>Whether every source answered in full.</summary>
    public bool IsComplete => Failures.IsEmpty;

    /// <summary>How many identical copies were removed.</summary>
    public int DuplicatesRemoved { get; }
}

/// <summary>
/// Reads several sources concurrently for one subject, each under its own timeout, and merges
/// their records. A source that fails or times out is named in <see cref="RecordCollection.Failures"/>
/// and nothing it returned is used, so the evaluation is marked incomplete rather than scored as if
/// complete. The timeout holds even for a source that ignores its cancellation token or blocks its
/// thread: such a source is abandoned at its timeout (never awaited past it; its eventual exception is
/// observed), so one call costs at most <see cref="CompositeRecordSourceOptions.PerSourceTimeout"/>.
/// A source that yields a record of another subject (or a null record) has failed: none of its records
/// are used. Records are de-duplicated by id: identical copies become one; copies that differ (other
/// events, other content) are all kept, because the evaluator merges them without losing a dispute.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CompositeRecordSource
{
    private readonly ImmutableArray<ICreditRecordSource> _sources;
    private readonly ImmutableArray<string> _names;
    private readonly CompositeRecordSourceOptions _options;

    /// <summary>Creates a composite.</summary>
    /// <exception cref="ArgumentNullException">An argument or a source is null.</exception>
    /// <exception cref="ArgumentException">No source is given, two share a name, or the timeout is not positive.</exception>
    public CompositeRecordSource(IEnumerable<ICreditRecordSource> sources, CompositeRecordSourceOptions? options = null)
    {
        if (sources is null) throw new ArgumentNullException(nameof(sources));
        _sources = sources.ToImmutableArray();
        _options = options ?? new CompositeRecordSourceOptions();
        if (_sources.IsEmpty) throw new ArgumentException("At least one record source is needed.", nameof(sources));
        if (_sources.Any(s => s is null)) throw new ArgumentNullException(nameof(sources), "A record source is null.");
        _names = _sources.Select(s => s.Name ?? throw new ArgumentException("A record source has no name.", nameof(sources))).ToImmutableArray();
        var dup = _names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"Two record sources are named '{dup.Key}'; names must be unique.", nameof(sources));
        if (_options.PerSourceTimeout <= TimeSpan.Zero) throw new ArgumentException("PerSourceTimeout must be positive.", nameof(options));
    }

    /// <summary>How long each source may take (<see cref="CompositeRecordSourceOptions.PerSourceTimeout"/>).</summary>
    public TimeSpan PerSourceTimeout => _options.PerSourceTimeout;

    /// <summary>The sources, in the order given.</summary>
    public ImmutableArray<ICreditRecordSource> Sources => _sources;

    /// <summary>Reads every source for <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the caller's cancellation is not a source failure).</exception>
    public async Task<RecordCollection> CollectAsync(RecordQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        var reads = _sources.Select((s, i) => ReadOneAsync(s, _names[i], query, cancellationToken)).ToArray();
        return Merge(await Task.WhenAll(reads).ConfigureAwait(false));
    }

    /// <summary>The only source, when there is one (it can then be read with its enrolment).</summary>
    internal ICreditRecordSource? OnlySource => _sources.Length == 1 ? _sources[0] : null;

    /// <summary>
    /// Reads the enrolment and records of <paramref name="source"/>, this composite's only source, in one read under the
    /// per-source timeout; the records checked and de-duplicated as <see cref="CollectAsync"/> does. When the read fails
    /// the enrolment is null and the collection names the failure.
    /// </summary>
    internal async Task<(Enrolment? Enrolment, RecordCollection Collection)> CollectEnrolledAsync(IEnrolledRecordSource source, RecordQuery query, CancellationToken cancellationToken)
    {
        var attempt = await Deadline.RunAsync(
            async token => Checked(await source.ReadEnrolledAsync(query, token).ConfigureAwait(false) ?? throw new InvalidOperationException("the source returned null."), query),
            _options.PerSourceTimeout,
            cancellationToken).ConfigureAwait(false);
        var outcome = Outcome(attempt.Succeeded ? attempt.Value.Records : null, attempt, _names[0]);
        return (attempt.Succeeded ? attempt.Value.Enrolment : null, Merge([outcome]));
    }

    /// <summary>
    /// The enrolment and records of a read of this composite's only source made elsewhere (along with a grant's status),
    /// checked and de-duplicated as <see cref="CollectEnrolledAsync"/> does, with the same answer when the check fails.
    /// </summary>
    internal (Enrolment? Enrolment, RecordCollection Collection) CollectRead(EnrolledRecords read, RecordQuery query)
    {
        try
        {
            var (enrolment, records) = Checked(read, query);
            return (enrolment, Merge([(records, null)]));
        }
        catch (InvalidOperationException ex)
        {
            return (null, Merge([(null, new SourceFailure(_names[0], SourceFailureKind.Failed, $"{ex.GetType().Name}: {ex.Message}"))]));
        }
    }

    /// <summary>The records of <paramref name="read"/>, each a record of the query's subject (<see cref="Checked(CreditRecord?, RecordQuery)"/>).</summary>
    private static (Enrolment Enrolment, List<CreditRecord> Records) Checked(EnrolledRecords read, RecordQuery query)
    {
        var list = new List<CreditRecord>(read.Records.Length);
        foreach (var r in read.Records) list.Add(Checked(r, query));
        return (read.Enrolment, list);
    }

    /// <summary>The records of the sources that answered, identical copies removed, and the failures of the others.</summary>
    private static RecordCollection Merge(IEnumerable<(List<CreditRecord>? Records, SourceFailure? Failure)> outcomes)
    {
        var failures = ImmutableArray.CreateBuilder<SourceFailure>();
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        var seen = new Dictionary<string, List<CreditRecord>>(StringComparer.Ordinal);
        int removed = 0;
        foreach (var (records_, failure) in outcomes)
        {
            if (failure is not null)
            {
                failures.Add(failure);
                continue;
            }

            foreach (var r in records_!)
            {
                if (!seen.TryGetValue(r.Id, out var copies))
                {
                    seen[r.Id] = new List<CreditRecord> { r };
                    records.Add(r);
                }
                else if (copies.Contains(r))
                {
                    removed++;
                }
                else
                {
                    copies.Add(r);
                    records.Add(r);
                }
            }
        }

        return new RecordCollection(records.ToImmutable(), failures.ToImmutable(), removed);
    }

    private async Task<(List<CreditRecord>? Records, SourceFailure? Failure)> ReadOneAsync(ICreditRecordSource source, string name, RecordQuery query, CancellationToken cancellationToken)
    {
        var attempt = await Deadline.RunAsync(token => DrainAsync(source, query, token), _options.PerSourceTimeout, cancellationToken).ConfigureAwait(false);
        return Outcome(attempt.Succeeded ? attempt.Value : null, attempt, name);
    }

    /// <summary>A source's records when its read succeeded, or its failure: timed out, or the exception's type and message.</summary>
    private (List<CreditRecord>? Records, SourceFailure? Failure) Outcome<T>(List<CreditRecord>? records, Attempt<T> attempt, string name)
    {
        if (attempt.Succeeded) return (records, null);
        return attempt.TimedOut
            ? (null, new SourceFailure(name, SourceFailureKind.TimedOut, $"no complete answer within {_options.PerSourceTimeout.TotalMilliseconds:0} ms."))
            : (null, new SourceFailure(name, SourceFailureKind.Failed, $"{attempt.Error!.GetType().Name}: {attempt.Error.Message}"));
    }

    private static async Task<List<CreditRecord>> DrainAsync(ICreditRecordSource source, RecordQuery query, CancellationToken cancellationToken)
    {
        var list = new List<CreditRecord>();
        await foreach (var r in source.ReadAsync(query, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Checked(r, query));
        }

        return list;
    }

    /// <summary><paramref name="r"/>, when it is a record of the query's subject; otherwise the source's answer is not used.</summary>
    private static CreditRecord Checked(CreditRecord? r, RecordQuery query)
    {
        if (r is null) throw new InvalidOperationException("the source yielded a null record.");

        // Another subject's record means the source answered the wrong question: none of its answer is used.
        if (r.Subject != query.Subject) throw new InvalidOperationException($"the source yielded record {r.Id} of subject {r.Subject} for a query about {query.Subject}.");
        return r;
    }
}
