using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>
/// A notification waiting in the outbox (dispute filed, decided, overdue; repair decided; grant used;
/// withdrawal confirmed…): enqueued in the same store call as the step that caused it, sent by an
/// <c>INotificationSender</c> through the <c>OutboxDispatcher</c>, never lost.
/// </summary>
/// <remarks>Immutable; value equality over every field.</remarks>
public sealed class OutboxMessage : IEquatable<OutboxMessage>
{
    /// <summary>Creates a message.</summary>
    /// <param name="id">Unique id; enqueuing a message whose id is already in the outbox adds nothing (idempotent).</param>
    /// <param name="subject">The citizen the message is about.</param>
    /// <param name="recipient">To whom: the subject's id for the citizen, a provider's code, <c>credit-center</c>.</param>
    /// <param name="kind">What it says (<see cref="NotificationKinds"/>), kebab-case.</param>
    /// <param name="payload">The content (texts in zh-CN and English, case id, dates) as JSON text, kept exactly.</param>
    /// <param name="createdAt">When it was enqueued; also its first due time.</param>
    /// <param name="entrySequence">The journal entry that caused it, if any.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, or <paramref name="subject"/> is the default value.</exception>
    public OutboxMessage(string id, SubjectId subject, string recipient, string kind, string payload, Instant createdAt, long? entrySequence = null)
    {
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        Id = Require(id, nameof(id));
        Subject = subject;
        Recipient = Require(recipient, nameof(recipient));
        Kind = Require(kind, nameof(kind));
        Payload = payload ?? throw new ArgumentNullException(nameof(payload));
        CreatedAt = createdAt;
        EntrySequence = entrySequence;
    }

    /// <summary>The message's unique id.</summary>
    public string Id { get; }

    /// <summary>The citizen the message is about.</summary>
    public SubjectId Subject { get; }

    /// <summary>To whom it goes.</summary>
    public string Recipient { get; }

    /// <summary>What it says, one of <see cref="NotificationKinds"/>.</summary>
    public string Kind { get; }

    /// <summary>The content as JSON text.</summary>
    public string Payload { get; }

    /// <summary>When it was enqueued.</summary>
    public Instant CreatedAt { get; }

    /// <summary>The journal entry that caused it, or null (a grant used).</summary>
    public long? EntrySequence { get; }

    /// <inheritdoc />
    public bool Equals(OutboxMessage? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && Subject == other.Subject
        && string.Equals(Recipient, other.Recipient, StringComparison.Ordinal)
        && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
        && string.Equals(Payload, other.Payload, StringComparison.Ordinal)
        && CreatedAt == other.CreatedAt
        && EntrySequence == other.EntrySequence;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as OutboxMessage);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Kind} → {Recipient}";

    private static string Require(string value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The {name} must not be empty.", name);
        return value;
    }
}

/// <summary>Whether an outbox message still has to be sent.</summary>
public enum OutboxStatus
{
    /// <summary>Not sent yet (new, leased to a dispatcher, or waiting for its next attempt after a failure).</summary>
    Pending = 0,

    /// <summary>Sent; kept for the record.</summary>
    Sent = 1,
}

/// <summary>An outbox message with its delivery state, as the store reads it back.</summary>
/// <remarks>Immutable.</remarks>
public sealed class OutboxItem
{
    /// <summary>The message.</summary>
    public required OutboxMessage Message { get; init; }

    /// <summary>Pending or sent.</summary>
    public required OutboxStatus Status { get; init; }

    /// <summary>How many times it was claimed for sending.</summary>
    public required int Attempts { get; init; }

    /// <summary>When it is due next (its creation instant until an attempt fails).</summary>
    public required Instant NextAttemptAt { get; init; }

    /// <summary>The dispatcher holding it, while leased.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Until when the lease holds; after it another dispatcher may claim the message.</summary>
    public Instant? LeasedUntil { get; init; }

    /// <summary>When it was marked sent.</summary>
    public Instant? SentAt { get; init; }

    /// <summary>The last failure's text, if an attempt failed.</summary>
    public string? LastError { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Message} {Status} attempts={Attempts} next={NextAttemptAt}";
}

/// <summary>A dispatcher's request for due messages (<see cref="IRightsStore.ClaimAsync"/>).</summary>
/// <remarks>Immutable. New fields may be added; implementers receive them without a signature change.</remarks>
public sealed class OutboxClaim
{
    /// <summary>Who claims (a dispatcher's id, unique per process).</summary>
    public required string Owner { get; init; }

    /// <summary>The claimer's now: messages due at or before it and not leased at it are claimed.</summary>
    public required Instant Now { get; init; }

    /// <summary>How long the claimed messages stay leased (positive).</summary>
    public required Duration LeaseFor { get; init; }

    /// <summary>The most messages to claim (positive).</summary>
    /// <value>The default is 100.</value>
    public int MaxCount { get; init; } = 100;
}

/// <summary>A failed attempt to send (<see cref="IRightsStore.MarkFailedAsync"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class OutboxFailure
{
    /// <summary>The message.</summary>
    public required string MessageId { get; init; }

    /// <summary>The dispatcher that held the lease; a failure reported by any other owner is ignored.</summary>
    public required string Owner { get; init; }

    /// <summary>What went wrong (kept as <see cref="OutboxItem.LastError"/>).</summary>
    public required string Error { get; init; }

    /// <summary>When to try again.</summary>
    public required Instant NextAttemptAt { get; init; }
}

/// <summary>Which outbox messages to read (<see cref="IRightsStore.ReadOutboxAsync"/>).</summary>
/// <remarks>Immutable. New fields may be added.</remarks>
public sealed class OutboxQuery
{
    /// <summary>Every message.</summary>
    public static OutboxQuery All { get; } = new();

    /// <summary>Only messages about this subject; null for all.</summary>
    public SubjectId? Subject { get; init; }

    /// <summary>Only messages in this status; null for all.</summary>
    public OutboxStatus? Status { get; init; }
}

/// <summary>Which journal entries to read (<see cref="IRightsStore.ReadEntriesAsync"/>); the filters combine with "and".</summary>
/// <remarks>Immutable. New fields may be added; implementers receive them without a signature change.</remarks>
public sealed class RightsEntryQuery
{
    /// <summary>Every entry, from the first.</summary>
    public static RightsEntryQuery All { get; } = new();

    /// <summary>Only this subject's entries; null for all.</summary>
    public SubjectId? Subject { get; init; }

    /// <summary>Only this case's entries; null for all.</summary>
    public string? CaseId { get; init; }

    /// <summary>Only entries of these kinds; empty (or default) for all.</summary>
    public ImmutableArray<string> Kinds { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Only entries with a sequence above this; 0 for all.</summary>
    /// <value>The default is 0.</value>
    public long AfterSequence { get; init; }

    /// <summary>At most this many entries (the first ones in sequence order); null for no limit.</summary>
    public int? Limit { get; init; }
}

/// <summary>
/// One atomic append (<see cref="IRightsStore.TryAppendAsync"/>): journal entries and the outbox
/// messages they cause, written together only if the journal still ends at
/// <see cref="ExpectedTailSequence"/>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class RightsAppend
{
    /// <summary>The sequence of the last entry the caller saw (0 for an empty journal).</summary>
    public required long ExpectedTailSequence { get; init; }

    /// <summary>The entries, with sequences <c>ExpectedTailSequence + 1, + 2, …</c>, the first linking to the tail's hash; may be empty.</summary>
    public required ImmutableArray<RightsEntry> Entries { get; init; }

    /// <summary>The outbox messages to enqueue with them; may be empty. A message whose id is already in the outbox is skipped.</summary>
    public ImmutableArray<OutboxMessage> Messages { get; init; } = ImmutableArray<OutboxMessage>.Empty;
}
