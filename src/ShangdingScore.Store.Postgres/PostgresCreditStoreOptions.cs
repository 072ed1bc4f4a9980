using System.Text.RegularExpressions;

namespace ShangdingScore.Store.Postgres;

/// <summary>Where a <see cref="PostgresCreditStore"/> keeps its tables.</summary>
/// <remarks>Immutable after construction (init-only); thread-safe to share. New options may be added.</remarks>
public sealed class PostgresCreditStoreOptions
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "shangding";

    private static readonly Regex SchemaPattern = new("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant);
    private readonly string _schema = DefaultSchema;

    /// <summary>
    /// The Npgsql connection string, for example
    /// <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=postgres</c>. The store pools
    /// its connections (Npgsql's pooling settings in the string apply), always with <c>No Reset On Close</c>: it leaves
    /// no session state behind, and its statements stay prepared across pooled uses.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The PostgreSQL schema holding the store's tables; <see cref="PostgresCreditStore.MigrateAsync"/>
    /// creates it when missing. Several stores can share one database in separate schemas (tests use
    /// one schema each). Lower-case letters, digits and underscores, not starting with a digit, at
    /// most 63 characters, so it never needs quoting.
    /// </summary>
    /// <value>The default is <c>shangding</c>.</value>
    /// <exception cref="ArgumentException">The name is not of that form.</exception>
    public string Schema
    {
        get => _schema;
        init => _schema = value is not null && SchemaPattern.IsMatch(value)
            ? value
            : throw new ArgumentException($"The schema name '{value}' must be lower-case letters, digits and underscores, not starting with a digit, at most 63 characters.", nameof(value));
    }
}
