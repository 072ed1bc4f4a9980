using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// One improvement hint: its <see cref="Kind"/>, its numbers (on the derived class), the rule-set fields it derives
/// from (<see cref="Sources"/>) and its text in zh-CN and English (<see cref="Text"/>, written by
/// <see cref="ImprovementHintRenderer"/> from the numbers).
/// </summary>
/// <remarks>Immutable and thread-safe. The derived classes are the closed set named by <see cref="ImprovementHintKind"/>.</remarks>
public abstract class ImprovementHint
{
    private LocalizedText? _text;

    private protected ImprovementHint(ImmutableArray<string> sources) => Sources = sources;

    /// <summary>Which kind of hint; the derived class says the same.</summary>
    public abstract ImprovementHintKind Kind { get; }

    /// <summary>
    /// The JSON paths of the rule-set fields the hint derives from, each present in the rule set's document
    /// (<see cref="RuleSetJson.Write"/>), for example <c>$.items[12].points</c>, <c>$.dimensions[2].positiveCap</c>,
    /// <c>$.grades[1].lower</c>, <c>$.requirements[0]</c>.
    /// </summary>
    public ImmutableArray<string> Sources { get; }

    /// <summary>The hint in zh-CN and English (<see cref="ImprovementHintRenderer.Describe"/>).</summary>
    public LocalizedText Text => _text ??= ImprovementHintRenderer.Describe(this);
}

/// <summary>
/// The points from the current score to the lowest publishable score of the next band up (spec §2: the grade is
/// the published score's band). <c>Score + PointsNeeded</c> is the first score of <see cref="NextBand"/>.
/// </summary>
/// <remarks>Immutable. Source: <c>$.grades[k].lower</c> of the next band (and the requirement that holds the grade, if any).</remarks>
public sealed class NextBandHint : ImprovementHint
{
    internal NextBandHint(ImmutableArray<string> sources, decimal score, CreditGrade band, CreditGrade nextBand, BandBound lower, decimal firstScore, AppliedRequirement? heldBy)
        : base(sources)
    {
        Score = score;
        Band = band;
        NextBand = nextBand;
        NextBandLower = lower;
        FirstScore = firstScore;
        PointsNeeded = firstScore - score;
        HeldBy = heldBy;
    }

    /// <inheritdoc />
    public override ImprovementHintKind Kind => ImprovementHintKind.NextBand;

    /// <summary>The current published score.</summary>
    public decimal Score { get; }

    /// <summary>The band grade of the current score.</summary>
    public CreditGrade Band { get; }

    /// <summary>The band one rank up.</summary>
    public CreditGrade NextBand { get; }

    /// <summary>The next band's lower bound as the rule set publishes it.</summary>
    public BandBound NextBandLower { get; }

    /// <summary>The lowest publishable score of the next band: the bound itself when inclusive and on the grid, else the next grid score above it.</summary>
    public decimal FirstScore { get; }

    /// <summary><c>FirstScore − Score</c>: the published points still needed.</summary>
    public decimal PointsNeeded { get; }

    /// <summary>A grade requirement in force whose cap is below <see cref="NextBand"/>: reaching the band would not lift the grade past that cap while it applies. Null when none.</summary>
    public AppliedRequirement? HeldBy { get; }
}

/// <summary>
/// A grade requirement (spec §3 step 7) that holds the grade below the score's band, the counting records that
/// trigger it, and the day all of them stop counting (by window or a repair already entered) with the grade that
/// day, re-evaluated with the records known now.
/// </summary>
/// <remarks>Immutable. Sources: <c>$.requirements[r].when</c>, <c>$.requirements[r].capGradeAt</c>, and the triggers' windows.</remarks>
public sealed class RequirementHint : ImprovementHint
{
    internal RequirementHint(ImmutableArray<string> sources, AppliedRequirement requirement, CreditGrade band, ImmutableArray<string> withoutEnd, LocalDate? liftsOn, ProjectedScore? onThatDay, bool stillApplies)
        : base(sources)
    {
        Requirement = requirement;
        Band = band;
        WithoutEnd = withoutEnd;
        LiftsOn = liftsOn;
        OnThatDay = onThatDay;
        StillAppliesOnThatDay = stillApplies;
    }

    /// <inheritdoc />
    public override ImprovementHintKind Kind => ImprovementHintKind.Requirement;

    /// <summary>The requirement as the evaluation applied it: code, name, condition, cap and triggering records.</summary>
    public AppliedRequirement Requirement { get; }

    /// <summary>The grade of the score's band, above the requirement's cap.</summary>
    public CreditGrade Band { get; }

    /// <summary>The triggering records that never stop counting by themselves (no window, no repair entered): only a repair or an upheld objection removes them.</summary>
    public ImmutableArray<string> WithoutEnd { get; }

    /// <summary>The day every triggering record has stopped counting; null when <see cref="WithoutEnd"/> is not empty.</summary>
    public LocalDate? LiftsOn { get; }

    /// <summary>The re-evaluation on <see cref="LiftsOn"/>; null when that day is null.</summary>
    public ProjectedScore? OnThatDay { get; }

    /// <summary>Whether the requirement still applies on <see cref="LiftsOn"/> (a record known now that starts counting later triggers it again).</summary>
    public bool StillAppliesOnThatDay { get; }
}
