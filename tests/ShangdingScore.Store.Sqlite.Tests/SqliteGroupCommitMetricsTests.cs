using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NodaTime;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>
/// The durable group commit reports on the meter <see cref="SqliteCreditStore.MeterName"/>: each transaction's duration and
/// write count, and each write's wait from arrival to commit. (Other tests of the assembly may write at the same time, so
/// the checks are lower bounds.)
/// </summary>
public sealed class SqliteGroupCommitMetricsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task DurableWrites_EachRecordedOnce_AndEveryCommitWithItsWriteCountAndDuration()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("theme.db"));
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SqliteCreditStore.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.Start();

        var now = Instant.FromUtc(2026, 12, 3, 12, 0);
        const int Writes = 40;
        var fresh = await Task.WhenAll(Enumerable.Range(0, Writes).Select(i =>
            store.NonceStore.TryUseAsync("metrics-" + i, now + Duration.FromHours(1), now, CancellationToken.None).AsTask()));
        listener.Dispose();

        Assert.All(fresh, Assert.True);
        var byInstrument = measurements.ToArray().ToLookup(m => m.Instrument, m => m.Value);
        var commits = byInstrument["shangdingscore.store.sqlite.commit.duration"].ToArray();
        var sizes = byInstrument["shangdingscore.store.sqlite.commit.writes"].ToArray();
        var waits = byInstrument["shangdingscore.store.sqlite.write.duration"].ToArray();
        Assert.NotEmpty(commits);
        Assert.Equal(commits.Length, sizes.Length);
        Assert.True(sizes.Sum() >= Writes, $"writes counted in commits: {sizes.Sum()}");
        Assert.True(waits.Length >= Writes, $"writes timed: {waits.Length}");
        Assert.All(sizes, s => Assert.InRange(s, 1, 256));
        Assert.All(commits.Concat(waits), d => Assert.InRange(d, 0, 60));
    }

    public void Dispose() => _folder.Dispose();
}
