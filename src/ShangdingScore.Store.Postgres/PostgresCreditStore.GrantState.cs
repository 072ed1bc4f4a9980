using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Service;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore : IGrantStateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Table <c>used_nonces</c>: <see cref="INonceStore.TryUseAsync"/> is one transaction of an
    /// <c>INSERT … ON CONFLICT</c> on the primary key that inserts the nonce, or takes over its row when that one is
    /// past its <c>rememberUntil</c>, and leaves a live one alone: of several processes using one nonce at once,
    /// exactly one gets it. At most once a second (of the calls' own <c>now</c>, per store object) the call also purges
    /// the expired entries it can lock at once (<c>FOR UPDATE SKIP LOCKED</c>, so concurrent calls never wait on each
    /// other's purge or deadlock): the purge's planning cost PostgreSQL more than the rest of a decision's nonce write.
    /// The nonce's statement (with the query-log entry of <see cref="INonceLoggingStore.TryUseAndAppendAsync"/>) is
    /// group-committed: the calls that arrive while a commit is under way go together in the next prepared batch, one
    /// round trip and one commit for all, each answered once that commit is done. It checks the revocations of
    /// <see cref="IssuedGrants"/> (<see cref="IRevocationCheckingNonceStore"/>, table <c>service_issued_grants</c>) in
    /// the statement that reads or inserts the nonce.
    /// </remarks>
    public IDurableNonceStore NonceStore { get; }

    /// <inheritdoc />
    /// <remarks>Table <c>query_log</c>; every append is its own committed statement. U+0000 in a text is kept as U+FFFD.</remarks>
    public IDurableQueryLog QueryLog { get; }

    private sealed partial class PostgresNonceStore(PostgresCreditStore store) : IDurableNonceStore, IRevocationCheckingNonceStore
    {
        private const string Purge = "DELETE FROM {s}.used_nonces WHERE nonce IN (SELECT nonce FROM {s}.used_nonces WHERE remember_until <= @now FOR UPDATE SKIP LOCKED)";

        // A nonce remembered past its rememberUntil (not purged yet) is used again: the conflict updates that row, and
        // only that row; a live one is left alone and nothing is returned.
        private const string InsertNonce = $"INSERT INTO {{s}}.used_nonces AS u (nonce, remember_until) VALUES (@n, @ru) {TakeOverExpired}";
        private const string TakeOverExpired = "ON CONFLICT (nonce) DO UPDATE SET remember_until = EXCLUDED.remember_until WHERE u.remember_until <= @now";
        private const string IsUsed = "EXISTS (SELECT 1 FROM {s}.used_nonces WHERE nonce = @n AND remember_until > @now)";
        private static readonly string Revoked = ServiceStateTables.RevokedGrant("{s}.");

        // The grant's status as one integer, revoked first whatever its nonce (StatusOf reads it), for the statements
        // that bind BindStatus's parameters.
        private static readonly string Status = $"CASE WHEN {Revoked} THEN 2 WHEN {IsUsed} THEN 1 ELSE 0 END";

        // The nonce inserted only when its grant is not revoked, and the entry (if any) logged only when the nonce was:
        // the answer is how many nonces this statement used and whether the grant is revoked, in one snapshot.
        private static readonly string InsertUnlessRevoked = $"WITH r AS (SELECT {Revoked} AS revoked), used AS (INSERT INTO {{s}}.used_nonces AS u (nonce, remember_until) SELECT @n, @ru FROM r WHERE NOT r.revoked {TakeOverExpired} RETURNING nonce)";

        // The last purge's instant (ticks of the calls' own now), so a store object purges at most once a second of them.
        private long _purgedAt = long.MinValue;

        public async ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken) =>
            await UseAsync(nonce, rememberUntil, now, null, null, cancellationToken).ConfigureAwait(false) == GrantNonceStatus.Unused;

        public bool Keeps(IQueryLog log) => ReferenceEquals(log ?? throw new ArgumentNullException(nameof(log)), store.QueryLog);

        /// <remarks>One transaction, one commit: the entry is inserted only when the nonce was.</remarks>
        public async ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken)
        {
            GrantStateEncoding.Validate(entry);
            return await UseAsync(nonce, rememberUntil, now, entry, null, cancellationToken).ConfigureAwait(false) == GrantNonceStatus.Unused;
        }

        public bool Checks(IGrantRevocationList revocations) =>
            revocations is IssuedGrantRevocationList list && ReferenceEquals(list.Grants, store.IssuedGrants);

        /// <remarks>One statement, one round trip; a revoked grant is <see cref="GrantNonceStatus.Revoked"/> whatever its nonce.</remarks>
        public async ValueTask<GrantNonceStatus> FindStatusAsync(string nonce, Grant grant, Instant now, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            if (grant is null) throw new ArgumentNullException(nameof(grant));
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, $"SELECT {Status}");
            BindStatus(command.Parameters, nonce, grant, now);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return StatusOf(reader.GetInt32(0));
        }

        /// <remarks>The batch of <see cref="INonceStore.TryUseAsync"/>, whose insert reads the revocation in its own snapshot.</remarks>
        public ValueTask<GrantNonceStatus> TryUseUnlessRevokedAsync(string nonce, Grant grant, Instant rememberUntil, Instant now, QueryLogEntry? entry, CancellationToken cancellationToken)
        {
            if (grant is null) throw new ArgumentNullException(nameof(grant));
            if (entry is not null) GrantStateEncoding.Validate(entry);
            return UseAsync(nonce, rememberUntil, now, entry, grant, cancellationToken);
        }

        /// <summary>The parameters of <see cref="Status"/>: the qualified nonce, the instant, the grant.</summary>
        private static void BindStatus(NpgsqlParameterCollection parameters, string nonce, Grant grant, Instant now)
        {
            parameters.AddWithValue("n", NpgsqlDbType.Text, GrantStateEncoding.NonceKey(nonce));
            parameters.AddWithValue("now", NpgsqlDbType.Bigint, GrantStateEncoding.TicksFloor(now));
            BindGrant(parameters, grant);
        }

        /// <summary>The status <see cref="Status"/> computed.</summary>
        private static GrantNonceStatus StatusOf(int status) => status switch
        {
            0 => GrantNonceStatus.Unused,
            1 => GrantNonceStatus.Used,
            2 => GrantNonceStatus.Revoked,
            _ => throw new InvalidOperationException($"The grant status read answered {status}."),
        };

        /// <summary>The grant's nonce and subject for <see cref="Revoked"/>; one PostgreSQL cannot keep matches nothing.</summary>
        private static void BindGrant(NpgsqlParameterCollection parameters, Grant grant)
        {
            parameters.AddWithValue("gn", NpgsqlDbType.Text, PostgresEncoding.Storable(grant.Nonce) ? grant.Nonce : DBNull.Value);
            parameters.AddWithValue("gs", NpgsqlDbType.Text, PostgresEncoding.Storable(grant.Subject.Value) ? grant.Subject.Value : DBNull.Value);
        }

        private async ValueTask<GrantNonceStatus> UseAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry? entry, Grant? grant, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            long nowTicks = GrantStateEncoding.TicksFloor(now);
            if (PurgeDue(nowTicks))
            {
                // Housekeeping, queued before the use so it is committed no later than it: its failure is not the
                // caller's (the nonce's own statement does not depend on it) and the next second's purge tries again.
                var purge = new NpgsqlBatchCommand(store.Sql($"WITH d AS ({Purge} RETURNING 1) SELECT count(*) FROM d"));
                purge.Parameters.AddWithValue("now", NpgsqlDbType.Bigint, nowTicks);
                _ = store._grantWrites.RunAsync(purge, r => r.GetInt64(0), CancellationToken.None)
                    .ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            // One statement returning one row: how many nonces it used (0 or 1) and whether the grant is revoked. With an
            // entry, the log row is inserted from the nonce insert's RETURNING, so it exists exactly when the nonce was
            // inserted. It is committed with the other callers' writes of its group (PostgresGroupCommit).
            string logged = entry is null ? string.Empty : $", logged AS ({PostgresQueryLog.InsertFrom("used")} RETURNING 1)";
            var use = new NpgsqlBatchCommand(store.Sql(grant is not null
                ? $"{InsertUnlessRevoked}{logged} SELECT (SELECT count(*) FROM used), r.revoked FROM r"
                : $"WITH used AS ({InsertNonce} RETURNING nonce){logged} SELECT (SELECT count(*) FROM used), false"));
            use.Parameters.AddWithValue("n", NpgsqlDbType.Text, GrantStateEncoding.NonceKey(nonce));
            use.Parameters.AddWithValue("ru", NpgsqlDbType.Bigint, GrantStateEncoding.TicksCeiling(rememberUntil));
            use.Parameters.AddWithValue("now", NpgsqlDbType.Bigint, nowTicks);
            if (entry is not null) PostgresQueryLog.Bind(use.Parameters, entry);
            if (grant is not null) BindGrant(use.Parameters, grant);
            return await store._grantWrites.RunAsync(
                use,
                r => r.GetInt64(0) == 1 ? GrantNonceStatus.Unused : r.GetBoolean(1) ? GrantNonceStatus.Revoked : GrantNonceStatus.Used,
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Whether this call purges: the first, and then one whose now is a second or more past the last purge's.</summary>
        private bool PurgeDue(long nowTicks)
        {
            long last = Interlocked.Read(ref _purgedAt);
            if (last != long.MinValue && nowTicks >= last && nowTicks - last < TimeSpan.TicksPerSecond) return false;
            return Interlocked.CompareExchange(ref _purgedAt, nowTicks, last) == last;
        }

        public async ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, $"SELECT {IsUsed}");
            command.Parameters.AddWithValue("n", NpgsqlDbType.Text, GrantStateEncoding.NonceKey(nonce));
            command.Parameters.AddWithValue("now", NpgsqlDbType.Bigint, GrantStateEncoding.TicksFloor(now));
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        public async Task<long> PurgeExpiredAsync(Instant now, CancellationToken cancellationToken = default)
        {
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, "DELETE FROM {s}.used_nonces WHERE remember_until <= @now");
            command.Parameters.AddWithValue("now", NpgsqlDbType.Bigint, GrantStateEncoding.TicksFloor(now));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task<long> CountAsync(CancellationToken cancellationToken = default)
        {
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, "SELECT count(*) FROM {s}.used_nonces");
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    private sealed class PostgresQueryLog(PostgresCreditStore store) : IDurableQueryLog
    {
        private const string Columns = "at, at_ns, grantee, subject, purpose, requested_scope, disclosed, outcome, reason_code, key_id, recognition";
        private const string Values = "@t, @ns, @g, @s, @p, @rs, @d, @o, @r, @k, @rec";

        public async ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken)
        {
            GrantStateEncoding.Validate(entry);
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Insert(store, connection, null, entry);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The insert of a validated entry, to execute and dispose.</summary>
        public static NpgsqlCommand Insert(PostgresCreditStore store, NpgsqlConnection connection, NpgsqlTransaction? tx, QueryLogEntry entry)
        {
            var command = store.Command(connection, tx, $"INSERT INTO {{s}}.query_log ({Columns}) VALUES ({Values})");
            Bind(command.Parameters, entry);
            return command;
        }

        /// <summary>An insert of the entry <see cref="Bind"/> binds, once for every row of <paramref name="from"/> (a table or CTE name).</summary>
        public static string InsertFrom(string from) => $"INSERT INTO {{s}}.query_log ({Columns}) SELECT {Values} FROM {from}";

        /// <summary>Binds a validated entry's values (the one home of the row's columns for writes, with <see cref="Values"/>).</summary>
        public static void Bind(NpgsqlParameterCollection parameters, QueryLogEntry entry)
        {
            var (ticks, nanos) = PostgresEncoding.Instant(entry.At);
            parameters.AddWithValue("t", NpgsqlDbType.Bigint, ticks);
            parameters.AddWithValue("ns", NpgsqlDbType.Smallint, nanos);
            Text(parameters, "g", entry.Grantee);
            Text(parameters, "s", entry.Subject?.Value);
            Text(parameters, "p", entry.Purpose);
            Text(parameters, "rs", GrantStateEncoding.ScopeText(entry.RequestedScope));
            Text(parameters, "d", GrantStateEncoding.DisclosedText(entry.Disclosed));
            Text(parameters, "o", GrantStateEncoding.OutcomeText(entry.Outcome));
            Text(parameters, "r", entry.ReasonCode);
            Text(parameters, "k", entry.KeyId);
            Text(parameters, "rec", entry.Recognition);
        }

        public async ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            var entries = ImmutableArray.CreateBuilder<QueryLogEntry>();
            await foreach (var e in ReadAsync(subject, cancellationToken).ConfigureAwait(false)) entries.Add(e);
            return entries.ToImmutable();
        }

        public IAsyncEnumerable<QueryLogEntry> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAsync(null, cancellationToken);

        private static void Text(NpgsqlParameterCollection parameters, string name, string? value) =>
            parameters.AddWithValue(name, NpgsqlDbType.Text, (object?)PostgresEncoding.Readable(value) ?? DBNull.Value);

        private async IAsyncEnumerable<QueryLogEntry> ReadAsync(SubjectId? subject, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, $"SELECT {Columns} FROM {{s}}.query_log" + (subject is null ? string.Empty : " WHERE subject = @s") + " ORDER BY at, at_ns, seq");
            if (subject is { } s) command.Parameters.AddWithValue("s", NpgsqlDbType.Text, PostgresEncoding.Readable(s.Value)!);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return GrantStateEncoding.ReadEntry(reader, PostgresEncoding.Instant(reader.GetInt64(0), reader.GetInt16(1)));
            }
        }
    }
}
