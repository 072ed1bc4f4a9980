using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// The naive scorer (kept beside <see cref="CarefulScorer"/>, the benchmarks' baseline): the same rules written the plain, idiomatic LINQ way (GroupBy, Where, Sum, Min),
/// score only. It reads the rule set's public definition; the item lookup by code is built once,
/// as any such scorer would. It covers what the benchmark data holds (copies, disputes, revocations,
/// repairs of negatives, windows, every cap) with <c>knownAt</c> = everything known.
/// </summary>
internal sealed class LinqScorer
{
    private readonly RuleSet _ruleSet;
    private readonly Dictionary<string, ScoreItem> _items;
    private readonly Dictionary<string, decimal> _dimensionCaps;

    public LinqScorer(RuleSet ruleSet)
    {
        _ruleSet = ruleSet;
        _items = ruleSet.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
        _dimensionCaps = ruleSet.Dimensions.ToDictionary(d => d.Code, d => d.PositiveCap ?? decimal.MaxValue, StringComparer.Ordinal);
    }

    public decimal Score(SubjectId subject, IEnumerable<CreditRecord> records, LocalDate asOf)
    {
        var counted = records
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .Select(copies => (Record: copies.OrderByDescending(c => c.RecordedAt).First(), Events: copies.SelectMany(c => c.Events).Distinct().ToList()))
            .Where(x => x.Record.Subject == subject && _items.ContainsKey(x.Record.ItemCode))
            .Select(x => (x.Record, x.Events, Item: _items[x.Record.ItemCode]))
            .Where(x => x.Record.OccurredOn <= asOf && (x.Item.CountsFor is not { } w || x.Record.OccurredOn.Plus(w) > asOf))
            .Where(x => Active(x.Events, x.Item, asOf))
            .Select(x => (x.Item, Points: Math.Min(x.Item.PointsPerUnit is { } perUnit ? perUnit * x.Record.Quantity : x.Item.Points ?? 0m, x.Item.RecordCap ?? decimal.MaxValue)))
            .GroupBy(x => x.Item)
            .Select(g => (Item: g.Key, Points: Math.Min(g.Sum(x => x.Points), g.Key.ItemCap ?? decimal.MaxValue)))
            .ToList();

        decimal bonus = Math.Min(
            counted.Where(x => x.Item.Polarity == Polarity.Positive)
                .GroupBy(x => x.Item.Dimension)
                .Sum(g => Math.Min(g.Sum(x => x.Points), _dimensionCaps[g.Key])),
            _ruleSet.MaxBonus);
        decimal deductions = counted.Where(x => x.Item.Polarity == Polarity.Negative).Sum(x => x.Points);
        decimal total = Math.Clamp(_ruleSet.Base + bonus - deductions, _ruleSet.Min, _ruleSet.Max);
        return Math.Round(total, _ruleSet.Precision, MidpointRounding.AwayFromZero);
    }

    private bool Active(List<RecordEvent> events, ScoreItem item, LocalDate asOf)
    {
        var ordered = events.OrderBy(e => e.At).ThenBy(e => (int)e.Type).ToList();
        if (ordered.Any(e => e.Type is RecordEventType.Revoked or RecordEventType.Corrected or RecordEventType.DisputeUpheld)) return false;
        var lastDispute = ordered.LastOrDefault(e => e.Type is RecordEventType.Disputed or RecordEventType.DisputeRejected);
        if (lastDispute?.Type == RecordEventType.Disputed) return false;
        if (item.Polarity != Polarity.Negative) return true;
        return !ordered.Where(e => e.Type == RecordEventType.Repaired)
            .Select(e => (e.EffectiveOn ?? e.At.InZone(_ruleSet.TimeZone).Date).Plus(_ruleSet.Repair.Delay))
            .Any(from => asOf >= from);
    }
}
