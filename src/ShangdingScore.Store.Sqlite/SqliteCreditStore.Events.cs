using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction with <c>synchronous=FULL</c> (an appended event is a
    /// decision, kept through a power loss): per event a look for a copy of its record in
    /// <c>record_copies</c>, then <c>INSERT OR IGNORE</c> into <c>record_events</c>, the table delivered
    /// events are kept in, keyed by the event's whole content. Writers in other processes wait on
    /// SQLite's lock up to the busy timeout.
    /// </remarks>
    public async Task<RecordEventAppendResult> AppendEventsAsync(IReadOnlyCollection<RecordEventAppend> events, CancellationToken cancellationToken = default)
    {
        var list = StoreEncoding.CheckAppends(events);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenDurableAsync(cancellationToken).ConfigureAwait(false);
            using var tx = connection.BeginTransaction(deferred: false);
            using var known = connection.CreateCommand();
            known.Transaction = tx;
            known.CommandText = "SELECT EXISTS (SELECT 1 FROM record_copies WHERE subject = $s AND record_id = $r)";
            var ks = known.Parameters.Add("$s", SqliteType.Text);
            var kr = known.Parameters.Add("$r", SqliteType.Text);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR IGNORE INTO record_events (subject, record_id, at, at_ns, type, effective_on) VALUES ($s, $r, $t, $ns, $type, $on)";
            var s = insert.Parameters.Add("$s", SqliteType.Text);
            var r = insert.Parameters.Add("$r", SqliteType.Text);
            var t = insert.Parameters.Add("$t", SqliteType.Integer);
            var ns = insert.Parameters.Add("$ns", SqliteType.Integer);
            var type = insert.Parameters.Add("$type", SqliteType.Integer);
            var on = insert.Parameters.Add("$on", SqliteType.Integer);
            var outcomes = ImmutableArray.CreateBuilder<RecordEventAppendOutcome>(list.Count);
            foreach (var append in list)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ks.Value = append.Subject.Value;
                kr.Value = append.RecordId;
                if ((long)known.ExecuteScalar()! == 0)
                {
                    outcomes.Add(RecordEventAppendOutcome.UnknownRecord);
                    continue;
                }

                var (ticks, nanos) = SqliteEncoding.Instant(append.Event.At);
                s.Value = append.Subject.Value;
                r.Value = append.RecordId;
                t.Value = ticks;
                ns.Value = nanos;
                type.Value = (int)append.Event.Type;
                on.Value = StoreEncoding.EffectiveOnNumber(append.Event);
                outcomes.Add(insert.ExecuteNonQuery() == 1 ? RecordEventAppendOutcome.Appended : RecordEventAppendOutcome.AlreadyKept);
            }

            cancellationToken.ThrowIfCancellationRequested();
            tx.Commit();
            return new RecordEventAppendResult(outcomes.MoveToImmutable());
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
