using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>
/// Where the citizen's rights workflows keep their state (docs/rights.md): an append-only,
/// hash-chained journal of every step (<see cref="RightsEntry"/>, at once the workflows' event log and
/// the audit trail) and an outbox of notifications (<see cref="OutboxMessage"/>). Workflow state —
/// enrolment, consent, disputes, repairs — is never stored as such: it is derived from the entries,
/// so it can be read back as it stood at any instant. The SDK ships <see cref="InMemoryRightsStore"/>;
/// theme-database stores (SQLite, PostgreSQL) implement the same contract in their own tables, and
/// every implementation passes the conformance suite <c>RightsStoreConformanceTests&lt;TStore&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Appends.</b> <see cref="TryAppendAsync"/> is the only write to the journal and is atomic: its
/// entries and messages are all written, or none. It succeeds only when the journal still ends at the
/// sequence the caller read (optimistic concurrency, safe across processes on one database); when
/// another writer got there first it returns false, writes nothing, and the caller reads the tail again
/// and retries. Entries are never updated or deleted.
/// </para>
/// <para>
/// <b>Outbox.</b> Messages are claimed with a lease (<see cref="ClaimAsync"/>), then marked sent
/// (<see cref="MarkSentAsync"/>) or failed with a next attempt (<see cref="MarkFailedAsync"/>). A message
/// whose lease runs out (a dispatcher crashed) is claimed again, so delivery is at least once and no
/// message is lost; one claim never hands the same message to two owners while its lease holds.
/// </para>
/// <para>
/// <b>Errors.</b> Exceptions come from the database, from cancellation, from null arguments
/// (<see cref="ArgumentNullException"/>) and from appends that break the contract's shape
/// (<see cref="ArgumentException"/>: sequences not following the expected tail, or a first entry not
/// linking to the tail's hash).
/// </para>
/// <para><b>Thread safety.</b> Implementations are safe for concurrent use from many threads and processes.</para>
/// </remarks>
public interface IRightsStore
{
    /// <summary>The journal's last entry, or null when it is empty.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<RightsChainTail?> ReadTailAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends entries and enqueues messages in one transaction, if and only if the journal's last
    /// sequence is still <see cref="RightsAppend.ExpectedTailSequence"/> (0: empty).
    /// </summary>
    /// <param name="append">The expected tail, the entries and the messages.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>True when written; false when the tail has moved (nothing written; read it again and retry).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="append"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">The entries' sequences are not <c>ExpectedTailSequence + 1, + 2, …</c>, an entry does not link to the one before it (the first to the tail's hash, or <see cref="RightsChain.GenesisHash"/>), or two messages share an id.</exception>
    Task<bool> TryAppendAsync(RightsAppend append, CancellationToken cancellationToken = default);

    /// <summary>Streams the entries matching <paramref name="query"/>, in sequence order.</summary>
    /// <param name="query">Filters (subject, case, kinds, after a sequence, a limit).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    IAsyncEnumerable<RightsEntry> ReadEntriesAsync(RightsEntryQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enqueues messages that belong to no journal step (a venue's query answered under the citizen's
    /// grant), in one transaction; a message whose id is already in the outbox is skipped.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>How many were added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">Two messages share an id.</exception>
    Task<int> EnqueueAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <see cref="OutboxClaim.MaxCount"/> pending messages due at <see cref="OutboxClaim.Now"/>
    /// (next attempt at or before it) and not leased at it (no lease, or one ending at or before it), oldest due
    /// first (by next attempt, then creation, then id): each gets the claimer as lease owner, a lease until
    /// <c>Now + LeaseFor</c>, and one more attempt. Atomic: concurrent claims never get the same message.
    /// </summary>
    /// <param name="claim">Who, when, for how long, how many.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>The claimed messages as updated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="ArgumentException">The owner is empty, the lease not positive, or the count below 1.</exception>
    Task<ImmutableArray<OutboxItem>> ClaimAsync(OutboxClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a message sent at <paramref name="sentAt"/> and ends its lease, whoever holds it (sending is a
    /// fact). A message already sent is left as it is.
    /// </summary>
    /// <returns>True when the message was pending and is now sent; false when it was already sent or is unknown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messageId"/> is null.</exception>
    Task<bool> MarkSentAsync(string messageId, Instant sentAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt: keeps the error, sets the next attempt and ends the lease, but only when the
    /// message is pending and leased by <see cref="OutboxFailure.Owner"/>.
    /// </summary>
    /// <returns>True when recorded; false when the message is sent, unknown, or leased by another owner.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    Task<bool> MarkFailedAsync(OutboxFailure failure, CancellationToken cancellationToken = default);

    /// <summary>Streams outbox messages with their state, by creation instant then id.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    IAsyncEnumerable<OutboxItem> ReadOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default);
}
