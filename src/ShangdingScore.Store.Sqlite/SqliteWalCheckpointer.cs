using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Checkpoints the write-ahead log in the background for the store's durable writes. SQLite's automatic checkpoint
/// runs inside the commit that takes the log past 1 000 pages and writes and syncs the database file before that
/// commit returns, so every durable write queued behind it (a venue decision's nonce and query-log entry) waited for
/// it: 2 s once in a 10-minute run at 2 000 decisions/s (docs/performance-service.md). Durable connections therefore
/// run with <c>wal_autocheckpoint=0</c>, and each durable open nudges this: at most once per <see cref="Interval"/>,
/// and never two at once, a <c>PRAGMA wal_checkpoint(PASSIVE)</c> runs on a connection of its own (not from the pool,
/// so the store's pooled connections are not taken from under it), beside the writers (a passive checkpoint never
/// blocks them, nor they it). Ordinary connections (imports, rescoring) keep the
/// automatic checkpoint. Nothing is less durable: a committed write is in the synced log either way.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteWalCheckpointer
{
    private readonly string _connectionString;
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly object _gate = new();
    private Task _running = Task.CompletedTask;
    private bool _stopped;

    /// <summary>A checkpointer of the database <paramref name="connectionString"/> names (its pooling is turned off here).</summary>
    public SqliteWalCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        Interval = interval;
    }

    /// <summary>The shortest time between two checkpoints.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Checkpoints completed (for tests).</summary>
    public int Completed { get; private set; }

    /// <summary>Starts a checkpoint unless one runs, one started less than <see cref="Interval"/> ago, or the store is closing.</summary>
    public void Nudge()
    {
        lock (_gate)
        {
            if (_stopped || !_running.IsCompleted || _sinceLast.Elapsed < Interval) return;
            _sinceLast.Restart();
            _running = Task.Run(RunAsync);
        }
    }

    /// <summary>Stops starting checkpoints and waits for the one running; throws when that one failed.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            return _running;
        }
    }

    private async Task RunAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        command.ExecuteNonQuery();
        lock (_gate) Completed++;
    }
}
