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
    public async Task DurableAndOrdinaryConnections_DurableLeavesCheckpointsToTheBackground_OrdinaryKeepsSqlitesAutomaticOne()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));
        using (var durable = await OpenAsync(store, durable: true)) Assert.Equal(0L, Scalar(durable, "PRAGMA wal_autocheckpoint"));
        using (var ordinary = await OpenAsync(store, durable: false)) Assert.Equal(1000L, Scalar(ordinary, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public async Task DurableWritesForMoreThanASecond_TheLogIsCheckpointedInTheBackground()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));
        var now = NodaTime.Instant.FromUtc(2026, 12, 3, 12, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; clock.Elapsed < TimeSpan.FromSeconds(1.5) || i < 10; i++)
        {
            Assert.True(await store.NonceStore.TryUseAsync($"nonce-{i}", now.Plus(NodaTime.Duration.FromDays(1)), now, CancellationToken.None));
        }

        // The durable opens after the first second started one; it runs beside the writers and ends on its own.
        for (int wait = 0; store.WalCheckpointsForTests == 0 && wait < 200; wait++) await Task.Delay(50);
        Assert.True(store.WalCheckpointsForTests >= 1, "no background checkpoint ran");
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
