using System.Text;
using NodaTime;
using Npgsql;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;
using ShangdingScore.Stores.Conformance;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>What the contract suite does not say: migrations under concurrency, the COPY path, rejects, plans, options.</summary>
public sealed class PostgresStoreTests : IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task MigrateAsync_EightStoresAtOnceOnOneSchema_EachMigrationAppliedExactlyOnce()
    {
        var schema = _schemas.New();
        var stores = Enumerable.Range(0, 8).Select(_ => _schemas.Store(schema)).ToArray();
        try
        {
            var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));

            Assert.Equal(Enumerable.Range(1, PostgresCreditStore.SchemaVersion), results.SelectMany(r => r.Applied).OrderBy(v => v));
            Assert.All(results, r => Assert.Equal(PostgresCreditStore.SchemaVersion, r.ToVersion));
            Assert.Equal(PostgresCreditStore.SchemaVersion, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM {schema}.schema_migrations"));
            var again = await stores[0].MigrateAsync();
            Assert.Empty(again.Applied);
        }
        finally
        {
            foreach (var s in stores) await s.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task MigrateAsync_SchemaNewerThanCode_ThrowsInvalidOperation()
    {
        var schema = _schemas.New();
        await using (var store = await _schemas.MigratedAsync(schema))
        {
            await TestSchemas.ScalarAsync<int>($"INSERT INTO {schema}.schema_migrations (version, description) VALUES (99, 'from the future') RETURNING version");
        }

        await using var newer = _schemas.Store(schema);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.MigrateAsync());
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Schemas_TwoStoresInOneDatabase_SeeOnlyTheirOwnData()
    {
        await using var a = await _schemas.MigratedAsync();
        await using var b = await _schemas.MigratedAsync();
        await a.ImportAsync(Utf8(Line("r1", "S-1")), new StoreImportOptions { SourceName = "a.jsonl" });

        Assert.Equal(1, (await a.CountAsync()).Copies);
        Assert.Equal(default, await b.CountAsync());
    }

    [PostgresFact]
    public async Task ImportAsync_GeneratedPopulationInManyCopyBatches_SameAsSqliteStore()
    {
        var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 1_500, Seed = 42, MalformedPerMillion = 20_000, DuplicatesPerMillion = 50_000 };
        var bytes = Population(options);
        var import = new StoreImportOptions { SourceName = "population.jsonl", BatchSize = 1_000 };
        await using var postgres = await _schemas.MigratedAsync();
        var folder = Path.Combine(Path.GetTempPath(), "sdss-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var sqlite = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(folder, "theme.db"));
            var fromPostgres = await postgres.ImportAsync(new MemoryStream(bytes), import);
            var fromSqlite = await sqlite.ImportAsync(new MemoryStream(bytes), import);

            Assert.True(fromPostgres.BatchesCommitted > 5);
            Assert.True(fromPostgres.AlreadyPresent > 0);
            Assert.True(fromPostgres.LinesSetAside > 0);
            Assert.Equal(fromSqlite.ToString(), fromPostgres.ToString());
            Assert.Equal((fromSqlite.CopiesAdded, fromSqlite.EventsAdded), (fromPostgres.CopiesAdded, fromPostgres.EventsAdded));
            Assert.Equal(await sqlite.CountAsync(), await postgres.CountAsync());
            Assert.Equal(await DescribeAsync(sqlite), await DescribeAsync(postgres));
            Assert.Equal(await RejectsAsync(sqlite), await RejectsAsync(postgres));

            var again = await postgres.ImportAsync(new MemoryStream(bytes), import);
            Assert.Equal(0, again.RecordsAdded + again.CopiesAdded + again.EventsAdded);
            Assert.Equal(fromPostgres.RecordsTaken, again.AlreadyPresent);
            Assert.Equal(await sqlite.CountAsync(), await postgres.CountAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task ImportAsync_FileWhoseFirstPartIsKept_RefusedBatchesMergedLaterOnesCopiedSameAsSqliteStore()
    {
        // The first import keeps the first third of the file; the second import of the whole file in
        // small batches has its first straight copies refused (kept keys), merges those batches, and
        // copies the later, new batches straight in again: the same store and counts as SQLite's.
        var bytes = Population(new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 600, Seed = 7, MalformedPerMillion = 20_000, DuplicatesPerMillion = 50_000 });
        int cut = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length / 3) + 1;
        var head = bytes[..cut];
        await using var postgres = await _schemas.MigratedAsync();
        var folder = Path.Combine(Path.GetTempPath(), "sdss-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var sqlite = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(folder, "theme.db"));
            foreach (ICreditStore store in new ICreditStore[] { postgres, sqlite })
            {
                await store.ImportAsync(new MemoryStream(head), new StoreImportOptions { SourceName = "p.jsonl", BatchSize = 50 });
            }

            var whole = new StoreImportOptions { SourceName = "p.jsonl", BatchSize = 37 };
            var fromPostgres = await postgres.ImportAsync(new MemoryStream(bytes), whole);
            var fromSqlite = await sqlite.ImportAsync(new MemoryStream(bytes), whole);

            Assert.True(fromPostgres.AlreadyPresent > 100);
            Assert.True(fromPostgres.RecordsAdded > 1_000);
            Assert.Equal(fromSqlite.ToString(), fromPostgres.ToString());
            Assert.Equal((fromSqlite.CopiesAdded, fromSqlite.EventsAdded), (fromPostgres.CopiesAdded, fromPostgres.EventsAdded));
            Assert.Equal(await sqlite.CountAsync(), await postgres.CountAsync());
            Assert.Equal(await DescribeAsync(sqlite), await DescribeAsync(postgres));
            Assert.Equal(await RejectsAsync(sqlite), await RejectsAsync(postgres));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task ImportAsync_SameFileFromTwoStoreObjectsAtOnce_EveryCopyKeptOnceAndCountedOnce()
    {
        var bytes = Population(new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 800, Seed = 3 });
        var schema = _schemas.New();
        await using var first = await _schemas.MigratedAsync(schema);
        await using var second = _schemas.Store(schema);
        var results = await Task.WhenAll(
            Task.Run(() => first.ImportAsync(new MemoryStream(bytes), new StoreImportOptions { SourceName = "p.jsonl", BatchSize = 500 })),
            Task.Run(() => second.ImportAsync(new MemoryStream(bytes), new StoreImportOptions { SourceName = "p.jsonl", BatchSize = 700 })));
        var counts = await first.CountAsync();

        Assert.Equal(counts.Copies, results.Sum(r => r.CopiesAdded));
        Assert.Equal(counts.Events, results.Sum(r => r.EventsAdded));
        Assert.Equal(results[0].LinesSetAside, counts.Rejects);
    }

    [PostgresFact]
    public async Task ImportAsync_BadLinesUnderTwoSourceNames_RejectsKeyedBySourceAndLine()
    {
        await using var store = await _schemas.MigratedAsync();
        var text = Line("r1", "S-1") + "{\"id\":\"r2\"}\n" + "not json\n";
        await store.ImportAsync(Utf8(text), new StoreImportOptions { SourceName = "day1.jsonl" });
        await store.ImportAsync(Utf8(text), new StoreImportOptions { SourceName = "day1.jsonl", BatchSize = 1 });
        await store.ImportAsync(Utf8(text), new StoreImportOptions { SourceName = "day2.jsonl" });

        var rejects = await ToListAsync(store.ReadRejectsAsync());
        Assert.Equal(new[] { ("day1.jsonl", 2L), ("day1.jsonl", 3L), ("day2.jsonl", 2L), ("day2.jsonl", 3L) }, rejects.Select(r => (r.SourceName!, r.LineNumber)));
        Assert.Equal(RecordRejectionReasons.MissingField, rejects[0].Reason);
        Assert.Equal("not json", rejects[1].RawText);
        Assert.Equal(4, (await store.CountAsync()).Rejects);
    }

    [PostgresFact]
    public async Task ImportAsync_TextWithNulCharacter_SetAsideInsteadOfFailingTheImport()
    {
        await using var store = await _schemas.MigratedAsync();
        var text = Line("r1", "S-1") + Line("r2", "S-\u0000") + "{\"bad\":\u0000}\n" + Line("r3", "S-2");
        var result = await store.ImportAsync(Utf8(text), new StoreImportOptions { SourceName = "nul.jsonl" });

        Assert.Equal(4, result.LinesRead);
        Assert.Equal(2, result.RecordsTaken);
        Assert.Equal(2, result.RecordsAdded);
        Assert.Equal(2, result.LinesSetAside);
        Assert.Equal(new long[] { 2, 3 }, result.Rejections.Select(r => r.LineNumber));
        var rejects = await ToListAsync(store.ReadRejectsAsync("nul.jsonl"));
        Assert.Equal(("$.subject", RecordRejectionReasons.InvalidValue), (rejects[0].Field, rejects[0].Reason));
        Assert.Equal(3, rejects[1].LineNumber);
        Assert.DoesNotContain('\u0000', rejects[1].RawText ?? string.Empty);
        Assert.Equal(2, (await store.CountAsync()).Copies);
    }

    [PostgresFact]
    public async Task ReadAllSubjectsAsync_Plan_MergesIndexScansWithoutSortingTheStore()
    {
        await using var store = await _schemas.MigratedAsync();
        await store.ImportAsync(new MemoryStream(Population(new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 300 })), new StoreImportOptions { SourceName = "p.jsonl" });
        await using var connection = new NpgsqlConnection(PostgresEnvironment.RequireConnectionString());
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL enable_sort = off", connection, tx)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + PostgresSchema.SubjectRows(oneSubject: false, knownAt: false, periods: true).Replace("{s}", store.Schema), connection, tx);
        var plan = new StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
        }

        var text = plan.ToString();
        Assert.True(text.Contains("Merge Append", StringComparison.Ordinal), text);
        Assert.False(text.Contains("Sort  (", StringComparison.Ordinal), text);
        Assert.True(text.Split('\n').Count(l => l.Contains("Index", StringComparison.Ordinal) && l.Contains("Scan using", StringComparison.Ordinal)) == 3, text);
    }

    [PostgresFact]
    public async Task ReadAsync_Disposed_ThrowsObjectDisposed()
    {
        var store = await _schemas.MigratedAsync();
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("1starts_with_digit")]
    [InlineData("semi;colon")]
    [InlineData("quote\"d")]
    public void Options_SchemaNotPlainIdentifier_ThrowsArgument(string schema) =>
        Assert.Throws<ArgumentException>(() => new PostgresCreditStoreOptions { ConnectionString = "Host=127.0.0.1", Schema = schema });

    [Fact]
    public void Options_NoSchemaGiven_DefaultSchema() =>
        Assert.Equal("shangding", new PostgresCreditStoreOptions { ConnectionString = "Host=127.0.0.1" }.Schema);

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "false", true)]
    [InlineData("  ", null, true)]
    [InlineData(null, "true", false)]
    [InlineData(null, "TRUE", false)]
    [InlineData("Host=127.0.0.1", null, false)]
    [InlineData("Host=127.0.0.1", "true", false)]
    public void PostgresEnvironment_ConnectionAndCi_SkippedOnlyWithoutConnectionOutsideCi(string? connection, string? ci, bool skipped) =>
        Assert.Equal(skipped, PostgresEnvironment.Decide(connection, PostgresEnvironment.IsCi(ci)) is not null);

    [Fact]
    public void PostgresEnvironment_CiWithoutConnection_TestsFailLoudly()
    {
        if (PostgresEnvironment.ConnectionString is null && PostgresEnvironment.InCi)
        {
            var error = Assert.Throws<InvalidOperationException>(() => PostgresEnvironment.RequireConnectionString());
            Assert.Contains(PostgresEnvironment.Variable, error.Message, StringComparison.Ordinal);
        }
        else if (PostgresEnvironment.ConnectionString is { } cs)
        {
            Assert.Equal(cs, PostgresEnvironment.RequireConnectionString());
        }
        else
        {
            Assert.NotNull(PostgresEnvironment.SkipReason);
        }
    }

    private static byte[] Population(PopulationOptions options)
    {
        using var stream = new MemoryStream();
        PopulationGenerator.Write(stream, options);
        return stream.ToArray();
    }

    private static string Line(string id, string subject)
    {
        var record = new CreditRecord(id, new SubjectId(subject), "law.tax-on-time", new LocalDate(2024, 12, 1), "zz-tax", Instant.FromUtc(2025, 1, 1, 0, 0));
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesRecordWriter(stream)) writer.Write(record);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<List<string>> DescribeAsync(ICreditStore store)
    {
        var list = new List<string>();
        await foreach (var s in store.ReadAllSubjectsAsync(SubjectScan.All))
        {
            var records = s.Records.Select(r => $"{r.Id}|{r.RecordedAt}|{r.ItemCode}|{r.OccurredOn}|{r.Quantity}|{r.Provider}|{string.Join(",", r.Events.OrderBy(e => e.At).ThenBy(e => e.Type).Select(e => $"{e.Type}@{e.At}/{e.EffectiveOn}"))}");
            list.Add($"{s.Subject} [{string.Join(" ", s.Enrolment.Periods)}] {string.Join(" ; ", records)}");
        }

        return list;
    }

    private static async Task<List<string>> RejectsAsync(ICreditStore store) =>
        (await ToListAsync(store.ReadRejectsAsync())).Select(r => $"{r.SourceName}:{r.LineNumber}:{r.Field}:{r.Reason}:{r.Message}:{r.RawText}").ToList();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
