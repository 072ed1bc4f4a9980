using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Sources;

namespace ShangdingScore.Rights;

/// <summary>
/// A theme database in memory (tests, samples): record copies, lifecycle events kept once per
/// (subject, record id), and enrolment periods. It is also a record source and an enrolment source, so a
/// <c>VenueGateway</c> or a <c>SourcedEvaluator</c> reads what the workflows wrote.
/// </summary>
/// <remarks>Thread-safe: one lock guards the state; reads take a snapshot. Reads follow the <c>ICreditStore</c> rules: copies recorded after <c>knownAt</c> and events entered after it are left out.</remarks>
public sealed class InMemoryThemeDatabase : IThemeDatabase, ICreditRecordSource, IEnrolmentSource
{
    private readonly object _gate = new();
    private readonly List<CreditRecord> _copies = new();
    private readonly Dictionary<(SubjectId, string), List<RecordEvent>> _events = new();
    private readonly Dictionary<SubjectId, Enrolment> _enrolments = new();

    /// <summary>Creates a database holding <paramref name="records"/> (their events kept per record) and <paramref name="enrolments"/>.</summary>
    /// <exception cref="ArgumentNullException">An element is null.</exception>
    public InMemoryThemeDatabase(IEnumerable<CreditRecord>? records = null, IEnumerable<KeyValuePair<SubjectId, Enrolment>>? enrolments = null)
    {
        foreach (var r in records ?? Enumerable.Empty<CreditRecord>()) Add(r ?? throw new ArgumentNullException(nameof(records), "A record is null."));
        foreach (var e in enrolments ?? Enumerable.Empty<KeyValuePair<SubjectId, Enrolment>>()) _enrolments[e.Key] = e.Value ?? throw new ArgumentNullException(nameof(enrolments), "An enrolment is null.");
    }

    /// <inheritdoc />
    public string Name => "theme-db";

    /// <summary>Adds a delivered copy (its events are kept once per record), as an import would.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public void Add(CreditRecord record)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        lock (_gate)
        {
            var bare = record.WithEvents(ImmutableArray<RecordEvent>.Empty);
            if (!_copies.Contains(bare)) _copies.Add(bare);
            foreach (var e in record.Events) AddEvent(record.Subject, record.Id, e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CreditRecord> ReadRecordsAsync(SubjectId subject, Instant? knownAt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<CreditRecord> snapshot;
        lock (_gate)
        {
            snapshot = _copies
                .Where(c => c.Subject == subject && (knownAt is not { } k || c.RecordedAt <= k))
                .Select(c => c.WithEvents(_events.TryGetValue((c.Subject, c.Id), out var es)
                    ? es.Where(e => knownAt is not { } k || e.At <= k).ToImmutableArray()
                    : ImmutableArray<RecordEvent>.Empty))
                .ToList();
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var r in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return r;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, CancellationToken cancellationToken) =>
        ReadRecordsAsync((query ?? throw new ArgumentNullException(nameof(query))).Subject, query.KnownAt, cancellationToken);

    /// <inheritdoc />
    public ValueTask AppendRecordEventAsync(CreditRecord record, RecordEvent recordEvent, CancellationToken cancellationToken)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        if (recordEvent is null) throw new ArgumentNullException(nameof(recordEvent));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) AddEvent(record.Subject, record.Id, recordEvent);
        return default;
    }

    /// <inheritdoc />
    public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        lock (_gate) return new(_enrolments.TryGetValue(subject, out var e) ? e : Enrolment.None);
    }

    /// <inheritdoc />
    public ValueTask SetEnrolmentAsync(SubjectId subject, Enrolment enrolment, CancellationToken cancellationToken)
    {
        if (enrolment is null) throw new ArgumentNullException(nameof(enrolment));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) _enrolments[subject] = enrolment;
        return default;
    }

    private void AddEvent(SubjectId subject, string id, RecordEvent e)
    {
        if (!_events.TryGetValue((subject, id), out var list)) _events[(subject, id)] = list = new List<RecordEvent>();
        if (!list.Contains(e)) list.Add(e);
    }
}
