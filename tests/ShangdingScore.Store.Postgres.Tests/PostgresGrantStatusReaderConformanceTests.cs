using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>The grant status reader's contract suite, run against PostgreSQL: every test on a schema of its own, dropped afterwards.</summary>
[RequiresPostgres]
public sealed class PostgresGrantStatusReaderConformanceTests : GrantStatusReaderConformanceTests<PostgresCreditStore>, IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    protected override Task<PostgresCreditStore> CreateStoreAsync() => Task.FromResult(_schemas.Store());

    protected override Task<PostgresCreditStore> OpenSecondAsync(PostgresCreditStore store) => PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = PostgresEnvironment.RequireConnectionString(), Schema = store.Schema });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();
}
