namespace ShangdingScore.Store.Sqlite;

/// <summary>Why a theme database file was not opened (<see cref="SqliteStoreOpenException.Reason"/>).</summary>
public enum SqliteStoreOpenFailure
{
    /// <summary>No file at the path (a misspelt path, a folder, a file not copied yet). Code <c>missing</c>.</summary>
    Missing = 0,

    /// <summary>The file is empty (zero bytes): a copy or download that failed, or a placeholder. Code <c>empty-file</c>.</summary>
    EmptyFile = 1,

    /// <summary>The file is not a SQLite database, or is damaged. Code <c>not-sqlite</c>.</summary>
    NotSqlite = 2,

    /// <summary>A SQLite database, but not a theme database (another application's file). Code <c>not-theme-database</c>.</summary>
    NotThemeDatabase = 3,

    /// <summary>A theme database with a newer schema than this library knows. Code <c>schema-newer</c>.</summary>
    SchemaNewer = 4,

    /// <summary>A theme database with an older schema, which opening an existing store does not migrate. Code <c>schema-older</c>.</summary>
    SchemaOlder = 5,
}

/// <summary>
/// A theme database file was refused when opened: the message names the path and why; <see cref="Reason"/>
/// and <see cref="ReasonCode"/> say it for code. Thrown by <see cref="SqliteCreditStore.OpenExistingAsync"/>
/// (every reason) and by <see cref="SqliteCreditStore.OpenOrCreateAsync"/> (every reason but
/// <see cref="SqliteStoreOpenFailure.Missing"/> and <see cref="SqliteStoreOpenFailure.SchemaOlder"/>, which it creates or migrates).
/// </summary>
/// <remarks>An <see cref="InvalidOperationException"/>, as a newer schema always was.</remarks>
public sealed class SqliteStoreOpenException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public SqliteStoreOpenException(string path, SqliteStoreOpenFailure reason, string detail, Exception? inner = null)
        : base($"The theme database {path} was not opened ({CodeOf(reason)}): {detail}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>Why.</summary>
    public SqliteStoreOpenFailure Reason { get; }

    /// <summary>The stable reason code: <c>missing</c>, <c>empty-file</c>, <c>not-sqlite</c>, <c>not-theme-database</c>, <c>schema-newer</c> or <c>schema-older</c>.</summary>
    public string ReasonCode => CodeOf(Reason);

    private static string CodeOf(SqliteStoreOpenFailure reason) => reason switch
    {
        SqliteStoreOpenFailure.Missing => "missing",
        SqliteStoreOpenFailure.EmptyFile => "empty-file",
        SqliteStoreOpenFailure.NotSqlite => "not-sqlite",
        SqliteStoreOpenFailure.NotThemeDatabase => "not-theme-database",
        SqliteStoreOpenFailure.SchemaNewer => "schema-newer",
        _ => "schema-older",
    };
}
