using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using Npgsql;
using ShangdingScore.Rights;
using ShangdingScore.Stores.Rights;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore : IRightsStore
{
    private const string UniqueViolation = "23505";
    private readonly RightsTables _rights;

    /// <inheritdoc />
    public async Task<RightsChainTail?> ReadTailAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        return await _rights.ReadTailAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Tables <c>rights_entries</c> (append-only: a trigger refuses an update, a delete or a truncate) and
    /// <c>rights_outbox</c>, in one transaction holding an advisory lock on the schema's journal, so the
    /// tail read inside it is the latest committed one and of appends on one tail, from any process,
    /// exactly one is written. PostgreSQL text cannot keep U+0000: an entry or message holding it is
    /// refused with <see cref="ArgumentException"/> (its hash covers the exact text, so it is not altered).
    /// </remarks>
    public async Task<bool> TryAppendAsync(RightsAppend append, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckAppend(append);
        if (!append.Entries.IsDefault)
        {
            foreach (var e in append.Entries) CheckStorable(nameof(append), $"entry #{e.Sequence}", e.Subject.Value, e.Kind, e.CaseId, e.ActorId, e.ActorRole, e.Payload);
        }

        if (!append.Messages.IsDefault) CheckStorable(append.Messages, nameof(append));
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, tx, "SELECT pg_advisory_xact_lock(@c, hashtext(@s))"))
        {
            command.Parameters.AddWithValue("c", PostgresSchema.RightsLockClass);
            command.Parameters.AddWithValue("s", Schema);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (!await _rights.TryAppendAsync(connection, tx, append, cancellationToken).ConfigureAwait(false)) return false;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation && ex.TableName == "rights_entries")
        {
            // Another writer took the sequence (the lock makes this unexpected): the tail moved.
            return false;
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<RightsEntry> ReadEntriesAsync(RightsEntryQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        return ReadEntries(query, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Also: a message's text holds U+0000, which PostgreSQL text cannot keep.</exception>
    public async Task<int> EnqueueAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckMessages(messages);
        CheckStorable(messages, nameof(messages));
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int added = await _rights.InsertMessagesAsync(connection, tx, messages, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Also: the owner holds U+0000, which PostgreSQL text cannot keep.</exception>
    /// <remarks>One statement: the due messages are selected <c>FOR UPDATE SKIP LOCKED</c> and leased, so concurrent claims from any process never get one message twice and never wait on each other.</remarks>
    public async Task<ImmutableArray<OutboxItem>> ClaimAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckClaim(claim);
        CheckStorable(nameof(claim), "claim's owner", claim.Owner);
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await _rights.ClaimAsync(connection, tx, claim, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <inheritdoc />
    public async Task<bool> MarkSentAsync(string messageId, Instant sentAt, CancellationToken cancellationToken = default)
    {
        if (messageId is null) throw new ArgumentNullException(nameof(messageId));
        if (!PostgresEncoding.Storable(messageId)) return false;
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        return await _rights.MarkSentAsync(connection, null, messageId, sentAt, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The error text is kept with U+0000 shown as U+FFFD.</remarks>
    public async Task<bool> MarkFailedAsync(OutboxFailure failure, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckFailure(failure);
        if (!PostgresEncoding.Storable(failure.MessageId) || !PostgresEncoding.Storable(failure.Owner)) return false;
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        return await _rights.MarkFailedAsync(connection, null, failure, PostgresEncoding.Readable(failure.Error)!, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<OutboxItem> ReadOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        return ReadOutbox(query, cancellationToken);
    }

    private static void CheckStorable(IEnumerable<OutboxMessage> messages, string parameter)
    {
        foreach (var m in messages) CheckStorable(parameter, $"message '{m.Id}'", m.Id, m.Subject.Value, m.Recipient, m.Kind, m.Payload);
    }

    private static void CheckStorable(string parameter, string what, params string?[] texts)
    {
        if (texts.All(PostgresEncoding.Storable)) return;
        throw new ArgumentException($"The {what} holds U+0000 in a text, which PostgreSQL text cannot keep.", parameter);
    }

    private async IAsyncEnumerable<RightsEntry> ReadEntries(RightsEntryQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A filter holding U+0000 matches nothing kept (and PostgreSQL would refuse the text).
        if (!PostgresEncoding.Storable(query.Subject?.Value) || !PostgresEncoding.Storable(query.CaseId)) yield break;
        if (!query.Kinds.IsDefaultOrEmpty && !query.Kinds.All(PostgresEncoding.Storable))
        {
            var kinds = query.Kinds.Where(PostgresEncoding.Storable).ToImmutableArray();
            if (kinds.IsEmpty) yield break;
            query = new RightsEntryQuery { Subject = query.Subject, CaseId = query.CaseId, Kinds = kinds, AfterSequence = query.AfterSequence, Limit = query.Limit };
        }

        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in _rights.ReadEntriesAsync(connection, query, cancellationToken).ConfigureAwait(false)) yield return e;
    }

    private async IAsyncEnumerable<OutboxItem> ReadOutbox(OutboxQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!PostgresEncoding.Storable(query.Subject?.Value)) yield break;
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var i in _rights.ReadOutboxAsync(connection, query, cancellationToken).ConfigureAwait(false)) yield return i;
    }
}
