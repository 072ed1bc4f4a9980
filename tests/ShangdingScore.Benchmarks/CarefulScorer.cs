using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// The fair baseline: the same rules as <see cref="LinqScorer"/> (score only), written the way a careful team
/// would without the SDK. Everything looked up by code is built once (item index, each item's dimension index and
/// caps); per call it uses scratch tables kept between calls (one scorer per thread), so it allocates nothing per
/// record except when a record was delivered more than once (then the copies' events are merged). No LINQ.
/// The answers are the naive scorer's: the benchmarks' set-up checks both on every subject they measure.
/// </summary>
internal sealed class CarefulScorer
{
    private readonly RuleSet _ruleSet;
    private readonly Dictionary<string, int> _itemIndex;
    private readonly ScoreItem[] _items;
    private readonly int[] _itemDimension;
    private readonly decimal[] _dimensionCap;
    private readonly decimal[] _itemSum;
    private readonly decimal[] _dimensionSum;
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly List<Slot> _slots = new();

    public CarefulScorer(RuleSet ruleSet)
    {
        _ruleSet = ruleSet;
        _items = ruleSet.Items.ToArray();
        _itemIndex = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        var dimensionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        _dimensionCap = new decimal[ruleSet.Dimensions.Length];
        for (int d = 0; d < ruleSet.Dimensions.Length; d++)
        {
            dimensionIndex[ruleSet.Dimensions[d].Code] = d;
            _dimensionCap[d] = ruleSet.Dimensions[d].PositiveCap ?? decimal.MaxValue;
        }

        _itemDimension = new int[_items.Length];
        for (int i = 0; i < _items.Length; i++)
        {
            _itemIndex[_items[i].Code] = i;
            _itemDimension[i] = dimensionIndex[_items[i].Dimension];
        }

        _itemSum = new decimal[_items.Length];
        _dimensionSum = new decimal[_dimensionCap.Length];
    }

    public decimal Score(SubjectId subject, System.Collections.Immutable.ImmutableArray<CreditRecord> records, LocalDate asOf)
    {
        // 1. One slot per record id: the copy recorded last, and (only when there are copies) every copy's events.
        _slotById.Clear();
        _slots.Clear();
        for (int r = 0; r < records.Length; r++)
        {
            var record = records[r];
            if (_slotById.TryGetValue(record.Id, out int s))
            {
                var slot = _slots[s];
                slot.Merged ??= new HashSet<RecordEvent>(slot.Record.Events);
                slot.Merged.UnionWith(record.Events);
                if (record.RecordedAt > slot.Record.RecordedAt) slot.Record = record;
                _slots[s] = slot;
            }
            else
            {
                _slotById[record.Id] = _slots.Count;
                _slots.Add(new Slot { Record = record });
            }
        }

        // 2. Each counting record's points, summed per item.
        Array.Clear(_itemSum, 0, _itemSum.Length);
        Array.Clear(_dimensionSum, 0, _dimensionSum.Length);
        for (int s = 0; s < _slots.Count; s++)
        {
            var slot = _slots[s];
            var record = slot.Record;
            if (record.Subject != subject || !_itemIndex.TryGetValue(record.ItemCode, out int i)) continue;
            var item = _items[i];
            if (record.OccurredOn > asOf) continue;
            if (item.CountsFor is { } window && record.OccurredOn.Plus(window) <= asOf) continue;
            if (!Active(slot, item, asOf)) continue;
            decimal points = item.PointsPerUnit is { } perUnit ? perUnit * record.Quantity : item.Points ?? 0m;
            _itemSum[i] += Math.Min(points, item.RecordCap ?? decimal.MaxValue);
        }

        // 3. Item caps, dimension caps, the bonus cap, deductions, clamp and round.
        decimal deductions = 0m;
        for (int i = 0; i < _items.Length; i++)
        {
            if (_itemSum[i] == 0m) continue;
            decimal capped = Math.Min(_itemSum[i], _items[i].ItemCap ?? decimal.MaxValue);
            if (_items[i].Polarity == Polarity.Positive) _dimensionSum[_itemDimension[i]] += capped;
            else deductions += capped;
        }

        decimal bonus = 0m;
        for (int d = 0; d < _dimensionSum.Length; d++) bonus += Math.Min(_dimensionSum[d], _dimensionCap[d]);
        bonus = Math.Min(bonus, _ruleSet.MaxBonus);
        decimal total = Math.Clamp(_ruleSet.Base + bonus - deductions, _ruleSet.Min, _ruleSet.Max);
        return Math.Round(total, _ruleSet.Precision, MidpointRounding.AwayFromZero);
    }

    private bool Active(Slot slot, ScoreItem item, LocalDate asOf)
    {
        // The naive scorer orders the events by (instant, type) and takes the last dispute-kind event; here the
        // greatest by that key is found in one pass. Any revocation, correction or upheld dispute ends the record.
        var state = new EventState();
        if (slot.Merged is { } merged)
        {
            foreach (var e in merged) if (!state.Take(e, item, asOf, _ruleSet)) return false;
        }
        else
        {
            foreach (var e in slot.Record.Events) if (!state.Take(e, item, asOf, _ruleSet)) return false;
        }

        return state.LastDispute?.Type != RecordEventType.Disputed && !state.Repaired;
    }

    private struct EventState
    {
        public RecordEvent? LastDispute;
        public bool Repaired;

        /// <summary>Takes one event; false when it ends the record.</summary>
        public bool Take(RecordEvent e, ScoreItem item, LocalDate asOf, RuleSet ruleSet)
        {
            switch (e.Type)
            {
                case RecordEventType.Revoked or RecordEventType.Corrected or RecordEventType.DisputeUpheld:
                    return false;
                case RecordEventType.Disputed or RecordEventType.DisputeRejected:
                    if (LastDispute is null || e.At > LastDispute.At || (e.At == LastDispute.At && (int)e.Type >= (int)LastDispute.Type)) LastDispute = e;
                    break;
                case RecordEventType.Repaired when item.Polarity == Polarity.Negative:
                    if (asOf >= (e.EffectiveOn ?? e.At.InZone(ruleSet.TimeZone).Date).Plus(ruleSet.Repair.Delay)) Repaired = true;
                    break;
            }

            return true;
        }
    }

    private struct Slot
    {
        public CreditRecord Record;
        public HashSet<RecordEvent>? Merged;
    }
}
