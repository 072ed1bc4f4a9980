using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// A whole-city rescoring folded (<see cref="CompactCity.Tally"/>): how many subjects were scored, had no score,
/// were not clean, and the grades and scores of those scored.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class CityTally
{
    private CityTally(RuleSet ruleSet, LocalDate asOf, long scored, long notEnrolled, long notClean, long fallback, ImmutableArray<long> grades, decimal histogramStart, ImmutableArray<long> histogram, decimal sum)
    {
        RuleSet = ruleSet;
        AsOf = asOf;
        Scored = scored;
        NotEnrolled = notEnrolled;
        NotClean = notClean;
        FallbackScored = fallback;
        GradeCounts = grades;
        HistogramStart = histogramStart;
        Histogram = histogram;
        ScoreSum = sum;
    }

    /// <summary>The rule set scored on.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>The day scored for.</summary>
    public LocalDate AsOf { get; }

    /// <summary>Subjects scored (enrolled on <see cref="AsOf"/>).</summary>
    public long Scored { get; }

    /// <summary>Subjects not enrolled on <see cref="AsOf"/> (no score).</summary>
    public long NotEnrolled { get; }

    /// <summary>Scored subjects with a record set aside for a data problem (unknown item, other subject, conflicting copies).</summary>
    public long NotClean { get; }

    /// <summary>Scored subjects scored on the decimal path from their delivered records (they did not fit the compact form).</summary>
    public long FallbackScored { get; }

    /// <summary>Scored subjects per final grade, in the order of <see cref="Rules.RuleSet.Grades"/> (lowest rank first).</summary>
    public ImmutableArray<long> GradeCounts { get; }

    /// <summary>The score the first bucket of <see cref="Histogram"/> starts at: the scale's minimum rounded down to a whole point.</summary>
    public decimal HistogramStart { get; }

    /// <summary>Scored subjects per whole point: bucket i holds the scores s with <c>HistogramStart + i ≤ s &lt; HistogramStart + i + 1</c>; empty when the scale spans more than 100 000 points.</summary>
    public ImmutableArray<long> Histogram { get; }

    /// <summary>The sum of the published scores (a checksum for comparing rescorings).</summary>
    public decimal ScoreSum { get; }

    /// <summary>One worker's running tally.</summary>
    internal sealed class Accumulator
    {
        private const int MaxBuckets = 100_000;

        private readonly RuleSet _ruleSet;
        private readonly long[] _grades;
        private readonly long[] _histogram;
        private readonly decimal _start;
        private long _scored;
        private long _notEnrolled;
        private long _notClean;
        private long _fallback;
        private decimal _sum;

        // Scores of the compact path are summed as whole units of 10^-precision (exact, no decimal addition per
        // subject), moved into _sum every UnitsPerFlush scores (each is below 10^16, so the long cannot overflow);
        // the sum is given at the largest scale of the scores added, as adding them as decimals gives.
        private const int UnitsPerFlush = 512;
        private long _units;
        private int _unitsAdded;
        private int _sumScale;

        public Accumulator(RuleSet ruleSet)
        {
            _ruleSet = ruleSet;
            _grades = new long[ruleSet.Grades.Length];
            _start = decimal.Floor(ruleSet.Scale.Min);
            decimal span = decimal.Floor(ruleSet.Scale.Max) - _start + 1;
            _histogram = span <= MaxBuckets ? new long[(int)span] : Array.Empty<long>();
        }

        public void Add(in ScoreSummary summary, bool fallback)
        {
            if (summary.Status != EvaluationStatus.Scored)
            {
                _notEnrolled++;
                return;
            }

            _scored++;
            if (!summary.IsClean) _notClean++;
            if (fallback) _fallback++;
            _grades[summary.Grade!.Rank]++;
            decimal score = summary.Score!.Value;
            _sum += score;
            _sumScale = Math.Max(_sumScale, FixedPointRules.ScaleOf(score));
            if (_histogram.Length > 0) _histogram[(int)(decimal.Floor(score) - _start)]++;
        }

        /// <summary>Adds a scored subject of the compact path.</summary>
        public void Add(in PublishedScore published, int gradeRank, bool clean)
        {
            _scored++;
            if (!clean) _notClean++;
            _grades[gradeRank]++;
            _units += published.Units;
            if (published.PublishedScale > _sumScale) _sumScale = published.PublishedScale;
            if (++_unitsAdded == UnitsPerFlush) FlushUnits();

            if (_histogram.Length > 0) _histogram[published.Bucket]++;
        }

        public void Merge(Accumulator other)
        {
            _scored += other._scored;
            _notEnrolled += other._notEnrolled;
            _notClean += other._notClean;
            _fallback += other._fallback;
            FlushUnits();
            other.FlushUnits();
            _sum += other._sum;
            _sumScale = Math.Max(_sumScale, other._sumScale);
            for (int i = 0; i < _grades.Length; i++) _grades[i] += other._grades[i];
            for (int i = 0; i < _histogram.Length; i++) _histogram[i] += other._histogram[i];
        }

        public CityTally ToTally(ScoringPlan plan)
        {
            FlushUnits();
            // Every score added has at most _sumScale decimals, so this rounding is exact: it only sets the scale.
            decimal sum = decimal.Round(_sum, _sumScale, MidpointRounding.AwayFromZero);
            return new(_ruleSet, plan.AsOf, _scored, _notEnrolled, _notClean, _fallback, _grades.ToImmutableArray(), _start, _histogram.ToImmutableArray(), sum);
        }

        private void FlushUnits()
        {
            if (_unitsAdded == 0) return;
            bool negative = _units < 0;
            ulong magnitude = negative ? (ulong)(-_units) : (ulong)_units;
            _sum += new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, (byte)_ruleSet.Precision);
            _units = 0;
            _unitsAdded = 0;
        }
    }
}
