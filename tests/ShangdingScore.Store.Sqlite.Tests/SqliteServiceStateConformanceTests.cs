using ShangdingScore.Stores;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>The service-state contract suite on the SQLite theme database: every test on a file of its own.</summary>
public sealed class SqliteServiceStateConformanceTests : ServiceStateConformanceTests<SqliteCreditStore>, IDisposable
{
    private readonly TempFolder _folder = new();
    private int _next;

    protected override Task<SqliteCreditStore> CreateStoreAsync() =>
        SqliteCreditStore.OpenOrCreateAsync(_folder.File($"service-{Interlocked.Increment(ref _next)}.db"));

    protected override Task<SqliteCreditStore> OpenSecondAsync(SqliteCreditStore store) => SqliteCreditStore.OpenExistingAsync(store.Path);

    protected override async Task<SqliteCreditStore> ReopenAsync(SqliteCreditStore store)
    {
        var path = store.Path;
        await store.DisposeAsync();
        return await SqliteCreditStore.OpenExistingAsync(path);
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// The service-state contract suite on <see cref="InMemoryServiceState"/> (ShangdingScore.Stores has no test project of
/// its own; its in-memory stores are checked beside the stores they stand in for). A "second object" and a "reopened"
/// store are the same instance: one process, one memory.
/// </summary>
public sealed class InMemoryServiceStateConformanceTests : ServiceStateConformanceTests<InMemoryServiceState>
{
    protected override Task<InMemoryServiceState> CreateStoreAsync() => Task.FromResult(new InMemoryServiceState());

    protected override Task<InMemoryServiceState> OpenSecondAsync(InMemoryServiceState store) => Task.FromResult(store);

    protected override Task<InMemoryServiceState> ReopenAsync(InMemoryServiceState store) => Task.FromResult(store);
}
