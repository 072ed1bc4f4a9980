using Microsoft.Data.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    private const int SqliteNotADatabase = 26; // SQLITE_NOTADB
    private const int SqliteCorrupt = 11; // SQLITE_CORRUPT
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Opens the theme database at <paramref name="path"/>, creating its folder and file when missing,
    /// and migrates it to <see cref="SchemaVersion"/>: for the importer that owns the database.
    /// </summary>
    /// <remarks>
    /// A file that exists must be a theme database (or a SQLite database without tables, which is then
    /// initialised). A zero-byte file is refused, not initialised: it is far more often a copy or
    /// download that failed than an intended new store; delete it, or give a path where no file is.
    /// </remarks>
    /// <param name="path">The database file, for example <c>data/theme.db</c>.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
    /// <exception cref="SqliteStoreOpenException">The file is empty, not a SQLite database, not a theme database, or has a newer schema than this code knows.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or written (permissions, disk).</exception>
    /// <exception cref="IOException">The folder cannot be created or the file cannot be read.</exception>
    public static async Task<SqliteCreditStore> OpenOrCreateAsync(string path, CancellationToken cancellationToken = default)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The database path is empty.", nameof(path));
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        Inspect(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return await StoreLifetime.MigrateOrDisposeAsync(new SqliteCreditStore(path), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the theme database at <paramref name="path"/> only if it is one, at this code's
    /// <see cref="SchemaVersion"/>: never creates a file or a folder, never migrates. For a reader (a
    /// venue, a report), where a misspelt path must fail rather than become a new empty store.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or not a valid path.</exception>
    /// <exception cref="SqliteStoreOpenException">
    /// With <see cref="SqliteStoreOpenException.Reason"/>: no file there (<see cref="SqliteStoreOpenFailure.Missing"/>), an
    /// empty file, not a SQLite database, not a theme database, a newer schema, or an older one (open it
    /// once with <see cref="OpenOrCreateAsync"/> to migrate it).
    /// </exception>
    /// <exception cref="SqliteException">The file cannot be opened (permissions).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<SqliteCreditStore> OpenExistingAsync(string path, CancellationToken cancellationToken = default)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The database path is empty.", nameof(path));
        int? version = Inspect(path);
        if (version is not { } v)
        {
            throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.Missing, $"there is no file at {System.IO.Path.GetFullPath(path)}{(Directory.Exists(path) ? " (it is a folder)" : string.Empty)}; opening an existing store never creates one.");
        }

        if (v < SqliteSchema.LatestVersion)
        {
            throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.SchemaOlder, $"schema version {v}; this code needs {SqliteSchema.LatestVersion}. Opening an existing store does not migrate: open it once with OpenOrCreateAsync (the importer), then again.");
        }

        var store = new SqliteCreditStore(path, create: false);
        try
        {
            using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Looks at the file at <paramref name="path"/> without changing it: null when there is none, else
    /// its schema version (0 for a SQLite database without tables).
    /// </summary>
    /// <exception cref="SqliteStoreOpenException">The file is empty, not a SQLite database, not a theme database, or newer.</exception>
    private static int? Inspect(string path)
    {
        if (!File.Exists(path)) return null;
        var header = new byte[SqliteMagic.Length];
        int read = 0;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (file.Length == 0) throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.EmptyFile, "the file is empty (0 bytes), most likely a copy or download that failed. It is not initialised as a new store: delete it, or give the path of the real database.");
            int n;
            while (read < header.Length && (n = file.Read(header, read, header.Length - read)) > 0) read += n;
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteMagic))
        {
            throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.NotSqlite, "the file does not start with the SQLite header; it is not a SQLite database.");
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            long applicationId = Scalar(connection, "PRAGMA application_id");
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                using var reader = command.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }

            if (applicationId != 0 && applicationId != SqliteSchema.ApplicationId)
            {
                throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.NotThemeDatabase, $"its SQLite application id is 0x{applicationId:x8}, not a theme database's (0x{SqliteSchema.ApplicationId:x8}); it belongs to another application.");
            }

            if (tables.Count == 0) return 0;
            if (!tables.Contains("schema_migrations") || !tables.Contains("record_copies"))
            {
                throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.NotThemeDatabase, $"it has the tables {string.Join(", ", tables.OrderBy(t => t, StringComparer.Ordinal))} but not a theme database's (schema_migrations, record_copies, …).");
            }

            int version = (int)Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            if (version > SqliteSchema.LatestVersion)
            {
                throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.SchemaNewer, $"schema version {version}; this code knows up to {SqliteSchema.LatestVersion}. Use a newer ShangdingScore.Store.Sqlite.");
            }

            if (applicationId == 0 && version >= 3)
            {
                throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.NotThemeDatabase, $"schema version {version} without a theme database's application id; the file was not made by this library.");
            }

            return version;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw new SqliteStoreOpenException(path, SqliteStoreOpenFailure.NotSqlite, $"SQLite cannot read it ({ex.Message}); it is not a SQLite database or it is damaged.", ex);
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
