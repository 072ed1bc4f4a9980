using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Sources;
using ShangdingScore.Stores;

namespace ShangdingScore.Rights;

/// <summary>
/// The rights workflows' view of an <see cref="ICreditStore"/> (the SQLite or PostgreSQL theme database):
/// records and enrolment are read and written through the store contract; lifecycle events are appended
/// with <see cref="ICreditStore.AppendEventsAsync"/>, which keeps each once per (subject, record id), as it
/// keeps delivered events; nothing is updated in place.
/// </summary>
/// <remarks>Thread-safe when the store is (every <see cref="ICreditStore"/> is).</remarks>
public sealed class CreditStoreThemeDatabase : IThemeDatabase
{
    private readonly ICreditStore _store;

    /// <summary>Creates the view.</summary>
    /// <param name="store">The theme database, migrated.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public CreditStoreThemeDatabase(ICreditStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async IAsyncEnumerable<CreditRecord> ReadRecordsAsync(SubjectId subject, Instant? knownAt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in _store.ReadAsync(new RecordQuery { Subject = subject, KnownAt = knownAt }, cancellationToken).ConfigureAwait(false))
        {
            yield return r;
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendRecordEventAsync(CreditRecord record, RecordEvent recordEvent, CancellationToken cancellationToken)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        if (recordEvent is null) throw new ArgumentNullException(nameof(recordEvent));
        var result = await _store.AppendEventsAsync(new[] { new RecordEventAppend(record.Subject, record.Id, recordEvent) }, cancellationToken).ConfigureAwait(false);
        if (!result.AllKept)
        {
            throw new InvalidOperationException($"The theme database keeps no record '{record.Id}' of subject {record.Subject}; the {recordEvent.Type} event was not kept.");
        }
    }

    /// <inheritdoc />
    public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken) => _store.GetEnrolmentAsync(subject, cancellationToken);

    /// <inheritdoc />
    public async ValueTask SetEnrolmentAsync(SubjectId subject, Enrolment enrolment, CancellationToken cancellationToken)
    {
        if (enrolment is null) throw new ArgumentNullException(nameof(enrolment));
        await _store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(subject, enrolment) }, cancellationToken).ConfigureAwait(false);
    }
}
