using Npgsql;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>Schemas for one test, each a fresh store; all dropped when the test ends.</summary>
internal sealed class TestSchemas : IAsyncDisposable
{
    private readonly List<string> _created = new();

    public string New()
    {
        var name = "sdss_test_" + Guid.NewGuid().ToString("N").Substring(0, 16);
        lock (_created) _created.Add(name);
        return name;
    }

    public PostgresCreditStore Store(string? schema = null) =>
        new(new PostgresCreditStoreOptions { ConnectionString = PostgresEnvironment.RequireConnectionString(), Schema = schema ?? New() });

    public async Task<PostgresCreditStore> MigratedAsync(string? schema = null)
    {
        var store = Store(schema);
        await store.MigrateAsync();
        return store;
    }

    public static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresEnvironment.RequireConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        string[] names;
        lock (_created) names = _created.ToArray();
        if (names.Length == 0 || PostgresEnvironment.ConnectionString is not { } cs) return;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {name} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
