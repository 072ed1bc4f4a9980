using System.Collections.Immutable;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Stores.Rights;

/// <summary>
/// The rights journal and notification outbox (<see cref="IRightsStore"/>) in the tables
/// <c>rights_entries</c> and <c>rights_outbox</c> of a theme database: the one home of their SQL and
/// row mapping, compiled into both the SQLite and the PostgreSQL store (linked source, internal to
/// each). The SQL is the common dialect of both engines (named parameters, row values, <c>ON CONFLICT
/// DO NOTHING</c>, <c>RETURNING</c>, <c>MATERIALIZED</c>); a store gives its table prefix and the
/// locking clause of a claim, opens the connection, begins the transaction, takes its write lock and
/// commits.
/// </summary>
/// <remarks>
/// Instants are kept as 100-ns Unix ticks plus the nanoseconds left (<see cref="StoreEncoding.SplitInstant"/>),
/// texts exactly as given (payloads are not re-encoded: their hashes cover the text). Stateless and thread-safe.
/// </remarks>
internal sealed class RightsTables
{
    private const string EntryColumns = "sequence, at, at_ns, subject, kind, case_id, actor_id, actor_role, payload, previous_hash, hash";
    private const string OutboxColumns = "id, subject, recipient, kind, payload, created_at, created_at_ns, entry_sequence, status, attempts, next_attempt_at, next_attempt_at_ns, lease_owner, leased_until, leased_until_ns, sent_at, sent_at_ns, last_error";
    private readonly string _entries;
    private readonly string _outbox;
    private readonly string _claimLock;

    /// <param name="prefix">What goes before a table name: empty, or a schema and a dot.</param>
    /// <param name="claimLock">The locking clause of the claim's selection of due messages (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>); empty where the transaction already excludes other writers.</param>
    public RightsTables(string prefix, string claimLock)
    {
        _entries = prefix + "rights_entries";
        _outbox = prefix + "rights_outbox";
        _claimLock = claimLock.Length == 0 ? string.Empty : " " + claimLock;
    }

    /// <summary>The journal's last entry, or null.</summary>
    public async Task<RightsChainTail?> ReadTailAsync(DbConnection connection, DbTransaction? tx, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, $"SELECT sequence, hash, at, at_ns FROM {_entries} ORDER BY sequence DESC LIMIT 1");
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new RightsChainTail(reader.GetInt64(0), reader.GetString(1), Instant(reader, 2))
            : null;
    }

    /// <summary>
    /// Within <paramref name="tx"/>, which holds the store's write lock: false when the tail is not the
    /// expected one; else checks the link, inserts the entries and the messages not in the outbox yet, and
    /// returns true. The caller commits (or, on false or an exception, rolls back).
    /// </summary>
    /// <exception cref="ArgumentException">The first entry does not link to the tail.</exception>
    public async Task<bool> TryAppendAsync(DbConnection connection, DbTransaction tx, RightsAppend append, CancellationToken cancellationToken)
    {
        var tail = await ReadTailAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        if ((tail?.Sequence ?? 0) != append.ExpectedTailSequence) return false;
        RightsStoreValidation.CheckLinksToTail(append, tail?.Hash);
        if (!append.Entries.IsDefaultOrEmpty)
        {
            using var insert = Command(connection, tx, $"INSERT INTO {_entries} ({EntryColumns}) VALUES (@q, @t, @ns, @s, @k, @c, @ai, @ar, @p, @ph, @h)");
            foreach (var e in append.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                insert.Parameters.Clear();
                var (ticks, nanos) = StoreEncoding.SplitInstant(e.At);
                Add(insert, "q", e.Sequence);
                Add(insert, "t", ticks);
                Add(insert, "ns", nanos);
                Add(insert, "s", e.Subject.Value);
                Add(insert, "k", e.Kind);
                Add(insert, "c", e.CaseId);
                Add(insert, "ai", e.ActorId);
                Add(insert, "ar", e.ActorRole);
                Add(insert, "p", e.Payload);
                Add(insert, "ph", e.PreviousHash);
                Add(insert, "h", e.Hash);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (!append.Messages.IsDefaultOrEmpty) await InsertMessagesAsync(connection, tx, append.Messages, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inserts the messages whose id is not in the outbox yet, pending and due at their creation; returns how many.</summary>
    public async Task<int> InsertMessagesAsync(DbConnection connection, DbTransaction tx, IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        using var insert = Command(connection, tx, $"""
            INSERT INTO {_outbox} (id, subject, recipient, kind, payload, created_at, created_at_ns, entry_sequence, status, attempts, next_attempt_at, next_attempt_at_ns)
            VALUES (@id, @s, @r, @k, @p, @t, @ns, @q, {(int)OutboxStatus.Pending}, 0, @t, @ns)
            ON CONFLICT DO NOTHING
            """);
        int added = 0;
        foreach (var m in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            insert.Parameters.Clear();
            var (ticks, nanos) = StoreEncoding.SplitInstant(m.CreatedAt);
            Add(insert, "id", m.Id);
            Add(insert, "s", m.Subject.Value);
            Add(insert, "r", m.Recipient);
            Add(insert, "k", m.Kind);
            Add(insert, "p", m.Payload);
            Add(insert, "t", ticks);
            Add(insert, "ns", nanos);
            Add(insert, "q", m.EntrySequence);
            added += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>Streams the entries matching <paramref name="query"/> in sequence order (a limit of 0 or less: none).</summary>
    public async IAsyncEnumerable<RightsEntry> ReadEntriesAsync(DbConnection connection, RightsEntryQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Limit is <= 0) yield break;
        var sql = new StringBuilder($"SELECT {EntryColumns} FROM {_entries} WHERE sequence > @after");
        using var command = Command(connection, null, string.Empty);
        Add(command, "after", query.AfterSequence);
        if (query.Subject is { } s)
        {
            sql.Append(" AND subject = @s");
            Add(command, "s", s.Value);
        }

        if (query.CaseId is { } c)
        {
            sql.Append(" AND case_id = @c");
            Add(command, "c", c);
        }

        if (!query.Kinds.IsDefaultOrEmpty)
        {
            sql.Append(" AND kind IN (");
            for (int i = 0; i < query.Kinds.Length; i++)
            {
                sql.Append(i == 0 ? "@k0" : $", @k{i}");
                Add(command, "k" + i, query.Kinds[i]);
            }

            sql.Append(')');
        }

        sql.Append(" ORDER BY sequence");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT @limit");
            Add(command, "limit", (long)limit);
        }

        command.CommandText = sql.ToString();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new RightsEntry(
                reader.GetInt64(0),
                Instant(reader, 1),
                new SubjectId(reader.GetString(3)),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetString(10));
        }
    }

    /// <summary>
    /// Within <paramref name="tx"/>: leases up to <see cref="OutboxClaim.MaxCount"/> due messages to the
    /// claimer, one attempt more each, and returns them oldest due first.
    /// </summary>
    public async Task<ImmutableArray<OutboxItem>> ClaimAsync(DbConnection connection, DbTransaction tx, OutboxClaim claim, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, $"""
            WITH due AS MATERIALIZED (
                SELECT id FROM {_outbox}
                WHERE status = {(int)OutboxStatus.Pending} AND (next_attempt_at, next_attempt_at_ns) <= (@nt, @nns)
                  AND (leased_until IS NULL OR (leased_until, leased_until_ns) <= (@nt, @nns))
                ORDER BY next_attempt_at, next_attempt_at_ns, created_at, created_at_ns, id
                LIMIT @n{_claimLock}
            )
            UPDATE {_outbox} SET lease_owner = @owner, leased_until = @ut, leased_until_ns = @uns, attempts = attempts + 1
            WHERE id IN (SELECT id FROM due)
            RETURNING {OutboxColumns}
            """);
        var (nowTicks, nowNanos) = StoreEncoding.SplitInstant(claim.Now);
        var (untilTicks, untilNanos) = StoreEncoding.SplitInstant(claim.Now + claim.LeaseFor);
        Add(command, "nt", nowTicks);
        Add(command, "nns", nowNanos);
        Add(command, "n", (long)claim.MaxCount);
        Add(command, "owner", claim.Owner);
        Add(command, "ut", untilTicks);
        Add(command, "uns", untilNanos);
        var claimed = new List<OutboxItem>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) claimed.Add(ReadItem(reader));
        }

        claimed.Sort(static (a, b) =>
        {
            int c = a.NextAttemptAt.CompareTo(b.NextAttemptAt);
            if (c == 0) c = a.Message.CreatedAt.CompareTo(b.Message.CreatedAt);
            return c != 0 ? c : SubjectOrder.Instance.Compare(a.Message.Id, b.Message.Id);
        });
        return claimed.ToImmutableArray();
    }

    /// <summary>Marks a pending message sent and ends its lease; false when it is sent already or unknown.</summary>
    public async Task<bool> MarkSentAsync(DbConnection connection, DbTransaction? tx, string messageId, Instant sentAt, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, $"""
            UPDATE {_outbox} SET status = {(int)OutboxStatus.Sent}, sent_at = @t, sent_at_ns = @ns, lease_owner = NULL, leased_until = NULL, leased_until_ns = NULL
            WHERE id = @id AND status = {(int)OutboxStatus.Pending}
            """);
        var (ticks, nanos) = StoreEncoding.SplitInstant(sentAt);
        Add(command, "t", ticks);
        Add(command, "ns", nanos);
        Add(command, "id", messageId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Records a failed attempt of the lease owner; false when the message is sent, unknown or leased by another.</summary>
    public async Task<bool> MarkFailedAsync(DbConnection connection, DbTransaction? tx, OutboxFailure failure, string error, CancellationToken cancellationToken)
    {
        using var command = Command(connection, tx, $"""
            UPDATE {_outbox} SET next_attempt_at = @t, next_attempt_at_ns = @ns, last_error = @e, lease_owner = NULL, leased_until = NULL, leased_until_ns = NULL
            WHERE id = @id AND status = {(int)OutboxStatus.Pending} AND lease_owner = @owner
            """);
        var (ticks, nanos) = StoreEncoding.SplitInstant(failure.NextAttemptAt);
        Add(command, "t", ticks);
        Add(command, "ns", nanos);
        Add(command, "e", error);
        Add(command, "id", failure.MessageId);
        Add(command, "owner", failure.Owner);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Streams outbox messages with their state, by creation instant then id.</summary>
    public async IAsyncEnumerable<OutboxItem> ReadOutboxAsync(DbConnection connection, OutboxQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        using var command = Command(connection, null, string.Empty);
        if (query.Subject is { } s)
        {
            conditions.Add("subject = @s");
            Add(command, "s", s.Value);
        }

        if (query.Status is { } status)
        {
            conditions.Add("status = @st");
            Add(command, "st", (int)status);
        }

        command.CommandText = $"SELECT {OutboxColumns} FROM {_outbox}"
            + (conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions))
            + " ORDER BY created_at, created_at_ns, id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) yield return ReadItem(reader);
    }

    private static OutboxItem ReadItem(DbDataReader reader) => new()
    {
        Message = new OutboxMessage(
            reader.GetString(0),
            new SubjectId(reader.GetString(1)),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            Instant(reader, 5),
            reader.IsDBNull(7) ? null : reader.GetInt64(7)),
        Status = (OutboxStatus)reader.GetInt32(8),
        Attempts = reader.GetInt32(9),
        NextAttemptAt = Instant(reader, 10),
        LeaseOwner = reader.IsDBNull(12) ? null : reader.GetString(12),
        LeasedUntil = reader.IsDBNull(13) ? null : Instant(reader, 13),
        SentAt = reader.IsDBNull(15) ? null : Instant(reader, 15),
        LastError = reader.IsDBNull(17) ? null : reader.GetString(17),
    };

    /// <summary>The instant kept in columns <paramref name="ticks"/> and the next one (nanoseconds).</summary>
    private static Instant Instant(DbDataReader reader, int ticks) => StoreEncoding.JoinInstant(reader.GetInt64(ticks), reader.GetInt32(ticks + 1));

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
