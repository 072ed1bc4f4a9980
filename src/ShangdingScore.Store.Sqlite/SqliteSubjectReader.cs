using System.Collections.Immutable;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Reads subjects off a scan connection of its own (<see cref="SqliteScanConnection"/>): three ordered scans (copies,
/// events, enrolment periods) of the tables' primary keys, merged by subject, inside one read transaction. Either the
/// whole store or, for a ranged reader, one range of subjects at a time (<see cref="Read"/>), all in that one
/// transaction. Rows are read through SQLite's own API: subjects are compared as UTF-8 bytes (BINARY collation is
/// <see cref="SubjectOrder"/>) and decoded once per subject; item codes, providers and quantities are decoded once per
/// distinct value (<see cref="Utf8Interner{T}"/>).
/// </summary>
/// <remarks>Not thread-safe: one thread at a time. Disposing it ends the read transaction and closes the connection.</remarks>
internal sealed class SqliteSubjectReader : IDisposable
{
    private const string Copies = "SELECT subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider FROM record_copies{0} ORDER BY subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider";
    private const string Events = "SELECT subject, record_id, at, at_ns, type, effective_on FROM record_events{0} ORDER BY subject, record_id, at, at_ns, type, effective_on";
    private const string Periods = "SELECT subject, enrolled_on, withdrawn_on FROM enrolment_periods{0} ORDER BY subject, enrolled_on";
    private const string Range = " WHERE subject >= ?1 AND subject < ?2";

    private readonly SqliteScanConnection _connection;
    private readonly SqliteStatement _c, _e, _p;
    private readonly SqliteStatement? _seek;
    private readonly (long Ticks, long Nanos)? _known;
    private readonly bool _ranged;
    private readonly Utf8Interner<string> _items = new(s => s);
    private readonly Utf8Interner<string> _providers = new(s => s);
    private readonly Utf8Interner<decimal> _quantities = new(SqliteEncoding.Decimal);
    private readonly Dictionary<string, List<RecordEvent>> _eventsById = new(StringComparer.Ordinal);
    private readonly ImmutableArray<CreditRecord>.Builder _records = ImmutableArray.CreateBuilder<CreditRecord>();
    private readonly List<EnrolmentPeriod> _enrolment = new();
    private byte[] _current = new byte[512];
    private int _claimed;

    /// <summary>Opens the connection and begins its read transaction (the snapshot is taken at the first read: <see cref="TakeSnapshot"/>).</summary>
    /// <param name="path">The database file.</param>
    /// <param name="busyTimeoutMs">SQLite's busy timeout.</param>
    /// <param name="knownAt">The view's instant as stored; null for everything.</param>
    /// <param name="ranged">Whether <see cref="Read"/> takes ranges of subjects (otherwise it reads the whole store once).</param>
    public SqliteSubjectReader(string path, int busyTimeoutMs, (long Ticks, long Nanos)? knownAt, bool ranged)
    {
        _known = knownAt;
        _ranged = ranged;
        _connection = new SqliteScanConnection(path, busyTimeoutMs);
        try
        {
            _connection.Execute("BEGIN DEFERRED");
            string where = ranged ? Range : string.Empty;
            _c = new SqliteStatement(_connection.Handle, string.Format(System.Globalization.CultureInfo.InvariantCulture, Copies, where));
            _e = new SqliteStatement(_connection.Handle, string.Format(System.Globalization.CultureInfo.InvariantCulture, Events, where));
            _p = new SqliteStatement(_connection.Handle, string.Format(System.Globalization.CultureInfo.InvariantCulture, Periods, where));
            if (ranged) _seek = new SqliteStatement(_connection.Handle, "SELECT subject FROM record_copies WHERE subject >= ?1 ORDER BY subject LIMIT 1");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Reads once, which fixes the transaction's snapshot: every later read sees the store as it is now.</summary>
    public void TakeSnapshot() => _connection.Execute("SELECT 1 FROM schema_migrations LIMIT 1");

    /// <summary>The least subject with a record copy at or after <paramref name="subject"/> (code-point order), or null; ranged readers only.</summary>
    public string? FirstSubjectAtOrAfter(string subject)
    {
        var seek = _seek ?? throw new InvalidOperationException("Only a ranged reader seeks.");
        seek.Reset();
        seek.Bind(1, subject);
        string? found = seek.Step() ? Utf8Interner<string>.Decode(seek.Utf8(0)) : null;
        seek.Reset();
        return found;
    }

    /// <summary>The subjects of [<paramref name="from"/>, <paramref name="to"/>) in order (null: no bound); the whole store for a reader that is not ranged.</summary>
    public IEnumerable<SubjectSnapshot> Read(string? from, string? to, CancellationToken cancellationToken)
    {
        if (_ranged)
        {
            foreach (var s in new[] { _c, _e, _p })
            {
                s.Reset();
                s.Bind(1, from ?? string.Empty); // the empty text sorts before every text
                if (to is null) s.BindEmptyBlob(2); // a BLOB sorts after every text
                else s.Bind(2, to);
            }
        }
        else if (from is not null || to is not null)
        {
            throw new InvalidOperationException("This reader reads the whole store.");
        }

        return Merge(cancellationToken);
    }

    public void Dispose()
    {
        _seek?.Dispose();
        _p?.Dispose();
        _e?.Dispose();
        _c?.Dispose();
        _connection.Dispose();
    }

    /// <summary>Marks the reader taken by one enumeration of a scan part.</summary>
    /// <exception cref="InvalidOperationException">It was taken before: a part is read once.</exception>
    public void Claim()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0) throw new InvalidOperationException("A part of a subject scan is read once.");
    }

    /// <summary>Ends the read transaction.</summary>
    public void Commit() => _connection.Execute("COMMIT");

    private IEnumerable<SubjectSnapshot> Merge(CancellationToken cancellationToken)
    {
        SqliteStatement c = _c, e = _e, p = _p;
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
            if (next.Length > _current.Length) _current = new byte[next.Length];
            next.CopyTo(_current);
            int length = next.Length;
            var subject = new SubjectId(Utf8Interner<string>.Decode(new ReadOnlySpan<byte>(_current, 0, length)));

            _eventsById.Clear();
            while (eRow && e.Utf8(0).SequenceEqual(new ReadOnlySpan<byte>(_current, 0, length)))
            {
                long t = e.Int64(2), ns = e.Int64(3);
                if (_known is not { } kk || SqliteCreditStore.SeenBy(t, ns, kk))
                {
                    var id = Utf8Interner<string>.Decode(e.Utf8(1));
                    if (!_eventsById.TryGetValue(id, out var list)) _eventsById[id] = list = new List<RecordEvent>();
                    long effective = e.Int64(5);
                    list.Add(new RecordEvent((RecordEventType)e.Int64(4), SqliteEncoding.Instant(t, ns), effective == SqliteEncoding.NoDate ? null : SqliteEncoding.Date(effective)));
                }

                eRow = e.Step();
            }

            _records.Clear();
            bool anyEvents = _eventsById.Count > 0;
            while (cRow && c.Utf8(0).SequenceEqual(new ReadOnlySpan<byte>(_current, 0, length)))
            {
                long t = c.Int64(2), ns = c.Int64(3);
                if (_known is not { } kk || SqliteCreditStore.SeenBy(t, ns, kk))
                {
                    var id = Utf8Interner<string>.Decode(c.Utf8(1));
                    _records.Add(new CreditRecord(
                        id,
                        subject,
                        _items.Get(c.Utf8(4)),
                        SqliteEncoding.Date(c.Int64(5)),
                        _providers.Get(c.Utf8(7)),
                        SqliteEncoding.Instant(t, ns),
                        _quantities.Get(c.Utf8(6)),
                        anyEvents && _eventsById.TryGetValue(id, out var list) ? list.ToImmutableArray() : ImmutableArray<RecordEvent>.Empty));
                }

                cRow = c.Step();
            }

            _enrolment.Clear();
            while (pRow && p.Utf8(0).SequenceEqual(new ReadOnlySpan<byte>(_current, 0, length)))
            {
                _enrolment.Add(new EnrolmentPeriod(SqliteEncoding.Date(p.Int64(1)), p.IsNull(2) ? null : SqliteEncoding.Date(p.Int64(2))));
                pRow = p.Step();
            }

            yield return new SubjectSnapshot(subject, _enrolment.Count == 0 ? Enrolment.None : Enrolment.Of(_enrolment), _records.ToImmutable());
        }
    }
}
