using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Sources;

/// <summary>What a record source is asked for: one subject's records, as known at an instant.</summary>
/// <remarks>Immutable. New fields may be added; implementers receive them without a signature change.</remarks>
public sealed class RecordQuery
{
    /// <summary>The subject whose records are wanted.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The view's instant: a source may leave out records recorded after it (the evaluator ignores them anyway). Null: everything.</summary>
    /// <value>The default is null.</value>
    public Instant? KnownAt { get; init; }
}

/// <summary>
/// A provider of credit records (a theme database, a department's feed, a file). Implementations
/// stream one subject's records and honour cancellation; they may return copies of a record, which
/// the evaluator merges (spec §3a).
/// </summary>
/// <remarks>Implementations must be safe to call concurrently for different subjects.</remarks>
public interface ICreditRecordSource
{
    /// <summary>A short stable name used in results and logs, for example <c>sqlite-theme-db</c>.</summary>
    string Name { get; }

    /// <summary>Streams the records of <see cref="RecordQuery.Subject"/>.</summary>
    /// <param name="query">Whose records, as known when.</param>
    /// <param name="cancellationToken">Cancels the read; the composite also uses it for timeouts.</param>
    IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, CancellationToken cancellationToken);
}

/// <summary>Where a subject's enrolment (voluntary opt-in periods) comes from.</summary>
/// <remarks>Implementations must be safe to call concurrently.</remarks>
public interface IEnrolmentSource
{
    /// <summary>The subject's enrolment history; <see cref="Enrolment.None"/> for a subject who never enrolled.</summary>
    ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken);
}

/// <summary>
/// A record source that also keeps enrolments, and reads a subject's enrolment with its records in one read (one
/// snapshot). Optional: a <see cref="SourcedEvaluator"/> whose enrolment source is the only source of its composite
/// asks it once instead of twice (the enrolment, then the records), with the same evaluation.
/// </summary>
/// <remarks>Implementations must be safe to call concurrently.</remarks>
public interface IEnrolledRecordSource : ICreditRecordSource, IEnrolmentSource
{
    /// <summary>
    /// The subject's enrolment (as <see cref="IEnrolmentSource.GetEnrolmentAsync"/> answers) and its records (as
    /// <see cref="ICreditRecordSource.ReadAsync"/> yields them for <paramref name="query"/>), read together.
    /// </summary>
    /// <param name="query">Whose records, as known when.</param>
    /// <param name="cancellationToken">Cancels the read; the composite also uses it for timeouts.</param>
    ValueTask<EnrolledRecords> ReadEnrolledAsync(RecordQuery query, CancellationToken cancellationToken);
}

/// <summary>A subject's enrolment and records, read together (<see cref="IEnrolledRecordSource"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class EnrolledRecords
{
    /// <summary>Creates the answer.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="enrolment"/> is null.</exception>
    public EnrolledRecords(Enrolment enrolment, ImmutableArray<CreditRecord> records)
    {
        Enrolment = enrolment ?? throw new ArgumentNullException(nameof(enrolment));
        Records = records.IsDefault ? ImmutableArray<CreditRecord>.Empty : records;
    }

    /// <summary>The subject's enrolment history; <see cref="Enrolment.None"/> for a subject who never enrolled.</summary>
    public Enrolment Enrolment { get; }

    /// <summary>The subject's records (copies of one record may repeat, as a source may return them).</summary>
    public ImmutableArray<CreditRecord> Records { get; }
}

/// <summary>Why a source's records are missing from a collection.</summary>
public enum SourceFailureKind
{
    /// <summary>The source did not finish within its timeout.</summary>
    TimedOut = 0,

    /// <summary>The source threw an exception.</summary>
    Failed = 1,
}

/// <summary>A source that failed or timed out: the evaluation that follows is incomplete.</summary>
/// <remarks>Immutable.</remarks>
public sealed class SourceFailure
{
    /// <summary>Creates a failure.</summary>
    public SourceFailure(string source, SourceFailureKind kind, string reason)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Kind = kind;
        Reason = reason ?? throw new ArgumentNullException(nameof(reason));
    }

    /// <summary>The source's name.</summary>
    public string Source { get; }

    /// <summary>Timed out or failed.</summary>
    public SourceFailureKind Kind { get; }

    /// <summary>Why, in English (an exception's type and message, or the timeout).</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {Kind} — {Reason}";
}
