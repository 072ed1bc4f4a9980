using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Sources;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Rights;
using ShangdingScore.Stores.Service;

namespace ShangdingScore.Store.Postgres;

/// <summary>
/// The credit center's theme database: an <see cref="ICreditStore"/> on PostgreSQL (Npgsql), for a
/// city's scale. Record copies, append-only lifecycle events, enrolment, rejects and scores live in
/// tables of one schema (<see cref="PostgresCreditStoreOptions.Schema"/>) created by numbered
/// migrations (see <see cref="SchemaVersion"/>).
/// </summary>
/// <remarks>
/// <para>
/// Open one with <see cref="OpenAsync(PostgresCreditStoreOptions, CancellationToken)"/> (migrates),
/// or with the constructor and then <see cref="MigrateAsync"/>. Migrations hold a transaction-level
/// advisory lock on the schema, so several processes may migrate at once: one applies, the others
/// find the schema current.
/// </para>
/// <para>
/// Imports stream the file through binary <c>COPY</c> into per-connection temporary staging tables,
/// one batch per transaction, then move the batch with <c>INSERT … ON CONFLICT DO NOTHING</c>:
/// re-importing adds nothing and a crash loses at most the batch in progress. Parsing the next batch
/// overlaps with the server's work on the current one.
/// </para>
/// <para>
/// PostgreSQL <c>text</c> cannot hold U+0000: a record line with that character in a text field is set
/// aside (reason <c>invalid-value</c>), and in the rejects' message and raw text it is shown as U+FFFD.
/// </para>
/// <para>
/// Thread-safe: every operation takes a pooled connection of its own, so reads run concurrently with
/// each other and with writes (PostgreSQL's MVCC). Imports, enrolment and score writes of one store
/// object are serialised; writers in other processes are safe too (conflicting keys are skipped or
/// replaced by the database). Dispose it to close the pooled connections.
/// </para>
/// </remarks>
public sealed partial class PostgresCreditStore : ICreditStore, IEnrolledRecordSource
{
    /// <summary>
    /// The name of the store's <see cref="System.Diagnostics.Metrics.Meter"/>: the grant-state group commits' size
    /// (<c>shangdingscore.store.postgres.commit.writes</c>: nonces used, with their query-log entries, per commit) and
    /// what such a write waits for its commit (<c>shangdingscore.store.postgres.write.duration</c>, seconds).
    /// Listen with <c>AddMeter(PostgresCreditStore.MeterName)</c> or <c>dotnet-counters --counters ShangdingScore.Store.Postgres</c>.
    /// </summary>
    public const string MeterName = "ShangdingScore.Store.Postgres";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresGroupCommit _grantWrites;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _schemaChecked;
    private volatile bool _disposed;

    /// <summary>Creates a store (not migrated: call <see cref="MigrateAsync"/>).</summary>
    /// <param name="options">The connection string and schema.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its connection string is null.</exception>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    public PostgresCreditStore(PostgresCreditStoreOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.ConnectionString is null) throw new ArgumentNullException(nameof(options), "The options' ConnectionString is null.");
        Schema = options.Schema;
        _dataSource = NpgsqlDataSource.Create(ConnectionString(options.ConnectionString));
        _grantWrites = new PostgresGroupCommit(OpenCheckedAsync);
        NonceStore = new PostgresNonceStore(this);
        QueryLog = new PostgresQueryLog(this);
        _service = new ServiceStateTables(prefix: Schema + ".", new PostgresServiceStateDatabase(this));
        _rights = new RightsTables(prefix: Schema + ".", claimLock: "FOR UPDATE SKIP LOCKED");
    }

    /// <summary>The schema version this code creates and reads.</summary>
    public static int SchemaVersion => PostgresSchema.LatestVersion;

    /// <summary>
    /// The connection string of the store's own pool: as given, with <c>No Reset On Close</c>. The store leaves no session
    /// state for a later use of a pooled connection to see (its <c>SET LOCAL</c>s end with their transactions, its staging
    /// tables are emptied at every commit), so the reset Npgsql would send at every open (six statements once any statement
    /// is prepared, about six opens per venue decision) is work for nothing, and the prepared statements stay.
    /// </summary>
    internal static string ConnectionString(string given) =>
        new NpgsqlConnectionStringBuilder(given) { NoResetOnClose = true }.ConnectionString;

    /// <summary>The PostgreSQL schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    /// <value><c>postgres-theme-db</c>.</value>
    public string Name => "postgres-theme-db";

    /// <summary>Opens the store described by <paramref name="options"/> and migrates it to <see cref="SchemaVersion"/>. The usual way to get a store.</summary>
    /// <param name="options">The connection string and schema.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The schema is newer than this code knows.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the login.</exception>
    public static async Task<PostgresCreditStore> OpenAsync(PostgresCreditStoreOptions options, CancellationToken cancellationToken = default)
    {
        return await StoreLifetime.MigrateOrDisposeAsync(new PostgresCreditStore(options), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int from;
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await LockSchemaAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, PostgresSchema.Bootstrap, cancellationToken).ConfigureAwait(false);
            from = await CurrentVersionAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (from > PostgresSchema.LatestVersion)
        {
            throw new InvalidOperationException($"The schema {Schema} has version {from}; this code knows up to {PostgresSchema.LatestVersion}. Use a newer ShangdingScore.Store.Postgres.");
        }

        var applied = ImmutableArray.CreateBuilder<int>();
        foreach (var (version, description, sql) in PostgresSchema.Migrations)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The lock, then a second look: another process may have migrated meanwhile.
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockSchemaAsync(connection, tx, cancellationToken).ConfigureAwait(false);
            if (await CurrentVersionAsync(connection, tx, cancellationToken).ConfigureAwait(false) >= version) continue;
            await ExecuteAsync(connection, tx, sql, cancellationToken).ConfigureAwait(false);
            await using (var command = Command(connection, tx, "INSERT INTO {s}.schema_migrations (version, description) VALUES (@v, @d)"))
            {
                command.Parameters.AddWithValue("v", version);
                command.Parameters.AddWithValue("d", description);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(version);
        }

        _schemaChecked = true;
        return new StoreMigrationResult(from, PostgresSchema.LatestVersion, applied.ToImmutable());
    }

    /// <inheritdoc />
    /// <remarks>One statement (one snapshot) reading the subject's events and copies by its primary keys.</remarks>
    public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        var rows = await ReadSubjectAsync(query, periods: false, cancellationToken).ConfigureAwait(false);
        foreach (var r in rows.Records()) yield return r;
    }

    /// <inheritdoc />
    /// <remarks>One statement (one snapshot) reading the subject's events, copies and enrolment periods by their primary keys.</remarks>
    public async ValueTask<EnrolledRecords> ReadEnrolledAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        return (await ReadSubjectAsync(query, periods: true, cancellationToken).ConfigureAwait(false)).Enrolled();
    }

    /// <summary>One subject's rows (and its enrolment periods when <paramref name="periods"/>), in one prepared statement.</summary>
    private async Task<SubjectRows> ReadSubjectAsync(RecordQuery query, bool periods, CancellationToken cancellationToken)
    {
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, PostgresSchema.SubjectRows(oneSubject: true, knownAt: query.KnownAt is not null, periods));
        BindSubject(command, query);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var rows = new SubjectRows(null);
        rows.Start(query.Subject);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(reader);
        return rows;
    }

    /// <inheritdoc />
    public async ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT enrolled_on, withdrawn_on FROM {s}.enrolment_periods WHERE subject = @s ORDER BY enrolled_on");
        command.Parameters.AddWithValue("s", subject.Value);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var periods = new List<EnrolmentPeriod>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            periods.Add(new EnrolmentPeriod(PostgresEncoding.Date(reader.GetInt32(0)), reader.IsDBNull(1) ? null : PostgresEncoding.Date(reader.GetInt32(1))));
        }

        return periods.Count == 0 ? Enrolment.None : Enrolment.Of(periods);
    }

    /// <inheritdoc />
    /// <remarks>Deletes the named subjects' periods and writes the new ones by binary <c>COPY</c>, in one transaction.</remarks>
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
            if (!PostgresEncoding.Storable(e.Subject.Value)) throw new ArgumentException($"Subject {e.Subject} contains U+0000, which PostgreSQL text cannot keep.", nameof(enrolments));
            foreach (var p in e.Enrolment.Periods)
            {
                PostgresEncoding.Date(p.EnrolledOn);
                if (p.WithdrawnOn is { } w) PostgresEncoding.Date(w);
            }
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var delete = Command(connection, tx, "DELETE FROM {s}.enrolment_periods WHERE subject = ANY(@s)"))
            {
                delete.Parameters.AddWithValue("s", NpgsqlDbType.Array | NpgsqlDbType.Text, list.Select(e => e.Subject.Value).ToArray());
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var copy = await connection.BeginBinaryImportAsync(Sql("COPY {s}.enrolment_periods (subject, enrolled_on, withdrawn_on) FROM STDIN (FORMAT BINARY)"), cancellationToken).ConfigureAwait(false))
            {
                foreach (var e in list)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    foreach (var p in e.Enrolment.Periods)
                    {
                        await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        await copy.WriteAsync(e.Subject.Value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                        await copy.WriteAsync(PostgresEncoding.Date(p.EnrolledOn), NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                        if (p.WithdrawnOn is { } w) await copy.WriteAsync(PostgresEncoding.Date(w), NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                        else await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
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
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT source, line_number, field, reason, message, raw_text FROM {s}.rejects" + (sourceName is null ? string.Empty : " WHERE source = @s") + " ORDER BY source, line_number, delivery");
        if (sourceName is not null) command.Parameters.AddWithValue("s", PostgresEncoding.Readable(sourceName)!);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
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
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT (SELECT count(*) FROM (SELECT subject FROM {s}.record_copies UNION SELECT subject FROM {s}.enrolment_periods) AS subjects),
                   (SELECT count(*) FROM {s}.record_copies),
                   (SELECT count(*) FROM {s}.record_events),
                   (SELECT count(*) FROM {s}.enrolment_periods),
                   (SELECT count(*) FROM {s}.rejects),
                   (SELECT count(*) FROM {s}.scores)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>Commits the grant-state writes still queued, then closes the pooled connections. The data stays in the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await _grantWrites.CompleteAsync().ConfigureAwait(false);
        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The parameters of <see cref="PostgresSchema.SubjectRows"/> for one subject: the subject, and the view's instant when it has one.</summary>
    private static void BindSubject(NpgsqlCommand command, RecordQuery query)
    {
        command.Parameters.AddWithValue("subject", query.Subject.Value);
        AddKnownAt(command, query.KnownAt);
    }

    internal static void AddKnownAt(NpgsqlCommand command, Instant? knownAt)
    {
        if (knownAt is not { } k) return;
        var (ticks, nanos) = PostgresEncoding.Instant(k);
        command.Parameters.AddWithValue("known_ticks", NpgsqlDbType.Bigint, ticks);
        command.Parameters.AddWithValue("known_ns", NpgsqlDbType.Smallint, nanos);
    }

    private string Sql(string sql) => sql.Replace("{s}", Schema);

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql) => new(Sql(sql), connection, tx);

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LockSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, "SELECT pg_advisory_xact_lock(@c, hashtext(@s))");
        command.Parameters.AddWithValue("c", PostgresSchema.AdvisoryLockClass);
        command.Parameters.AddWithValue("s", Schema);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM {s}.schema_migrations");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(PostgresCreditStore));
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenCheckedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaChecked) return connection;
        try
        {
            await using var command = Command(connection, null, "SELECT CASE WHEN to_regclass(@t) IS NULL THEN 0 ELSE 1 END");
            command.Parameters.AddWithValue("t", Schema + ".schema_migrations");
            bool exists = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 1;
            int version = exists ? await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false) : 0;
            if (version != PostgresSchema.LatestVersion)
            {
                throw new InvalidOperationException($"The schema {Schema} has version {version}; this code needs {PostgresSchema.LatestVersion}. Call MigrateAsync first.");
            }

            _schemaChecked = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
