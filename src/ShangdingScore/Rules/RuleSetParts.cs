using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rules;

/// <summary>
/// One of the scheme's dimensions (维度), for example 荣誉信息 Honours. Positive points of a
/// dimension's items are capped at <see cref="PositiveCap"/> (spec §3 step 4).
/// </summary>
/// <remarks>Immutable; validated when a <see cref="RuleSet"/> is created.</remarks>
public sealed class Dimension
{
    /// <summary>The stable code, for example <c>honours</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The name in zh-CN and English.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The most positive points the dimension may add, or null for no cap.</summary>
    /// <value>The default is null (no dimension cap; <c>maxBonus</c> still applies).</value>
    public decimal? PositiveCap { get; init; }
}

/// <summary>
/// An indicator item (指标): what one kind of record is worth. Exactly one of
/// <see cref="Points"/> (fixed per record) and <see cref="PointsPerUnit"/> (× quantity) is set
/// (spec §3 step 3). Points are magnitudes: <see cref="Polarity"/> says whether they add or deduct.
/// </summary>
/// <remarks>Immutable; validated when a <see cref="RuleSet"/> is created.</remarks>
public sealed class ScoreItem
{
    /// <summary>The stable code records refer to, for example <c>volunteer.service-hours</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The code of the <see cref="Dimension"/> the item belongs to.</summary>
    public required string Dimension { get; init; }

    /// <summary>The name in zh-CN and English.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>Whether the item adds or deducts.</summary>
    public required Polarity Polarity { get; init; }

    /// <summary>How grave a negative item is.</summary>
    /// <value>The default is <see cref="Severity.General"/>; only negative items may be serious.</value>
    public Severity Severity { get; init; }

    /// <summary>Fixed points per record, whatever its quantity; or null when priced per unit.</summary>
    public decimal? Points { get; init; }

    /// <summary>Points per unit of quantity; or null when fixed.</summary>
    public decimal? PointsPerUnit { get; init; }

    /// <summary>The most one record may be worth, or null for no per-record cap.</summary>
    public decimal? RecordCap { get; init; }

    /// <summary>The most all counting records of this item may be worth together, or null for no cap.</summary>
    public decimal? ItemCap { get; init; }

    /// <summary>How long a record counts after it occurred (<c>occurredOn + countsFor &gt; asOf</c>), or null for ever.</summary>
    public Period? CountsFor { get; init; }

    /// <summary>
    /// For a negative item: the minimum period after a record occurred before the subject may apply to
    /// repair it (信用修复的最短公示期限); the first day is <c>occurredOn + repairMinimumPeriod</c>
    /// (<see cref="RuleSet.EarliestRepairApplication"/>). Null or <see cref="Period.Zero"/> means no
    /// waiting period: an application may be made on the day the record occurred. Positive items may not have one.
    /// </summary>
    /// <remarks>
    /// The repair workflow reads it; the evaluator does not: a repair event, once entered, takes effect
    /// as spec §3a says whatever this period (docs/rule-sets.md, docs/semantics.md).
    /// </remarks>
    /// <value>The default is null (no waiting period). The canonical form leaves out null and zero alike, so both hash the same.</value>
    public Period? RepairMinimumPeriod { get; init; }
}

/// <summary>One end of a grade band: a score and whether the band includes it.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct BandBound : IEquatable<BandBound>
{
    /// <summary>Creates a bound.</summary>
    public BandBound(decimal value, bool inclusive)
    {
        Value = value;
        Inclusive = inclusive;
    }

    /// <summary>The score at the bound.</summary>
    public decimal Value { get; }

    /// <summary>Whether a score equal to <see cref="Value"/> is inside the band.</summary>
    public bool Inclusive { get; }

    /// <inheritdoc />
    public bool Equals(BandBound other) => Value == other.Value && Inclusive == other.Inclusive;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BandBound b && Equals(b);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Value, Inclusive);

    /// <inheritdoc />
    public override string ToString() => Inclusive ? $"{Value} (inclusive)" : $"{Value} (exclusive)";
}

/// <summary>
/// A grade band (信用等级): a grade and the scores it holds, with both bounds and their
/// inclusivity stated. <c>150 ≤ s ≤ 200</c> is <c>Lower = (150, inclusive)</c>,
/// <c>Upper = (200, inclusive)</c>; <c>80 &lt; s &lt; 100</c> excludes both ends (spec §2).
/// </summary>
/// <remarks>Immutable. A rule set's bands must give exactly one grade to every score on its grid.</remarks>
public sealed class GradeBand
{
    /// <summary>The grade's stable code, for example <c>excellent</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The grade's name in zh-CN and English, for example 信用极好 Excellent.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The lower bound.</summary>
    public required BandBound Lower { get; init; }

    /// <summary>The upper bound.</summary>
    public required BandBound Upper { get; init; }

    /// <summary>Whether <paramref name="score"/> is inside the band.</summary>
    public bool Contains(decimal score) =>
        (Lower.Inclusive ? score >= Lower.Value : score > Lower.Value) &&
        (Upper.Inclusive ? score <= Upper.Value : score < Upper.Value);

    /// <summary>The band in interval notation, for example <c>[120, 150)</c>.</summary>
    public override string ToString() =>
        $"{(Lower.Inclusive ? "[" : "(")}{Lower.Value}, {Upper.Value}{(Upper.Inclusive ? "]" : ")")}";
}

/// <summary>The closed vocabulary of grade-requirement conditions (spec §3 step 7).</summary>
public enum RequirementCondition
{
    /// <summary>At least one negative record counts (a 不良信息), whatever its points, even 0.</summary>
    AnyNegative = 0,

    /// <summary>At least one serious negative record counts (严重失信).</summary>
    AnySeriousNegative = 1,
}

/// <summary>
/// A grade requirement: when its condition holds, the grade is capped at <see cref="CapGradeAt"/>.
/// The plan's "信用极好 … 且无不良信息" is <c>AnyNegative → outstanding</c>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class GradeRequirement
{
    /// <summary>The stable code, for example <c>excellent-requires-no-negative</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The name in zh-CN and English, shown in explanations.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>When the requirement applies.</summary>
    public required RequirementCondition When { get; init; }

    /// <summary>The code of the highest grade allowed when the condition holds.</summary>
    public required string CapGradeAt { get; init; }
}

/// <summary>How a repaired negative record stops counting (信用修复, spec §3a).</summary>
/// <remarks>Immutable.</remarks>
public sealed class RepairPolicy
{
    /// <summary>No delay: a repaired record stops counting on its repair date.</summary>
    public static RepairPolicy Immediate { get; } = new() { Delay = Period.Zero };

    /// <summary>The period after the repair date from which the record stops counting.</summary>
    /// <value>The default is <see cref="Period.Zero"/>.</value>
    public Period Delay { get; init; } = Period.Zero;
}

/// <summary>
/// The parts of a rule set before validation: what <see cref="RuleSet.Create"/> checks and
/// <see cref="RuleSetJson"/> reads and writes. Field by field it is the JSON document of
/// docs/rule-sets.md.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetDefinition
{
    /// <summary>The rule set's id, for example <c>zhengzhou.shangding</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The SemVer version text.</summary>
    public required string Version { get; init; }

    /// <summary>The scheme's name.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The first day this version is in force.</summary>
    public required LocalDate EffectiveFrom { get; init; }

    /// <summary>The IANA time zone id for turning instants into dates, for example <c>Asia/Shanghai</c>.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The score of a subject with no counting record.</summary>
    public required decimal Base { get; init; }

    /// <summary>The lowest score.</summary>
    public required decimal Min { get; init; }

    /// <summary>The highest score.</summary>
    public required decimal Max { get; init; }

    /// <summary>The most positive points all dimensions may add together.</summary>
    public required decimal MaxBonus { get; init; }

    /// <summary>Decimal places of the published score (0 to 4).</summary>
    public required int Precision { get; init; }

    /// <summary>The dimensions.</summary>
    public required ImmutableArray<Dimension> Dimensions { get; init; }

    /// <summary>The item catalog.</summary>
    public required ImmutableArray<ScoreItem> Items { get; init; }

    /// <summary>The grade bands, in any order.</summary>
    public required ImmutableArray<GradeBand> Grades { get; init; }

    /// <summary>The grade requirements.</summary>
    /// <value>The default is none.</value>
    public ImmutableArray<GradeRequirement> Requirements { get; init; } = ImmutableArray<GradeRequirement>.Empty;

    /// <summary>The repair policy.</summary>
    /// <value>The default is <see cref="RepairPolicy.Immediate"/>.</value>
    public RepairPolicy Repair { get; init; } = RepairPolicy.Immediate;
}
