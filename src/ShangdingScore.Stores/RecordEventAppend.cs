using System.Collections.Immutable;

namespace ShangdingScore.Stores;

/// <summary>
/// One lifecycle event to append to a record a store keeps (<see cref="ICreditStore.AppendEventsAsync"/>):
/// whose record (subject and record id) and the event. Two appends are the same when all three are.
/// </summary>
/// <remarks>Immutable; value equality over every field.</remarks>
public sealed class RecordEventAppend : IEquatable<RecordEventAppend>
{
    /// <summary>Creates an append.</summary>
    /// <param name="subject">Whom the record is about.</param>
    /// <param name="recordId">The record's id (the provider's id, as delivered).</param>
    /// <param name="recordEvent">The event, stamped with the instant it is entered.</param>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is the default value, or <paramref name="recordId"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="recordId"/> or <paramref name="recordEvent"/> is null.</exception>
    public RecordEventAppend(SubjectId subject, string recordId, RecordEvent recordEvent)
    {
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        if (recordId is null) throw new ArgumentNullException(nameof(recordId));
        if (recordId.Length == 0) throw new ArgumentException("The record id is empty.", nameof(recordId));
        Subject = subject;
        RecordId = recordId;
        Event = recordEvent ?? throw new ArgumentNullException(nameof(recordEvent));
    }

    /// <summary>Whom the record is about.</summary>
    public SubjectId Subject { get; }

    /// <summary>The record's id.</summary>
    public string RecordId { get; }

    /// <summary>The event to append.</summary>
    public RecordEvent Event { get; }

    /// <inheritdoc />
    public bool Equals(RecordEventAppend? other) =>
        other is not null && Subject == other.Subject && string.Equals(RecordId, other.RecordId, StringComparison.Ordinal) && Event.Equals(other.Event);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RecordEventAppend);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Subject, StringComparer.Ordinal.GetHashCode(RecordId), Event);

    /// <inheritdoc />
    public override string ToString() => $"{Subject}/{RecordId}: {Event}";
}

/// <summary>What <see cref="ICreditStore.AppendEventsAsync"/> did with one event.</summary>
public enum RecordEventAppendOutcome
{
    /// <summary>The event is now kept; it was not before this call.</summary>
    Appended = 0,

    /// <summary>
    /// The same event (type, instant and effective date) was already kept for that record, delivered
    /// with a copy or appended before, or named earlier in the same call: nothing was added.
    /// </summary>
    AlreadyKept = 1,

    /// <summary>
    /// Refused: the store keeps no copy of that record id for that subject (at any <c>recordedAt</c>),
    /// so there is no record to attach the event to. Nothing was kept for it.
    /// </summary>
    UnknownRecord = 2,
}

/// <summary>What one call of <see cref="ICreditStore.AppendEventsAsync"/> came to: an outcome per event, in the order given.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecordEventAppendResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="outcomes">One outcome per event, in the order the events were given.</param>
    /// <exception cref="ArgumentOutOfRangeException">An outcome is not a defined value.</exception>
    public RecordEventAppendResult(ImmutableArray<RecordEventAppendOutcome> outcomes)
    {
        Outcomes = outcomes.IsDefault ? ImmutableArray<RecordEventAppendOutcome>.Empty : outcomes;
        foreach (var outcome in Outcomes)
        {
            switch (outcome)
            {
                case RecordEventAppendOutcome.Appended: Appended++; break;
                case RecordEventAppendOutcome.AlreadyKept: AlreadyKept++; break;
                case RecordEventAppendOutcome.UnknownRecord: UnknownRecord++; break;
                default: throw new ArgumentOutOfRangeException(nameof(outcomes), outcome, "Not a RecordEventAppendOutcome value.");
            }
        }
    }

    /// <summary>One outcome per event, in the order the events were given.</summary>
    public ImmutableArray<RecordEventAppendOutcome> Outcomes { get; }

    /// <summary>How many events were added by this call.</summary>
    public int Appended { get; }

    /// <summary>How many events were kept already (or named twice in the call).</summary>
    public int AlreadyKept { get; }

    /// <summary>How many events were refused because their record is not kept.</summary>
    public int UnknownRecord { get; }

    /// <summary>Whether every event given is now kept (none refused as <see cref="RecordEventAppendOutcome.UnknownRecord"/>).</summary>
    public bool AllKept => UnknownRecord == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Outcomes.Length} events: {Appended} appended, {AlreadyKept} already kept, {UnknownRecord} unknown record";
}
