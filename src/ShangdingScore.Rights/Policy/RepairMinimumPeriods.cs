using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Rights;

/// <summary>
/// How long after it occurred a negative record becomes repairable (最短公示期), per item. A repair
/// application before <c>occurredOn + period</c> is refused as <see cref="RightsRefusalCodes.RepairTooEarly"/>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and pure. This is where a rule set's own per-item minimum
/// repair period plugs in once the rule-set format carries one (docs/rights.md, "Repair").
/// </remarks>
public interface IRepairMinimumPeriods
{
    /// <summary>The minimum period for <paramref name="item"/> of <paramref name="ruleSet"/>; null or zero when it may be repaired at once.</summary>
    Period? MinimumPeriodFor(RuleSet ruleSet, ScoreItem item);
}

/// <summary>
/// Minimum repair periods by severity with per-item overrides, given by the host (for example 3 months
/// for a general and 1 year for a serious record, the shortest publication periods of the NDRC's 2023
/// measures on credit repair).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FixedRepairMinimumPeriods : IRepairMinimumPeriods
{
    private readonly Period _general;
    private readonly Period _serious;
    private readonly ImmutableDictionary<string, Period> _byItem;

    /// <summary>Creates the periods.</summary>
    /// <param name="general">For a general negative item (一般失信).</param>
    /// <param name="serious">For a serious negative item (严重失信).</param>
    /// <param name="byItem">Overrides by item code.</param>
    /// <exception cref="ArgumentNullException"><paramref name="general"/> or <paramref name="serious"/> is null.</exception>
    public FixedRepairMinimumPeriods(Period general, Period serious, IEnumerable<KeyValuePair<string, Period>>? byItem = null)
    {
        _general = general ?? throw new ArgumentNullException(nameof(general));
        _serious = serious ?? throw new ArgumentNullException(nameof(serious));
        _byItem = (byItem ?? Enumerable.Empty<KeyValuePair<string, Period>>()).ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>No minimum: every negative record may be repaired at once.</summary>
    public static FixedRepairMinimumPeriods None { get; } = new(Period.Zero, Period.Zero);

    /// <inheritdoc />
    public Period? MinimumPeriodFor(RuleSet ruleSet, ScoreItem item)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        if (_byItem.TryGetValue(item.Code, out var period)) return period;
        return item.Severity == Severity.Serious ? _serious : _general;
    }
}
