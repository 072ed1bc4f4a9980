using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Serialization;
using ShangdingScore.Sources;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The contract's appended events (<see cref="ICreditStore.AppendEventsAsync"/>): kept and read like delivered ones, spec §3/§3a.</summary>
public abstract partial class StoreConformanceTests<TStore>
{
    private static readonly LocalDate AsOf = new(2025, 6, 30);

    /// <summary>Opens a second store object on <paramref name="store"/>'s (migrated) database, with connections of its own; <paramref name="store"/> stays open.</summary>
    protected abstract Task<TStore> OpenSecondAsync(TStore store);

    [StoreFact]
    public async Task AppendEventsAsync_DisputeAppended_RecordSuspendedUntilTheRejectionIsAppended()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1"), Sample.Record("r2", "S-1")), Options("a.jsonl"));
        Assert.Equal(RecordOutcome.Counted, await OutcomeAsync(store, "S-1", "r1"));

        var disputed = await store.AppendEventsAsync(new[] { Append("S-1", "r1", RecordEventType.Disputed, 100) });
        Assert.Equal(new[] { RecordEventAppendOutcome.Appended }, disputed.Outcomes);
        Assert.Equal(RecordOutcome.DisputePending, await OutcomeAsync(store, "S-1", "r1"));
        Assert.Equal(RecordOutcome.Counted, await OutcomeAsync(store, "S-1", "r2"));
        var scanned = Assert.Single(await ToListAsync(store.ReadAllSubjectsAsync(SubjectScan.All)));
        Assert.Equal(new[] { RecordEventType.Disputed }, scanned.Records.Single(r => r.Id == "r1").Events.Select(e => e.Type));

        await store.AppendEventsAsync(new[] { Append("S-1", "r1", RecordEventType.DisputeRejected, 110) });
        Assert.Equal(RecordOutcome.Counted, await OutcomeAsync(store, "S-1", "r1"));
        Assert.Equal(RecordOutcome.DisputePending, await OutcomeAsync(store, "S-1", "r1", Sample.At(105)));
    }

    [StoreFact]
    public async Task AppendEventsAsync_RepairAppendedToNegativeRecord_StopsCountingFromItsEffectiveDate()
    {
        await using var store = await CreateMigratedAsync();
        var arrears = new CreditRecord("n1", new SubjectId("S-1"), "social.utility-arrears", new LocalDate(2025, 1, 10), "zz-utility", Sample.At(20));
        await store.ImportAsync(Lines(arrears), Options("n.jsonl"));
        Assert.Equal(RecordOutcome.Counted, await OutcomeAsync(store, "S-1", "n1"));

        var repair = new RecordEventAppend(new SubjectId("S-1"), "n1", new RecordEvent(RecordEventType.Repaired, Sample.At(150), new LocalDate(2025, 5, 1)));
        Assert.Equal(1, (await store.AppendEventsAsync(new[] { repair })).Appended);

        var read = Assert.Single(await ReadAsync(store, "S-1"));
        Assert.Equal(repair.Event, Assert.Single(read.Events));
        Assert.Equal(RecordOutcome.Repaired, await OutcomeAsync(store, "S-1", "n1"));
    }

    [StoreFact]
    public async Task AppendEventsAsync_SameEventTwiceOrAlreadyDelivered_KeptOnceAndReportedAlreadyKept()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1", Sample.Disputed(10))), Options("a.jsonl"));
        var delivered = new RecordEventAppend(new SubjectId("S-1"), "r1", Sample.Disputed(10));
        var decision = Append("S-1", "r1", RecordEventType.DisputeRejected, 20);

        var first = await store.AppendEventsAsync(new[] { delivered, decision, decision });
        var second = await store.AppendEventsAsync(new[] { decision, delivered });

        Assert.Equal(new[] { RecordEventAppendOutcome.AlreadyKept, RecordEventAppendOutcome.Appended, RecordEventAppendOutcome.AlreadyKept }, first.Outcomes);
        Assert.Equal((1, 2, 0, true), (first.Appended, first.AlreadyKept, first.UnknownRecord, first.AllKept));
        Assert.Equal(new[] { RecordEventAppendOutcome.AlreadyKept, RecordEventAppendOutcome.AlreadyKept }, second.Outcomes);
        Assert.Equal(2, (await store.CountAsync()).Events);
        Assert.Equal(new[] { RecordEventType.Disputed, RecordEventType.DisputeRejected }, Assert.Single(await ReadAsync(store, "S-1")).Events.OrderBy(e => e.At).Select(e => e.Type));

        // Re-delivering the record with the appended event adds nothing either.
        var again = await store.ImportAsync(Lines(Sample.Record("r1", "S-1", decision.Event)), Options("b.jsonl"));
        Assert.Equal(0, again.EventsAdded);
    }

    [StoreFact]
    public async Task AppendEventsAsync_RecordNotKeptForThatSubject_RefusedWhileTheOthersAreAppended()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1"), Sample.Record("r9", "S-2", recordedDay: 400)), Options("a.jsonl"));

        var result = await store.AppendEventsAsync(new[]
        {
            Append("S-2", "r1", RecordEventType.Disputed, 30),
            Append("S-1", "r-missing", RecordEventType.Disputed, 30),
            Append("S-1", "r1", RecordEventType.Disputed, 30),
            Append("S-1", "R1", RecordEventType.Disputed, 30),
            Append("S-2", "r9", RecordEventType.Disputed, 30),
        });

        Assert.Equal(
            new[] { RecordEventAppendOutcome.UnknownRecord, RecordEventAppendOutcome.UnknownRecord, RecordEventAppendOutcome.Appended, RecordEventAppendOutcome.UnknownRecord, RecordEventAppendOutcome.Appended },
            result.Outcomes);
        Assert.Equal((2, 0, 3, false), (result.Appended, result.AlreadyKept, result.UnknownRecord, result.AllKept));
        Assert.Equal(2, (await store.CountAsync()).Events);
        var other = Assert.Single(await ReadAsync(store, "S-2"));
        Assert.Equal(("r9", 1), (other.Id, other.Events.Length));
        Assert.Empty(await ReadAsync(store, "S-2", Sample.At(399)));
    }

    [StoreFact]
    public async Task AppendEventsAsync_KnownAtBeforeTheEvent_ReplaysTheEarlierResultByteForByte()
    {
        await using var store = await CreateMigratedAsync();
        var records = new[]
        {
            Sample.Record("r1", "S-1"),
            Sample.Record("r2", "S-1", Sample.Disputed(5)),
            new CreditRecord("n1", new SubjectId("S-1"), "social.utility-arrears", new LocalDate(2025, 1, 10), "zz-utility", Sample.At(20)),
        };
        await store.ImportAsync(Lines(records), Options("a.jsonl"));
        var disputedAt = Sample.At(100);
        var before = Sample.At(99) + Duration.FromHours(23);
        var justBefore = disputedAt - Duration.FromNanoseconds(1);
        var jsonBefore = await EvaluationJsonAsync(store, "S-1", before);
        var jsonJustBefore = await EvaluationJsonAsync(store, "S-1", justBefore);
        var scanJustBefore = await SnapshotAsync(store, new SubjectScan { KnownAt = justBefore });
        var jsonNowBefore = await EvaluationJsonAsync(store, "S-1", null);

        await store.AppendEventsAsync(new[]
        {
            new RecordEventAppend(new SubjectId("S-1"), "r1", new RecordEvent(RecordEventType.Disputed, disputedAt)),
            new RecordEventAppend(new SubjectId("S-1"), "r2", new RecordEvent(RecordEventType.DisputeUpheld, disputedAt)),
            new RecordEventAppend(new SubjectId("S-1"), "n1", new RecordEvent(RecordEventType.Repaired, disputedAt, new LocalDate(2025, 4, 1))),
        });

        Assert.Equal(jsonBefore, await EvaluationJsonAsync(store, "S-1", before));
        Assert.Equal(jsonJustBefore, await EvaluationJsonAsync(store, "S-1", justBefore));
        Assert.Equal(scanJustBefore, await SnapshotAsync(store, new SubjectScan { KnownAt = justBefore }));
        Assert.NotEqual(jsonNowBefore, await EvaluationJsonAsync(store, "S-1", null));

        var atEvent = await ReadAsync(store, "S-1", disputedAt);
        Assert.All(atEvent.Where(r => r.Id != "r2"), r => Assert.Contains(r.Events, e => e.At == disputedAt));
        var scanned = Assert.Single(await ToListAsync(store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = disputedAt })));
        Assert.Equal(atEvent, scanned.Records.OrderBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.RecordedAt).ToList());
        Assert.Equal(RecordOutcome.DisputePending, await OutcomeAsync(store, "S-1", "r1", disputedAt));
        Assert.Equal(RecordOutcome.DisputeUpheld, await OutcomeAsync(store, "S-1", "r2", disputedAt));
        Assert.Equal(RecordOutcome.Repaired, await OutcomeAsync(store, "S-1", "n1", disputedAt));
    }

    [StoreFact]
    public async Task AppendEventsAsync_ConcurrentlyThroughTwoStoreObjects_EachEventAppendedExactlyOnce()
    {
        await using var one = await CreateMigratedAsync();
        await using var two = await OpenSecondAsync(one);
        await one.ImportAsync(Lines(Enumerable.Range(0, 4).Select(i => Sample.Record($"r{i}", "S-1")).ToArray()), Options("a.jsonl"));
        var shared = Enumerable.Range(0, 4).Select(i => Append("S-1", $"r{i}", RecordEventType.Disputed, 50)).ToArray();
        using var start = new ManualResetEventSlim(false);
        var calls = Enumerable.Range(0, 12).Select(n => Task.Run(async () =>
        {
            start.Wait();
            var own = Append("S-1", $"r{n % 4}", RecordEventType.Revoked, 60 + n);
            var events = n % 2 == 0 ? shared.Append(own).ToArray() : shared.Reverse().Append(own).ToArray();
            var result = await (n % 2 == 0 ? one : two).AppendEventsAsync(events);
            return (Events: events, Result: result);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(calls);

        foreach (var e in shared)
        {
            int appended = results.Sum(r => r.Events.Select((x, i) => (x, i)).Count(p => p.x.Equals(e) && r.Result.Outcomes[p.i] == RecordEventAppendOutcome.Appended));
            Assert.Equal(1, appended);
        }

        Assert.All(results, r => Assert.Equal(RecordEventAppendOutcome.Appended, r.Result.Outcomes[^1]));
        Assert.Equal(shared.Length + 12, (await one.CountAsync()).Events);
        Assert.Equal(shared.Length + 12, (await ReadAsync(two, "S-1")).Sum(r => r.Events.Length));
    }

    [StoreFact]
    public async Task AppendEventsAsync_NullOrDateOutOfRange_ThrowsAndWritesNothing()
    {
        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1")), Options("a.jsonl"));
        var valid = Append("S-1", "r1", RecordEventType.Disputed, 30);
        var tooEarly = new RecordEventAppend(new SubjectId("S-1"), "r1", new RecordEvent(RecordEventType.Repaired, Sample.At(31), new LocalDate(0, 12, 31)));

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.AppendEventsAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.AppendEventsAsync(new[] { valid, null! }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.AppendEventsAsync(new[] { valid, tooEarly }));
        Assert.Equal(0, (await store.CountAsync()).Events);
        Assert.Empty((await store.AppendEventsAsync(Array.Empty<RecordEventAppend>())).Outcomes);
    }

    [StoreFact]
    public async Task AppendEventsAsync_CancelledOrBeforeMigrate_Throws()
    {
        await using (var fresh = await CreateStoreAsync())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => fresh.AppendEventsAsync(new[] { Append("S-1", "r1", RecordEventType.Disputed, 1) }));
        }

        await using var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1")), Options("a.jsonl"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendEventsAsync(new[] { Append("S-1", "r1", RecordEventType.Disputed, 1) }, cancelled.Token));
        Assert.Equal(0, (await store.CountAsync()).Events);
    }

    [StoreFact]
    public async Task AppendEventsAsync_Reopened_EventsStillThereAndStillIdempotent()
    {
        var store = await CreateMigratedAsync();
        await store.ImportAsync(Lines(Sample.Record("r1", "S-1")), Options("a.jsonl"));
        var e = Append("S-1", "r1", RecordEventType.Disputed, 40);
        await store.AppendEventsAsync(new[] { e });
        var snapshot = await SnapshotAsync(store, SubjectScan.All);

        await using var reopened = await ReopenAsync(store);
        await reopened.MigrateAsync();
        Assert.Equal(snapshot, await SnapshotAsync(reopened, SubjectScan.All));
        Assert.Equal(new[] { RecordEventAppendOutcome.AlreadyKept }, (await reopened.AppendEventsAsync(new[] { e })).Outcomes);
    }

    private static RecordEventAppend Append(string subject, string recordId, RecordEventType type, int day) =>
        new(new SubjectId(subject), recordId, new RecordEvent(type, Sample.At(day)));

    private static async Task<CreditEvaluation> EvaluateAsync(ICreditStore store, string subject, Instant? knownAt)
    {
        var records = await ToListAsync(store.ReadAsync(new RecordQuery { Subject = new SubjectId(subject), KnownAt = knownAt }, default));
        return CreditEvaluator.Evaluate(
            ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion),
            new EvaluationRequest { Subject = new SubjectId(subject), Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = records.ToImmutableArray(), AsOf = AsOf, KnownAt = knownAt });
    }

    private static async Task<string> EvaluationJsonAsync(ICreditStore store, string subject, Instant? knownAt) =>
        EvaluationJson.Serialize(await EvaluateAsync(store, subject, knownAt));

    private static async Task<RecordOutcome> OutcomeAsync(ICreditStore store, string subject, string recordId, Instant? knownAt = null) =>
        (await EvaluateAsync(store, subject, knownAt)).Records.Single(r => r.RecordId == recordId).Outcome;
}
