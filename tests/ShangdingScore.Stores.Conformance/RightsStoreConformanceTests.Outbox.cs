using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The outbox half of the <see cref="IRightsStore"/> contract: enqueue, claim with a lease, mark sent or failed.</summary>
public abstract partial class RightsStoreConformanceTests<TStore>
{
    private static readonly Duration Lease = Duration.FromMinutes(5);

    [StoreFact]
    public async Task EnqueueAsync_IdAlreadyInOutbox_Skipped()
    {
        var store = await CreateStoreAsync();
        try
        {
            Assert.Equal(2, await store.EnqueueAsync(new[] { Message("q-1", "S-1", 0), Message("q-2", "S-2", 1) }));
            Assert.Equal(1, await store.EnqueueAsync(new[] { Message("q-2", "S-2", 5), Message("q-3", "S-1", 2) }));
            var all = await ReadOutboxAsync(store, OutboxQuery.All);
            Assert.Equal(new[] { "q-1", "q-2", "q-3" }, all.Select(i => i.Message.Id));
            Assert.Equal(T + Duration.FromMinutes(1), all[1].Message.CreatedAt);
            await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(new[] { Message("x", "S-1", 0), Message("x", "S-1", 0) }));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.EnqueueAsync(null!));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task ClaimAsync_DueMessagesOldestFirst_LeasedAndCountedOnce()
    {
        var store = await CreateStoreAsync();
        try
        {
            await store.EnqueueAsync(new[] { Message("m-late", "S-1", 10), Message("m-b", "S-1", 1), Message("m-a", "S-2", 1), Message("m-first", "S-1", 0) });
            var now = T + Duration.FromMinutes(1);
            var claimed = await store.ClaimAsync(new OutboxClaim { Owner = "d1", Now = now, LeaseFor = Lease, MaxCount = 2 });

            Assert.Equal(new[] { "m-first", "m-a" }, claimed.Select(i => i.Message.Id));
            Assert.All(claimed, i => Assert.Equal("d1", i.LeaseOwner));
            Assert.All(claimed, i => Assert.Equal(now + Lease, i.LeasedUntil));
            Assert.All(claimed, i => Assert.Equal(1, i.Attempts));

            var next = await store.ClaimAsync(new OutboxClaim { Owner = "d2", Now = now, LeaseFor = Lease });
            Assert.Equal(new[] { "m-b" }, next.Select(i => i.Message.Id));
            Assert.Empty(await store.ClaimAsync(new OutboxClaim { Owner = "d3", Now = now + Lease - Duration.FromTicks(1), LeaseFor = Lease }));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task ClaimAsync_LeaseRanOut_ClaimedAgainByAnother()
    {
        var store = await CreateStoreAsync();
        try
        {
            await store.EnqueueAsync(new[] { Message("m", "S-1", 0) });
            var first = await store.ClaimAsync(new OutboxClaim { Owner = "crashed", Now = T, LeaseFor = Lease });
            Assert.Single(first);

            var again = await store.ClaimAsync(new OutboxClaim { Owner = "d2", Now = T + Lease, LeaseFor = Lease });
            var item = Assert.Single(again);
            Assert.Equal("d2", item.LeaseOwner);
            Assert.Equal(2, item.Attempts);
            Assert.False(await store.MarkFailedAsync(new OutboxFailure { MessageId = "m", Owner = "crashed", Error = "late", NextAttemptAt = T }));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task MarkSentAsync_PendingMessage_SentOnceAndNeverClaimedAgain()
    {
        var store = await CreateStoreAsync();
        try
        {
            await store.EnqueueAsync(new[] { Message("m", "S-1", 0), Message("other", "S-2", 0) });
            await store.ClaimAsync(new OutboxClaim { Owner = "d1", Now = T, LeaseFor = Lease });
            var sentAt = T + Duration.FromSeconds(3);

            Assert.True(await store.MarkSentAsync("m", sentAt));
            Assert.False(await store.MarkSentAsync("m", sentAt + Duration.FromSeconds(1)));
            Assert.False(await store.MarkSentAsync("unknown", sentAt));

            var sent = Assert.Single(await ReadOutboxAsync(store, new OutboxQuery { Status = OutboxStatus.Sent }));
            Assert.Equal("m", sent.Message.Id);
            Assert.Equal(sentAt, sent.SentAt);
            Assert.Null(sent.LeaseOwner);
            var reclaimed = await store.ClaimAsync(new OutboxClaim { Owner = "d2", Now = T + Duration.FromDays(1), LeaseFor = Lease });
            Assert.Equal(new[] { "other" }, reclaimed.Select(i => i.Message.Id));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.MarkSentAsync(null!, sentAt));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task MarkFailedAsync_ByLeaseOwner_KeepsErrorAndWaitsForNextAttempt()
    {
        var store = await CreateStoreAsync();
        try
        {
            await store.EnqueueAsync(new[] { Message("m", "S-1", 0) });
            await store.ClaimAsync(new OutboxClaim { Owner = "d1", Now = T, LeaseFor = Lease });
            var retryAt = T + Duration.FromMinutes(1);

            Assert.False(await store.MarkFailedAsync(new OutboxFailure { MessageId = "m", Owner = "someone-else", Error = "x", NextAttemptAt = T }));
            Assert.True(await store.MarkFailedAsync(new OutboxFailure { MessageId = "m", Owner = "d1", Error = "SMS gateway: 503 服务不可用", NextAttemptAt = retryAt }));
            Assert.False(await store.MarkFailedAsync(new OutboxFailure { MessageId = "unknown", Owner = "d1", Error = "x", NextAttemptAt = T }));

            var item = Assert.Single(await ReadOutboxAsync(store, OutboxQuery.All));
            Assert.Equal(OutboxStatus.Pending, item.Status);
            Assert.Equal("SMS gateway: 503 服务不可用", item.LastError);
            Assert.Equal(retryAt, item.NextAttemptAt);
            Assert.Null(item.LeaseOwner);
            Assert.Null(item.LeasedUntil);

            Assert.Empty(await store.ClaimAsync(new OutboxClaim { Owner = "d2", Now = retryAt - Duration.FromTicks(1), LeaseFor = Lease }));
            var again = Assert.Single(await store.ClaimAsync(new OutboxClaim { Owner = "d2", Now = retryAt, LeaseFor = Lease }));
            Assert.Equal(2, again.Attempts);
            Assert.Equal("SMS gateway: 503 服务不可用", again.LastError);
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }

    [StoreFact]
    public async Task ClaimAsync_ConcurrentlyThroughTwoStoreObjects_EachMessageClaimedOnce()
    {
        var one = await CreateStoreAsync();
        var two = await OpenSecondAsync(one);
        try
        {
            await one.EnqueueAsync(Enumerable.Range(0, 40).Select(i => Message($"m-{i:00}", "S-1", 0)).ToList());
            using var start = new ManualResetEventSlim(false);
            var claims = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? one : two).ClaimAsync(new OutboxClaim { Owner = $"d{i}", Now = T, LeaseFor = Lease, MaxCount = 7 });
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(claims);

            var ids = results.SelectMany(r => r.Select(i => i.Message.Id)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(40, ids.Count);
        }
        finally
        {
            await DisposeStoreAsync(two);
            await DisposeStoreAsync(one);
        }
    }

    [StoreFact]
    public async Task ReadOutboxAsync_FiltersBySubjectAndStatus()
    {
        var store = await CreateStoreAsync();
        try
        {
            await store.EnqueueAsync(new[] { Message("a1", "S-a", 0), Message("b1", "S-b", 1), Message("a2", "S-a", 2) });
            await store.MarkSentAsync("a1", T + Duration.FromMinutes(3));

            Assert.Equal(new[] { "a1", "a2" }, (await ReadOutboxAsync(store, new OutboxQuery { Subject = new SubjectId("S-a") })).Select(i => i.Message.Id));
            Assert.Equal(new[] { "b1", "a2" }, (await ReadOutboxAsync(store, new OutboxQuery { Status = OutboxStatus.Pending })).Select(i => i.Message.Id));
            Assert.Equal(new[] { "a2" }, (await ReadOutboxAsync(store, new OutboxQuery { Subject = new SubjectId("S-a"), Status = OutboxStatus.Pending })).Select(i => i.Message.Id));
            await Assert.ThrowsAsync<ArgumentException>(() => store.ClaimAsync(new OutboxClaim { Owner = "", Now = T, LeaseFor = Lease }));
            await Assert.ThrowsAsync<ArgumentException>(() => store.ClaimAsync(new OutboxClaim { Owner = "d", Now = T, LeaseFor = Duration.Zero }));
            await Assert.ThrowsAsync<ArgumentNullException>(() => store.ClaimAsync(null!));
        }
        finally
        {
            await DisposeStoreAsync(store);
        }
    }
}
