using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// What one more record of a positive item, occurring on <c>asOf</c> (one occurrence of a fixed-points item, one
/// unit of an item priced per unit), would add today: found by evaluating the request with that record added, so
/// every cap (record, item, dimension, <c>maxBonus</c>), the clamp and the rounding apply exactly as they would.
/// Given only when the record would add points.
/// </summary>
/// <remarks>
/// Immutable. Sources: <c>$.items[i].points</c> or <c>.pointsPerUnit</c>, the item's <c>recordCap</c> and
/// <c>itemCap</c> when it has them, its dimension's <c>positiveCap</c> when it has one, and <c>$.maxBonus</c>.
/// </remarks>
public sealed class PositiveItemHint : ImprovementHint
{
    internal PositiveItemHint(ImmutableArray<string> sources, ScoreItem item, LocalDate occurredOn, decimal nominal, decimal? itemCapRoom, decimal? dimensionCapRoom, decimal bonusRoom, string? limitedBy, decimal pointsAdded, decimal score, ProjectedScore after)
        : base(sources)
    {
        Item = item;
        OccurredOn = occurredOn;
        NominalPoints = nominal;
        ItemCapRoom = itemCapRoom;
        DimensionCapRoom = dimensionCapRoom;
        BonusRoom = bonusRoom;
        LimitedBy = limitedBy;
        PointsAdded = pointsAdded;
        Score = score;
        After = after;
    }

    /// <inheritdoc />
    public override ImprovementHintKind Kind => ImprovementHintKind.PositiveItem;

    /// <summary>The positive item.</summary>
    public ScoreItem Item { get; }

    /// <summary>Whether the item is priced per unit (then the hint is about one unit; else one occurrence).</summary>
    public bool PerUnit => Item.PointsPerUnit.HasValue;

    /// <summary>The quantity of the assumed record: 1.</summary>
    public decimal Quantity => 1m;

    /// <summary>The day of the assumed record: <c>asOf</c>.</summary>
    public LocalDate OccurredOn { get; }

    /// <summary>The item's price for one occurrence or unit, before any cap (<c>points</c> or <c>pointsPerUnit</c>).</summary>
    public decimal NominalPoints { get; }

    /// <summary>The item's per-record cap, if any.</summary>
    public decimal? RecordCap => Item.RecordCap;

    /// <summary>What is left under the item's cap over its window today (<c>itemCap</c> − points of its counting records); null without a cap.</summary>
    public decimal? ItemCapRoom { get; }

    /// <summary>What is left under the dimension's positive cap today; null without a cap.</summary>
    public decimal? DimensionCapRoom { get; }

    /// <summary>What is left under <c>maxBonus</c> today.</summary>
    public decimal BonusRoom { get; }

    /// <summary>The path of the first cap that cuts <see cref="NominalPoints"/> (record cap, item cap, dimension cap, <c>$.maxBonus</c>); null when the full price is added.</summary>
    public string? LimitedBy { get; }

    /// <summary>The bonus the record adds after every cap, before clamping and rounding.</summary>
    public decimal PointsAdded { get; }

    /// <summary>The current published score.</summary>
    public decimal Score { get; }

    /// <summary>The evaluation with the record added, on <c>asOf</c>.</summary>
    public ProjectedScore After { get; }

    /// <summary>The change of the published score: <c>After.Score − Score</c> (0 when rounding or the maximum swallows <see cref="PointsAdded"/>).</summary>
    public decimal ScoreGain => (After.Score ?? Score) - Score;
}

/// <summary>Why a counting negative record will stop counting.</summary>
public enum RecordEndCause
{
    /// <summary>Its item's window runs out (<c>occurredOn + countsFor</c>).</summary>
    WindowEnds = 0,

    /// <summary>A repair already entered takes effect (repair date + <c>repair.delay</c>).</summary>
    RepairTakesEffect = 1,
}

/// <summary>
/// A negative record that counts today, the first day it no longer counts, and the result of evaluating the same
/// request (records, enrolment, <c>knownAt</c>, rule set) on that day. Other records may start or stop counting by
/// then; the projected score includes them.
/// </summary>
/// <remarks>Immutable. Source: <c>$.items[i].countsFor</c> (window) or <c>$.repair.delay</c> (repair).</remarks>
public sealed class NegativeRecordEndsHint : ImprovementHint
{
    internal NegativeRecordEndsHint(ImmutableArray<string> sources, string recordId, ScoreItem item, decimal points, LocalDate stopsCountingOn, RecordEndCause cause, ProjectedScore onThatDay)
        : base(sources)
    {
        RecordId = recordId;
        Item = item;
        Points = points;
        StopsCountingOn = stopsCountingOn;
        Cause = cause;
        OnThatDay = onThatDay;
    }

    /// <inheritdoc />
    public override ImprovementHintKind Kind => ImprovementHintKind.NegativeRecordEnds;

    /// <summary>The record's id.</summary>
    public string RecordId { get; }

    /// <summary>The record's negative item.</summary>
    public ScoreItem Item { get; }

    /// <summary>What the record takes from the score today (negative, or 0).</summary>
    public decimal Points { get; }

    /// <summary>The first day the record no longer counts.</summary>
    public LocalDate StopsCountingOn { get; }

    /// <summary>Its window ends, or a repair takes effect.</summary>
    public RecordEndCause Cause { get; }

    /// <summary>The evaluation on <see cref="StopsCountingOn"/>.</summary>
    public ProjectedScore OnThatDay { get; }
}

/// <summary>
/// A negative record that counts today with no repair entered: the first day a repair may be applied for
/// (<see cref="RuleSet.EarliestRepairApplication"/>, today at the earliest), the day it would stop counting if
/// repaired then, and the evaluation that day with such a repair added. Not given when the window ends first.
/// </summary>
/// <remarks>
/// Immutable. Sources: <c>$.items[i].repairMinimumPeriod</c> when the item has one, and <c>$.repair.delay</c>.
/// A repair needs the conduct corrected and the application accepted (信用修复); the hint says when the rules allow it.
/// </remarks>
public sealed class RepairApplicationHint : ImprovementHint
{
    internal RepairApplicationHint(ImmutableArray<string> sources, string recordId, ScoreItem item, decimal points, LocalDate occurredOn, LocalDate earliestApplication, LocalDate applyOn, LocalDate stopsCountingOn, ProjectedScore ifRepaired)
        : base(sources)
    {
        RecordId = recordId;
        Item = item;
        Points = points;
        OccurredOn = occurredOn;
        EarliestApplication = earliestApplication;
        ApplyOn = applyOn;
        StopsCountingOn = stopsCountingOn;
        IfRepaired = ifRepaired;
    }

    /// <inheritdoc />
    public override ImprovementHintKind Kind => ImprovementHintKind.RepairApplication;

    /// <summary>The record's id.</summary>
    public string RecordId { get; }

    /// <summary>The record's negative item.</summary>
    public ScoreItem Item { get; }

    /// <summary>What the record takes from the score today (negative, or 0).</summary>
    public decimal Points { get; }

    /// <summary>The day the record occurred, from which the minimum period runs.</summary>
    public LocalDate OccurredOn { get; }

    /// <summary>The item's minimum period before an application; null when it has none.</summary>
    public Period? MinimumPeriod => Item.RepairMinimumPeriod;

    /// <summary>The first day the rules allow an application: <c>occurredOn + repairMinimumPeriod</c>.</summary>
    public LocalDate EarliestApplication { get; }

    /// <summary>The first day an application may be made from today: the later of <c>asOf</c> and <see cref="EarliestApplication"/>; the assumed repair date.</summary>
    public LocalDate ApplyOn { get; }

    /// <summary>The first day the record would no longer count if repaired on <see cref="ApplyOn"/>: <c>ApplyOn + repair.delay</c>.</summary>
    public LocalDate StopsCountingOn { get; }

    /// <summary>The evaluation on <see cref="StopsCountingOn"/> with a repair effective on <see cref="ApplyOn"/> added to the record.</summary>
    public ProjectedScore IfRepaired { get; }
}
