using System.Collections.Immutable;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// Builds a <see cref="CompactCity"/> one subject at a time, streaming: each subject's delivered records are
/// prepared against every rule set with the evaluator's own load-time code (as <see cref="PreparedRecords"/>),
/// packed into columns and let go. Use one builder per thread (for a store: one per part of a subject scan)
/// and put the parts together with <see cref="Build(IEnumerable{CompactCityBuilder})"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: one builder is fed by one thread at a time. Nothing is dropped: a subject whose records do
/// not fit the compact form for some rule set (a number beyond the fixed-point form, an occurrence outside
/// <see cref="CompactCity.Origin"/> + 65 535 days, more than 65 536 distinct record kinds in the part) keeps
/// its delivered records and is scored on the decimal path; <see cref="CompactCity.FallbackSubjectCount"/> counts them.
/// </remarks>
public sealed class CompactCityBuilder
{
    private const int MaxKinds = ushort.MaxValue + 1;

    private readonly RuleSet[] _ruleSets;
    private readonly LayerBuilder[] _layers;
    private readonly Column<byte> _idBytes;
    private readonly Column<int> _idOffsets;
    private readonly Column<int> _enrolmentIndex;
    private readonly Dictionary<ImmutableArray<EnrolmentPeriod>, int> _enrolmentIds = new(PeriodsComparer.Instance);
    private readonly List<Enrolment> _enrolments = new();
    private readonly Dictionary<int, ImmutableArray<CreditRecord>> _fallback = new();
    private readonly byte[] _idBuffer = new byte[4 * 128];
    private long _delivered;
    private bool _built;

    /// <summary>Creates a builder for subjects scored on <paramref name="ruleSets"/>.</summary>
    /// <param name="ruleSets">The rule sets the city will be rescored on (for example the version in force and a pinned what-if version), at least one.</param>
    /// <param name="expectedSubjects">How many subjects this builder will likely get (sizes the columns once; 0 when unknown).</param>
    /// <param name="expectedRecords">How many delivered records those subjects will likely have (0 when unknown).</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSets"/> is null or holds null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ruleSets"/> is empty or holds one rule set twice.</exception>
    public CompactCityBuilder(IEnumerable<RuleSet> ruleSets, int expectedSubjects = 0, long expectedRecords = 0)
    {
        if (ruleSets is null) throw new ArgumentNullException(nameof(ruleSets));
        _ruleSets = ruleSets.ToArray();
        if (_ruleSets.Length == 0) throw new ArgumentException("A city is scored on at least one rule set.", nameof(ruleSets));
        if (_ruleSets.Any(r => r is null)) throw new ArgumentNullException(nameof(ruleSets), "A rule set is null.");
        if (_ruleSets.Distinct().Count() != _ruleSets.Length) throw new ArgumentException("A rule set is given twice.", nameof(ruleSets));
        expectedSubjects = Math.Max(0, expectedSubjects);
        expectedRecords = Math.Max(0L, expectedRecords);
        _idBytes = new Column<byte>(expectedSubjects * 12L);
        _idOffsets = new Column<int>(expectedSubjects + 1L);
        _idOffsets.Add(0);
        _enrolmentIndex = new Column<int>(expectedSubjects);
        _layers = _ruleSets.Select(r => new LayerBuilder(r, expectedSubjects, expectedRecords)).ToArray();
    }

    /// <summary>The rule sets, in the order given.</summary>
    public ImmutableArray<RuleSet> RuleSets => _ruleSets.ToImmutableArray();

    /// <summary>Subjects added so far.</summary>
    public int SubjectCount => _enrolmentIndex.Count;

    /// <summary>Adds one subject: prepares its records against every rule set and keeps the compact form.</summary>
    /// <param name="subject">The subject; records about another subject are set aside as on the decimal path.</param>
    /// <param name="enrolment">The subject's enrolment history.</param>
    /// <param name="records">The subject's delivered records, copies included, in any order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="enrolment"/> is null or <paramref name="records"/> is a default array.</exception>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The builder was built already, or a column is full (use more parts).</exception>
    public void Add(SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records)
    {
        if (enrolment is null) throw new ArgumentNullException(nameof(enrolment));
        if (records.IsDefault) throw new ArgumentNullException(nameof(records));
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        if (_built) throw new InvalidOperationException("This builder was built already.");
        int position = _enrolmentIndex.Count;
        bool fits = true;
        foreach (var layer in _layers) fits &= layer.Add(subject, records);
        if (!fits) _fallback.Add(position, records);
        _delivered += records.Length;

        int length = Encoding.UTF8.GetBytes(subject.Value, 0, subject.Value.Length, _idBuffer, 0);
        for (int i = 0; i < length; i++) _idBytes.Add(_idBuffer[i]);
        _idOffsets.Add(_idBytes.Count);

        if (!_enrolmentIds.TryGetValue(enrolment.Periods, out int e))
        {
            e = _enrolments.Count;
            _enrolmentIds.Add(enrolment.Periods, e);
            _enrolments.Add(enrolment);
        }

        _enrolmentIndex.Add(e);
    }

    /// <summary>The city of the subjects added (this builder is then done).</summary>
    /// <exception cref="InvalidOperationException">The builder was built already.</exception>
    public CompactCity Build() => Build(new[] { this });

    /// <summary>
    /// The city of several parts, subjects in the order of the parts (each part's subjects in the order added);
    /// the parts' arrays are kept as they are, not copied. The builders are then done.
    /// </summary>
    /// <param name="parts">Builders on the same rule sets (the same instances, in the same order).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> is null or holds null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty, holds a builder twice, or the builders' rule sets differ.</exception>
    /// <exception cref="InvalidOperationException">A builder was built already.</exception>
    public static CompactCity Build(IEnumerable<CompactCityBuilder> parts)
    {
        if (parts is null) throw new ArgumentNullException(nameof(parts));
        var list = parts.ToArray();
        if (list.Length == 0) throw new ArgumentException("A city has at least one part.", nameof(parts));
        if (list.Any(p => p is null)) throw new ArgumentNullException(nameof(parts), "A part is null.");
        if (list.Distinct().Count() != list.Length) throw new ArgumentException("A part is given twice.", nameof(parts));
        var ruleSets = list[0]._ruleSets;
        foreach (var p in list)
        {
            if (p._built) throw new InvalidOperationException("A part was built already.");
            if (p._ruleSets.Length != ruleSets.Length || !p._ruleSets.Zip(ruleSets, ReferenceEquals).All(same => same))
            {
                throw new ArgumentException("The parts were built for different rule sets.", nameof(parts));
            }
        }

        var segments = list.Select(p => p.Seal()).ToArray();
        return new CompactCity(ruleSets.ToImmutableArray(), segments);
    }

    private CitySegment Seal()
    {
        _built = true;
        return new CitySegment(_idBytes.ToArray(), _idOffsets.ToArray(), _enrolmentIndex.ToArray(), _enrolments.ToArray(),
            _layers.Select(l => l.Seal()).ToArray(), _fallback, _delivered);
    }

    /// <summary>One rule set's columns of one part.</summary>
    private sealed class LayerBuilder
    {
        private readonly RuleSet _ruleSet;
        private readonly Column<int> _offsets;
        private readonly Column<ushort> _kinds;
        private readonly Column<ushort> _days;
        private readonly Column<byte> _flags;
        private readonly Column<int> _repairAt = new(64);
        private readonly Column<int> _repairedFrom = new(64);
        private readonly Dictionary<CityKind, ushort> _kindIds = new();
        private readonly List<CityKind> _kindTable = new();

        public LayerBuilder(RuleSet ruleSet, int expectedSubjects, long expectedRecords)
        {
            _ruleSet = ruleSet;
            _offsets = new Column<int>(expectedSubjects + 1L);
            _offsets.Add(0);
            _kinds = new Column<ushort>(expectedRecords);
            _days = new Column<ushort>(expectedRecords);
            _flags = new Column<byte>(expectedSubjects);
        }

        /// <summary>Adds a subject's prepared records; false (and no records kept) when they do not fit.</summary>
        public bool Add(SubjectId subject, ImmutableArray<CreditRecord> records)
        {
            var prepared = CreditEvaluator.Prepare(_ruleSet, subject, records);
            int start = _kinds.Count, repairs = _repairAt.Count, kinds = _kindTable.Count;
            bool fits = prepared.Candidates is { } candidates && TryAppend(candidates);
            if (!fits)
            {
                _kinds.Truncate(start);
                _days.Truncate(start);
                _repairAt.Truncate(repairs);
                _repairedFrom.Truncate(repairs);
                for (int k = _kindTable.Count - 1; k >= kinds; k--)
                {
                    _kindIds.Remove(_kindTable[k]);
                    _kindTable.RemoveAt(k);
                }
            }

            _offsets.Add(_kinds.Count);
            _flags.Add((byte)((prepared.Clean ? CityLayer.Clean : 0) | (fits ? 0 : CityLayer.Fallback)));
            return fits;
        }

        public CityLayer Seal() =>
            new(_ruleSet, _offsets.ToArray(), _kinds.ToArray(), _days.ToArray(), _flags.ToArray(), _repairAt.ToArray(), _repairedFrom.ToArray(), _kindTable.ToArray());

        private bool TryAppend(PreparedRecord[] candidates)
        {
            foreach (var c in candidates)
            {
                long day = (long)c.OccurredDay - CompactCity.OriginDay;
                if (day is < 0 or > ushort.MaxValue) return false;
                bool repaired = c.RepairedFromDay != int.MaxValue;
                var kind = new CityKind(c.ItemIndex, c.Points, c.Scale, repaired);
                if (!_kindIds.TryGetValue(kind, out ushort id))
                {
                    if (_kindTable.Count == MaxKinds) return false;
                    id = (ushort)_kindTable.Count;
                    _kindIds.Add(kind, id);
                    _kindTable.Add(kind);
                }

                if (repaired)
                {
                    _repairAt.Add(_kinds.Count);
                    _repairedFrom.Add(c.RepairedFromDay);
                }

                _kinds.Add(id);
                _days.Add((ushort)day);
            }

            return true;
        }
    }

    /// <summary>Enrolment histories are the same when their periods are.</summary>
    private sealed class PeriodsComparer : IEqualityComparer<ImmutableArray<EnrolmentPeriod>>
    {
        public static readonly PeriodsComparer Instance = new();

        public bool Equals(ImmutableArray<EnrolmentPeriod> x, ImmutableArray<EnrolmentPeriod> y) => x.SequenceEqual(y);

        public int GetHashCode(ImmutableArray<EnrolmentPeriod> obj)
        {
            int h = obj.Length;
            foreach (var p in obj) h = HashCode.Combine(h, p);
            return h;
        }
    }
}
