using System.Text;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>Upgrading a schema made by an earlier version keeps what it holds.</summary>
public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task MigrateAsync_FromVersion2_KeepsOldRejectsAndKeysNewOnesByDelivery()
    {
        var schema = _schemas.New();
        var sql = new StringBuilder(PostgresSchema.Bootstrap);
        foreach (var (version, description, script) in PostgresSchema.Migrations.Where(m => m.Version <= 2))
        {
            sql.Append(script).Append($";\nINSERT INTO {{s}}.schema_migrations (version, description) VALUES ({version}, '{description}');\n");
        }

        sql.Append("INSERT INTO {s}.rejects (source, line_number, field, reason, message, raw_text) VALUES ('feed.jsonl', 2, NULL, 'malformed-json', 'old', 'x') RETURNING 1;");
        await TestSchemas.ScalarAsync<int>(sql.ToString().Replace("{s}", schema));

        await using var store = _schemas.Store(schema);
        var migration = await store.MigrateAsync();
        await store.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("\ny\n")), new StoreImportOptions { SourceName = "feed.jsonl" });
        var rejects = new List<string>();
        await foreach (var r in store.ReadRejectsAsync("feed.jsonl")) rejects.Add(r.RawText!);

        Assert.Equal(2, migration.FromVersion);
        Assert.Equal(Enumerable.Range(3, PostgresCreditStore.SchemaVersion - 2), migration.Applied);
        Assert.Equal(new[] { "x", "y" }, rejects);
    }
}
