using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Rights;
using ShangdingScore.Stores.Rights;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore : IRightsStore
{
    private static readonly RightsTables Rights = new(prefix: string.Empty, claimLock: string.Empty);

    /// <inheritdoc />
    public async Task<RightsChainTail?> ReadTailAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        return await Rights.ReadTailAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Table <c>rights_entries</c> (append-only: triggers refuse an update or a delete) and
    /// <c>rights_outbox</c>, in one <c>BEGIN IMMEDIATE</c> transaction with <c>synchronous=FULL</c>: the
    /// tail is read and compared inside it, and writers in every process on the file take turns on
    /// SQLite's lock, so of appends on one tail exactly one is written.
    /// </remarks>
    public async Task<bool> TryAppendAsync(RightsAppend append, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckAppend(append);
        return await WriteDurableAsync(async (connection, tx) => await Rights.TryAppendAsync(connection, tx, append, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RightsEntry> ReadEntriesAsync(RightsEntryQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        return ReadEntries(query, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> EnqueueAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckMessages(messages);
        return await WriteDurableAsync((connection, tx) => Rights.InsertMessagesAsync(connection, tx, messages, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction: claims in every process on the file take turns, so no message is leased twice.</remarks>
    public async Task<ImmutableArray<OutboxItem>> ClaimAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckClaim(claim);
        return await WriteDurableAsync((connection, tx) => Rights.ClaimAsync(connection, tx, claim, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> MarkSentAsync(string messageId, Instant sentAt, CancellationToken cancellationToken = default)
    {
        if (messageId is null) throw new ArgumentNullException(nameof(messageId));
        return await WriteDurableAsync((connection, tx) => Rights.MarkSentAsync(connection, tx, messageId, sentAt, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> MarkFailedAsync(OutboxFailure failure, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckFailure(failure);
        return await WriteDurableAsync((connection, tx) => Rights.MarkFailedAsync(connection, tx, failure, failure.Error, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<OutboxItem> ReadOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        return ReadOutbox(query, cancellationToken);
    }

    private async IAsyncEnumerable<RightsEntry> ReadEntries(RightsEntryQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in Rights.ReadEntriesAsync(connection, query, cancellationToken).ConfigureAwait(false)) yield return e;
    }

    private async IAsyncEnumerable<OutboxItem> ReadOutbox(OutboxQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var i in Rights.ReadOutboxAsync(connection, query, cancellationToken).ConfigureAwait(false)) yield return i;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a <c>BEGIN IMMEDIATE</c> transaction with <c>synchronous=FULL</c>, committed unless it
    /// throws (a write that returns false has written nothing); writes queued together share one transaction (<see cref="SqliteGroupCommit"/>).
    /// </summary>
    private Task<T> WriteDurableAsync<T>(Func<Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite.SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        _durable.RunAsync(write, cancellationToken);
}
