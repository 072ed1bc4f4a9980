namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// Whether the tests that need PostgreSQL run here (the store's suite, the two-instance service test). With
/// <c>SHANGDING_PG_CONNECTION</c> set they run against it. Without it they are skipped on a developer machine, but
/// with <c>CI=true</c> they run and fail, so CI can never skip them silently.
/// </summary>
public static class PostgresEnvironment
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "SHANGDING_PG_CONNECTION";

    /// <summary>The connection string, or null when the variable is unset or blank.</summary>
    public static string? ConnectionString => Normalise(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Whether <c>CI=true</c>.</summary>
    public static bool InCi => IsCi(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Why the PostgreSQL tests are skipped here; null means run (and fail when there is no connection string).</summary>
    public static string? SkipReason => Decide(ConnectionString, InCi);

    /// <summary>The skip reason for these inputs; null means run (and fail when there is no connection string).</summary>
    public static string? Decide(string? connectionString, bool inCi) =>
        Normalise(connectionString) is null && !inCi
            ? $"{Variable} is not set, so there is no PostgreSQL to test against (see README.md, \"PostgreSQL tests on a developer machine\"). With CI=true these tests fail instead."
            : null;

    /// <summary>Whether a <c>CI</c> variable's value means CI.</summary>
    public static bool IsCi(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string; throws when it is missing (which, with CI=true, fails the test).</summary>
    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: the PostgreSQL tests cannot run. .ci/run sets it after .ci/services has started PostgreSQL.");

    private static string? Normalise(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A test that needs PostgreSQL: skipped when <see cref="PostgresEnvironment.SkipReason"/> says so.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute, skipping the test when there is no PostgreSQL and no CI.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresEnvironment.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>Makes the inherited contract tests of a class skip under the same rule as <see cref="PostgresFactAttribute"/>.</summary>
public sealed class RequiresPostgresAttribute : StoreAvailabilityAttribute
{
    /// <inheritdoc />
    public override string? SkipReason => PostgresEnvironment.SkipReason;
}
