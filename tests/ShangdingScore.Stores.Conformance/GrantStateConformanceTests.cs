using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using static ShangdingScore.Stores.Conformance.QueryLogSamples;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of <see cref="IGrantStateStore"/> as tests: the durable nonce store and query log a
/// venue gateway keeps in the theme database. A store's test project derives one class, says how to
/// create an empty store, how to open a second store object on the same database (another process
/// would), and how to reopen it, and inherits every test.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class GrantStateConformanceTests<TStore>
    where TStore : class, ICreditStore, IGrantStateStore
{
    /// <summary>Creates a store over a new, empty database (not migrated).</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Opens a second store object on <paramref name="store"/>'s database, with connections of its own; <paramref name="store"/> stays open.</summary>
    protected abstract Task<TStore> OpenSecondAsync(TStore store);

    /// <summary>Disposes <paramref name="store"/> and opens its database again (the data must still be there).</summary>
    protected abstract Task<TStore> ReopenAsync(TStore store);

    [StoreFact]
    public async Task TryUseAsync_SameNonceTwice_SecondIsRefused()
    {
        await using var store = await MigratedAsync();
        Assert.True(await store.NonceStore.TryUseAsync("S-1\u001fn1\u001fhealthcare", T + Duration.FromHours(1), T, default));
        Assert.False(await store.NonceStore.TryUseAsync("S-1\u001fn1\u001fhealthcare", T + Duration.FromHours(1), T + Duration.FromMinutes(5), default));
        Assert.True(await store.NonceStore.TryUseAsync("S-1\u001fn1\u001fpublic", T + Duration.FromHours(1), T, default));
        Assert.Equal(2, await store.NonceStore.CountAsync());
    }

    [StoreFact]
    public async Task IsUsedAsync_TrueOnlyWhileAUsedNonceIsRemembered()
    {
        await using var store = await MigratedAsync();
        Assert.False(await store.NonceStore.IsUsedAsync("n", T, default));
        Assert.True(await store.NonceStore.TryUseAsync("n", T + Duration.FromMinutes(10), T, default));
        Assert.True(await store.NonceStore.IsUsedAsync("n", T + Duration.FromMinutes(9), default));
        Assert.False(await store.NonceStore.IsUsedAsync("other", T, default));
        Assert.False(await store.NonceStore.IsUsedAsync("n", T + Duration.FromMinutes(10), default));
        Assert.Equal(1, await store.NonceStore.CountAsync());
    }

    [StoreFact]
    public async Task TryUseAsync_AfterRememberUntil_EntryPurgedAndOthersKept()
    {
        await using var store = await MigratedAsync();
        await store.NonceStore.TryUseAsync("short", T + Duration.FromMinutes(1), T, default);
        await store.NonceStore.TryUseAsync("long", T + Duration.FromHours(1), T, default);
        Assert.True(await store.NonceStore.TryUseAsync("other", T + Duration.FromHours(1), T + Duration.FromMinutes(1), default));

        Assert.Equal(2, await store.NonceStore.CountAsync());
        Assert.False(await store.NonceStore.TryUseAsync("long", T + Duration.FromHours(1), T + Duration.FromMinutes(2), default));
        Assert.True(await store.NonceStore.TryUseAsync("short", T + Duration.FromHours(2), T + Duration.FromMinutes(2), default));
        Assert.Equal(2, await store.NonceStore.PurgeExpiredAsync(T + Duration.FromHours(1)));
        Assert.Equal(1, await store.NonceStore.CountAsync());
    }

    [StoreFact]
    public async Task TryUseAsync_PastRememberUntilWithinASecondOfTheLastPurge_UsedAgainOnceOnly()
    {
        await using var store = await MigratedAsync();
        Assert.True(await store.NonceStore.TryUseAsync("n", T + Duration.FromMilliseconds(100), T, default));

        // 200 ms later the entry has expired, whether or not a purge has removed it yet: the nonce is fresh once more.
        var later = T + Duration.FromMilliseconds(200);
        Assert.True(await store.NonceStore.TryUseAsync("n", T + Duration.FromHours(1), later, default));
        Assert.False(await store.NonceStore.TryUseAsync("n", T + Duration.FromHours(1), later, default));
        Assert.True(await store.NonceStore.IsUsedAsync("n", later + Duration.FromMinutes(59), default));
    }

    [StoreFact]
    public async Task TryUseAsync_ConcurrentlyThroughTwoStoreObjectsOnOneDatabase_ExactlyOneWins()
    {
        await using var one = await MigratedAsync();
        await using var two = await OpenSecondAsync(one);
        for (int round = 0; round < 5; round++)
        {
            var nonce = $"S-1\u001fraced-{round}\u001fhealthcare";
            using var start = new ManualResetEventSlim(false);
            var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? one : two).NonceStore.TryUseAsync(nonce, T + Duration.FromHours(1), T, default);
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(attempts);
            Assert.True(results.Count(r => r) == 1, $"round {round}: {results.Count(r => r)} of {results.Length} attempts won");
        }
    }

    [StoreFact]
    public async Task TryUseAsync_AfterReopen_StillRefused()
    {
        var store = await MigratedAsync();
        Assert.True(await store.NonceStore.TryUseAsync("n", T + Duration.FromHours(1), T, default));
        await using var reopened = await ReopenAsync(store);
        Assert.False(await reopened.NonceStore.TryUseAsync("n", T + Duration.FromHours(1), T + Duration.FromMinutes(1), default));
    }

    [StoreFact]
    public async Task NonceStore_BeforeMigrate_ThrowsInvalidOperation()
    {
        await using var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.NonceStore.TryUseAsync("n", T + Duration.FromHours(1), T, default).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.QueryLog.AppendAsync(Entry("S-1", 1), default).AsTask());
    }

    [StoreFact]
    public async Task ReadForSubjectAsync_OnlyThatSubjectsEntriesOldestFirst_AndEntriesWithoutSubjectKept()
    {
        await using var store = await MigratedAsync();
        var log = store.QueryLog;
        await log.AppendAsync(Entry("S-a", 4), default);
        await log.AppendAsync(Entry("S-b", 2), default);
        await log.AppendAsync(Entry(null, 3), default);
        await log.AppendAsync(Entry("S-a", 1), default);
        await log.AppendAsync(Entry("S-a", 4, reason: "second-at-the-same-instant"), default);

        var mine = await log.ReadForSubjectAsync(new SubjectId("S-a"), default);
        Assert.Equal(new[] { 1, 4, 4 }, mine.Select(e => (int)(e.At - T).TotalMinutes));
        Assert.Equal("second-at-the-same-instant", mine[2].ReasonCode);
        Assert.Empty(await log.ReadForSubjectAsync(new SubjectId("S-nobody"), default));
        var all = await ToListAsync(log.ReadAllAsync());
        Assert.Equal(new[] { 1, 2, 3, 4, 4 }, all.Select(e => (int)(e.At - T).TotalMinutes));
        Assert.Null(all[2].Subject);
    }

    [StoreFact]
    public async Task AppendAsync_EveryField_RoundTripsExactly()
    {
        await using var store = await MigratedAsync();
        var full = FullEntry();
        var bare = new QueryLogEntry { At = T, Grantee = "g", Subject = full.Subject, Purpose = "p", Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Refused, ReasonCode = GrantRefusalCodes.Replayed };
        var unnamed = new QueryLogEntry { At = T + Duration.FromDays(1), Grantee = "g", Subject = full.Subject, Purpose = "p", Disclosed = default, Outcome = (QueryOutcome)42, ReasonCode = "future-reason" };
        await store.QueryLog.AppendAsync(full, default);
        await store.QueryLog.AppendAsync(bare, default);
        await store.QueryLog.AppendAsync(unnamed, default);

        var read = await store.QueryLog.ReadForSubjectAsync(full.Subject!.Value, default);
        Assert.Equal(new[] { Describe(bare), Describe(full), Describe(unnamed) }, read.Select(Describe));
        Assert.Null(read[0].RequestedScope);
        Assert.Null(read[0].KeyId);
        Assert.Null(read[0].Recognition);
        Assert.StartsWith("hangzhou.credit-center", read[1].Recognition, StringComparison.Ordinal);
    }

    /// <summary>A query-log entry with every field set, odd text included (non-ASCII subject, quotes and a comma in a disclosed item).</summary>
    private static QueryLogEntry FullEntry() => new()
    {
        At = T + Duration.FromNanoseconds(123_456_789),
        Grantee = "zz-library",
        Subject = new SubjectId("S-往返"),
        Purpose = "public.library-card-deposit-free",
        RequestedScope = DisclosureScope.ScoreWithExplanation,
        Disclosed = ImmutableArray.Create(DisclosedItems.Decision, DisclosedItems.Grade, DisclosedItems.Score, DisclosedItems.Explanation, "a \"quoted\", odd item"),
        Outcome = QueryOutcome.Answered,
        ReasonCode = "granted",
        KeyId = "k1",
        Recognition = "hangzhou.credit-center hangzhou.qianjiang-points very-good 880 -> outstanding (zhengzhou.recognition@2027.1.0)",
    };

    [StoreFact]
    public async Task QueryLog_AppendsFromTwoStoreObjectsAndAfterReopen_AllReadBack()
    {
        var one = await MigratedAsync();
        await using (var two = await OpenSecondAsync(one))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () => await (i % 2 == 0 ? one : two).QueryLog.AppendAsync(Entry("S-1", i), default))));
        }

        await using var reopened = await ReopenAsync(one);
        var read = await reopened.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default);
        Assert.Equal(Enumerable.Range(0, 20), read.Select(e => (int)(e.At - T).TotalMinutes));
    }

    [StoreFact]
    public async Task AppendAsync_Null_ThrowsArgumentNull()
    {
        await using var store = await MigratedAsync();
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.QueryLog.AppendAsync(null!, default).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.NonceStore.TryUseAsync(null!, T, T, default).AsTask());
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    private async Task<TStore> MigratedAsync()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync();
        return store;
    }
}
