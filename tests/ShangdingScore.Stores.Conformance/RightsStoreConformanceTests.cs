using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of <see cref="IRightsStore"/> as tests: the hash-chained rights journal and the
/// notification outbox. A store's test project derives one class, says how to create an empty store
/// (ready to use: migrated), how to open a second store object on the same database (another process
/// would), and how to reopen it, and inherits every test. The outbox half is in
/// <c>RightsStoreConformanceTests.Outbox.cs</c>.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class RightsStoreConformanceTests<TStore> : StoreLifecycleTests<TStore>
    where TStore : class, IRightsStore
{
    [StoreFact]
    public async Task ReadTailAsync_EmptyJournal_IsNull()
    {
        var store = await CreateStoreAsync();
        try
        {
            Assert.Null(await store.ReadTailAsync());
            Assert.Empty(await ReadAsync(store, RightsEntryQuery.All));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_EveryField_RoundTripsExactly()
    {
        var store = await CreateStoreAsync();
        try
        {
            var entries = Chain(null, 3, i => i == 0
                ? ("S-往返", "enrolled", null, "{\"channel\":\"i郑州\",  \"n\":1.50,\"text\":\"异议 \\u0041\"}")
                : ("S-2", "dispute-filed", "S-2/r-1/dispute/1", "{}"));
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = entries }));

            var read = await ReadAsync(store, RightsEntryQuery.All);
            Assert.Equal(entries.ToArray(), read);
            Assert.Equal(entries[0].Payload, read[0].Payload);
            Assert.Null(read[0].CaseId);
            Assert.Equal(T, read[0].At);
            Assert.Equal(RightsChainTail.Of(entries[2]), await store.ReadTailAsync());
            Assert.True(RightsChain.Verify(read).IsIntact);
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_TailMoved_ReturnsFalseAndWritesNeitherEntriesNorMessages()
    {
        var store = await CreateStoreAsync();
        try
        {
            var first = Chain(null, 2);
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = first }));
            var stale = Chain(null, 1);
            var written = await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = stale, Messages = ImmutableArray.Create(Message("m-stale", "S-1", 0)) });

            Assert.False(written);
            Assert.Equal(first.ToArray(), await ReadAsync(store, RightsEntryQuery.All));
            Assert.Empty(await ReadOutboxAsync(store, OutboxQuery.All));
            Assert.False(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 3, Entries = ImmutableArray<RightsEntry>.Empty }));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_EntriesAndMessages_WrittenTogether()
    {
        var store = await CreateStoreAsync();
        try
        {
            var entries = Chain(null, 1);
            Assert.True(await store.TryAppendAsync(new RightsAppend
            {
                ExpectedTailSequence = 0,
                Entries = entries,
                Messages = ImmutableArray.Create(Message("m-1", "S-1", 0, entrySequence: 1), Message("m-2", "S-1", 0, entrySequence: 1)),
            }));

            var outbox = await ReadOutboxAsync(store, OutboxQuery.All);
            Assert.Equal(new[] { "m-1", "m-2" }, outbox.Select(i => i.Message.Id));
            Assert.All(outbox, i => Assert.Equal(OutboxStatus.Pending, i.Status));
            Assert.All(outbox, i => Assert.Equal(0, i.Attempts));
            Assert.All(outbox, i => Assert.Equal(i.Message.CreatedAt, i.NextAttemptAt));
            Assert.Equal(Message("m-1", "S-1", 0, entrySequence: 1), outbox[0].Message);
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_BadShape_ThrowsArgumentAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        try
        {
            var good = Chain(null, 2);
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = good.Take(1).ToImmutableArray() }));

            // Sequence not following the tail.
            var skipped = Chain(RightsChainTail.Of(good[0]), 1, firstSequence: 3);
            await Assert.ThrowsAsync<ArgumentException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 1, Entries = skipped }));

            // First entry not linking to the tail's hash.
            var unlinked = Chain(null, 1, firstSequence: 2);
            await Assert.ThrowsAsync<ArgumentException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 1, Entries = unlinked }));

            // Two messages with one id.
            var twice = ImmutableArray.Create(Message("m", "S-1", 0), Message("m", "S-1", 1));
            await Assert.ThrowsAsync<ArgumentException>(() => store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 1, Entries = ImmutableArray.Create(good[1]), Messages = twice }));

            Assert.Equal(good.Take(1), await ReadAsync(store, RightsEntryQuery.All));
            Assert.Empty(await ReadOutboxAsync(store, OutboxQuery.All));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.TryAppendAsync(null!));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_SameTailFromTwoStoreObjectsAtOnce_ExactlyOneWinsEachRound()
    {
        var one = await CreateStoreAsync();
        var two = await OpenSecondAsync(one);
        try
        {
            for (int round = 0; round < 5; round++)
            {
                var tail = await one.ReadTailAsync();
                using var start = new ManualResetEventSlim(false);
                var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                {
                    var entries = Chain(tail, 1, subject: $"S-{i}");
                    start.Wait();
                    return await (i % 2 == 0 ? one : two).TryAppendAsync(new RightsAppend { ExpectedTailSequence = tail?.Sequence ?? 0, Entries = entries, Messages = ImmutableArray.Create(Message($"m-{round}-{i}", $"S-{i}", round)) });
                })).ToArray();
                start.Set();
                var results = await Task.WhenAll(attempts);
                Assert.True(results.Count(r => r) == 1, $"round {round}: {results.Count(r => r)} of {results.Length} appends won");
            }

            var all = await ReadAsync(two, RightsEntryQuery.All);
            Assert.Equal(5, all.Length);
            Assert.True(RightsChain.Verify(all).IsIntact);
            Assert.Equal(5, (await ReadOutboxAsync(one, OutboxQuery.All)).Length);
        }
        finally
        {
            await DisposeStoreAsync(two);
            await DisposeStoreAsync(one);
        }
    }

    [StoreFact]
    public async Task TryAppendAsync_WritersRetryingOnConflict_AllAppendedAndChainIntact()
    {
        var one = await CreateStoreAsync();
        var two = await OpenSecondAsync(one);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                var store = i % 2 == 0 ? one : two;
                for (int attempt = 0; attempt < 200; attempt++)
                {
                    var tail = await store.ReadTailAsync();
                    var at = tail is null ? T : (tail.At > T ? tail.At : T);
                    var entry = RightsEntry.Seal((tail?.Sequence ?? 0) + 1, at, new SubjectId($"S-{i}"), "enrolled", null, $"S-{i}", "citizen", "{}", tail?.Hash ?? RightsChain.GenesisHash);
                    if (await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = tail?.Sequence ?? 0, Entries = ImmutableArray.Create(entry) })) return;
                }

                throw new InvalidOperationException($"writer {i} never got its turn");
            })));

            var all = await ReadAsync(one, RightsEntryQuery.All);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), all.Select(e => e.Sequence));
            Assert.Equal(12, all.Select(e => e.Subject).Distinct().Count());
            Assert.True(RightsChain.Verify(all).IsIntact);
        }
        finally
        {
            await DisposeStoreAsync(two);
            await DisposeStoreAsync(one);
        }
    }

    [StoreFact]
    public async Task ReadEntriesAsync_Filters_CombineAndKeepSequenceOrder()
    {
        var store = await CreateStoreAsync();
        try
        {
            var specs = new (string Subject, string Kind, string? Case)[]
            {
                ("S-a", "enrolled", null), ("S-b", "enrolled", null), ("S-a", "dispute-filed", "S-a/r1/dispute/1"),
                ("S-a", "refused", null), ("S-a", "dispute-decided", "S-a/r1/dispute/1"), ("S-b", "dispute-filed", "S-b/r9/dispute/1"),
            };
            var entries = Chain(null, specs.Length, i => (specs[i].Subject, specs[i].Kind, specs[i].Case, "{}"));
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = entries }));

            Assert.Equal(new long[] { 1, 3, 4, 5 }, (await ReadAsync(store, new RightsEntryQuery { Subject = new SubjectId("S-a") })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 3, 5 }, (await ReadAsync(store, new RightsEntryQuery { CaseId = "S-a/r1/dispute/1" })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 3, 5, 6 }, (await ReadAsync(store, new RightsEntryQuery { Kinds = ImmutableArray.Create("dispute-filed", "dispute-decided") })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 5, 6 }, (await ReadAsync(store, new RightsEntryQuery { AfterSequence = 4 })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 1, 2 }, (await ReadAsync(store, new RightsEntryQuery { Limit = 2 })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 4, 5 }, (await ReadAsync(store, new RightsEntryQuery { Subject = new SubjectId("S-a"), AfterSequence = 3, Limit = 5 })).Select(e => e.Sequence));
            Assert.Equal(new long[] { 6 }, (await ReadAsync(store, new RightsEntryQuery { Subject = new SubjectId("S-b"), Kinds = ImmutableArray.Create("dispute-filed") })).Select(e => e.Sequence));
            Assert.Empty(await ReadAsync(store, new RightsEntryQuery { Subject = new SubjectId("S-nobody") }));
            Assert.Empty(await ReadAsync(store, new RightsEntryQuery { Limit = 0 }));
            await Assert.ThrowsAsync<ArgumentNullException>(async () => await ReadAsync(store, null!));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task Journal_AfterReopen_StillThereAndAppendable()
    {
        var store = await CreateStoreAsync();
        var first = Chain(null, 2);
        Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = first, Messages = ImmutableArray.Create(Message("m-1", "S-1", 0)) }));
        var reopened = await ReopenAsync(store);
        try
        {
            Assert.Equal(first.ToArray(), await ReadAsync(reopened, RightsEntryQuery.All));
            Assert.Equal(RightsChainTail.Of(first[1]), await reopened.ReadTailAsync());
            var next = Chain(RightsChainTail.Of(first[1]), 1);
            Assert.True(await reopened.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 2, Entries = next }));
            Assert.True(RightsChain.Verify(await ReadAsync(reopened, RightsEntryQuery.All)).IsIntact);
            Assert.Single(await ReadOutboxAsync(reopened, OutboxQuery.All));
        }
        finally
        {
            await DisposeStoreAsync(reopened);
        }
    }

    /// <summary>A chain of <paramref name="count"/> entries after <paramref name="tail"/>, one minute apart from <see cref="T"/>.</summary>
    protected static ImmutableArray<RightsEntry> Chain(RightsChainTail? tail, int count, Func<int, (string Subject, string Kind, string? Case, string Payload)>? spec = null, long? firstSequence = null, string subject = "S-1")
    {
        var builder = ImmutableArray.CreateBuilder<RightsEntry>(count);
        long sequence = firstSequence ?? (tail?.Sequence ?? 0) + 1;
        string previous = tail?.Hash ?? RightsChain.GenesisHash;
        for (int i = 0; i < count; i++)
        {
            var (s, kind, caseId, payload) = spec?.Invoke(i) ?? (subject, "enrolled", null, "{\"i\":" + i + "}");
            var at = (tail?.At ?? T) + Duration.FromMinutes(i);
            var entry = RightsEntry.Seal(sequence + i, at, new SubjectId(s), kind, caseId, s, "citizen", payload, previous);
            builder.Add(entry);
            previous = entry.Hash;
        }

        return builder.MoveToImmutable();
    }

    /// <summary>A message about <paramref name="subject"/> created <paramref name="minute"/> minutes after <see cref="T"/>.</summary>
    protected static OutboxMessage Message(string id, string subject, int minute, long? entrySequence = null, string kind = "dispute-filed") =>
        new(id, new SubjectId(subject), subject, kind, "{\"text\":{\"zh-CN\":\"您的异议已受理\",\"en\":\"Your dispute was received\"}}", T + Duration.FromMinutes(minute), entrySequence);

    /// <summary>Reads entries into an array.</summary>
    protected static async Task<RightsEntry[]> ReadAsync(IRightsStore store, RightsEntryQuery query)
    {
        var list = new List<RightsEntry>();
        await foreach (var e in store.ReadEntriesAsync(query)) list.Add(e);
        return list.ToArray();
    }

    /// <summary>Reads outbox items into an array.</summary>
    protected static async Task<OutboxItem[]> ReadOutboxAsync(IRightsStore store, OutboxQuery query)
    {
        var list = new List<OutboxItem>();
        await foreach (var i in store.ReadOutboxAsync(query)) list.Add(i);
        return list.ToArray();
    }
}
