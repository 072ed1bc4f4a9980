using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Three ordered scans (copies, events, enrolment periods) of the tables' primary keys, merged by
    /// subject in one read transaction: one snapshot, sequential reads, memory bounded by one subject.
    /// </remarks>
    public async IAsyncEnumerable<SubjectSnapshot> ReadAllSubjectsAsync(SubjectScan scan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var tx = connection.BeginTransaction(deferred: true);
        var known = scan.KnownAt is { } k ? SqliteEncoding.Instant(k) : ((long, long)?)null;
        using var copies = Query(connection, tx, "SELECT subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider FROM record_copies ORDER BY subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider");
        using var events = Query(connection, tx, "SELECT subject, record_id, at, at_ns, type, effective_on FROM record_events ORDER BY subject, record_id, at, at_ns, type, effective_on");
        using var periods = Query(connection, tx, "SELECT subject, enrolled_on, withdrawn_on FROM enrolment_periods ORDER BY subject, enrolled_on");
        using var c = new Cursor(copies.ExecuteReader());
        using var e = new Cursor(events.ExecuteReader());
        using var p = new Cursor(periods.ExecuteReader());
        var eventsById = new Dictionary<string, List<RecordEvent>>(StringComparer.Ordinal);
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        var enrolment = new List<EnrolmentPeriod>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? next = Min(Min(c.Subject, e.Subject), p.Subject);
            if (next is null) break;
            var subject = new SubjectId(next);

            eventsById.Clear();
            while (e.Subject is { } es && string.Equals(es, next, StringComparison.Ordinal))
            {
                var r = e.Reader;
                if (known is not { } kk || SeenBy(r.GetInt64(2), r.GetInt64(3), kk))
                {
                    var id = r.GetString(1);
                    if (!eventsById.TryGetValue(id, out var list)) eventsById[id] = list = new List<RecordEvent>();
                    list.Add(ReadEvent(r, 2));
                }

                e.Advance();
            }

            records.Clear();
            while (c.Subject is { } cs && string.Equals(cs, next, StringComparison.Ordinal))
            {
                var r = c.Reader;
                if (known is not { } kk || SeenBy(r.GetInt64(2), r.GetInt64(3), kk)) records.Add(ReadCopy(r, subject, eventsById));
                c.Advance();
            }

            enrolment.Clear();
            while (p.Subject is { } ps && string.Equals(ps, next, StringComparison.Ordinal))
            {
                enrolment.Add(ReadPeriod(p.Reader, 1));
                p.Advance();
            }

            yield return new SubjectSnapshot(subject, enrolment.Count == 0 ? Enrolment.None : Enrolment.Of(enrolment), records.ToImmutable());
        }

        tx.Commit();
    }

    private static string? Min(string? a, string? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        return SubjectOrder.Instance.Compare(a, b) <= 0 ? a : b;
    }

    private static SqliteCommand Query(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    /// <summary>A reader positioned on a row, with that row's subject (null at the end).</summary>
    private sealed class Cursor : IDisposable
    {
        public Cursor(SqliteDataReader reader)
        {
            Reader = reader;
            Advance();
        }

        public SqliteDataReader Reader { get; }

        public string? Subject { get; private set; }

        public void Advance() => Subject = Reader.Read() ? Reader.GetString(0) : null;

        public void Dispose() => Reader.Dispose();
    }
}
