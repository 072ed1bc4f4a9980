using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using ShangdingScore.Stores.Durability;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Group commit of the store's durable writes (used nonces, query-log entries, the service state, the rights journal):
/// the writes that arrive while a commit is under way wait in a queue, and the next commit runs them one after the
/// other in one <c>BEGIN IMMEDIATE</c> transaction with <c>synchronous=FULL</c>, so one fsync covers them all. Each
/// caller's task completes only after the transaction holding its write is committed, so what a caller is told
/// (a nonce fresh or already used, a row inserted or not) is durable as before; writes in one transaction run in queue
/// order and each sees the ones before it, as if they had run alone in that order. When any write of a batch throws,
/// the batch is rolled back and every write of it is run again alone, so one failing write fails only its own caller.
/// </summary>
/// <remarks>
/// Thread-safe. One reader loop per store object (the queue and loop are <see cref="GroupCommitQueue{TWork}"/>, shared
/// with the PostgreSQL store); other processes on the file still wait on SQLite's lock.
/// Measured on the meter <see cref="SqliteCreditStore.MeterName"/>: <c>shangdingscore.store.sqlite.commit.duration</c>
/// (seconds from waiting for the write lock to the commit's end, SQLite's automatic checkpoint included),
/// <c>shangdingscore.store.sqlite.commit.writes</c> (writes per transaction) and
/// <c>shangdingscore.store.sqlite.write.duration</c> (seconds from a write's arrival to its commit: what a caller waits).
/// </remarks>
internal sealed class SqliteGroupCommit : GroupCommitQueue<Func<SqliteConnection, SqliteTransaction, Task<object?>>>
{
    private const int MaxBatch = 256;
    private static readonly Meter Meter = new(SqliteCreditStore.MeterName);
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("shangdingscore.store.sqlite.commit.duration", "s", "Durable group commits: from waiting for the write lock to the commit's end.");
    private static readonly Histogram<int> CommitWrites = Meter.CreateHistogram<int>("shangdingscore.store.sqlite.commit.writes", "{write}", "Writes per durable group commit.");
    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("shangdingscore.store.sqlite.write.duration", "s", "Durable writes: from arrival to the commit holding them.");
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly SemaphoreSlim _writeLock;

    /// <summary>A group commit over connections from <paramref name="open"/> (durable ones), under the store's write lock.</summary>
    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open, SemaphoreSlim writeLock)
        : base(MaxBatch, WriteDuration)
    {
        _open = open;
        _writeLock = writeLock;
    }

    /// <summary>Runs <paramref name="write"/> in the next group transaction; completes when that transaction is committed.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        EnqueueAsync<T>(async (connection, tx) => await write(connection, tx).ConfigureAwait(false), nameof(SqliteCreditStore), cancellationToken);

    /// <summary>Any failure rolled the transaction back (SQLite commits only at the end).</summary>
    protected override bool RunsAloneAfter(Exception e) => true;

    protected override async Task CommitAsync(List<GroupCommitPending<Func<SqliteConnection, SqliteTransaction, Task<object?>>>> group)
    {
        long start = Stopwatch.GetTimestamp();
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
            using var tx = connection.BeginTransaction(deferred: false);
            foreach (var p in group) p.Result = await p.Work(connection, tx).ConfigureAwait(false);
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }

        if (CommitDuration.Enabled) CommitDuration.Record(Seconds(start, Stopwatch.GetTimestamp()));
        if (CommitWrites.Enabled) CommitWrites.Record(group.Count);
    }
}
