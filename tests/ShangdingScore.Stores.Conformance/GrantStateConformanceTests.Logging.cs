using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using static ShangdingScore.Stores.Conformance.QueryLogSamples;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// A store's nonce store keeps its query log (<see cref="INonceLoggingStore"/>): a nonce used and the answer's entry
/// are one atomic write, so a venue decision commits once.
/// </summary>
public abstract partial class GrantStateConformanceTests<TStore>
{
    [StoreFact]
    public async Task NonceStore_KeepsItsOwnQueryLogOnly()
    {
        await using var store = await MigratedAsync();
        await using var second = await OpenSecondAsync(store);
        var logging = Assert.IsAssignableFrom<INonceLoggingStore>(store.NonceStore);

        Assert.True(logging.Keeps(store.QueryLog));
        Assert.False(logging.Keeps(second.QueryLog));
        Assert.False(logging.Keeps(new InMemoryQueryLog()));
    }

    [StoreFact]
    public async Task TryUseAndAppendAsync_FreshNonce_UsedAndLogged_ReplayWritesNothing()
    {
        await using var store = await MigratedAsync();
        var logging = (INonceLoggingStore)store.NonceStore;
        var answered = Entry("S-1", 1, reason: "granted");

        Assert.True(await logging.TryUseAndAppendAsync("S-1\u001fn1\u001fhealthcare", T + Duration.FromHours(1), T, answered, default));
        Assert.False(await logging.TryUseAndAppendAsync("S-1\u001fn1\u001fhealthcare", T + Duration.FromHours(1), T, Entry("S-1", 2, reason: "granted-again"), default));

        Assert.True(await store.NonceStore.IsUsedAsync("S-1\u001fn1\u001fhealthcare", T, default));
        Assert.Equal(1, await store.NonceStore.CountAsync());
        var read = await store.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default);
        Assert.Equal(new[] { Describe(answered) }, read.Select(Describe));
    }

    [StoreFact]
    public async Task TryUseAndAppendAsync_EntryWithoutReasonCode_RefusedAndNonceNotUsed()
    {
        await using var store = await MigratedAsync();
        var logging = (INonceLoggingStore)store.NonceStore;
        var broken = new QueryLogEntry { At = T, Grantee = "venue-a", Subject = new SubjectId("S-1"), Purpose = "healthcare", Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Answered, ReasonCode = null! };

        await Assert.ThrowsAsync<ArgumentNullException>(() => logging.TryUseAndAppendAsync("n", T + Duration.FromHours(1), T, broken, default).AsTask());

        Assert.False(await store.NonceStore.IsUsedAsync("n", T, default));
        Assert.Empty(await ToListAsync(store.QueryLog.ReadAllAsync()));
    }

    [StoreFact]
    public async Task TryUseAndAppendAsync_AfterRememberUntil_NonceUsedAgainAndLogged()
    {
        await using var store = await MigratedAsync();
        var logging = (INonceLoggingStore)store.NonceStore;
        var first = Entry("S-1", 1, reason: "granted");
        var again = Entry("S-1", 2, reason: "granted-again");
        Assert.True(await logging.TryUseAndAppendAsync("short", T + Duration.FromMinutes(1), T, first, default));

        // The expired use is purged by the same write that uses the nonce again (and logs the second answer).
        Assert.True(await logging.TryUseAndAppendAsync("short", T + Duration.FromHours(1), T + Duration.FromMinutes(2), again, default));
        Assert.False(await logging.TryUseAndAppendAsync("short", T + Duration.FromHours(1), T + Duration.FromMinutes(3), Entry("S-1", 3, reason: "refused"), default));

        Assert.Equal(1, await store.NonceStore.CountAsync());
        var read = await store.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default);
        Assert.Equal(new[] { Describe(first), Describe(again) }, read.Select(Describe));
    }

    [StoreFact]
    public async Task TryUseAndAppendAsync_EveryField_RoundTripsExactly()
    {
        await using var store = await MigratedAsync();
        var full = FullEntry();
        var bare = new QueryLogEntry { At = T, Grantee = "g", Subject = full.Subject, Purpose = "p", Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Answered, ReasonCode = "granted" };
        Assert.True(await ((INonceLoggingStore)store.NonceStore).TryUseAndAppendAsync("full", T + Duration.FromHours(1), T, full, default));
        Assert.True(await ((INonceLoggingStore)store.NonceStore).TryUseAndAppendAsync("bare", T + Duration.FromHours(1), T, bare, default));

        var read = await store.QueryLog.ReadForSubjectAsync(full.Subject!.Value, default);
        Assert.Equal(new[] { Describe(bare), Describe(full) }, read.Select(Describe));
        Assert.Null(read[0].RequestedScope);
        Assert.Null(read[0].KeyId);
        Assert.Null(read[0].Recognition);
    }

    [StoreFact]
    public async Task TryUseAndAppendAsync_ConcurrentlyThroughTwoStoreObjects_ExactlyOneUseAndOneEntry()
    {
        await using var one = await MigratedAsync();
        await using var two = await OpenSecondAsync(one);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await ((INonceLoggingStore)(i % 2 == 0 ? one : two).NonceStore).TryUseAndAppendAsync("contested", T + Duration.FromHours(1), T, Entry("S-race", i, reason: "granted"), default))));

        Assert.Single(results, r => r);
        Assert.Single(await one.QueryLog.ReadForSubjectAsync(new SubjectId("S-race"), default));
        Assert.Equal(1, await two.NonceStore.CountAsync());
    }
}
