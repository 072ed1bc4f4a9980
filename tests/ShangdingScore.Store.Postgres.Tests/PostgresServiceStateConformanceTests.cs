using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>The service-state contract suite on PostgreSQL: every test on a schema of its own, dropped afterwards.</summary>
[RequiresPostgres]
public sealed class PostgresServiceStateConformanceTests : ServiceStateConformanceTests<PostgresCreditStore>, IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    protected override Task<PostgresCreditStore> CreateStoreAsync() => _schemas.MigratedAsync();

    protected override Task<PostgresCreditStore> OpenSecondAsync(PostgresCreditStore store) => PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = PostgresEnvironment.RequireConnectionString(), Schema = store.Schema });

    protected override async Task<PostgresCreditStore> ReopenAsync(PostgresCreditStore store)
    {
        var schema = store.Schema;
        await store.DisposeAsync();
        return await PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = PostgresEnvironment.RequireConnectionString(), Schema = schema });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();
}
