using System.Data.Common;
using Microsoft.Data.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Service;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore : IServiceStateStore
{
    private const int SqliteConstraintUnique = 2067; // SQLITE_CONSTRAINT_UNIQUE
    private const int SqliteConstraintPrimaryKey = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY
    private readonly ServiceStateTables _service;

    /// <inheritdoc />
    /// <remarks>
    /// Table <c>service_venues</c> (schema version 7). Every write is one <c>BEGIN IMMEDIATE</c> transaction with
    /// <c>synchronous=FULL</c>; registering inserts on the primary key, rotating and disabling are conditional
    /// updates, so of racing writers in every process on the file exactly one gets true.
    /// </remarks>
    public IVenueRegistry Venues => _service.Venues;

    /// <inheritdoc />
    /// <remarks>Table <c>service_issued_grants</c>, keyed by nonce and indexed by subject; a revocation is one conditional update.</remarks>
    public IIssuedGrantStore IssuedGrants => _service.IssuedGrants;

    /// <inheritdoc />
    /// <remarks>
    /// Table <c>service_accounts</c>: unique id and unique normalized name. An update is one
    /// <c>UPDATE … WHERE concurrency_stamp = $expected</c>, so of updates read at one stamp exactly one is applied.
    /// </remarks>
    public IAccountStore Accounts => _service.Accounts;

    /// <inheritdoc />
    /// <remarks>Table <c>service_key_ring</c>, keyed by purpose and name; entries are only ever inserted.</remarks>
    public IKeyRingStore KeyRing => _service.KeyRing;

    private sealed class SqliteServiceStateDatabase(SqliteCreditStore store) : ServiceStateDatabase
    {
        public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);

        public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
            store.WriteDurableAsync((connection, tx) => write(connection, tx), cancellationToken);

        public override bool IsUniqueViolation(DbException exception) =>
            exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };
    }
}
