using ShangdingScore.Records;
using ShangdingScore.Sources;

namespace ShangdingScore.Stores;

/// <summary>
/// A theme database (个人信用积分数据主题库): where records from many providers are kept, with the
/// subjects' enrolment and the scores computed from them. The SDK ships an embedded SQLite store;
/// a PostgreSQL store implements the same contract for the credit center. Every implementation
/// passes the conformance suite <c>StoreConformanceTests&lt;TStore&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>What is kept.</b> A <i>copy</i> is one delivery of a record: its id, content (subject, item,
/// occurredOn, quantity, provider) and <c>recordedAt</c>. Copies are kept as delivered and never
/// changed; identical copies are one. Lifecycle events are kept per (subject, record id), each
/// once, and only ever appended: a later delivery that carries a dispute adds the dispute, an
/// event decided outside a delivery (a citizen's dispute, its decision, a repair) is added with
/// <see cref="AppendEventsAsync"/>, and nothing is updated in place or deleted. So the state at any past instant can be read back with
/// <see cref="RecordQuery.KnownAt"/> (spec §3a): copies recorded after it and events entered after
/// it are left out.
/// </para>
/// <para>
/// <b>Reads.</b> <see cref="ICreditRecordSource.ReadAsync"/> returns the subject's copies, each
/// carrying every event kept for its (subject, record id) and visible at <c>KnownAt</c>, so the
/// evaluator's merge of copies (content from the latest delivery, events united) gives the same
/// result as evaluating the delivered lines themselves. Events delivered with a copy about another
/// subject belong to that subject's view.
/// </para>
/// <para>
/// <b>Imports</b> are idempotent (re-importing a file adds nothing), transactional in batches (a
/// crash loses at most the batch in progress, and re-running the import completes it without
/// doubling anything), and lose no line: every line set aside is kept in the rejects with its
/// source, delivery, line number, field, reason and message.
/// </para>
/// <para>
/// <b>Errors.</b> Bad data is never an exception: it is counted and set aside. Exceptions come from
/// the database (connection, disk), from cancellation (<see cref="OperationCanceledException"/>),
/// from a null argument (<see cref="ArgumentNullException"/>), from use before
/// <see cref="MigrateAsync"/> or after disposal (<see cref="InvalidOperationException"/>,
/// <see cref="ObjectDisposedException"/>).
/// </para>
/// <para>
/// <b>Thread safety.</b> Implementations are safe for concurrent reads from many threads, and for
/// reads concurrent with one import or score write. Concurrent imports into one store are allowed
/// and serialised by the store.
/// </para>
/// </remarks>
public interface ICreditStore : ICreditRecordSource, IEnrolmentSource, IAsyncDisposable
{
    /// <summary>
    /// Creates the schema or brings it up to the version this code knows, applying each missing
    /// migration in order, each in its own transaction. Safe to call every time the store is opened
    /// and from several processes at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels between migrations.</param>
    /// <returns>The schema version found and the one now in place.</returns>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this code knows.</exception>
    Task<StoreMigrationResult> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Imports a JSON Lines file (spec §4) in batches of <see cref="StoreImportOptions.BatchSize"/>
    /// lines, each batch in one transaction. Copies and events already kept are not added again;
    /// lines set aside are kept in the rejects, keyed by source name, delivery and line number (a
    /// delivery is the file's content, <see cref="StoreDelivery"/>): a re-import of the same content does
    /// not double them, and another file under the same source name keeps its own (spec §4).
    /// </summary>
    /// <param name="utf8JsonLines">The file; read from its current position and not closed. A stream that cannot seek is copied to a temporary file first, to hash it before the first batch.</param>
    /// <param name="options">The source name and batch size.</param>
    /// <param name="cancellationToken">Cancels between lines; batches already committed stay committed.</param>
    /// <returns>What the import read, added and set aside.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file, or the temporary copy of a stream that cannot seek, cannot be read or written.</exception>
    Task<StoreImportResult> ImportAsync(Stream utf8JsonLines, StoreImportOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the enrolment histories of subjects (their opt-in periods), replacing what was kept for
    /// each subject named; in one transaction per call. <see cref="Enrolment.None"/> removes a
    /// subject's periods.
    /// </summary>
    /// <param name="enrolments">The subjects and their enrolment; a subject named twice is an error.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>How many subjects were written.</returns>
    /// <exception cref="ArgumentNullException">An argument or an element is null.</exception>
    /// <exception cref="ArgumentException">A subject is named twice or is the default value.</exception>
    Task<int> SetEnrolmentsAsync(IEnumerable<SubjectEnrolment> enrolments, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every subject known to the store (with a record copy or an enrolment), in
    /// <see cref="SubjectOrder"/> order, each with its enrolment and its records as
    /// <see cref="ICreditRecordSource.ReadAsync"/> would return them at <see cref="SubjectScan.KnownAt"/>.
    /// Memory stays bounded by one subject's data plus the implementation's buffers, whatever the
    /// store's size. The scan reads one consistent snapshot.
    /// </summary>
    /// <param name="scan">The view's instant.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scan"/> is null.</exception>
    IAsyncEnumerable<SubjectSnapshot> ReadAllSubjectsAsync(SubjectScan scan, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the scan of <see cref="ReadAllSubjectsAsync"/> split into at most <paramref name="parts"/> parts that can be
    /// read at once, each on its own thread (and, for a store that reads through connections, on its own connection): the
    /// same subjects with the same enrolments and records, from one snapshot taken before this call returns, spread over
    /// disjoint ranges of subjects. Each part streams its subjects in <see cref="SubjectOrder"/> order; which part holds
    /// which subject, and how many parts there are, is the store's choice (one part is a valid answer).
    /// </summary>
    /// <param name="scan">The view's instant.</param>
    /// <param name="parts">How many parts at most (at least 1); the number of threads that will read them.</param>
    /// <param name="cancellationToken">Stops the opening, and every part's reading.</param>
    /// <returns>The parts; dispose them when done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scan"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is below 1.</exception>
    Task<SubjectScanParts> OpenSubjectScanAsync(SubjectScan scan, int parts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes scores; a score with the same key (<see cref="StoredScore.Subject"/>, rule-set id,
    /// version, <see cref="StoredScore.AsOf"/>, <see cref="StoredScore.KnownAt"/>) replaces the one
    /// kept, so re-running a batch rescoring is idempotent. One transaction per call.
    /// </summary>
    /// <param name="scores">The scores.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>How many scores were written.</returns>
    /// <exception cref="ArgumentNullException">An argument or an element is null.</exception>
    Task<int> WriteScoresAsync(IReadOnlyCollection<StoredScore> scores, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends lifecycle events to records the store keeps, all in one transaction: how a dispute, its
    /// decision or a repair decided outside a provider's delivery (the citizen-rights workflows) becomes
    /// part of the record. An event appended is kept exactly like one delivered with a copy:
    /// <see cref="ICreditRecordSource.ReadAsync"/> and <see cref="ReadAllSubjectsAsync"/> return it with
    /// every copy of its (subject, record id), <see cref="CountAsync"/> counts it, and a view at
    /// <see cref="RecordQuery.KnownAt"/> sees it only when its <see cref="RecordEvent.At"/> is at or before
    /// that instant (the rule for delivered events, spec §3a).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Stamp <see cref="RecordEvent.At"/> with the instant the event is entered (the clock's now when
    /// appending): a view at any earlier <c>knownAt</c> then reads what it read before, byte for byte,
    /// so past scores stay reproducible. An event stamped in the past changes what the views between
    /// its instant and now see; the store keeps the instant it is given and does not judge it.
    /// </para>
    /// <para>
    /// Each event's outcome is reported in the order given: <see cref="RecordEventAppendOutcome.Appended"/>;
    /// <see cref="RecordEventAppendOutcome.AlreadyKept"/> when the same event (type, instant, effective
    /// date) is kept for the record already, delivered or appended, or was named earlier in the call
    /// (appending is idempotent); <see cref="RecordEventAppendOutcome.UnknownRecord"/> when no copy of that
    /// record id is kept for that subject: the event is refused and nothing is kept for it, while the
    /// call's other events are still appended. Of concurrent calls appending one event (from any store
    /// object or process on the database), exactly one reports it appended.
    /// </para>
    /// </remarks>
    /// <param name="events">The events and their records.</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is appended then.</param>
    /// <returns>One outcome per event, in the order given.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or an element is null; nothing is written.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An event's effective date lies outside the years 0001–9999; nothing is written.</exception>
    Task<RecordEventAppendResult> AppendEventsAsync(IReadOnlyCollection<RecordEventAppend> events, CancellationToken cancellationToken = default);

    /// <summary>Streams the scores kept that match <paramref name="query"/>, in <see cref="SubjectOrder"/> order of subject, then by as-of date, rule-set id and version.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    IAsyncEnumerable<StoredScore> ReadScoresAsync(ScoreQuery query, CancellationToken cancellationToken = default);

    /// <summary>Streams every subject that has an enrolment period, with all its periods, in <see cref="SubjectOrder"/> order of subject.</summary>
    /// <remarks>Enrolment is not versioned by <c>knownAt</c>: this is the enrolment as kept now, as every subject scan reads it.</remarks>
    IAsyncEnumerable<SubjectEnrolment> ReadEnrolmentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Streams the lines set aside by imports, ordered by source name (<see cref="SubjectOrder"/>), line number, then delivery; every delivery's own set is kept.</summary>
    /// <param name="sourceName">Only this source's rejects; null for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<RecordLineRejection> ReadRejectsAsync(string? sourceName = null, CancellationToken cancellationToken = default);

    /// <summary>Counts what the store keeps: subjects, copies, events, enrolment periods, rejects and scores.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default);
}
