using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>The store contract suite, run against PostgreSQL: every test on a schema of its own, dropped afterwards.</summary>
[RequiresPostgres]
public sealed class PostgresStoreConformanceTests : StoreConformanceTests<PostgresCreditStore>, IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    protected override Task<PostgresCreditStore> CreateStoreAsync() => Task.FromResult(_schemas.Store());

    protected override Task<PostgresCreditStore> OpenSecondAsync(PostgresCreditStore store) => PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = PostgresEnvironment.RequireConnectionString(), Schema = store.Schema });

    protected override async Task<PostgresCreditStore> ReopenAsync(PostgresCreditStore store)
    {
        var schema = store.Schema;
        await store.DisposeAsync();
        return _schemas.Store(schema);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();
}
