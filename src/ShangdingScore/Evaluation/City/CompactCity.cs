using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// A whole population (a city's theme database) in memory in a compact, columnar form, for rescoring
/// everyone again and again: for another <c>asOf</c>, a what-if day, or another pinned rule-set version
/// given at build time. Built with <see cref="CompactCityBuilder"/>.
/// </summary>
/// <remarks>
/// <para>
/// Per record it keeps 4 bytes per rule set (a record kind and an occurrence day), per subject an offset
/// and a flag byte per rule set, its id once (UTF-8) and its enrolment as an index into the distinct enrolment
/// histories. Everything that does not depend on <c>asOf</c> was done at build time with the evaluator's own
/// code (copies merged, events applied, items resolved, points capped per record: see <see cref="PreparedRecords"/>);
/// no raw record is kept, except for the subjects that did not fit (<see cref="FallbackSubjectCount"/>), which
/// keep their delivered records and are scored on the decimal path.
/// </para>
/// <para>
/// Scores are those of <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest)"/> with everything known
/// (<c>knownAt</c> null): status, score (value and decimal scale), grade and clean flag. Immutable and thread-safe.
/// </para>
/// </remarks>
public sealed partial class CompactCity
{
    /// <summary>The day number (days since 1970-01-01) of <see cref="Origin"/>.</summary>
    internal const int OriginDay = -25567;

    private readonly CitySegment[] _segments;
    private readonly int[] _segmentStart;

    internal CompactCity(ImmutableArray<RuleSet> ruleSets, CitySegment[] segments)
    {
        RuleSets = ruleSets;
        _segments = segments;
        _segmentStart = new int[segments.Length + 1];
        long total = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            _segmentStart[i] = (int)total;
            total += segments[i].Count;
            if (total > int.MaxValue) throw new InvalidOperationException("A compact city holds at most 2 147 483 647 subjects.");
        }

        _segmentStart[segments.Length] = (int)total;
        SubjectCount = (int)total;
        DeliveredRecordCount = segments.Sum(s => s.DeliveredRecords);
        FallbackSubjectCount = segments.Sum(s => s.FallbackRecords.Count);
        CompactRecordCounts = Enumerable.Range(0, ruleSets.Length).Select(l => segments.Sum(s => (long)s.Layers[l].Kinds.Length)).ToImmutableArray();
        MemoryBytes = segments.Sum(s => s.Bytes);
    }

    /// <summary>The first day a record may occur on to be kept compactly (1900-01-01); the last is 65 535 days later (2079-06-06).</summary>
    public static LocalDate Origin { get; } = new(1900, 1, 1);

    /// <summary>The rule sets the city can be scored on, in the order given to the builder.</summary>
    public ImmutableArray<RuleSet> RuleSets { get; }

    /// <summary>Subjects; they are numbered 0 to <c>SubjectCount − 1</c> in the order the parts and subjects were added.</summary>
    public int SubjectCount { get; }

    /// <summary>Delivered records read at build time (copies included).</summary>
    public long DeliveredRecordCount { get; }

    /// <summary>Per rule set (in <see cref="RuleSets"/> order): records kept compactly, those that may count on some day (merged copies, known items, not revoked, disputed or corrected).</summary>
    public ImmutableArray<long> CompactRecordCounts { get; }

    /// <summary>Subjects whose records did not fit the compact form for some rule set: they keep their delivered records and are scored on the decimal path.</summary>
    public int FallbackSubjectCount { get; }

    /// <summary>Bytes held by the compact columns (ids, offsets, enrolment indices, records, flags, repair days); the fallback subjects' records not included.</summary>
    public long MemoryBytes { get; }

    /// <summary>The id of subject number <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a subject number.</exception>
    public SubjectId SubjectAt(int index)
    {
        var (segment, local) = Locate(index);
        return segment.SubjectAt(local);
    }

    /// <summary>The enrolment history of subject number <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a subject number.</exception>
    public Enrolment EnrolmentAt(int index)
    {
        var (segment, local) = Locate(index);
        return segment.Enrolments[segment.EnrolmentIndex[local]];
    }

    /// <summary>
    /// Scores subject number <paramref name="index"/>: the same result as <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest)"/>
    /// on its delivered records, its enrolment, <c>plan.AsOf</c> and everything known.
    /// </summary>
    /// <param name="plan">A plan of one of <see cref="RuleSets"/> (the same instance), for a day in the ISO calendar.</param>
    /// <param name="index">The subject number.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The plan's rule set is not one of the city's, or its day is not in the ISO calendar.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a subject number.</exception>
    public ScoreSummary Score(ScoringPlan plan, int index)
    {
        int layer = LayerOf(plan);
        var (segment, local) = Locate(index);
        var scorer = new CityScorer(this, plan, layer);
        scorer.Start(segment, local);
        var summary = scorer.Score(local);
        scorer.Release();
        return summary;
    }

    private (CitySegment Segment, int Local) Locate(int index)
    {
        if (index < 0 || index >= SubjectCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Subjects are numbered 0 to {SubjectCount - 1}.");
        int s = Array.BinarySearch(_segmentStart, 0, _segments.Length, index);
        if (s < 0) s = ~s - 1;
        while (_segmentStart[s + 1] == index) s++; // empty parts
        return (_segments[s], index - _segmentStart[s]);
    }

    private int LayerOf(ScoringPlan plan)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (!plan.HasDayNumbers) throw new ArgumentException($"The plan's day {plan.AsOf} is not in the ISO calendar; a compact city compares ISO day numbers.", nameof(plan));
        for (int i = 0; i < RuleSets.Length; i++)
        {
            if (ReferenceEquals(RuleSets[i], plan.RuleSet)) return i;
        }

        throw new ArgumentException($"The plan is for {plan.RuleSet}, which this city was not built for.", nameof(plan));
    }
}
