using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using ShangdingScore.Stores.Durability;

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
/// Thread-safe. One loop per store object (<see cref="GroupCommitQueue{TWork}"/>, shared with the SQLite store), so one
/// group in flight at a time; other store objects (other instances) commit their own groups concurrently, PostgreSQL's
/// row locks ordering them. Why: at 2 000 decisions a second each
/// committing alone, the backends spent most of their time waiting for the WAL flush (<c>LWLock:WALWrite</c>,
/// <c>IO:WALSync</c>; docs/performance-service-tail.md). Measured on the meter <see cref="PostgresCreditStore.MeterName"/>:
/// <c>shangdingscore.store.postgres.commit.writes</c> (writes per group) and
/// <c>shangdingscore.store.postgres.write.duration</c> (seconds from a write's arrival to its group's commit).
/// </remarks>
internal sealed class PostgresGroupCommit : GroupCommitQueue<PostgresGroupCommit.Write>
{
    private const int MaxBatch = 64;
    private static readonly Meter Meter = new(PostgresCreditStore.MeterName);
    private static readonly Histogram<int> CommitWrites = Meter.CreateHistogram<int>("shangdingscore.store.postgres.commit.writes", "{write}", "Grant-state writes per group commit.");
    private static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>("shangdingscore.store.postgres.write.duration", "s", "Grant-state writes: from arrival to the commit holding them.");
    private readonly Func<CancellationToken, Task<NpgsqlConnection>> _open;

    /// <summary>A group commit over connections from <paramref name="open"/>.</summary>
    public PostgresGroupCommit(Func<CancellationToken, Task<NpgsqlConnection>> open)
        : base(MaxBatch, WriteDuration) => _open = open;

    /// <summary>
    /// Runs <paramref name="command"/> (one statement returning exactly one row) in the next group; completes with
    /// <paramref name="read"/> of that row once the group is committed.
    /// </summary>
    public Task<T> RunAsync<T>(NpgsqlBatchCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        EnqueueAsync<T>(new Write(command, r => read(r)), nameof(PostgresCreditStore), cancellationToken);

    /// <summary>The server refused a statement: the implicit transaction was rolled back, nothing of the group written.</summary>
    protected override bool RunsAloneAfter(Exception e) => e is PostgresException;

    /// <summary>One batch, one round trip, one commit; every answer read before any caller is told (the commit comes last).</summary>
    protected override async Task CommitAsync(List<GroupCommitPending<Write>> group)
    {
        await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        try
        {
            foreach (var p in group) batch.BatchCommands.Add(p.Work.Command);
            await batch.PrepareAsync().ConfigureAwait(false);
            await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
            {
                for (int i = 0; i < group.Count; i++)
                {
                    if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false)) throw new InvalidOperationException("A grouped write returned no result.");
                    if (!await reader.ReadAsync().ConfigureAwait(false)) throw new InvalidOperationException("A grouped write returned no row.");
                    group[i].Result = group[i].Work.Read(reader);
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

    /// <summary>One grouped write: its statement, and how its one row becomes the caller's answer.</summary>
    internal sealed record Write(NpgsqlBatchCommand Command, Func<NpgsqlDataReader, object?> Read);
}
