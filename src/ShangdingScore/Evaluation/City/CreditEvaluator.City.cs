using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>
    /// <see cref="ScorePrepared"/> on one subject of a <see cref="CompactCity"/> layer: the same steps (2 on day numbers,
    /// 4 in exact fixed point in (occurredOn, id) order, 5–7 by the same code), reading the columns instead of
    /// <see cref="PreparedRecord"/>s. The subject must be enrolled on the plan's day and not a fallback subject.
    /// </summary>
    /// <param name="plan">The plan; its rule set is the layer's.</param>
    /// <param name="rules">The rule set's item arrays.</param>
    /// <param name="layer">The layer.</param>
    /// <param name="subject">The subject's position in the layer.</param>
    /// <param name="firstCountingRel">Per item: the first occurrence day that still counts on the plan's day, as days after <see cref="CompactCity.Origin"/>.</param>
    /// <param name="asOfRel">The plan's day as days after <see cref="CompactCity.Origin"/>.</param>
    /// <param name="repairCursor">An index into the layer's repair list at or before the subject's first repaired record; moved forward.</param>
    /// <param name="counters">Cleared here.</param>
    internal static ScoreSummary ScoreCompact(ScoringPlan plan, CityRules rules, CityLayer layer, int subject, int[] firstCountingRel, int asOfRel, ref int repairCursor, CityCounters counters)
    {
        var rs = plan.RuleSet;
        var fp = rs.FixedPoint!;
        var itemUsed = counters.ItemUsed;
        var itemScale = counters.ItemScale;
        var dimUsed = counters.DimensionUsed;
        var dimScale = counters.DimensionScale;
        Array.Clear(itemUsed, 0, itemUsed.Length);
        Array.Clear(itemScale, 0, itemScale.Length);
        Array.Clear(dimUsed, 0, dimUsed.Length);
        Array.Clear(dimScale, 0, dimScale.Length);
        long bonusUsed = 0, deductions = 0;
        byte bonusScale = 0, deductionsScale = 0;
        bool anyNegative = false, anySerious = false;
        var itemCaps = fp.ItemCaps;
        var itemCapScales = fp.ItemCapScales;
        var kinds = layer.Kinds;
        var days = layer.Days;
        var kindItem = layer.KindItem;
        var kindPoints = layer.KindPoints;
        var kindScale = layer.KindScale;
        var kindRepaired = layer.KindRepaired;
        var negative = rules.Negative;
        int end = layer.Offsets[subject + 1];

        for (int r = layer.Offsets[subject]; r < end; r++)
        {
            int k = kinds[r];
            int at = kindItem[k];
            int occurred = days[r];

            // Step 2 on asOf, in Classify's order: not yet occurred, expired, repaired.
            if (occurred > asOfRel || occurred < firstCountingRel[at]) continue;
            if (kindRepaired[k])
            {
                var repairAt = layer.RepairAt;
                while (repairAt[repairCursor] < r) repairCursor++;
                if (plan.AsOfDay >= layer.RepairedFromDay[repairCursor]) continue;
            }

            // Step 4: caps, taken in (occurredOn, id) order as the decimal path takes them.
            long afterItem = Take(kindPoints[k], kindScale[k], itemCaps[at], itemCapScales[at], ref itemUsed[at], ref itemScale[at], out byte afterItemScale);
            if (negative[at])
            {
                anyNegative = true;
                anySerious |= rules.Serious[at];
                deductions += afterItem;
                deductionsScale = Math.Max(deductionsScale, afterItemScale);
                continue;
            }

            int d = rules.Dimension[at];
            long afterDim = Take(afterItem, afterItemScale, fp.DimensionCaps[d], fp.DimensionCapScales[d], ref dimUsed[d], ref dimScale[d], out byte afterDimScale);
            Take(afterDim, afterDimScale, fp.MaxBonus, fp.MaxBonusScale, ref bonusUsed, ref bonusScale, out _);
        }

        // Step 5: total = base + bonus − deductions (exact, with decimal's scale), then the same Publish.
        long total = fp.Base + bonusUsed - deductions;
        byte totalScale = Math.Max(fp.BaseScale, Math.Max(bonusScale, deductionsScale));
        decimal published = rs.Publish(fp.ToDecimal(total, totalScale));

        // Step 6 and 7.
        var bandGrade = rs.Scale.Grades[rs.Scale.BandIndexOf(published)];
        bool clean = (layer.Flags[subject] & CityLayer.Clean) != 0;
        return new ScoreSummary(EvaluationStatus.Scored, published, FinalGrade(rs, bandGrade, anyNegative, anySerious), clean);
    }
}

/// <summary>A rule set's items as flat arrays for the compact kernel.</summary>
internal sealed class CityRules
{
    public CityRules(RuleSet ruleSet)
    {
        RuleSet = ruleSet;
        var items = ruleSet.CompiledItems;
        Negative = items.Select(i => i.Negative).ToArray();
        Serious = items.Select(i => i.Serious).ToArray();
        Dimension = items.Select(i => i.Dimension).ToArray();
    }

    public RuleSet RuleSet { get; }

    public bool[] Negative { get; }

    public bool[] Serious { get; }

    public int[] Dimension { get; }
}

/// <summary>One worker's step-4 counters, reused subject after subject.</summary>
internal sealed class CityCounters
{
    public CityCounters(RuleSet ruleSet)
    {
        ItemUsed = new long[ruleSet.CompiledItems.Length];
        ItemScale = new byte[ruleSet.CompiledItems.Length];
        DimensionUsed = new long[ruleSet.Dimensions.Length];
        DimensionScale = new byte[ruleSet.Dimensions.Length];
    }

    public long[] ItemUsed { get; }

    public byte[] ItemScale { get; }

    public long[] DimensionUsed { get; }

    public byte[] DimensionScale { get; }
}
