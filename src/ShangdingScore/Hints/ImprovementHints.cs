using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// What would raise a subject's grade (改进建议), computed by <see cref="ImprovementAdvisor"/> from the rule set and
/// the evaluation, never invented: the points to the next band, the positive items that still have room under
/// their caps and what one more unit is worth, the day each counting negative record stops counting and the score
/// on that day, the grade requirements that hold the grade down and what lifts them, and when a repair may be
/// applied for. Every hint names the rule-set fields it comes from (docs/hints.md).
/// </summary>
/// <remarks>Immutable and thread-safe. Empty, with <see cref="Status"/> saying why, when the subject has no score.</remarks>
public sealed class ImprovementHints
{
    internal ImprovementHints(CreditEvaluation evaluation, AdviceStatus status, ImmutableArray<ImprovementHint> hints)
    {
        Status = status;
        Subject = evaluation.Subject;
        RuleSet = evaluation.RuleSet;
        AsOf = evaluation.AsOf;
        KnownAt = evaluation.KnownAt;
        Score = evaluation.Score;
        BandGrade = evaluation.BandGrade;
        Grade = evaluation.Grade;
        IsClean = evaluation.IsClean;
        Hints = hints;
    }

    /// <summary>Whether hints were computed, or why not.</summary>
    public AdviceStatus Status { get; }

    /// <summary>The subject.</summary>
    public SubjectId Subject { get; }

    /// <summary>The rules the hints come from: id, version and content hash.</summary>
    public RuleSetReference RuleSet { get; }

    /// <summary>The day the current score is for; hints about later days name their day.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The instant of the data view; null when everything was seen.</summary>
    public Instant? KnownAt { get; }

    /// <summary>The current published score; null when not scored.</summary>
    public decimal? Score { get; }

    /// <summary>The grade of the band holding <see cref="Score"/>; null when not scored.</summary>
    public CreditGrade? BandGrade { get; }

    /// <summary>The current final grade; null when not scored.</summary>
    public CreditGrade? Grade { get; }

    /// <summary>False when the evaluation set records aside for data problems: the hints rest on the records that count.</summary>
    public bool IsClean { get; }

    /// <summary>
    /// The hints, in a fixed order: the next band; the grade requirements that lower the grade (rule-set order);
    /// positive items by score gain, then points added, then rule-set order; negative records by the day they stop
    /// counting, then record id; repair applications by the day a repair would take effect, then record id.
    /// </summary>
    public ImmutableArray<ImprovementHint> Hints { get; }
}

/// <summary>Whether hints were computed.</summary>
public enum AdviceStatus
{
    /// <summary>The subject is scored; <see cref="ImprovementHints.Hints"/> holds every hint that applies (possibly none).</summary>
    Advised = 0,

    /// <summary>The subject is not enrolled on <c>asOf</c>: no score, so no hints (spec §3).</summary>
    NotEnrolled = 1,
}

/// <summary>The kinds of hint. Each is one sealed class deriving from <see cref="ImprovementHint"/>.</summary>
public enum ImprovementHintKind
{
    /// <summary><see cref="NextBandHint"/>: the points from the score to the lowest publishable score of the next band up.</summary>
    NextBand = 0,

    /// <summary><see cref="RequirementHint"/>: a grade requirement that lowers the grade, and the day it would lift.</summary>
    Requirement = 1,

    /// <summary><see cref="PositiveItemHint"/>: what one more record of a positive item would add today, after every cap.</summary>
    PositiveItem = 2,

    /// <summary><see cref="NegativeRecordEndsHint"/>: the day a counting negative record stops counting and the score that day.</summary>
    NegativeRecordEnds = 3,

    /// <summary><see cref="RepairApplicationHint"/>: the first day a repair of a counting negative record may be applied for, and the score if it were repaired then.</summary>
    RepairApplication = 4,
}

/// <summary>
/// The result of re-evaluating the same subject with the same rule set on another day, or with one assumed change
/// (one more record, a repair): what a hint promises.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class ProjectedScore
{
    internal ProjectedScore(CreditEvaluation evaluation)
    {
        AsOf = evaluation.AsOf;
        Status = evaluation.Status;
        Score = evaluation.Score;
        Grade = evaluation.Grade;
    }

    /// <summary>The day evaluated.</summary>
    public LocalDate AsOf { get; }

    /// <summary>Scored, or not enrolled that day (the enrolment of the request is kept, a known withdrawal included).</summary>
    public EvaluationStatus Status { get; }

    /// <summary>The published score that day; null when not enrolled.</summary>
    public decimal? Score { get; }

    /// <summary>The final grade that day; null when not enrolled.</summary>
    public CreditGrade? Grade { get; }
}
