using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Three ordered scans (copies, events, enrolment periods) of the tables' primary keys, merged by
    /// subject in one read transaction: one snapshot, sequential reads, memory bounded by one subject.
    /// The scan has a connection of its own without SQLite's per-call mutex (<see cref="SqliteScanConnection"/>).
    /// Rows are read through SQLite's own API: subjects are compared as UTF-8 bytes (BINARY collation
    /// is <see cref="SubjectOrder"/>) and decoded once per subject; item codes, providers and
    /// quantities are decoded once per distinct value (<see cref="Utf8Interner{T}"/>).
    /// </remarks>
    public async IAsyncEnumerable<SubjectSnapshot> ReadAllSubjectsAsync(SubjectScan scan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        if (!_schemaChecked)
        {
            using var check = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_disposed) throw new ObjectDisposedException(nameof(SqliteCreditStore));
        using var connection = new SqliteScanConnection(Path, BusyTimeoutMs);
        connection.Execute("BEGIN DEFERRED");
        var known = scan.KnownAt is { } k ? SqliteEncoding.Instant(k) : ((long, long)?)null;
        using var c = new SqliteStatement(connection.Handle, "SELECT subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider FROM record_copies ORDER BY subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider");
        using var e = new SqliteStatement(connection.Handle, "SELECT subject, record_id, at, at_ns, type, effective_on FROM record_events ORDER BY subject, record_id, at, at_ns, type, effective_on");
        using var p = new SqliteStatement(connection.Handle, "SELECT subject, enrolled_on, withdrawn_on FROM enrolment_periods ORDER BY subject, enrolled_on");
        var items = new Utf8Interner<string>(s => s);
        var providers = new Utf8Interner<string>(s => s);
        var quantities = new Utf8Interner<decimal>(SqliteEncoding.Decimal);
        var eventsById = new Dictionary<string, List<RecordEvent>>(StringComparer.Ordinal);
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        var enrolment = new List<EnrolmentPeriod>();
        var current = new byte[512];
        bool cRow = c.Step(), eRow = e.Step(), pRow = p.Step();
        while (cRow || eRow || pRow)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The next subject: the least of the three cursors' subjects, in UTF-8 byte order.
            var next = cRow ? c.Utf8(0) : default;
            bool hasNext = cRow;
            if (eRow && (!hasNext || e.Utf8(0).SequenceCompareTo(next) < 0))
            {
                next = e.Utf8(0);
                hasNext = true;
            }

            if (pRow && (!hasNext || p.Utf8(0).SequenceCompareTo(next) < 0)) next = p.Utf8(0);
            if (next.Length > current.Length) current = new byte[next.Length];
            next.CopyTo(current);
            var currentBytes = new ReadOnlySpan<byte>(current, 0, next.Length);
            var subject = new SubjectId(Utf8Interner<string>.Decode(currentBytes));

            eventsById.Clear();
            while (eRow && e.Utf8(0).SequenceEqual(currentBytes))
            {
                long t = e.Int64(2), ns = e.Int64(3);
                if (known is not { } kk || SeenBy(t, ns, kk))
                {
                    var id = Utf8Interner<string>.Decode(e.Utf8(1));
                    if (!eventsById.TryGetValue(id, out var list)) eventsById[id] = list = new List<RecordEvent>();
                    long effective = e.Int64(5);
                    list.Add(new RecordEvent((RecordEventType)e.Int64(4), SqliteEncoding.Instant(t, ns), effective == SqliteEncoding.NoDate ? null : SqliteEncoding.Date(effective)));
                }

                eRow = e.Step();
            }

            records.Clear();
            while (cRow && c.Utf8(0).SequenceEqual(currentBytes))
            {
                long t = c.Int64(2), ns = c.Int64(3);
                if (known is not { } kk || SeenBy(t, ns, kk))
                {
                    var id = Utf8Interner<string>.Decode(c.Utf8(1));
                    records.Add(new CreditRecord(
                        id,
                        subject,
                        items.Get(c.Utf8(4)),
                        SqliteEncoding.Date(c.Int64(5)),
                        providers.Get(c.Utf8(7)),
                        SqliteEncoding.Instant(t, ns),
                        quantities.Get(c.Utf8(6)),
                        eventsById.TryGetValue(id, out var list) ? list.ToImmutableArray() : ImmutableArray<RecordEvent>.Empty));
                }

                cRow = c.Step();
            }

            enrolment.Clear();
            while (pRow && p.Utf8(0).SequenceEqual(currentBytes))
            {
                enrolment.Add(new EnrolmentPeriod(SqliteEncoding.Date(p.Int64(1)), p.IsNull(2) ? null : SqliteEncoding.Date(p.Int64(2))));
                pRow = p.Step();
            }

            yield return new SubjectSnapshot(subject, enrolment.Count == 0 ? Enrolment.None : Enrolment.Of(enrolment), records.ToImmutable());
        }

        connection.Execute("COMMIT");
    }
}
