using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Sqlite.Tests;

public sealed class SqliteStoreConformanceTests : StoreConformanceTests<SqliteCreditStore>, IDisposable
{
    private readonly TempFolder _folder = new();
    private int _next;

    protected override Task<SqliteCreditStore> CreateStoreAsync() =>
        Task.FromResult(new SqliteCreditStore(_folder.File($"store-{Interlocked.Increment(ref _next)}.db")));

    protected override Task<SqliteCreditStore> OpenSecondAsync(SqliteCreditStore store) => SqliteCreditStore.OpenExistingAsync(store.Path);

    protected override async Task<SqliteCreditStore> ReopenAsync(SqliteCreditStore store)
    {
        var path = store.Path;
        await store.DisposeAsync();
        return new SqliteCreditStore(path);
    }

    public void Dispose() => _folder.Dispose();
}
