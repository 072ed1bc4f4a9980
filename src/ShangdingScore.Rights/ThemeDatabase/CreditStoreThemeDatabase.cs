using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using ShangdingScore.Records;
using ShangdingScore.Sources;
using ShangdingScore.Stores;

namespace ShangdingScore.Rights;

/// <summary>
/// The rights workflows' view of an <see cref="ICreditStore"/> (the SQLite or PostgreSQL theme database):
/// records and enrolment are read and written through the store contract. A lifecycle event is appended
/// as a delivery of the record's copy carrying that one event, which the store keeps once per
/// (subject, record id) as it keeps every delivered event; nothing is updated in place.
/// </summary>
/// <remarks>Thread-safe when the store is (every <see cref="ICreditStore"/> is).</remarks>
public sealed class CreditStoreThemeDatabase : IThemeDatabase
{
    private readonly ICreditStore _store;
    private readonly string _sourceName;

    /// <summary>Creates the view.</summary>
    /// <param name="store">The theme database, migrated.</param>
    /// <param name="sourceName">The source name the event deliveries are imported under.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public CreditStoreThemeDatabase(ICreditStore store, string sourceName = "rights-workflows")
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _sourceName = string.IsNullOrWhiteSpace(sourceName) ? throw new ArgumentException("The source name must not be empty.", nameof(sourceName)) : sourceName;
    }

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
        var line = JsonLinesRecordWriter.ToJsonLine(record.WithEvents(System.Collections.Immutable.ImmutableArray.Create(recordEvent)));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line + "\n"));
        var result = await _store.ImportAsync(stream, new StoreImportOptions { SourceName = _sourceName }, cancellationToken).ConfigureAwait(false);
        if (result.LinesSetAside > 0)
        {
            throw new InvalidOperationException($"The theme database set aside the event delivery for record '{record.Id}' of subject {record.Subject}; the event was not kept.");
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
