using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The rights store across reopening: the outbox's delivery state and a long chain written by several appends stay as they were.</summary>
public abstract partial class RightsStoreConformanceTests<TStore>
{
    [StoreFact]
    public async Task Outbox_AfterReopen_LeasesFailuresAndSentStateKept()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync(new[] { Message("o-1", "S-1", 0), Message("o-2", "S-1", 1), Message("o-3", "S-2", 2), Message("o-4", "S-2", 3) });
        var claimed = await store.ClaimAsync(new OutboxClaim { Owner = "d1", Now = T + Duration.FromMinutes(2), LeaseFor = Lease, MaxCount = 3 });
        Assert.Equal(new[] { "o-1", "o-2", "o-3" }, claimed.Select(i => i.Message.Id));
        Assert.True(await store.MarkSentAsync("o-1", T + Duration.FromMinutes(3)));
        Assert.True(await store.MarkFailedAsync(new OutboxFailure { MessageId = "o-2", Owner = "d1", Error = "短信网关超时 timeout", NextAttemptAt = T + Duration.FromHours(1) }));
        var before = Describe(await ReadOutboxAsync(store, OutboxQuery.All));

        var reopened = await ReopenAsync(store);
        try
        {
            Assert.Equal(before, Describe(await ReadOutboxAsync(reopened, OutboxQuery.All)));

            // o-3 is still leased to d1, o-2 waits for its next attempt, o-1 is sent: only o-4 is due.
            var now = T + Duration.FromMinutes(4);
            Assert.Equal(new[] { "o-4" }, (await reopened.ClaimAsync(new OutboxClaim { Owner = "d2", Now = now, LeaseFor = Lease })).Select(i => i.Message.Id));
            Assert.True(await reopened.MarkFailedAsync(new OutboxFailure { MessageId = "o-3", Owner = "d1", Error = "x", NextAttemptAt = now }));
            var later = await reopened.ClaimAsync(new OutboxClaim { Owner = "d3", Now = T + Duration.FromHours(1), LeaseFor = Lease });
            // d2's lease on o-4 has run out too; oldest due first: o-4 (due since its creation), o-3, o-2.
            Assert.Equal(new[] { "o-4", "o-3", "o-2" }, later.Select(i => i.Message.Id));
            Assert.Equal(new[] { 2, 2, 2 }, later.Select(i => i.Attempts));
            Assert.Equal("短信网关超时 timeout", later[2].LastError);
        }
        finally
        {
            await DisposeStoreAsync(reopened);
        }
    }

    [StoreFact]
    public async Task Journal_ManyAppendsThenReopen_ChainIntactTailAndEntriesUnchanged()
    {
        var store = await CreateStoreAsync();
        RightsChainTail? tail = null;
        for (int round = 0; round < 6; round++)
        {
            var entries = Chain(tail, 1 + (round % 3), i => ($"S-{round % 2}", round % 2 == 0 ? "dispute-filed" : "enrolled", $"case-{round}", "{\"round\":" + round + ",\"i\":" + i + "}"));
            var messages = ImmutableArray.Create(Message($"j-{round}", $"S-{round % 2}", round, entrySequence: entries[0].Sequence));
            Assert.True(await store.TryAppendAsync(new RightsAppend { ExpectedTailSequence = tail?.Sequence ?? 0, Entries = entries, Messages = messages }));
            tail = RightsChainTail.Of(entries[^1]);
        }

        var written = await ReadAsync(store, RightsEntryQuery.All);
        var reopened = await ReopenAsync(store);
        try
        {
            var read = await ReadAsync(reopened, RightsEntryQuery.All);
            Assert.Equal(written, read);
            Assert.Equal(12, read.Length);
            Assert.Equal(tail, await reopened.ReadTailAsync());
            Assert.True(RightsChain.Verify(read, tail).IsIntact);
            Assert.Equal(new long[] { 1, 2, 4, 7, 8, 10 }, (await ReadOutboxAsync(reopened, OutboxQuery.All)).Select(i => i.Message.EntrySequence!.Value));
            Assert.Equal(
                read.Where(e => e.Subject == new SubjectId("S-1")).Select(e => e.Sequence),
                (await ReadAsync(reopened, new RightsEntryQuery { Subject = new SubjectId("S-1") })).Select(e => e.Sequence));
        }
        finally
        {
            await DisposeStoreAsync(reopened);
        }
    }

    private static string[] Describe(IEnumerable<OutboxItem> items) =>
        items.Select(i => $"{i.Message.Id}|{i.Message.Subject}|{i.Message.Recipient}|{i.Message.Kind}|{i.Message.Payload}|{i.Message.CreatedAt}|{i.Message.EntrySequence}|{i.Status}|{i.Attempts}|{i.NextAttemptAt}|{i.LeaseOwner}|{i.LeasedUntil}|{i.SentAt}|{i.LastError}").ToArray();
}
