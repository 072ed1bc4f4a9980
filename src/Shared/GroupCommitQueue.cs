using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace ShangdingScore.Stores.Durability;

/// <summary>
/// The queue and loop of a store's group commit, shared by the theme-database stores: writes wait in a queue while a
/// commit is under way; the loop takes up to <c>maxBatch</c> of them (skipping those whose caller gave up) and hands
/// them to <see cref="CommitAsync"/> as one transaction; each caller is answered only after that transaction is
/// committed. When a group fails with an exception that <see cref="RunsAloneAfter"/> says rolled it back, every write
/// of it is run again alone, so one failing write fails only its own caller; any other failure fails the group.
/// </summary>
/// <typeparam name="TWork">What the store needs to run one write in a group (a delegate; a statement and its reader).</typeparam>
/// <remarks>Thread-safe. One loop per object, so one group in flight at a time.</remarks>
internal abstract class GroupCommitQueue<TWork>
{
    private readonly int _maxBatch;
    private readonly Histogram<double> _writeDuration;
    private readonly Channel<GroupCommitPending<TWork>> _queue = Channel.CreateUnbounded<GroupCommitPending<TWork>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private Task? _loop;

    /// <summary>A queue taking up to <paramref name="maxBatch"/> writes a group, recording each write's wait on <paramref name="writeDuration"/>.</summary>
    protected GroupCommitQueue(int maxBatch, Histogram<double> writeDuration)
    {
        _maxBatch = maxBatch;
        _writeDuration = writeDuration;
    }

    /// <summary>Stops taking writes and waits for those queued to be committed.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_gate) loop = _loop;
        if (loop is not null) await loop.ConfigureAwait(false);
    }

    /// <summary>
    /// Queues <paramref name="work"/> for the next group; completes with the result <see cref="CommitAsync"/> set for it
    /// once its group is committed. Faults with <see cref="ObjectDisposedException"/> (naming <paramref name="owner"/>)
    /// once the queue was completed, and is cancelled when <paramref name="cancellationToken"/> is before its turn.
    /// </summary>
    protected async Task<T> EnqueueAsync<T>(TWork work, string owner, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new GroupCommitPending<TWork>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(owner);
        lock (_gate) _loop ??= Task.Run(LoopAsync);
        return (T)(await pending.Task.ConfigureAwait(false))!;
    }

    /// <summary>
    /// Runs the writes of <paramref name="group"/> in one transaction, sets each one's <see cref="GroupCommitPending{TWork}.Result"/>,
    /// and commits; throws if it was not committed.
    /// </summary>
    protected abstract Task CommitAsync(List<GroupCommitPending<TWork>> group);

    /// <summary>Whether <paramref name="e"/>, thrown by <see cref="CommitAsync"/>, left nothing of the group written, so its writes may run again alone.</summary>
    protected abstract bool RunsAloneAfter(Exception e);

    private async Task LoopAsync()
    {
        var group = new List<GroupCommitPending<TWork>>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxBatch && _queue.Reader.TryRead(out var p))
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
            catch (Exception e) when (group.Count > 1 && RunsAloneAfter(e))
            {
                foreach (var p in group) await RunAloneAsync(p).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var p in group) p.Fail(e);
            }
        }
    }

    private async Task RunAloneAsync(GroupCommitPending<TWork> p)
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

    /// <summary>Answers a write whose transaction committed at <paramref name="done"/>, its wait recorded first (grouped or run alone).</summary>
    private void Committed(GroupCommitPending<TWork> p, long done)
    {
        if (_writeDuration.Enabled) _writeDuration.Record(Seconds(p.Arrived, done));
        p.Complete();
    }

    /// <summary>Seconds between two <see cref="Stopwatch"/> timestamps.</summary>
    protected static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}

/// <summary>A write queued in a <see cref="GroupCommitQueue{TWork}"/>: its work, and its caller's answer.</summary>
internal sealed class GroupCommitPending<TWork>(TWork work, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the write was queued (<see cref="Stopwatch"/> ticks).</summary>
    public long Arrived { get; } = Stopwatch.GetTimestamp();

    /// <summary>What the store runs for it.</summary>
    public TWork Work => work;

    /// <summary>What the caller is answered once the group is committed (set by the store while the group runs).</summary>
    public object? Result { get; set; }

    public Task<object?> Task => _done.Task;

    public bool IsCancelled => cancellationToken.IsCancellationRequested;

    public void Complete() => _done.TrySetResult(Result);

    public void Fail(Exception e) => _done.TrySetException(e);

    public void Cancel() => _done.TrySetCanceled(cancellationToken);
}
