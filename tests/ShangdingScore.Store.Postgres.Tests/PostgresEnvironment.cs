using Npgsql;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>
/// Whether the PostgreSQL tests run here. With <c>SHANGDING_PG_CONNECTION</c> set they run against it.
/// Without it they are skipped on a developer machine, but with <c>CI=true</c> they run and fail, so CI
/// can never skip them silently.
/// </summary>
internal static class PostgresEnvironment
{
    public const string Variable = "SHANGDING_PG_CONNECTION";

    public static string? ConnectionString => Normalise(Environment.GetEnvironmentVariable(Variable));

    public static bool InCi => IsCi(Environment.GetEnvironmentVariable("CI"));

    public static string? SkipReason => Decide(ConnectionString, InCi);

    /// <summary>The skip reason for these inputs; null means run (and fail when there is no connection string).</summary>
    public static string? Decide(string? connectionString, bool inCi) =>
        Normalise(connectionString) is null && !inCi
            ? $"{Variable} is not set, so there is no PostgreSQL to test against (see README.md, \"PostgreSQL tests on a developer machine\"). With CI=true these tests fail instead."
            : null;

    public static bool IsCi(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: the PostgreSQL store tests cannot run. .ci/run sets it after .ci/services has started PostgreSQL.");

    private static string? Normalise(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A PostgreSQL test: skipped when <see cref="PostgresEnvironment.SkipReason"/> says so.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>Makes the inherited contract tests of a class skip under the same rule as <see cref="PostgresFactAttribute"/>.</summary>
public sealed class RequiresPostgresAttribute : StoreAvailabilityAttribute
{
    public override string? SkipReason => PostgresEnvironment.SkipReason;
}

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
