using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Rights.Tests;

public class OutboxTests
{
    [Fact]
    public async Task DispatchDueAsync_SenderDown_MessageKeptWithErrorAndSentOnceItIsBack()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var sender = new FlakySender { Down = true };
        var dispatcher = Dispatcher(city.Store, sender, city.Clock);

        var first = await dispatcher.DispatchDueAsync();
        Assert.Equal((1, 0, 1), (first.Claimed, first.Sent, first.Failed.Length));
        var item = Assert.Single(await city.OutboxAsync());
        Assert.Equal(OutboxStatus.Pending, item.Status);
        Assert.Equal("HttpRequestException: SMS gateway unreachable", item.LastError);
        Assert.Equal(city.Clock.GetCurrentInstant() + Duration.FromSeconds(30), item.NextAttemptAt);

        Assert.Equal(0, (await dispatcher.DispatchDueAsync()).Claimed);
        city.Clock.Advance(Duration.FromSeconds(30));
        Assert.Single((await dispatcher.DispatchDueAsync()).Failed);
        Assert.Equal(city.Clock.GetCurrentInstant() + Duration.FromMinutes(1), Assert.Single(await city.OutboxAsync()).NextAttemptAt);

        sender.Down = false;
        city.Clock.Advance(Duration.FromMinutes(1));
        var third = await dispatcher.DispatchDueAsync();
        Assert.Equal(1, third.Sent);
        var sent = Assert.Single(await city.OutboxAsync());
        Assert.Equal((OutboxStatus.Sent, 3), (sent.Status, sent.Attempts));
        Assert.Equal(new[] { "rights-1-1" }, sender.Delivered.Select(m => m.Id));
        Assert.Equal(0, (await dispatcher.DispatchDueAsync()).Claimed);
    }

    [Fact]
    public async Task DispatchDueAsync_DispatcherDiedHoldingALease_AnotherSendsItAfterTheLease()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        var claimed = await city.Store.ClaimAsync(new OutboxClaim { Owner = "crashed", Now = city.Clock.GetCurrentInstant(), LeaseFor = Duration.FromMinutes(2) });
        Assert.Single(claimed);
        var sender = new FlakySender();
        var dispatcher = Dispatcher(city.Store, sender, city.Clock);

        Assert.Equal(0, (await dispatcher.DispatchDueAsync()).Claimed);
        city.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(1, (await dispatcher.DispatchDueAsync()).Sent);
        Assert.Single(sender.Delivered);
    }

    [Fact]
    public void RetryDelay_DoublesUpToTheMaximum()
    {
        var d = Dispatcher(new InMemoryRightsStore(), new FlakySender(), new FakeClock(RightsCity.Start));
        Assert.Equal(
            new[] { 30, 60, 120, 240, 480, 960, 1920, 3600, 3600 },
            Enumerable.Range(1, 9).Select(a => (int)d.RetryDelay(a).TotalSeconds));
        Assert.Equal(Duration.FromHours(1), d.RetryDelay(int.MaxValue));
    }

    [Fact]
    public void Constructor_BadOptions_Throws()
    {
        var store = new InMemoryRightsStore();
        var clock = new FakeClock(RightsCity.Start);
        Assert.Throws<ArgumentException>(() => new OutboxDispatcher(store, new FlakySender(), clock, new OutboxDispatcherOptions { Owner = " " }));
        Assert.Throws<ArgumentException>(() => new OutboxDispatcher(store, new FlakySender(), clock, new OutboxDispatcherOptions { Owner = "d", BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => new OutboxDispatcher(store, new FlakySender(), clock, new OutboxDispatcherOptions { Owner = "d", LeaseFor = Duration.Zero }));
    }

    /// <summary>
    /// Whatever the sender's failures, two dispatchers draining one outbox with time moving on deliver every
    /// message at least once and leave none pending once the sender stays up long enough.
    /// </summary>
    [Fact]
    public void Dispatchers_SenderFailingAtRandom_NoMessageLost()
    {
        var failurePatterns = Gen.ListOf(Gen.Elements(true, false)).Where(l => l.Count() > 0).ToArbitrary();
        Prop.ForAll(failurePatterns, pattern => Task.Run(async () =>
        {
            var store = new InMemoryRightsStore();
            var clock = new FakeClock(RightsCity.Start);
            var messages = Enumerable.Range(0, 12).Select(i => new OutboxMessage($"m-{i:00}", RightsCity.Citizen, RightsCity.Citizen.Value, NotificationKinds.GrantUsed, "{}", RightsCity.Start)).ToList();
            await store.EnqueueAsync(messages);
            var sender = new FlakySender { Pattern = pattern.ToArray() };
            var one = Dispatcher(store, sender, clock, "one", batch: 5);
            var two = Dispatcher(store, sender, clock, "two", batch: 3);
            for (int round = 0; round < 200 && (await Pending(store)) > 0; round++)
            {
                await (round % 2 == 0 ? one : two).DispatchDueAsync();
                if (round > 100) sender.Pattern = new[] { false };
                clock.Advance(Duration.FromMinutes(20));
            }

            return await Pending(store) == 0 && messages.All(m => sender.Delivered.Any(d => d.Id == m.Id));
        }).GetAwaiter().GetResult()).Check(Generated.Replayable(20261203UL, 30));
    }

    private static async Task<int> Pending(IRightsStore store)
    {
        int n = 0;
        await foreach (var _ in store.ReadOutboxAsync(new OutboxQuery { Status = OutboxStatus.Pending })) n++;
        return n;
    }

    private static OutboxDispatcher Dispatcher(IRightsStore store, INotificationSender sender, IClock clock, string owner = "d1", int batch = 50) =>
        new(store, sender, clock, new OutboxDispatcherOptions { Owner = owner, BatchSize = batch });

    /// <summary>A sender that is down when told, or fails by a repeating pattern (true = fail).</summary>
    private sealed class FlakySender : INotificationSender
    {
        private int _calls;

        public bool Down { get; set; }

        public bool[] Pattern { get; set; } = Array.Empty<bool>();

        public ConcurrentQueue<OutboxMessage> Delivered { get; } = new();

        public ValueTask SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            int call = Interlocked.Increment(ref _calls) - 1;
            if (Down || (Pattern.Length > 0 && Pattern[call % Pattern.Length])) throw new HttpRequestException("SMS gateway unreachable");
            Delivered.Enqueue(message);
            return default;
        }
    }
}
