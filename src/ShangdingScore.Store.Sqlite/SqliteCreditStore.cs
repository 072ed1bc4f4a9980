using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Sources;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Service;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// The embedded default theme database: an <see cref="ICreditStore"/> in one SQLite file in WAL
/// mode. Record copies, append-only lifecycle events, enrolment, rejects and scores live in tables
/// created by numbered migrations (see <see cref="SchemaVersion"/>).
/// </summary>
/// <remarks>
/// <para>
/// Open one with <see cref="OpenOrCreateAsync"/> (creates the folder and the file, migrates: for the
/// importer that owns the database), with <see cref="OpenExistingAsync"/> (never creates or migrates:
/// for a reader, a venue, a report), or with the constructor and then <see cref="MigrateAsync"/>. Every operation takes a pooled connection of
/// its own, so reads run concurrently with each other and with one writer (WAL readers never block
/// the writer). Writes in one process are serialised by the store; writes from several processes
/// wait on SQLite's lock up to the busy timeout.
/// </para>
/// <para>
/// Durability: a committed batch survives the process being killed (WAL with
/// <c>synchronous=NORMAL</c>); after a power loss the last commits may be lost, never half of one.
/// </para>
/// <para>Thread-safe. Dispose it to release the file.</para>
/// </remarks>
public sealed partial class SqliteCreditStore : ICreditStore
{
    /// <summary>
    /// The name of the store's <see cref="System.Diagnostics.Metrics.Meter"/>: the durable group commits' duration
    /// (<c>shangdingscore.store.sqlite.commit.duration</c>, seconds), their size (<c>shangdingscore.store.sqlite.commit.writes</c>)
    /// and what a durable write waits for its commit (<c>shangdingscore.store.sqlite.write.duration</c>, seconds).
    /// Listen with <c>AddMeter(SqliteCreditStore.MeterName)</c> or <c>dotnet-counters --counters ShangdingScore.Store.Sqlite</c>.
    /// </summary>
    public const string MeterName = "ShangdingScore.Store.Sqlite";

    private const int BusyTimeoutMs = 60_000;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteGroupCommit _durable;
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, ConnectionSettings> _connectionSettings = new();
    private volatile bool _schemaChecked;
    private bool _disposed;

    /// <summary>Creates a store over the SQLite file at <paramref name="path"/> (created when missing; not migrated: call <see cref="MigrateAsync"/>).</summary>
    /// <remarks>Checks nothing about the file; <see cref="OpenOrCreateAsync"/> and <see cref="OpenExistingAsync"/> do.</remarks>
    /// <param name="path">The database file, for example <c>data/theme.db</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public SqliteCreditStore(string path)
        : this(path, create: true)
    {
    }

    private SqliteCreditStore(string path, bool create)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The database path is empty.", nameof(path));
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        _durable = new SqliteGroupCommit(OpenDurableAsync, _writeLock);
        NonceStore = new SqliteNonceStore(this);
        QueryLog = new SqliteQueryLog(this);
        _service = new ServiceStateTables(prefix: string.Empty, new SqliteServiceStateDatabase(this));
    }

    /// <summary>The schema version this code creates and reads.</summary>
    public static int SchemaVersion => SqliteSchema.LatestVersion;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    /// <value><c>sqlite-theme-db</c>.</value>
    public string Name => "sqlite-theme-db";

    /// <inheritdoc />
    public async Task<StoreMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, "PRAGMA journal_mode=WAL");
        Execute(connection, SqliteSchema.CreateMigrationsTable);
        int from = CurrentVersion(connection);
        if (from > SqliteSchema.LatestVersion)
        {
            throw new SqliteStoreOpenException(Path, SqliteStoreOpenFailure.SchemaNewer, $"schema version {from}; this code knows up to {SqliteSchema.LatestVersion}. Use a newer ShangdingScore.Store.Sqlite.");
        }

        var applied = ImmutableArray.CreateBuilder<int>();
        foreach (var (version, description, sql) in SqliteSchema.Migrations)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // BEGIN IMMEDIATE and a second look inside: another process may have migrated meanwhile.
            using var tx = connection.BeginTransaction(deferred: false);
            if (CurrentVersion(connection, tx) >= version) continue;
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = sql;
                command.ExecuteNonQuery();
                command.CommandText = "INSERT INTO schema_migrations (version, description) VALUES ($v, $d)";
                command.Parameters.AddWithValue("$v", version);
                command.Parameters.AddWithValue("$d", description);
                command.ExecuteNonQuery();
            }

            tx.Commit();
            applied.Add(version);
        }

        _schemaChecked = true;
        return new StoreMigrationResult(from, SqliteSchema.LatestVersion, applied.ToImmutable());
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var tx = connection.BeginTransaction(deferred: true);
        var known = query.KnownAt is { } k ? SqliteEncoding.Instant(k) : ((long, long)?)null;
        var events = new Dictionary<string, List<RecordEvent>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = "SELECT record_id, at, at_ns, type, effective_on FROM record_events WHERE subject = $s ORDER BY record_id, at, at_ns, type";
            command.Parameters.AddWithValue("$s", query.Subject.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var e = ReadEvent(reader, 1);
                if (known is { } kk && !SeenBy(reader.GetInt64(1), reader.GetInt64(2), kk)) continue;
                var id = reader.GetString(0);
                if (!events.TryGetValue(id, out var list)) events[id] = list = new List<RecordEvent>();
                list.Add(e);
            }
        }

        var copies = new List<CreditRecord>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = "SELECT subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider FROM record_copies WHERE subject = $s ORDER BY record_id, recorded_at, recorded_at_ns";
            command.Parameters.AddWithValue("$s", query.Subject.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (known is { } kk && !SeenBy(reader.GetInt64(2), reader.GetInt64(3), kk)) continue;
                copies.Add(ReadCopy(reader, query.Subject, events));
            }
        }

        tx.Commit();
        foreach (var c in copies) yield return c;
    }

    /// <inheritdoc />
    public async ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT enrolled_on, withdrawn_on FROM enrolment_periods WHERE subject = $s ORDER BY enrolled_on";
        command.Parameters.AddWithValue("$s", subject.Value);
        using var reader = command.ExecuteReader();
        var periods = new List<EnrolmentPeriod>();
        while (reader.Read()) periods.Add(ReadPeriod(reader, 0));
        return periods.Count == 0 ? Enrolment.None : Enrolment.Of(periods);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A date of a period lies outside the years 0001–9999.</exception>
    public async Task<int> SetEnrolmentsAsync(IEnumerable<SubjectEnrolment> enrolments, CancellationToken cancellationToken = default)
    {
        if (enrolments is null) throw new ArgumentNullException(nameof(enrolments));
        var list = enrolments.ToList();
        var seen = new HashSet<SubjectId>();
        foreach (var e in list)
        {
            if (e is null) throw new ArgumentNullException(nameof(enrolments), "An enrolment is null.");
            if (!seen.Add(e.Subject)) throw new ArgumentException($"Subject {e.Subject} is named twice.", nameof(enrolments));
            foreach (var p in e.Enrolment.Periods)
            {
                SqliteEncoding.Date(p.EnrolledOn);
                if (p.WithdrawnOn is { } w) SqliteEncoding.Date(w);
            }
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var tx = connection.BeginTransaction(deferred: false);
            using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM enrolment_periods WHERE subject = $s";
            var ds = delete.Parameters.Add("$s", SqliteType.Text);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO enrolment_periods (subject, enrolled_on, withdrawn_on) VALUES ($s, $e, $w)";
            var s = insert.Parameters.Add("$s", SqliteType.Text);
            var en = insert.Parameters.Add("$e", SqliteType.Integer);
            var wd = insert.Parameters.Add("$w", SqliteType.Integer);
            foreach (var e in list)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ds.Value = e.Subject.Value;
                delete.ExecuteNonQuery();
                foreach (var p in e.Enrolment.Periods)
                {
                    s.Value = e.Subject.Value;
                    en.Value = SqliteEncoding.Date(p.EnrolledOn);
                    wd.Value = p.WithdrawnOn is { } w ? SqliteEncoding.Date(w) : DBNull.Value;
                    insert.ExecuteNonQuery();
                }
            }

            tx.Commit();
            return list.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RecordLineRejection> ReadRejectsAsync(string? sourceName = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT source, line_number, field, reason, message, raw_text FROM rejects WHERE ($s IS NULL OR source = $s) ORDER BY source, line_number, delivery";
        command.Parameters.AddWithValue("$s", (object?)sourceName ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new RecordLineRejection(
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(0));
        }
    }

    /// <inheritdoc />
    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var tx = connection.BeginTransaction(deferred: true);
        long Count(string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        var counts = new StoreCounts(
            Count("SELECT COUNT(*) FROM (SELECT subject FROM record_copies UNION SELECT subject FROM enrolment_periods)"),
            Count("SELECT COUNT(*) FROM record_copies"),
            Count("SELECT COUNT(*) FROM record_events"),
            Count("SELECT COUNT(*) FROM enrolment_periods"),
            Count("SELECT COUNT(*) FROM rejects"),
            Count("SELECT COUNT(*) FROM scores"));
        tx.Commit();
        return counts;
    }

    /// <summary>Commits the durable writes still queued, then releases the pooled connections to the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            await _durable.CompleteAsync().ConfigureAwait(false);
            _disposed = true;
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    internal static bool SeenBy(long ticks, long nanos, (long Ticks, long Nanos) knownAt) =>
        ticks < knownAt.Ticks || (ticks == knownAt.Ticks && nanos <= knownAt.Nanos);

    internal static RecordEvent ReadEvent(SqliteDataReader reader, int first)
    {
        long effective = reader.GetInt64(first + 3);
        return new RecordEvent(
            (RecordEventType)reader.GetInt32(first + 2),
            SqliteEncoding.Instant(reader.GetInt64(first), reader.GetInt64(first + 1)),
            effective == SqliteEncoding.NoDate ? null : SqliteEncoding.Date(effective));
    }

    internal static CreditRecord ReadCopy(SqliteDataReader reader, SubjectId subject, Dictionary<string, List<RecordEvent>> events)
    {
        var id = reader.GetString(1);
        return new CreditRecord(
            id,
            subject,
            reader.GetString(4),
            SqliteEncoding.Date(reader.GetInt64(5)),
            reader.GetString(7),
            SqliteEncoding.Instant(reader.GetInt64(2), reader.GetInt64(3)),
            SqliteEncoding.Decimal(reader.GetString(6)),
            events.TryGetValue(id, out var list) ? list.ToImmutableArray() : ImmutableArray<RecordEvent>.Empty);
    }

    internal static EnrolmentPeriod ReadPeriod(SqliteDataReader reader, int first) =>
        new(SqliteEncoding.Date(reader.GetInt64(first)), reader.IsDBNull(first + 1) ? null : SqliteEncoding.Date(reader.GetInt64(first + 1)));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool HasMigrationsTable(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return (long)command.ExecuteScalar()! > 0;
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(durable: false, cancellationToken);

    /// <summary>
    /// Opens a pooled connection with <c>synchronous=FULL</c> when <paramref name="durable"/>, <c>NORMAL</c> otherwise.
    /// A pooled connection keeps its settings between uses, so they are set once per native connection and the
    /// synchronous mode only when it changes (each statement run at open was parsed again on every open).
    /// </summary>
    private async Task<SqliteConnection> OpenAsync(bool durable, CancellationToken cancellationToken)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(SqliteCreditStore));
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var settings = _connectionSettings.GetValue(connection.Handle!, static _ => new ConnectionSettings());
            if (!settings.Initialized)
            {
                // SQLite's own busy handler (sleeps of 1 to 100 ms, up to the busy timeout). Without it, Microsoft.Data.Sqlite
                // retries a busy statement after sleeping 150 ms each time: a decision behind a lock held for 2 ms waited 150.
                SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle!, BusyTimeoutMs);
                Execute(connection, (durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL") + "; PRAGMA temp_store=MEMORY");
                settings.Initialized = true;
                settings.Durable = durable;
            }
            else if (settings.Durable != durable)
            {
                Execute(connection, durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                settings.Durable = durable;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private Task<SqliteConnection> OpenCheckedAsync(CancellationToken cancellationToken) => OpenCheckedAsync(durable: false, cancellationToken);

    /// <summary>A connection as the store's own operations open it (for tests of the connection settings).</summary>
    internal Task<SqliteConnection> OpenForTestsAsync(bool durable) => OpenCheckedAsync(durable, CancellationToken.None);

    private async Task<SqliteConnection> OpenCheckedAsync(bool durable, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(durable, cancellationToken).ConfigureAwait(false);
        if (_schemaChecked) return connection;
        try
        {
            int version = HasMigrationsTable(connection) ? CurrentVersion(connection) : 0;
            if (version != SqliteSchema.LatestVersion)
            {
                throw new InvalidOperationException($"The database {Path} has schema version {version}; this code needs {SqliteSchema.LatestVersion}. Call MigrateAsync first.");
            }

            _schemaChecked = true;
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>What a native connection of the pool has been set to (used by one connection at a time).</summary>
    private sealed class ConnectionSettings
    {
        public bool Initialized;
        public bool Durable;
    }
}
