using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore : IGrantStateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Table <c>used_nonces</c>: <see cref="INonceStore.TryUseAsync"/> purges what has expired, then
    /// <c>INSERT OR IGNORE</c> on the primary key, in a <c>BEGIN IMMEDIATE</c> transaction with
    /// <c>synchronous=FULL</c> (shared with the durable writes queued beside it: group commit), and answers only once
    /// that is committed, so a nonce used survives a power loss; processes on the file wait for
    /// each other up to the busy timeout (also behind an import's batch in progress).
    /// </remarks>
    public IDurableNonceStore NonceStore { get; }

    /// <inheritdoc />
    /// <remarks>Table <c>query_log</c>; every append is committed with <c>synchronous=FULL</c> before it returns (group commit with the writes queued beside it).</remarks>
    public IDurableQueryLog QueryLog { get; }

    private Task<SqliteConnection> OpenDurableAsync(CancellationToken cancellationToken) => OpenCheckedAsync(durable: true, cancellationToken);

    private sealed class SqliteNonceStore(SqliteCreditStore store) : IDurableNonceStore, INonceLoggingStore
    {
        public async ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            return await store._durable.RunAsync(
                (connection, tx) => Task.FromResult(Use(connection, tx, nonce, rememberUntil, now)),
                cancellationToken).ConfigureAwait(false);
        }

        public bool Keeps(IQueryLog log) => ReferenceEquals(log ?? throw new ArgumentNullException(nameof(log)), store.QueryLog);

        /// <remarks>One group-commit write: the entry is inserted only when the nonce was, in the same transaction.</remarks>
        public async ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            GrantStateEncoding.Validate(entry);
            return await store._durable.RunAsync(
                (connection, tx) =>
                {
                    bool fresh = Use(connection, tx, nonce, rememberUntil, now);
                    if (fresh) SqliteQueryLog.Insert(connection, tx, entry);
                    return Task.FromResult(fresh);
                },
                cancellationToken).ConfigureAwait(false);
        }

        private static bool Use(SqliteConnection connection, SqliteTransaction tx, string nonce, Instant rememberUntil, Instant now)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "DELETE FROM used_nonces WHERE remember_until <= $now";
            command.Parameters.AddWithValue("$now", GrantStateEncoding.TicksFloor(now));
            command.ExecuteNonQuery();
            command.Parameters.Clear();
            command.CommandText = "INSERT OR IGNORE INTO used_nonces (nonce, remember_until) VALUES ($n, $u)";
            command.Parameters.AddWithValue("$n", GrantStateEncoding.NonceKey(nonce));
            command.Parameters.AddWithValue("$u", GrantStateEncoding.TicksCeiling(rememberUntil));
            return command.ExecuteNonQuery() == 1;
        }

        public async ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM used_nonces WHERE nonce = $n AND remember_until > $now)";
            command.Parameters.AddWithValue("$n", GrantStateEncoding.NonceKey(nonce));
            command.Parameters.AddWithValue("$now", GrantStateEncoding.TicksFloor(now));
            return (long)command.ExecuteScalar()! == 1;
        }

        public async Task<long> PurgeExpiredAsync(Instant now, CancellationToken cancellationToken = default)
        {
            using var connection = await store.OpenDurableAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM used_nonces WHERE remember_until <= $now";
            command.Parameters.AddWithValue("$now", GrantStateEncoding.TicksFloor(now));
            return command.ExecuteNonQuery();
        }

        public async Task<long> CountAsync(CancellationToken cancellationToken = default)
        {
            using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM used_nonces";
            return (long)command.ExecuteScalar()!;
        }
    }

    private sealed class SqliteQueryLog(SqliteCreditStore store) : IDurableQueryLog
    {
        private const string Columns = "at, at_ns, grantee, subject, purpose, requested_scope, disclosed, outcome, reason_code, key_id, recognition";

        public async ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken)
        {
            GrantStateEncoding.Validate(entry);
            await store._durable.RunAsync((connection, tx) => Task.FromResult(Insert(connection, tx, entry)), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Inserts a validated entry in <paramref name="tx"/> (the one home of the row's columns for writes).</summary>
        public static int Insert(SqliteConnection connection, SqliteTransaction tx, QueryLogEntry entry)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO query_log ({Columns}) VALUES ($t, $ns, $g, $s, $p, $rs, $d, $o, $r, $k, $rec)";
            var (ticks, nanos) = SqliteEncoding.Instant(entry.At);
            command.Parameters.AddWithValue("$t", ticks);
            command.Parameters.AddWithValue("$ns", nanos);
            command.Parameters.AddWithValue("$g", entry.Grantee);
            command.Parameters.AddWithValue("$s", entry.Subject is { } s ? s.Value : DBNull.Value);
            command.Parameters.AddWithValue("$p", entry.Purpose);
            command.Parameters.AddWithValue("$rs", (object?)GrantStateEncoding.ScopeText(entry.RequestedScope) ?? DBNull.Value);
            command.Parameters.AddWithValue("$d", GrantStateEncoding.DisclosedText(entry.Disclosed));
            command.Parameters.AddWithValue("$o", GrantStateEncoding.OutcomeText(entry.Outcome));
            command.Parameters.AddWithValue("$r", entry.ReasonCode);
            command.Parameters.AddWithValue("$k", (object?)entry.KeyId ?? DBNull.Value);
            command.Parameters.AddWithValue("$rec", (object?)entry.Recognition ?? DBNull.Value);
            return command.ExecuteNonQuery();
        }

        public async ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            var entries = ImmutableArray.CreateBuilder<QueryLogEntry>();
            await foreach (var e in ReadAsync(subject, cancellationToken).ConfigureAwait(false)) entries.Add(e);
            return entries.ToImmutable();
        }

        public IAsyncEnumerable<QueryLogEntry> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

        private async IAsyncEnumerable<QueryLogEntry> ReadAsync(SubjectId? subject, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM query_log" + (subject is null ? string.Empty : " WHERE subject = $s") + " ORDER BY at, at_ns, seq";
            if (subject is { } s) command.Parameters.AddWithValue("$s", s.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return GrantStateEncoding.ReadEntry(reader, SqliteEncoding.Instant(reader.GetInt64(0), reader.GetInt64(1)));
            }
        }
    }
}
