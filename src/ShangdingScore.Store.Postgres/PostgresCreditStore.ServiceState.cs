using System.Data.Common;
using Npgsql;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Service;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore : IServiceStateStore
{
    private readonly ServiceStateTables _service;

    /// <inheritdoc />
    /// <remarks>
    /// Table <c>service_venues</c> (schema version 7). Every write is one statement in one transaction:
    /// registering is <c>INSERT … ON CONFLICT DO NOTHING</c> on the primary key, rotating and disabling are
    /// <c>UPDATE … WHERE disabled_at IS NULL</c>, so of racing writers in any process exactly one gets true.
    /// PostgreSQL text cannot keep U+0000: a venue holding it is refused with <see cref="ArgumentException"/>,
    /// and a look-up by an id holding it finds nothing. The same holds for the other three parts.
    /// </remarks>
    public IVenueRegistry Venues => _service.Venues;

    /// <inheritdoc />
    /// <remarks>Table <c>service_issued_grants</c>, keyed by nonce and indexed by subject; a revocation is one <c>UPDATE … WHERE revoked_at IS NULL</c>.</remarks>
    public IIssuedGrantStore IssuedGrants => _service.IssuedGrants;

    /// <inheritdoc />
    /// <remarks>
    /// Table <c>service_accounts</c>: unique id and unique normalized name. An update is one
    /// <c>UPDATE … WHERE concurrency_stamp = @expected</c> (a racing update waits for the row and then finds the
    /// stamp moved); a new name another account holds is refused by the unique key, and that is a false.
    /// </remarks>
    public IAccountStore Accounts => _service.Accounts;

    /// <inheritdoc />
    /// <remarks>Table <c>service_key_ring</c>, keyed by purpose and name; entries are only ever inserted.</remarks>
    public IKeyRingStore KeyRing => _service.KeyRing;

    private sealed class PostgresServiceStateDatabase(PostgresCreditStore store) : ServiceStateDatabase
    {
        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
        {
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await write(connection, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }

        public override bool IsUniqueViolation(DbException exception) =>
            exception is PostgresException { SqlState: UniqueViolation };

        public override bool Storable(string? value) => PostgresEncoding.Storable(value);

        public override Task PrepareAsync(DbCommand command, CancellationToken cancellationToken) => ((NpgsqlCommand)command).PrepareAsync(cancellationToken);
    }
}
