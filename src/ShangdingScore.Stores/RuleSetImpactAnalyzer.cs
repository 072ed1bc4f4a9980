using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Stores;

/// <summary>What <see cref="RuleSetImpactAnalyzer.AnalyzeAsync"/> compares, and how.</summary>
/// <remarks>Immutable after construction (init-only).</remarks>
public sealed class RuleSetImpactOptions
{
    private readonly int _samplesPerCell = 3;
    private readonly int _maxDegreeOfParallelism = Environment.ProcessorCount;

    /// <summary>The data view's instant (what was known then); null for everything.</summary>
    /// <value>The default is null.</value>
    public Instant? KnownAt { get; init; }

    /// <summary>The benefits whose gains and losses are counted (from a benefit catalog's minimum grades).</summary>
    /// <value>The default is none.</value>
    public ImmutableArray<ImpactBenefit> Benefits { get; init; } = ImmutableArray<ImpactBenefit>.Empty;

    /// <summary>Subjects kept per cell with both explanations (the lowest subject ids, so the choice is deterministic).</summary>
    /// <value>The default is 3.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int SamplesPerCell
    {
        get => _samplesPerCell;
        init => _samplesPerCell = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 0.");
    }

    /// <summary>How many threads score at once.</summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Told the number of subjects read after each chunk; called from several threads.</summary>
    /// <value>The default is null.</value>
    public IProgress<long>? Progress { get; init; }
}

/// <summary>
/// Compares two rule-set versions on a population (a store's subjects, or any stream of snapshots):
/// every subject is scored under both (<see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest)"/>);
/// a subject whose score changes is also evaluated in full under both to find the items that moved it.
/// Streaming with bounded memory: chunks of subjects go to <see cref="RuleSetImpactOptions.MaxDegreeOfParallelism"/>
/// workers, each with its own tallies, merged at the end; the result does not depend on the order or the threads.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RuleSetImpactAnalyzer
{
    private const int Gained = 0, Lost = 1, Kept = 2;

    /// <summary>Analyses the impact of moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="subjects">The population (for a store: <see cref="ICreditStore.ReadAllSubjectsAsync"/> with the same <c>KnownAt</c>).</param>
    /// <param name="from">The old version's plan.</param>
    /// <param name="to">The new version's plan, for the same day.</param>
    /// <param name="options">What to count; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The plans are for different days, or a benefit names a grade one of the versions does not have.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RuleSetImpactReport> AnalyzeAsync(IAsyncEnumerable<SubjectSnapshot> subjects, ScoringPlan from, ScoringPlan to, RuleSetImpactOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        if (from is null) throw new ArgumentNullException(nameof(from));
        if (to is null) throw new ArgumentNullException(nameof(to));
        if (from.AsOf != to.AsOf) throw new ArgumentException($"The plans are for {from.AsOf:uuuu-MM-dd} and {to.AsOf:uuuu-MM-dd}; compare on one day.", nameof(to));
        options ??= new RuleSetImpactOptions();
        var shape = new Shape(from, to, options);

        var tallies = await SubjectFold.RunAsync(subjects, options.MaxDegreeOfParallelism, () => new Tally(shape), (t, s) => t.Add(s), options.Progress, cancellationToken).ConfigureAwait(false);
        var total = new Tally(shape);
        foreach (var t in tallies) total.Merge(t);
        return total.ToReport();
    }

    /// <summary>The grades and benefits of one comparison, indexed once.</summary>
    private sealed class Shape
    {
        public Shape(ScoringPlan from, ScoringPlan to, RuleSetImpactOptions options)
        {
            From = from;
            To = to;
            Options = options;
            FromGrades = from.RuleSet.Grades.OrderByDescending(g => g.Rank).ToImmutableArray();
            ToGrades = to.RuleSet.Grades.OrderByDescending(g => g.Rank).ToImmutableArray();
            Thresholds = options.Benefits.Select(b => (Find(FromGrades, b, from), Find(ToGrades, b, to))).ToArray();
        }

        public ScoringPlan From { get; }

        public ScoringPlan To { get; }

        public RuleSetImpactOptions Options { get; }

        public ImmutableArray<CreditGrade> FromGrades { get; }

        public ImmutableArray<CreditGrade> ToGrades { get; }

        public (CreditGrade From, CreditGrade To)[] Thresholds { get; }

        private static CreditGrade Find(ImmutableArray<CreditGrade> grades, ImpactBenefit b, ScoringPlan plan) =>
            grades.FirstOrDefault(g => g.Code == b.MinimumGrade)
            ?? throw new ArgumentException($"Benefit {b.Code} needs grade '{b.MinimumGrade}', which {plan.RuleSet.Id} {plan.RuleSet.Version} does not have.", nameof(RuleSetImpactOptions.Benefits));
    }

    /// <summary>One worker's counts; merged into one at the end.</summary>
    private sealed class Tally
    {
        private readonly Shape _shape;
        private readonly long[,] _cells;
        private readonly List<(SubjectId Subject, SubjectSnapshot Snapshot)>[,] _samples;
        private readonly long[,] _benefits;
        private readonly Dictionary<string, (long Up, long Down, decimal Delta)> _items = new(StringComparer.Ordinal);
        private long _subjects, _scored, _up, _down;

        public Tally(Shape shape)
        {
            _shape = shape;
            _cells = new long[shape.FromGrades.Length, shape.ToGrades.Length];
            _samples = new List<(SubjectId, SubjectSnapshot)>[shape.FromGrades.Length, shape.ToGrades.Length];
            _benefits = new long[shape.Thresholds.Length, 3];
        }

        public void Add(SubjectSnapshot s)
        {
            _subjects++;
            var request = new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = _shape.From.AsOf, KnownAt = _shape.Options.KnownAt };
            var before = CreditEvaluator.Score(_shape.From, request);
            if (before.Status != EvaluationStatus.Scored) return;
            var after = CreditEvaluator.Score(_shape.To, request);
            _scored++;
            int r = _shape.FromGrades.IndexOf(before.Grade!), c = _shape.ToGrades.IndexOf(after.Grade!);
            _cells[r, c]++;
            KeepSample(r, c, s);
            for (int b = 0; b < _shape.Thresholds.Length; b++)
            {
                bool had = before.Grade!.IsAtLeast(_shape.Thresholds[b].From), has = after.Grade!.IsAtLeast(_shape.Thresholds[b].To);
                if (had || has) _benefits[b, had && has ? Kept : has ? Gained : Lost]++;
            }

            if (before.Score == after.Score) return;
            if (after.Score > before.Score) _up++;
            else _down++;
            CountItems(request);
        }

        private void KeepSample(int r, int c, SubjectSnapshot s)
        {
            int k = _shape.Options.SamplesPerCell;
            if (k == 0) return;
            var list = _samples[r, c] ??= new List<(SubjectId, SubjectSnapshot)>(k + 1);
            if (list.Count == k && list[k - 1].Subject.CompareTo(s.Subject) <= 0) return;
            int at = list.FindIndex(x => x.Subject.CompareTo(s.Subject) > 0);
            list.Insert(at < 0 ? list.Count : at, (s.Subject, s));
            if (list.Count > k) list.RemoveAt(k);
        }

        private void CountItems(EvaluationRequest request)
        {
            var before = PointsByItem(CreditEvaluator.Evaluate(_shape.From, request));
            var after = PointsByItem(CreditEvaluator.Evaluate(_shape.To, request));
            foreach (var code in before.Keys.Union(after.Keys, StringComparer.Ordinal))
            {
                decimal delta = (after.TryGetValue(code, out var a) ? a : 0m) - (before.TryGetValue(code, out var b) ? b : 0m);
                if (delta == 0m) continue;
                _items.TryGetValue(code, out var t);
                _items[code] = (t.Up + (delta > 0 ? 1 : 0), t.Down + (delta < 0 ? 1 : 0), t.Delta + delta);
            }
        }

        private static Dictionary<string, decimal> PointsByItem(CreditEvaluation e)
        {
            var points = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var line in e.Records)
            {
                if (!line.Counted) continue;
                points[line.ItemCode] = (points.TryGetValue(line.ItemCode, out var p) ? p : 0m) + line.AppliedPoints;
            }

            return points;
        }

        public void Merge(Tally other)
        {
            _subjects += other._subjects;
            _scored += other._scored;
            _up += other._up;
            _down += other._down;
            for (int r = 0; r < _cells.GetLength(0); r++)
            {
                for (int c = 0; c < _cells.GetLength(1); c++)
                {
                    _cells[r, c] += other._cells[r, c];
                    foreach (var s in other._samples[r, c] ?? new List<(SubjectId, SubjectSnapshot)>()) KeepSample(r, c, s.Snapshot);
                }
            }

            for (int b = 0; b < _benefits.GetLength(0); b++)
            {
                for (int k = 0; k < 3; k++) _benefits[b, k] += other._benefits[b, k];
            }

            foreach (var kv in other._items)
            {
                _items.TryGetValue(kv.Key, out var t);
                _items[kv.Key] = (t.Up + kv.Value.Up, t.Down + kv.Value.Down, t.Delta + kv.Value.Delta);
            }
        }

        public RuleSetImpactReport ToReport()
        {
            var cells = ImmutableArray.CreateBuilder<ImpactCell>(_cells.Length);
            for (int r = 0; r < _cells.GetLength(0); r++)
            {
                for (int c = 0; c < _cells.GetLength(1); c++)
                {
                    var samples = (_samples[r, c] ?? new List<(SubjectId, SubjectSnapshot)>()).Select(x => Sample(x.Snapshot)).ToImmutableArray();
                    cells.Add(new ImpactCell(_shape.FromGrades[r].Code, _shape.ToGrades[c].Code, _cells[r, c], _scored == 0 ? 0 : (double)_cells[r, c] / _scored, samples));
                }
            }

            var benefits = _shape.Options.Benefits.Select((b, i) => new BenefitShift(b, _benefits[i, Gained], _benefits[i, Lost], _benefits[i, Kept])).ToImmutableArray();
            var items = _items
                .OrderByDescending(kv => kv.Value.Up + kv.Value.Down).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new ItemShift(kv.Key, Name(kv.Key), kv.Value.Up, kv.Value.Down, kv.Value.Delta))
                .ToImmutableArray();
            return new RuleSetImpactReport(
                Reference(_shape.From), Reference(_shape.To), _shape.From.AsOf, _shape.Options.KnownAt, _shape.FromGrades, _shape.ToGrades,
                _subjects, _scored, _up, _down, cells.MoveToImmutable(), benefits, items, suppressedBelow: null);
        }

        private ImpactSample Sample(SubjectSnapshot s)
        {
            var request = new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = _shape.From.AsOf, KnownAt = _shape.Options.KnownAt };
            return new ImpactSample(CreditEvaluator.Evaluate(_shape.From, request), CreditEvaluator.Evaluate(_shape.To, request));
        }

        private LocalizedText? Name(string code) =>
            (_shape.To.RuleSet.Items.FirstOrDefault(i => i.Code == code) ?? _shape.From.RuleSet.Items.FirstOrDefault(i => i.Code == code))?.Name;

        private static RuleSetReference Reference(ScoringPlan plan) =>
            new(plan.RuleSet.Id, plan.RuleSet.Version.ToString(), plan.RuleSet.ContentHash, plan.InForce);
    }
}
