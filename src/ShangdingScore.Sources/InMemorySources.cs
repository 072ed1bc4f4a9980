using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ShangdingScore.Sources;

/// <summary>A record source over records held in memory (tests, samples, small venues).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class InMemoryRecordSource : ICreditRecordSource
{
    private readonly ImmutableDictionary<SubjectId, ImmutableArray<CreditRecord>> _bySubject;

    /// <summary>Creates a source.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InMemoryRecordSource(string name, IEnumerable<CreditRecord> records)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        if (records is null) throw new ArgumentNullException(nameof(records));
        _bySubject = records.GroupBy(r => r.Subject).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray());
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        await Task.CompletedTask.ConfigureAwait(false);
        if (!_bySubject.TryGetValue(query.Subject, out var records)) yield break;
        foreach (var r in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query.KnownAt is { } k && r.RecordedAt > k) continue;
            yield return r;
        }
    }
}

/// <summary>An enrolment source over a dictionary held in memory.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class InMemoryEnrolmentSource : IEnrolmentSource
{
    private readonly ImmutableDictionary<SubjectId, Enrolment> _enrolments;

    /// <summary>Creates a source; subjects not in <paramref name="enrolments"/> are not enrolled.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="enrolments"/> is null.</exception>
    public InMemoryEnrolmentSource(IEnumerable<KeyValuePair<SubjectId, Enrolment>> enrolments)
    {
        if (enrolments is null) throw new ArgumentNullException(nameof(enrolments));
        _enrolments = enrolments.ToImmutableDictionary();
    }

    /// <inheritdoc />
    public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken) =>
        new(_enrolments.TryGetValue(subject, out var e) ? e : Enrolment.None);
}
