using System.Text.Json.Serialization;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// One record's line in the explanation: what it is, whether it counted (and why not), and its
/// points before and after each cap. Points are signed: deductions are negative.
/// </summary>
/// <remarks>
/// <para>
/// An immutable value of a few fields: the record, its item's index in the rule set, its outcome, and how each
/// cap of step 4 treated it. Names, polarity, the window's end and the points before the caps are derived on
/// access from the rule set and the record, with the evaluator's own arithmetic, so they are the values (and
/// decimal scales) the evaluation computed; a point value cut by a cap is kept as computed.
/// </para>
/// <para>Lines come from <see cref="CreditEvaluation.Records"/>; the default value is not a line (its <see cref="Record"/> is null).</para>
/// </remarks>
public readonly struct RecordExplanation
{
    /// <summary>Step-4 stage codes, two bits a stage (item cap, dimension cap, <c>maxBonus</c>): the stage took the whole amount.</summary>
    internal const int TookAll = 0;

    /// <summary>The stage took nothing (<c>0m</c>).</summary>
    internal const int TookNothing = 1;

    /// <summary>The stage took part of the amount: the next value of <see cref="ExplanationContext.Partials"/>.</summary>
    internal const int TookPart = 2;

    private readonly CreditRecord _record;
    private readonly ExplanationContext _context;
    private readonly int _itemIndex;
    private readonly int _copies;
    private readonly int _partial;
    private readonly LocalDate _repairedFrom;
    private readonly byte _outcome;
    private readonly byte _stages;
    private readonly bool _repaired;

    internal RecordExplanation(CreditRecord record, ExplanationContext context, int itemIndex, RecordOutcome outcome, int copies, LocalDate? repairedFrom, int stages, int partial)
    {
        _record = record;
        _context = context;
        _itemIndex = itemIndex;
        _outcome = (byte)outcome;
        _copies = copies;
        _repaired = repairedFrom.HasValue;
        _repairedFrom = repairedFrom.GetValueOrDefault();
        _stages = (byte)stages;
        _partial = partial;
    }

    /// <summary>The record as seen (for copies: the latest delivery's content with every copy's events).</summary>
    [JsonIgnore]
    public CreditRecord Record => _record;

    /// <summary>The record's id.</summary>
    public string RecordId => _record.Id;

    /// <summary>The rule-set item, or null when the code is unknown.</summary>
    [JsonIgnore]
    public ScoreItem? Item => _itemIndex >= 0 ? _context.RuleSet.Items[_itemIndex] : null;

    /// <summary>The record's item code.</summary>
    public string ItemCode => _record.ItemCode;

    /// <summary>The item's name, or null when the code is unknown.</summary>
    public LocalizedText? ItemName => Item?.Name;

    /// <summary>Whether the item adds or deducts; null when the code is unknown.</summary>
    public Polarity? Polarity => Item?.Polarity;

    /// <summary>The item's severity; null when the code is unknown.</summary>
    public Severity? Severity => Item?.Severity;

    /// <summary>The day the record occurred.</summary>
    public LocalDate OccurredOn => _record.OccurredOn;

    /// <summary>The record's quantity.</summary>
    public decimal Quantity => _record.Quantity;

    /// <summary>The data provider.</summary>
    public string Provider => _record.Provider;

    /// <summary>When the record was first known (the earliest copy in view).</summary>
    public Instant RecordedAt => _record.RecordedAt;

    /// <summary>The item's dimension code, or null when the item is unknown.</summary>
    public string? Dimension => Item?.Dimension;

    /// <summary>Whether it counted, or why not.</summary>
    public RecordOutcome Outcome => (RecordOutcome)_outcome;

    /// <summary>Whether it counted.</summary>
    [JsonIgnore]
    public bool Counted => Outcome == RecordOutcome.Counted;

    /// <summary>How many copies of this id were in view (1 for a single delivery).</summary>
    public int Copies => _copies;

    /// <summary>The first day the record no longer counts by its window; null without a window, or when the window ends after 9999-12-31 (it never expires).</summary>
    public LocalDate? ExpiresOn =>
        _itemIndex >= 0 && _context.RuleSet.CompiledItems[_itemIndex].Window is { } w ? ScoringPlan.Expires(_record.OccurredOn, w) : null;

    /// <summary>For a repaired negative record: the first day it no longer counts.</summary>
    public LocalDate? RepairedFrom => _repaired ? _repairedFrom : null;

    /// <summary>Points by the item's price (fixed, or quantity × per unit), signed; 0 for an unknown item.</summary>
    public decimal RawPoints
    {
        get
        {
            if (_itemIndex < 0) return 0m;
            ref readonly var item = ref _context.RuleSet.CompiledItems[_itemIndex];
            CreditEvaluator.PointsAfterRecordCap(item, _record.Quantity, out decimal raw);
            return item.Negative ? -raw : raw;
        }
    }

    /// <summary>After the per-record cap.</summary>
    public decimal AfterRecordCap
    {
        get
        {
            if (_itemIndex < 0) return 0m;
            ref readonly var item = ref _context.RuleSet.CompiledItems[_itemIndex];
            decimal capped = CreditEvaluator.PointsAfterRecordCap(item, _record.Quantity, out _);
            return item.Negative ? -capped : capped;
        }
    }

    /// <summary>After the per-item cap (0 when not counted).</summary>
    public decimal AfterItemCap => Stage(0);

    /// <summary>After the dimension cap (positive points only; 0 when not counted).</summary>
    public decimal AfterDimensionCap => Stage(1);

    /// <summary>What the record adds to or takes from the score, after <c>maxBonus</c> too.</summary>
    public decimal AppliedPoints => Stage(2);

    /// <summary>
    /// The value after step-4 stage <paramref name="last"/> (0 item cap, 1 dimension cap, 2 <c>maxBonus</c>), replaying the
    /// evaluator's takes from the magnitude after the record cap: a deduction passes only the item cap and keeps its sign.
    /// </summary>
    private decimal Stage(int last)
    {
        if (_outcome != (byte)RecordOutcome.Counted) return 0m;
        ref readonly var item = ref _context.RuleSet.CompiledItems[_itemIndex];
        decimal amount = CreditEvaluator.PointsAfterRecordCap(item, _record.Quantity, out _);
        int partial = _partial;
        int stages = item.Negative ? 0 : last;
        for (int s = 0; s <= stages; s++)
        {
            switch ((_stages >> (2 * s)) & 3)
            {
                case TookNothing:
                    amount = 0m;
                    break;
                case TookPart:
                    amount = _context.Partials[partial++];
                    break;
            }
        }

        return item.Negative ? -amount : amount;
    }
}

/// <summary>What the lines of one evaluation share: the rule set their items index, and the amounts caps cut, in line order.</summary>
/// <remarks>Immutable once the evaluation is built.</remarks>
internal sealed class ExplanationContext
{
    public ExplanationContext(RuleSet ruleSet, decimal[] partials)
    {
        RuleSet = ruleSet;
        Partials = partials;
    }

    /// <summary>The rule set.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>Per line whose stage took part of its amount, each such amount, lines and stages in order.</summary>
    public decimal[] Partials { get; }
}
