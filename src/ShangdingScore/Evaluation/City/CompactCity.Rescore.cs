using System.Collections.Immutable;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public sealed partial class CompactCity
{
    /// <summary>Subjects per unit of parallel work.</summary>
    private const int ChunkSize = 8192;

    /// <summary>
    /// Scores every subject for <paramref name="plan"/> into <paramref name="results"/> (subject number → result), each
    /// result that of <see cref="Score(ScoringPlan, int)"/>; nothing is allocated per subject except for the fallback subjects.
    /// </summary>
    /// <param name="plan">A plan of one of <see cref="RuleSets"/>, for a day in the ISO calendar.</param>
    /// <param name="results">At least <see cref="SubjectCount"/> slots.</param>
    /// <param name="maxDegreeOfParallelism">How many threads score at once (at least 1).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The plan is not for one of the city's rule sets or not in the ISO calendar, or <paramref name="results"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    public void ScoreAll(ScoringPlan plan, ScoreSummary[] results, int maxDegreeOfParallelism)
    {
        if (results is null) throw new ArgumentNullException(nameof(results));
        if (results.Length < SubjectCount) throw new ArgumentException($"{SubjectCount} slots are needed, not {results.Length}.", nameof(results));
        Run(plan, maxDegreeOfParallelism, () => 0, (scorer, segment, first, count, _) =>
        {
            int global = _segmentStart[Array.IndexOf(_segments, segment)] + first;
            for (int i = 0; i < count; i++) results[global + i] = scorer.Score(first + i);
            return 0;
        }, _ => { });
    }

    /// <summary>
    /// Scores every subject for <paramref name="plan"/> and folds the results (grades, a histogram, clean flags)
    /// without keeping them: the whole-city rescoring, with nothing allocated per subject except for the fallback subjects.
    /// </summary>
    /// <param name="plan">A plan of one of <see cref="RuleSets"/>, for a day in the ISO calendar.</param>
    /// <param name="maxDegreeOfParallelism">How many threads score at once (at least 1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The plan is not for one of the city's rule sets or not in the ISO calendar.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    public CityTally Tally(ScoringPlan plan, int maxDegreeOfParallelism)
    {
        var rs = plan?.RuleSet ?? throw new ArgumentNullException(nameof(plan));
        var total = new CityTally.Accumulator(rs);
        Run(plan, maxDegreeOfParallelism, () => new CityTally.Accumulator(rs), (scorer, _, first, count, tally) =>
        {
            for (int i = 0; i < count; i++) scorer.AddTo(tally, first + i);
            return tally;
        }, tally =>
        {
            lock (total) total.Merge(tally);
        });
        return total.ToTally(plan);
    }

    private void Run<TLocal>(ScoringPlan plan, int maxDegreeOfParallelism, Func<TLocal> init, Func<CityScorer, CitySegment, int, int, TLocal, TLocal> body, Action<TLocal> merge)
    {
        int layer = LayerOf(plan);
        if (maxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "At least 1.");
        var shared = new CityPlan(this, plan, layer);
        var chunks = new List<(int Segment, int First, int Count)>();
        for (int s = 0; s < _segments.Length; s++)
        {
            for (int first = 0; first < _segments[s].Count; first += ChunkSize) chunks.Add((s, first, Math.Min(ChunkSize, _segments[s].Count - first)));
        }

        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => (Scorer: new CityScorer(shared), Local: init()),
            (i, _, state) =>
            {
                var (s, first, count) = chunks[i];
                var segment = _segments[s];
                state.Scorer.Start(segment, first, shared.Enrolled[s]);
                return (state.Scorer, body(state.Scorer, segment, first, count, state.Local));
            },
            state =>
            {
                state.Scorer.Release();
                merge(state.Local);
            });
    }

    /// <summary>What one rescoring shares between its workers: the plan's days relative to <see cref="Origin"/> and who is enrolled.</summary>
    private sealed class CityPlan
    {
        public CityPlan(CompactCity city, ScoringPlan plan, int layer, bool enrolments = true)
        {
            City = city;
            Plan = plan;
            Layer = layer;
            AsOfRel = plan.AsOfDay - OriginDay;
            KindFirstCounting = new int[city._segments.Length][];
            Enrolled = new bool[city._segments.Length][];
            if (!enrolments) return;
            for (int s = 0; s < city._segments.Length; s++)
            {
                KindFirstCounting[s] = city._segments[s].Layers[layer].FirstCounting(plan);
                Enrolled[s] = city._segments[s].Enrolments.Select(e => e.IsEnrolledOn(plan.AsOf)).ToArray();
            }
        }

        public CompactCity City { get; }

        public ScoringPlan Plan { get; }

        public int Layer { get; }

        public int AsOfRel { get; }

        /// <summary>Per segment, per record kind of its layer: the first occurrence day that still counts (days after <see cref="Origin"/>); filled for every segment, or on demand.</summary>
        public int[]?[] KindFirstCounting { get; }

        /// <summary>Per segment, per distinct enrolment: enrolled on the plan's day.</summary>
        public bool[][] Enrolled { get; }
    }

    /// <summary>One worker of a rescoring: scores consecutive subjects of one segment after <see cref="Start"/>.</summary>
    private sealed class CityScorer
    {
        private readonly CityPlan _shared;
        private readonly CityCounters _counters;
        private CitySegment _segment = null!;
        private CityLayer _layer = null!;
        private bool[]? _enrolled;
        private int[] _kindFirst = null!;
        private int _repairCursor;

        public CityScorer(CompactCity city, ScoringPlan plan, int layer)
            : this(new CityPlan(city, plan, layer, enrolments: false))
        {
        }

        public CityScorer(CityPlan shared)
        {
            _shared = shared;
            _counters = CityCounters.Rent(shared.Plan.RuleSet);
        }

        /// <summary>Gives the counters back to the thread (the scorer is not used afterwards).</summary>
        public void Release() => CityCounters.Return(_counters);

        /// <summary>Positions the worker at subject <paramref name="first"/> of <paramref name="segment"/>; subjects are then scored in increasing order.</summary>
        public void Start(CitySegment segment, int first, bool[]? enrolled = null)
        {
            _segment = segment;
            _layer = segment.Layers[_shared.Layer];
            _enrolled = enrolled;
            int s = Array.IndexOf(_shared.City._segments, segment);
            _kindFirst = _shared.KindFirstCounting[s] ??= _layer.FirstCounting(_shared.Plan);
            int at = Array.BinarySearch(_layer.RepairAt, _layer.Offsets[first]);
            _repairCursor = at >= 0 ? at : ~at;
        }

        public bool IsFallback(int local) => (_layer.Flags[local] & CityLayer.Fallback) != 0;

        public ScoreSummary Score(int local)
        {
            var plan = _shared.Plan;
            int e = _segment.EnrolmentIndex[local];
            bool enrolled = _enrolled is { } table ? table[e] : _segment.Enrolments[e].IsEnrolledOn(plan.AsOf);

            // Enrolment (spec §3): not enrolled → no score, records not looked at.
            if (!enrolled) return new ScoreSummary(EvaluationStatus.NotEnrolled, null, null, true);
            if (IsFallback(local))
            {
                var request = new EvaluationRequest
                {
                    Subject = _segment.SubjectAt(local),
                    Enrolment = _segment.Enrolments[e],
                    Records = _segment.FallbackRecords[local],
                    AsOf = plan.AsOf,
                };
                return CreditEvaluator.Score(plan, request);
            }

            ref readonly var published = ref CreditEvaluator.ScoreCompact(plan, _layer, local, _kindFirst, _shared.AsOfRel, ref _repairCursor, _counters, out int rank);
            return new ScoreSummary(EvaluationStatus.Scored, published.Published, plan.RuleSet.Grades[rank], (_layer.Flags[local] & CityLayer.Clean) != 0);
        }

        /// <summary>Adds subject <paramref name="local"/>'s score to <paramref name="tally"/> without building a <see cref="ScoreSummary"/>.</summary>
        public void AddTo(CityTally.Accumulator tally, int local)
        {
            int e = _segment.EnrolmentIndex[local];
            if (_enrolled![e] && !IsFallback(local))
            {
                ref readonly var published = ref CreditEvaluator.ScoreCompact(_shared.Plan, _layer, local, _kindFirst, _shared.AsOfRel, ref _repairCursor, _counters, out int rank);
                tally.Add(published, rank, (_layer.Flags[local] & CityLayer.Clean) != 0);
                return;
            }

            tally.Add(Score(local), IsFallback(local));
        }
    }
}
