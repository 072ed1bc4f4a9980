using System.Collections.Immutable;
using System.Text;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Sources;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of <see cref="ICreditStore"/> as tests. A store's test project derives one class,
/// says how to create an empty store and how to reopen it, and inherits every test.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class StoreConformanceTests<TStore>
    where TStore : class, ICreditStore
{
    /// <summary>Creates a store over a new, empty database (not migrated).</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Disposes <paramref name="store"/> and opens its database again (the data must still be there).</summary>
    protected abstract Task<TStore> ReopenAsync(TStore store);

    private async Task<TStore> CreateMigratedAsync()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync();
        return store;
    }

    [StoreFact]
    public async Task MigrateAsync_EmptyDatabase_AppliesEveryMigrationInOrder()
    {
        await using var store = await CreateStoreAsync();
        var result = await store.MigrateAsync();
        Assert.Equal(0, result.FromVersion);
        Assert.True(result.ToVersion >= 1);
        Assert.Equal(Enumerable.Range(1, result.ToVersion), result.Applied);
    }

    [StoreFact]
    public async Task MigrateAsync_SecondTime_AppliesNothing()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.MigrateAsync();
        var second = await store.MigrateAsync();
        Assert.Equal(first.ToVersion, second.FromVersion);
        Assert.Equal(first.ToVersion, second.ToVersion);
        Assert.Empty(second.Applied);
    }

    [StoreFact]
    public async Task ImportAsync_BeforeMigrate_ThrowsInvalidOperation()
    {
        await using var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(Lines(Sample.Record("r1", "S-1")), Options("a.jsonl")));
    }

    [StoreFact]
    public async Task ImportAsync_MixedFile_AccountsForEveryLine()
    {
        await using var store = await CreateMigratedAsync();
        var text = Text(Sample.Record("r1", "S-1"), Sample.Record("r2", "S-2")) + "\n" + "{not json\n" + Text(Sample.Record("r3", "S-1"));
        var result = await store.ImportAsync(Utf8(text), Options("mixed.jsonl"));

        Assert.Equal(5, result.LinesRead);
        Assert.Equal(3, result.RecordsTaken);
        Assert.Equal(3, result.RecordsAdded);
        Assert.Equal(0, result.AlreadyPresent);
        Assert.Equal(1, result.LinesSetAside);
        Assert.Equal(1, result.BlankLines);
        Assert.Equal(3, result.CopiesAdded);
        var counts = await store.CountAsync();
        Assert.Equal(new StoreCounts(subjects: 2, copies: 3, events: 0, enrolmentPeriods: 0, rejects: 1, scores: 0), counts);
    }

    [StoreFact]
    public async Task ImportAsync_SameFileTwice_AddsNothingTheSecondTime()
    {
        await using var store = await CreateMigratedAsync();
        var records = new[] { Sample.Record("r1", "S-1", Sample.Disputed(10)), Sample.Record("r2", "S-2"), Sample.Record("r3", "S-2") };
        var text = Text(records) + "broken\n";
        var first = await store.ImportAsync(Utf8(text), Options("twice.jsonl"));
        var countsAfterFirst = await store.CountAsync();
        var second = await store.ImportAsync(Utf8(text), Options("twice.jsonl"));

        Assert.Equal(3, first.RecordsAdded);
        Assert.Equal(1, first.EventsAdded);
        Assert.Equal(0, second.RecordsAdded);
        Assert.Equal(3, second.AlreadyPresent);
        Assert.Equal(0, second.CopiesAdded);
        Assert.Equal(0, second.EventsAdded);
        Assert.Equal(1, second.LinesSetAside);
        Assert.Equal(countsAfterFirst, await store.CountAsync());
    }

    [StoreFact]
    public async Task ImportAsync_DuplicateLineInOneFile_CountedAlreadyPresentAndKeptOnce()
    {
        await using var store = await CreateMigratedAsync();
        var r = Sample.Record("r1", "S-1");
        var result = await store.ImportAsync(Lines(r, r), Options("dup.jsonl"));

        Assert.Equal(1, result.RecordsAdded);
        Assert.Equal(1, result.AlreadyPresent);
        Assert.Equal(new[] { r }, await ReadAsync(store, "S-1"));
    }

    [StoreFact]
    public async Task ImportAsync_SmallBatches_SameStoreAsOneBatch()
    {
        var records = Enumerable.Range(0, 57).Select(i => Sample.Record($"r{i:D3}", $"S-{i % 7}", i % 5 == 0 ? Sample.Disputed(i) : null)).ToArray();
        await using var one = await CreateMigratedAsync();
        await using var many = await CreateMigratedAsync();
        var a = await one.ImportAsync(Lines(records), Options("f.jsonl"));
        var b = await many.ImportAsync(Lines(records), new StoreImportOptions { SourceName = "f.jsonl", BatchSize = 4 });

        Assert.Equal(1, a.BatchesCommitted);
        Assert.Equal(15, b.BatchesCommitted);
        Assert.Equal(await one.CountAsync(), await many.CountAsync());
        Assert.Equal(await SnapshotAsync(one, SubjectScan.All), await SnapshotAsync(many, SubjectScan.All));
    }

    [StoreFact]
    public async Task ImportAsync_ProgressGiven_ReportedAfterEachBatch()
    {
        await using var store = await CreateMigratedAsync();
        var reports = new List<StoreImportProgress>();
        var records = Enumerable.Range(0, 10).Select(i => Sample.Record($"r{i}", "S-1")).ToArray();
        await store.ImportAsync(Lines(records), new StoreImportOptions { SourceName = "p.jsonl", BatchSize = 4, Progress = new SyncProgress<StoreImportProgress>(reports.Add) });

        Assert.Equal(new long[] { 4, 8, 10 }, reports.Select(r => r.LinesRead));
        Assert.Equal(new[] { 1, 2, 3 }, reports.Select(r => r.BatchesCommitted));
    }

    [StoreFact]
    public async Task ImportAsync_MalformedLines_KeptInRejectsWithSourceLineFieldAndReason()
    {
        await using var store = await CreateMigratedAsync();
        var text = Text(Sample.Record("r1", "S-1"))
            + "{\"id\":\"r2\",\"subject\":\"S-1\",\"item\":\"law.tax-on-time\",\"occurredOn\":\"2024-02-30\",\"provider\":\"p\",\"recordedAt\":\"2024-03-01T00:00:00Z\"}\n"
            + "[1,2]\n";
        var result = await store.ImportAsync(Utf8(text), Options("bad.jsonl"));
        await store.ImportAsync(Utf8(text), Options("bad.jsonl"));
        await store.ImportAsync(Utf8("nope\n"), Options("other.jsonl"));

        Assert.Equal(2, result.LinesSetAside);
        var rejects = await ToListAsync(store.ReadRejectsAsync("bad.jsonl"));
        Assert.Equal(2, rejects.Count);
        Assert.Equal(2, rejects[0].LineNumber);
        Assert.Equal("$.occurredOn", rejects[0].Field);
        Assert.Equal(RecordRejectionReasons.InvalidDate, rejects[0].Reason);
        Assert.Equal("bad.jsonl", rejects[0].SourceName);
        Assert.False(string.IsNullOrEmpty(rejects[0].Message));
        Assert.Equal(3, rejects[1].LineNumber);
        Assert.Equal(RecordRejectionReasons.WrongType, rejects[1].Reason);
        var all = await ToListAsync(store.ReadRejectsAsync());
        Assert.Equal(new[] { "bad.jsonl", "bad.jsonl", "other.jsonl" }, all.Select(r => r.SourceName));
    }

    [StoreFact]
    public async Task ReadAsync_ImportedRecords_RoundTripExactly()
    {
        await using var store = await CreateMigratedAsync();
        var subject = new SubjectId("S-往返");
        var full = new CreditRecord(
            "zz-vol-000123",
            subject,
            "volunteer.service-hours",
            new LocalDate(2025, 3, 14),
            "zz-volunteer-federation",
            Instant.FromUnixTimeTicks(17_400_000_000_000_000L) + Duration.FromNanoseconds(37),
            quantity: 12.50m,
            events: ImmutableArray.Create(
                new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2025, 4, 1, 8, 0)),
                new RecordEvent(RecordEventType.DisputeRejected, Instant.FromUtc(2025, 4, 6, 8, 0)),
                new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2025, 5, 1, 8, 0), new LocalDate(2025, 4, 30))));
        var plain = new CreditRecord("r-2", subject, "unknown.code", new LocalDate(1, 1, 1), "p", Instant.FromUtc(9999, 12, 31, 23, 59, 59), quantity: 0m);
        await store.ImportAsync(Lines(full, plain), Options("rt.jsonl"));

        var read = await ReadAsync(store, subject.Value);
        Assert.Equal(2, read.Count);
        var r = read.Single(x => x.Id == full.Id);
        Assert.Equal(full.RecordedAt, r.RecordedAt);
        Assert.Equal(full.Quantity, r.Quantity);
        Assert.True(r.HasSameContentAs(full));
        Assert.Equal(full.Events.OrderBy(e => e.At), r.Events.OrderBy(e => e.At));
        Assert.Equal(plain, read.Single(x => x.Id == plain.Id));
        Assert.Empty(await ReadAsync(store, "S-nobody"));
    }

    [StoreFact]
    public async Task ReadAsync_LaterDeliveryAddsEvent_EventsAppendedAndPastStateReadable()
    {
        await using var store = await CreateMigratedAsync();
        var first = Sample.Record("r1", "S-1");
        var later = first.WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Disputed, Sample.At(30))));
        var revoked = first.WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Revoked, Sample.At(60))));
        await store.ImportAsync(Lines(first), Options("day1.jsonl"));
        var second = await store.ImportAsync(Lines(later), Options("day30.jsonl"));
        await store.ImportAsync(Lines(revoked), Options("day60.jsonl"));

        Assert.Equal(1, second.RecordsAdded);
        Assert.Equal(0, second.CopiesAdded);
        Assert.Equal(1, second.EventsAdded);
        var now = Assert.Single(await ReadAsync(store, "S-1"));
        Assert.Equal(new[] { RecordEventType.Disputed, RecordEventType.Revoked }, now.Events.OrderBy(e => e.At).Select(e => e.Type));
        var atDay45 = Assert.Single(await ReadAsync(store, "S-1", Sample.At(45)));
        Assert.Equal(new[] { RecordEventType.Disputed }, atDay45.Events.Select(e => e.Type));
        var atDay10 = Assert.Single(await ReadAsync(store, "S-1", Sample.At(10)));
        Assert.Empty(atDay10.Events);
        Assert.Empty(await ReadAsync(store, "S-1", first.RecordedAt - Duration.FromNanoseconds(1)));
        Assert.Single(await ReadAsync(store, "S-1", first.RecordedAt));
    }

    [StoreFact]
    public async Task ReadAsync_CopiesThatDisagree_BothKeptForTheEvaluatorToMerge()
    {
        await using var store = await CreateMigratedAsync();
        var a = Sample.Record("r1", "S-1");
        var b = new CreditRecord("r1", a.Subject, a.ItemCode, a.OccurredOn, a.Provider, a.RecordedAt + Duration.FromDays(1), quantity: 3m);
        await store.ImportAsync(Lines(a, b), Options("c.jsonl"));

        var read = await ReadAsync(store, "S-1");
        Assert.Equal(new[] { a, b }, read.OrderBy(r => r.RecordedAt));
        Assert.Equal(new[] { a }, await ReadAsync(store, "S-1", a.RecordedAt));
    }

    [StoreFact]
    public async Task SetEnrolmentsAsync_Periods_RoundTripAndReplace()
    {
        await using var store = await CreateMigratedAsync();
        var history = Enrolment.Of(new[] { new EnrolmentPeriod(new LocalDate(2020, 1, 1), new LocalDate(2021, 1, 1)), new EnrolmentPeriod(new LocalDate(2022, 6, 1)) });
        var written = await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-1"), history), new SubjectEnrolment(new SubjectId("S-2"), Enrolment.Since(new LocalDate(2023, 1, 1))) });

        Assert.Equal(2, written);
        Assert.Equal(history.Periods.ToArray(), (await store.GetEnrolmentAsync(new SubjectId("S-1"), default)).Periods.ToArray());
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-1"), Enrolment.Since(new LocalDate(2024, 2, 29))), new SubjectEnrolment(new SubjectId("S-2"), Enrolment.None) });
        Assert.Equal(new[] { new EnrolmentPeriod(new LocalDate(2024, 2, 29)) }, (await store.GetEnrolmentAsync(new SubjectId("S-1"), default)).Periods.ToArray());
        Assert.Empty((await store.GetEnrolmentAsync(new SubjectId("S-2"), default)).Periods);
        Assert.Empty((await store.GetEnrolmentAsync(new SubjectId("S-never"), default)).Periods);
    }

    [StoreFact]
    public async Task SetEnrolmentsAsync_SubjectTwice_ThrowsArgumentAndWritesNothing()
    {
        await using var store = await CreateMigratedAsync();
        var e = new SubjectEnrolment(new SubjectId("S-1"), Enrolment.Since(new LocalDate(2020, 1, 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetEnrolmentsAsync(new[] { e, e }));
        Assert.Empty((await store.GetEnrolmentAsync(new SubjectId("S-1"), default)).Periods.ToArray());
    }

    [StoreFact]
    public async Task ReadAllSubjectsAsync_RecordsAndEnrolments_EverySubjectOnceInCodePointOrder()
    {
        await using var store = await CreateMigratedAsync();
        var ids = new[] { "S-b", "S-a", "S-\uFB01", "S-\U0001F600", "S-a1", "T" };
        await store.ImportAsync(Lines(ids.Select((s, i) => Sample.Record($"r{i}", s)).Concat(new[] { Sample.Record("r-x", "S-a") }).ToArray()), Options("o.jsonl"));
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-enrolled-only"), Enrolment.Since(new LocalDate(2020, 1, 1))), new SubjectEnrolment(new SubjectId("S-a"), Enrolment.Since(new LocalDate(2021, 1, 1))) });

        var all = await ToListAsync(store.ReadAllSubjectsAsync(SubjectScan.All));
        var expected = ids.Append("S-enrolled-only").OrderBy(s => s, SubjectOrder.Instance).ToArray();
        Assert.Equal(expected, all.Select(s => s.Subject.Value));
        var a = all.Single(s => s.Subject.Value == "S-a");
        Assert.Equal(new[] { "r-x", "r1" }, a.Records.Select(r => r.Id).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new LocalDate(2021, 1, 1), a.Enrolment.Periods.Single().EnrolledOn);
        Assert.Empty(all.Single(s => s.Subject.Value == "S-enrolled-only").Records);
        Assert.Empty(all.Single(s => s.Subject.Value == "T").Enrolment.Periods);
    }

    [StoreFact]
    public async Task ReadAllSubjectsAsync_KnownAt_SameViewAsReadAsync()
    {
        await using var store = await CreateMigratedAsync();
        var records = Enumerable.Range(0, 40).Select(i => Sample.Record($"r{i:D2}", $"S-{i % 6}", i % 3 == 0 ? Sample.Disputed(i * 2) : null, recordedDay: i)).ToArray();
        await store.ImportAsync(Lines(records), Options("k.jsonl"));
        var knownAt = Sample.At(25);

        var scanned = await ToListAsync(store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }));
        foreach (var snapshot in scanned)
        {
            var direct = await ReadAsync(store, snapshot.Subject.Value, knownAt);
            Assert.Equal(direct, snapshot.Records.OrderBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.RecordedAt).ToList());
            Assert.All(snapshot.Records, r => Assert.True(r.RecordedAt <= knownAt));
            Assert.All(snapshot.Records.SelectMany(r => r.Events), e => Assert.True(e.At <= knownAt));
        }

        Assert.Equal(records.Count(r => r.RecordedAt <= knownAt), scanned.Sum(s => s.Records.Length));
    }

    [StoreFact]
    public async Task ReopenAsync_AfterImportEnrolmentsAndScores_EverythingStillThere()
    {
        var store = await CreateMigratedAsync();
        await store.ImportAsync(Utf8(Text(Sample.Record("r1", "S-1", Sample.Disputed(3))) + "x\n"), Options("p.jsonl"));
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-1"), Enrolment.Since(new LocalDate(2020, 1, 1))) });
        await store.WriteScoresAsync(new[] { Sample.Score("S-1", new LocalDate(2025, 1, 1), 100m, "good", null) });
        var before = await store.CountAsync();
        var snapshot = await SnapshotAsync(store, SubjectScan.All);

        await using var reopened = await ReopenAsync(store);
        var migration = await reopened.MigrateAsync();
        Assert.Empty(migration.Applied);
        Assert.Equal(before, await reopened.CountAsync());
        Assert.Equal(snapshot, await SnapshotAsync(reopened, SubjectScan.All));
    }

    [StoreFact]
    public async Task ReadAsync_AsRecordSource_UsableInCompositeAndNamed()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1")), Options("a.jsonl"));
        var composite = new CompositeRecordSource(new ICreditRecordSource[] { store });
        var collected = await composite.CollectAsync(new RecordQuery { Subject = new SubjectId("S-1") });

        Assert.False(string.IsNullOrWhiteSpace(store.Name));
        Assert.True(collected.IsComplete);
        Assert.Single(collected.Records);
    }

    [StoreFact]
    public async Task ImportAsync_Cancelled_CommittedBatchesStayAndReimportCompletes()
    {
        await using var store = await CreateMigratedAsync();
        var records = Enumerable.Range(0, 30).Select(i => Sample.Record($"r{i:D2}", $"S-{i % 4}")).ToArray();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<StoreImportProgress>(p =>
        {
            if (p.BatchesCommitted == 2) cts.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ImportAsync(Lines(records), new StoreImportOptions { SourceName = "c.jsonl", BatchSize = 5, Progress = progress }, cts.Token));
        Assert.Equal(10, (await store.CountAsync()).Copies);

        var rerun = await store.ImportAsync(Lines(records), new StoreImportOptions { SourceName = "c.jsonl", BatchSize = 5 });
        Assert.Equal(20, rerun.RecordsAdded);
        Assert.Equal(10, rerun.AlreadyPresent);
        Assert.Equal(30, (await store.CountAsync()).Copies);
    }

    private static StoreImportOptions Options(string source) => new() { SourceName = source };

    private static async Task<List<CreditRecord>> ReadAsync(ICreditStore store, string subject, Instant? knownAt = null)
    {
        var list = await ToListAsync(store.ReadAsync(new RecordQuery { Subject = new SubjectId(subject), KnownAt = knownAt }, default));
        return list.OrderBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.RecordedAt).ToList();
    }

    private static async Task<List<string>> SnapshotAsync(ICreditStore store, SubjectScan scan)
    {
        var list = new List<string>();
        await foreach (var s in store.ReadAllSubjectsAsync(scan)) list.Add(Text(s));
        return list;
    }

    /// <summary>Everything a snapshot holds, as one line of text.</summary>
    private static string Text(SubjectSnapshot s)
    {
        var records = s.Records.Select(r => $"{r.Id}|{r.RecordedAt}|{r.ItemCode}|{r.OccurredOn}|{r.Quantity}|{r.Provider}|{string.Join(",", r.Events.OrderBy(e => e.At).ThenBy(e => e.Type))}");
        return $"{s.Subject} [{string.Join(" ", s.Enrolment.Periods)}] {string.Join(" ; ", records)}";
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    private static string Text(params CreditRecord[] records)
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesRecordWriter(stream))
        {
            foreach (var r in records) writer.Write(r);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Stream Lines(params CreditRecord[] records) => Utf8(Text(records));

    private static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private sealed class SyncProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SyncProgress(Action<T> report) => _report = report;

        public void Report(T value) => _report(value);
    }
}
