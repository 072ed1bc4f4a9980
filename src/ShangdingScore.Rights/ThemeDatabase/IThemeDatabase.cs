using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>
/// What the rights workflows read and change in the theme database (主题库): a subject's records, the
/// lifecycle events appended to them (a dispute suspends a record, a decision or a repair follows), and
/// the subject's enrolment periods, which venues and scoring read. <see cref="InMemoryThemeDatabase"/>
/// keeps them in memory; <see cref="CreditStoreThemeDatabase"/> writes them to an <c>ICreditStore</c>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. <see cref="AppendRecordEventAsync"/> is idempotent: an event
/// already kept for the record (same type, instant and effective date) is not added again, so a step can
/// be re-applied safely (<c>RightsWorkflows.ReconcileAsync</c>).
/// </remarks>
public interface IThemeDatabase
{
    /// <summary>
    /// The subject's record copies as known at <paramref name="knownAt"/> (null: everything), each carrying the
    /// events kept for its (subject, record id) and entered at or before it, as <c>ICreditRecordSource</c> reads them.
    /// </summary>
    IAsyncEnumerable<CreditRecord> ReadRecordsAsync(SubjectId subject, Instant? knownAt, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="recordEvent"/> to the record (<paramref name="record"/>'s subject and id; its content identifies the copy for stores that take events with a delivery).</summary>
    ValueTask AppendRecordEventAsync(CreditRecord record, RecordEvent recordEvent, CancellationToken cancellationToken);

    /// <summary>The subject's enrolment periods as kept now.</summary>
    ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken);

    /// <summary>Replaces the subject's enrolment periods.</summary>
    ValueTask SetEnrolmentAsync(SubjectId subject, Enrolment enrolment, CancellationToken cancellationToken);
}
