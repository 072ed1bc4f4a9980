using System.Collections.Immutable;
using NodaTime;
using Npgsql;
using ShangdingScore.Sources;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <summary>
    /// Gathers one subject's rows of <see cref="PostgresSchema.SubjectRows"/> (in any order) and builds
    /// its records: each copy with the events of its record id, ordered by record id
    /// (<see cref="SubjectOrder"/>) then recordedAt. Reused subject after subject; not thread-safe.
    /// </summary>
    private sealed class SubjectRows
    {
        private readonly Dictionary<string, List<RecordEvent>> _events = new(StringComparer.Ordinal);
        private readonly List<CreditRecord> _copies = new();
        private readonly List<EnrolmentPeriod> _periods = new();
        private readonly (long Ticks, short Nanos)? _knownAt;

        /// <param name="knownAt">Leave out copies recorded and events entered after it (rows the query did not filter); null: keep all.</param>
        public SubjectRows(Instant? knownAt) => _knownAt = knownAt is { } k ? PostgresEncoding.Instant(k) : null;

        public SubjectId Subject { get; private set; }

        public bool IsEmpty { get; private set; } = true;

        public void Start(SubjectId subject)
        {
            Subject = subject;
            IsEmpty = false;
            _events.Clear();
            _copies.Clear();
            _periods.Clear();
        }

        public void Add(NpgsqlDataReader reader)
        {
            short kind = reader.GetInt16(1);
            if (kind < 2 && _knownAt is { } known)
            {
                long ticks = reader.GetInt64(3);
                if (ticks > known.Ticks || (ticks == known.Ticks && reader.GetInt16(4) > known.Nanos)) return;
            }

            switch (kind)
            {
                case 0:
                    var id = reader.GetString(2);
                    int effective = reader.GetInt32(6);
                    var e = new RecordEvent((RecordEventType)reader.GetInt16(9), PostgresEncoding.Instant(reader.GetInt64(3), reader.GetInt16(4)), effective == PostgresEncoding.NoDate ? null : PostgresEncoding.Date(effective));
                    if (!_events.TryGetValue(id, out var list)) _events[id] = list = new List<RecordEvent>();
                    list.Add(e);
                    break;
                case 1:
                    _copies.Add(new CreditRecord(
                        reader.GetString(2),
                        Subject,
                        reader.GetString(5),
                        PostgresEncoding.Date(reader.GetInt32(6)),
                        reader.GetString(8),
                        PostgresEncoding.Instant(reader.GetInt64(3), reader.GetInt16(4)),
                        reader.GetDecimal(7)));
                    break;
                default:
                    _periods.Add(new EnrolmentPeriod(PostgresEncoding.Date(reader.GetInt32(6)), reader.IsDBNull(10) ? null : PostgresEncoding.Date(reader.GetInt32(10))));
                    break;
            }
        }

        public ImmutableArray<CreditRecord> Records()
        {
            var records = ImmutableArray.CreateBuilder<CreditRecord>(_copies.Count);
            foreach (var c in _copies)
            {
                records.Add(_events.TryGetValue(c.Id, out var list) ? c.WithEvents(list.OrderBy(e => e.At).ThenBy(e => e.Type).ToImmutableArray()) : c);
            }

            records.Sort(static (a, b) =>
            {
                int byId = SubjectOrder.Instance.Compare(a.Id, b.Id);
                return byId != 0 ? byId : a.RecordedAt.CompareTo(b.RecordedAt);
            });
            return records.MoveToImmutable();
        }

        public SubjectSnapshot Snapshot() => new(Subject, PeriodsRead(), Records());

        /// <summary>The subject's enrolment with its records, as <see cref="IEnrolledRecordSource.ReadEnrolledAsync"/> answers.</summary>
        public EnrolledRecords Enrolled() => new(PeriodsRead(), Records());

        /// <summary>The enrolment of the periods gathered; <see cref="Enrolment.None"/> for none.</summary>
        private Enrolment PeriodsRead() => _periods.Count == 0 ? Enrolment.None : Enrolment.Of(_periods);
    }
}
