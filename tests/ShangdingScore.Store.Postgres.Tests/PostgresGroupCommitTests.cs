using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Npgsql;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Conformance;
using Xunit;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>
/// The grant-state group commit: writes queued while a group is under way go together in one batch and one commit,
/// each caller answered with its own row; a statement the server refuses fails only its own caller; a caller that gave
/// up before its turn is not written. The first group is held at its connection's open so the next ones queue behind it.
/// </summary>
public sealed class PostgresGroupCommitTests : IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();
    private readonly Lazy<NpgsqlDataSource> _source = new(() => NpgsqlDataSource.Create(PostgresEnvironment.RequireConnectionString()));
    private readonly TaskCompletionSource _firstOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _opens;

    private PostgresGroupCommit NewGroupCommit() => new(async ct =>
    {
        if (Interlocked.Increment(ref _opens) == 1)
        {
            _firstOpen.SetResult();
            await _release.Task;
        }

        return await _source.Value.OpenConnectionAsync(ct);
    });

    private static NpgsqlBatchCommand Select(string sql) => new(sql);

    [PostgresFact]
    public async Task RunAsync_WritesQueuedBehindAGroup_CommittedTogetherEachWithItsOwnRow()
    {
        var sizes = ListenToGroupSizes(out var listener);
        using var _ = listener;
        var commit = NewGroupCommit();
        var first = commit.RunAsync(Select("SELECT 1"), r => r.GetInt32(0), CancellationToken.None);
        await _firstOpen.Task;
        var queued = Enumerable.Range(2, 5).Select(i => commit.RunAsync(Select($"SELECT {i}"), r => r.GetInt32(0), CancellationToken.None)).ToArray();
        _release.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(new[] { 2, 3, 4, 5, 6 }, await Task.WhenAll(queued));
        Assert.Equal(2, Volatile.Read(ref _opens));
        lock (sizes) Assert.Contains(5, sizes);
        await commit.CompleteAsync();
    }

    [PostgresFact]
    public async Task RunAsync_OneStatementRefusedInAGroup_FailsOnlyItsCaller_OthersRunAlone()
    {
        var commit = NewGroupCommit();
        var first = commit.RunAsync(Select("SELECT 1"), r => r.GetInt32(0), CancellationToken.None);
        await _firstOpen.Task;
        var good1 = commit.RunAsync(Select("SELECT 2"), r => r.GetInt32(0), CancellationToken.None);
        var bad = commit.RunAsync(Select("SELECT 1 / (SELECT 0)"), r => r.GetInt32(0), CancellationToken.None);
        var good2 = commit.RunAsync(Select("SELECT 3"), r => r.GetInt32(0), CancellationToken.None);
        _release.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(2, await good1);
        Assert.Equal(3, await good2);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => bad);
        Assert.Equal(PostgresErrorCodes.DivisionByZero, refused.SqlState);

        // The first group, the group of three (rolled back), then each of the three alone.
        Assert.Equal(5, Volatile.Read(ref _opens));
        await commit.CompleteAsync();
    }

    [PostgresFact]
    public async Task RunAsync_CallerCancelledBeforeItsTurn_NotWritten()
    {
        var schema = _schemas.New();
        await using (var setup = _source.Value.CreateCommand($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.t (x int)"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var commit = NewGroupCommit();
        var first = commit.RunAsync(Select($"WITH i AS (INSERT INTO {schema}.t VALUES (1) RETURNING x) SELECT count(*) FROM i"), r => r.GetInt64(0), CancellationToken.None);
        await _firstOpen.Task;
        using var cancel = new CancellationTokenSource();
        var gaveUp = commit.RunAsync(Select($"WITH i AS (INSERT INTO {schema}.t VALUES (2) RETURNING x) SELECT count(*) FROM i"), r => r.GetInt64(0), cancel.Token);
        var kept = commit.RunAsync(Select($"WITH i AS (INSERT INTO {schema}.t VALUES (3) RETURNING x) SELECT count(*) FROM i"), r => r.GetInt64(0), CancellationToken.None);
        cancel.Cancel();
        _release.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(1, await kept);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Equal("1,3", await TestSchemas.ScalarAsync<string>($"SELECT string_agg(x::text, ',' ORDER BY x) FROM {schema}.t"));
        await commit.CompleteAsync();
    }

    [PostgresFact]
    public async Task NonceStore_ManyConcurrentUsesEachTwice_OneUseAndOneEntryPerNonce()
    {
        await using var store = await _schemas.MigratedAsync();
        var logging = (INonceLoggingStore)store.NonceStore;
        var now = Instant.FromUtc(2026, 12, 4, 8, 0);
        var nonces = Enumerable.Range(0, 100).Select(i => $"group-commit-{i:D3}").ToArray();
        var uses = nonces.Concat(nonces).Select(n => Task.Run(async () => (n, used: await logging.TryUseAndAppendAsync(n, now + Duration.FromHours(1), now, Entry(now), CancellationToken.None)))).ToArray();
        var results = await Task.WhenAll(uses);

        Assert.All(nonces, n => Assert.Single(results, r => r.n == n && r.used));
        Assert.Equal(100L, await TestSchemas.ScalarAsync<long>($"SELECT count(*) FROM {store.Schema}.query_log"));
        Assert.Equal(100L, await store.NonceStore.CountAsync());
    }

    private static QueryLogEntry Entry(Instant at) => new()
    {
        At = at, Grantee = "zz-library", Subject = new SubjectId("zz-c-1001"), Purpose = "public.library-card-deposit-free",
        Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Refused, ReasonCode = GrantRefusalCodes.Replayed,
    };

    private static List<int> ListenToGroupSizes(out MeterListener listener)
    {
        var sizes = new List<int>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PostgresCreditStore.MeterName && instrument.Name == "shangdingscore.store.postgres.commit.writes") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (sizes) sizes.Add(value); });
        listener.Start();
        return sizes;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_source.IsValueCreated) await _source.Value.DisposeAsync();
        await _schemas.DisposeAsync();
    }
}
