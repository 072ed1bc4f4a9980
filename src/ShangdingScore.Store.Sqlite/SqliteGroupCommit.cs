using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

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
/// Thread-safe. One reader loop per store object; other processes on the file still wait on SQLite's lock.
/// Measured on the meter <see cref="SqliteCreditStore.MeterName"/>: <c>shangdingscore.store.sqlite.commit.duration</c>
/// (seconds from waiting for the write lock to the commit's end, SQLite's automatic checkpoint included),
/// <c>shangdingscore.store.sqlite.commit.writes</c> (writes per transaction) and
/// <c>shangdingscore.store.sqlite.write.duration</c> (seconds from a write's arrival to its commit: what a caller waits).
/// </remarks>
internal sealed class SqliteGroupCommit
{
    private const int MaxBatch = 256;
    private static readonly Meter Meter = new(SqliteCreditStore.MeterName);
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("shangdingscore.store.sqlite.commit.duration", "s", "Durable group commits: from waiting for the write lock to the commit's end.");
    private static readonly Histogram<int> CommitWrites = Meter.CreateHistogram<int>("shangdingscore.store.sqlite.commit.writes", "{write}", "Writes per durable group commit.");
    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("shangdingscore.store.sqlite.write.duration", "s", "Durable writes: from arrival to the commit holding them.");
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly SemaphoreSlim _writeLock;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private Task? _loop;

    /// <summary>A group commit over connections from <paramref name="open"/> (durable ones), under the store's write lock.</summary>
    public SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open, SemaphoreSlim writeLock)
    {
        _open = open;
        _writeLock = writeLock;
    }

    /// <summary>Runs <paramref name="write"/> in the next group transaction; completes when that transaction is committed.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(SqliteCreditStore));
        lock (_gate) _loop ??= Task.Run(LoopAsync);
        return pending.Task;
    }

    /// <summary>Stops taking writes and waits for those queued to be committed.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_gate) loop = _loop;
        if (loop is not null) await loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
            {
                // A caller that gave up before its turn is not written.
                if (p.IsCancelled) p.Cancel();
                else batch.Add(p);
            }

            if (batch.Count == 0) continue;
            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
                long done = Stopwatch.GetTimestamp();
                foreach (var p in batch) Committed(p, done);
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var p in batch) await RunAloneAsync(p).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                batch[0].Fail(e);
            }
        }
    }

    private async Task RunAloneAsync(Pending p)
    {
        try
        {
            await CommitAsync([p]).ConfigureAwait(false);
            Committed(p, Stopwatch.GetTimestamp());
        }
        catch (Exception e)
        {
            p.Fail(e);
        }
    }

    /// <summary>Answers a write whose transaction committed at <paramref name="done"/>, its wait recorded first (batched or run alone).</summary>
    private static void Committed(Pending p, long done)
    {
        if (WriteDuration.Enabled) WriteDuration.Record(Seconds(p.Arrived, done));
        p.Complete();
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        long start = Stopwatch.GetTimestamp();
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
            using var tx = connection.BeginTransaction(deferred: false);
            foreach (var p in batch) await p.ExecuteAsync(connection, tx).ConfigureAwait(false);
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }

        if (CommitDuration.Enabled) CommitDuration.Record(Seconds(start, Stopwatch.GetTimestamp()));
        if (CommitWrites.Enabled) CommitWrites.Record(batch.Count);
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private abstract class Pending
    {
        /// <summary>When the write was queued (<see cref="Stopwatch"/> ticks).</summary>
        public long Arrived { get; } = Stopwatch.GetTimestamp();

        public abstract bool IsCancelled { get; }

        public abstract Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx);

        public abstract void Complete();

        public abstract void Fail(Exception e);

        public abstract void Cancel();
    }

    private sealed class Pending<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) : Pending
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction tx) => _result = await write(connection, tx).ConfigureAwait(false);

        public override void Complete() => _done.TrySetResult(_result);

        public override void Fail(Exception e) => _done.TrySetException(e);

        public override void Cancel() => _done.TrySetCanceled(cancellationToken);
    }
}
