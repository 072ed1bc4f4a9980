using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Npgsql;

namespace ShangdingScore.Store.Postgres;

/// <summary>
/// Group commit of the grant-state writes (a nonce used, with its query-log entry): the writes that arrive while a
/// group is under way wait in a queue, and the next group sends them all as one <see cref="NpgsqlBatch"/> — one round
/// trip, one implicit transaction, one commit (one WAL flush) for all of them. Each write is one statement that returns
/// exactly one row, its answer; each caller's task completes only after the whole batch is read to its end, i.e. after
/// the transaction holding its write is committed, so what a caller is told is durable as before. The statements of a
/// group run in queue order and each sees the ones before it, as if they had run alone in that order. When the server
/// refuses any statement of a group (a <see cref="PostgresException"/>: the transaction is rolled back), every write of
/// it is run again alone, so one failing write fails only its own caller; any other failure (the connection lost) fails
/// the whole group, as it would have failed each of them alone.
/// </summary>
/// <remarks>
/// Thread-safe. One loop per store object, so one group in flight at a time; other store objects (other instances)
/// commit their own groups concurrently, PostgreSQL's row locks ordering them. Why: at 2 000 decisions a second each
/// committing alone, the backends spent most of their time waiting for the WAL flush (<c>LWLock:WALWrite</c>,
/// <c>IO:WALSync</c>; docs/performance-service.md). Measured on the meter <see cref="PostgresCreditStore.MeterName"/>:
/// <c>shangdingscore.store.postgres.commit.writes</c> (writes per group) and
/// <c>shangdingscore.store.postgres.write.duration</c> (seconds from a write's arrival to its group's commit).
/// </remarks>
internal sealed class PostgresGroupCommit
{
    private const int MaxBatch = 64;
    private static readonly Meter Meter = new(PostgresCreditStore.MeterName);
    private static readonly Histogram<int> CommitWrites = Meter.CreateHistogram<int>("shangdingscore.store.postgres.commit.writes", "{write}", "Grant-state writes per group commit.");
    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("shangdingscore.store.postgres.write.duration", "s", "Grant-state writes: from arrival to the commit holding them.");
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _open;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private Task? _loop;

    /// <summary>A group commit over connections from <paramref name="open"/>.</summary>
    public PostgresGroupCommit(Func<CancellationToken, Task<NpgsqlConnection>> open) => _open = open;

    /// <summary>
    /// Runs <paramref name="command"/> (one statement returning exactly one row) in the next group; completes with
    /// <paramref name="read"/> of that row once the group is committed.
    /// </summary>
    public Task<T> RunAsync<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending<T>(command, read, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(PostgresCreditStore));
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
        var group = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxBatch && _queue.Reader.TryRead(out var p))
            {
                // A caller that gave up before its turn is not written.
                if (p.IsCancelled) p.Cancel();
                else group.Add(p);
            }

            if (group.Count == 0) continue;
            try
            {
                await CommitAsync(group).ConfigureAwait(false);
                long done = Stopwatch.GetTimestamp();
                foreach (var p in group) Committed(p, done);
            }
            catch (PostgresException) when (group.Count > 1)
            {
                foreach (var p in group) await RunAloneAsync(p).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var p in group) p.Fail(e);
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

    private static void Committed(Pending p, long done)
    {
        if (WriteDuration.Enabled) WriteDuration.Record((done - p.Arrived) / (double)Stopwatch.Frequency);
        p.Complete();
    }

    /// <summary>One batch, one round trip, one commit; every answer read before any caller is told (the commit comes last).</summary>
    private async Task CommitAsync(List<Pending> group)
    {
        await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        try
        {
            foreach (var p in group) batch.BatchCommands.Add(p.Command);
            await batch.PrepareAsync().ConfigureAwait(false);
            await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
            {
                for (int i = 0; i < group.Count; i++)
                {
                    if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false)) throw new InvalidOperationException("A grouped write returned no result.");
                    if (!await reader.ReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("A grouped write returned no row.");
                    group[i].Read(reader);
                }
            }
        }
        finally
        {
            // A command belongs to one batch at a time: free them for a run alone.
            batch.BatchCommands.Clear();
        }

        if (CommitWrites.Enabled) CommitWrites.Record(group.Count);
    }

    private abstract class Pending
    {
        protected Pending(NpgsqlBatchCommand command) => Command = command;

        /// <summary>When the write was queued (<see cref="Stopwatch"/> ticks).</summary>
        public long Arrived { get; } = Stopwatch.GetTimestamp();

        public NpgsqlBatchCommand Command { get; }

        public abstract bool IsCancelled { get; }

        public abstract void Read(NpgsqlDataReader reader);

        public abstract void Complete();

        public abstract void Fail(Exception e);

        public abstract void Cancel();
    }

    private sealed class Pending<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) : Pending(command)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override void Read(NpgsqlDataReader reader) => _result = read(reader);

        public override void Complete() => _done.TrySetResult(_result);

        public override void Fail(Exception e) => _done.TrySetException(e);

        public override void Cancel() => _done.TrySetCanceled(cancellationToken);
    }
}
