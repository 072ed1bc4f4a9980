using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>The rights-store contract suite (journal, outbox) on the SQLite theme database: every test on a file of its own.</summary>
public sealed class SqliteRightsStoreConformanceTests : RightsStoreConformanceTests<SqliteCreditStore>, IDisposable
{
    private readonly TempFolder _folder = new();
    private int _next;

    protected override Task<SqliteCreditStore> CreateStoreAsync() =>
        SqliteCreditStore.OpenOrCreateAsync(_folder.File($"rights-{Interlocked.Increment(ref _next)}.db"));

    protected override Task<SqliteCreditStore> OpenSecondAsync(SqliteCreditStore store) => SqliteCreditStore.OpenExistingAsync(store.Path);

    protected override async Task<SqliteCreditStore> ReopenAsync(SqliteCreditStore store)
    {
        var path = store.Path;
        await store.DisposeAsync();
        return await SqliteCreditStore.OpenExistingAsync(path);
    }

    public void Dispose() => _folder.Dispose();
}
