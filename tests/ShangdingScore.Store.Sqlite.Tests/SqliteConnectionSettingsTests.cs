using Microsoft.Data.Sqlite;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>
/// A pooled connection keeps its settings between uses, so the store sets them once per native connection and changes
/// only the synchronous mode when a connection moves between durable writes (FULL) and everything else (NORMAL).
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private const long Normal = 1;
    private const long Full = 2;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task PooledConnection_DurableThenOrdinaryThenDurable_SynchronousModeFollowsEachUse()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));

        var (durable, durableHandle) = await UseAsync(store, durable: true);
        var (ordinary, ordinaryHandle) = await UseAsync(store, durable: false);
        var (again, againHandle) = await UseAsync(store, durable: true);

        // One idle connection in the pool: each open above took the same native connection back.
        Assert.Same(durableHandle, ordinaryHandle);
        Assert.Same(durableHandle, againHandle);
        Assert.Equal(Full, durable);
        Assert.Equal(Normal, ordinary);
        Assert.Equal(Full, again);
    }

    [Fact]
    public async Task NewNativeConnection_OrdinaryOpen_NormalAndTempStoreInMemory()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));
        using var first = await OpenAsync(store, durable: false);
        using var second = await OpenAsync(store, durable: false);

        Assert.NotSame(first.Handle, second.Handle);
        foreach (var connection in new[] { first, second })
        {
            Assert.Equal(Normal, Scalar(connection, "PRAGMA synchronous"));
            Assert.Equal(2L, Scalar(connection, "PRAGMA temp_store"));
        }
    }

    [Fact]
    public async Task NewNativeConnection_DurableOrOrdinary_WaitsOnSqlitesBusyHandlerForTheBusyTimeout()
    {
        // Without SQLite's own busy handler, Microsoft.Data.Sqlite retries a busy statement after 150 ms sleeps.
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));
        using var durable = await OpenAsync(store, durable: true);
        using var ordinary = await OpenAsync(store, durable: false);

        Assert.NotSame(durable.Handle, ordinary.Handle);
        Assert.Equal(60_000L, Scalar(durable, "PRAGMA busy_timeout"));
        Assert.Equal(60_000L, Scalar(ordinary, "PRAGMA busy_timeout"));
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<(long Mode, SQLitePCL.sqlite3 Handle)> UseAsync(SqliteCreditStore store, bool durable)
    {
        using var connection = await OpenAsync(store, durable);
        return (Scalar(connection, "PRAGMA synchronous"), connection.Handle!);
    }

    private static Task<SqliteConnection> OpenAsync(SqliteCreditStore store, bool durable) =>
        store.OpenForTestsAsync(durable);

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
