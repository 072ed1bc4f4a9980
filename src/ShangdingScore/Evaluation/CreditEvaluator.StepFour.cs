using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>
    /// Spec §3 step 4 in exact fixed point (<see cref="FixedPointRules"/>), the counting records taken in <paramref name="order"/>:
    /// per-item caps, then dimension caps and <c>maxBonus</c> for positive points; sums carry the decimal scale decimal
    /// arithmetic gives them, so every value turned back into a <see cref="decimal"/> is the decimal path's, digit and scale.
    /// </summary>
    /// <returns>False, leaving the outputs for the decimal path to write, when a record's points do not fit (then nothing is written but <paramref name="partials"/>).</returns>
    private static bool StepFourFixed(RuleSet rs, FixedPointRules fp, Entry[] entries, int[] order, int count, bool explain,
        Span<byte> stages, Span<decimal> dimBefore, Span<decimal> dimAdded, List<decimal> partials, ref StepFourSums sums)
    {
        var items = rs.CompiledItems;
        int itemCount = items.Length, dimCount = dimBefore.Length;
        Span<long> itemUsed = itemCount <= MaxStackCounters ? stackalloc long[itemCount] : new long[itemCount];
        Span<byte> itemScale = itemCount <= MaxStackCounters ? stackalloc byte[itemCount] : new byte[itemCount];
        Span<long> dimUsed = dimCount <= MaxStackCounters ? stackalloc long[dimCount] : new long[dimCount];
        Span<byte> dimScale = dimCount <= MaxStackCounters ? stackalloc byte[dimCount] : new byte[dimCount];
        Span<long> before = dimCount <= MaxStackCounters ? stackalloc long[dimCount] : new long[dimCount];
        Span<byte> beforeScale = dimCount <= MaxStackCounters ? stackalloc byte[dimCount] : new byte[dimCount];
        Span<long> added = dimCount <= MaxStackCounters ? stackalloc long[dimCount] : new long[dimCount];
        Span<byte> addedScale = dimCount <= MaxStackCounters ? stackalloc byte[dimCount] : new byte[dimCount];
        long bonus = 0, deductions = 0, positive = 0, magnitude = 0;
        byte bonusScale = 0, deductionsScale = 0, positiveScale = 0;
        bool anyNegative = false, anySerious = false;
        var recordPoints = fp.RecordPoints;
        for (int k = 0; k < count; k++)
        {
            ref readonly var e = ref entries[order[k]];
            if (e.Outcome != RecordOutcome.Counted) continue;
            int at = e.ItemIndex;
            ref readonly var item = ref items[at];

            // Step 3's points as a scaled integer: fixed per item, or quantity × points per unit turned into one.
            long points = recordPoints[at];
            byte scale = fp.RecordPointsScales[at];
            if (points == FixedPointRules.NoCap && !fp.TryScaleMagnitude(PointsAfterRecordCap(item, e.Record.Quantity, out _), out points, out scale)) return false;
            magnitude += points;
            if (magnitude > FixedPointRules.Limit) return false;

            long afterItem = Take(points, scale, fp.ItemCaps[at], fp.ItemCapScales[at], ref itemUsed[at], ref itemScale[at], out byte afterItemScale, out int took);
            if (explain && took == RecordExplanation.TookPart) partials.Add(fp.ToDecimal(afterItem, afterItemScale));
            if (item.Negative)
            {
                anyNegative = true;
                anySerious |= item.Serious;
                deductions += afterItem;
                deductionsScale = Math.Max(deductionsScale, afterItemScale);
                stages[k] = (byte)took;
                continue;
            }

            positive += afterItem;
            positiveScale = Math.Max(positiveScale, afterItemScale);
            int d = item.Dimension;
            before[d] += afterItem;
            beforeScale[d] = Math.Max(beforeScale[d], afterItemScale);
            long afterDim = Take(afterItem, afterItemScale, fp.DimensionCaps[d], fp.DimensionCapScales[d], ref dimUsed[d], ref dimScale[d], out byte afterDimScale, out int tookDim);
            if (explain && tookDim == RecordExplanation.TookPart) partials.Add(fp.ToDecimal(afterDim, afterDimScale));
            long applied = Take(afterDim, afterDimScale, fp.MaxBonus, fp.MaxBonusScale, ref bonus, ref bonusScale, out byte appliedScale, out int tookBonus);
            if (explain && tookBonus == RecordExplanation.TookPart) partials.Add(fp.ToDecimal(applied, appliedScale));
            stages[k] = (byte)(took | (tookDim << 2) | (tookBonus << 4));
            added[d] += applied;
            addedScale[d] = Math.Max(addedScale[d], appliedScale);
        }

        for (int d = 0; d < dimCount; d++)
        {
            dimBefore[d] = fp.ToDecimal(before[d], beforeScale[d]);
            dimAdded[d] = fp.ToDecimal(added[d], addedScale[d]);
        }

        sums.AnyNegative = anyNegative;
        sums.AnySerious = anySerious;
        sums.PositiveBeforeCaps = fp.ToDecimal(positive, positiveScale);
        sums.Bonus = fp.ToDecimal(bonus, bonusScale);
        sums.Deductions = fp.ToDecimal(deductions, deductionsScale);

        // Step 5's total in decimal, as the decimal path computes it: the same bits, also the sign of a zero
        // (0 − 0.0 is a negative zero in decimal); within the fixed-point limit it cannot overflow.
        sums.Total = rs.Base + sums.Bonus - sums.Deductions;
        return true;
    }

    /// <summary>Spec §3 step 4 in <see cref="decimal"/>, for any input: the same outputs as <see cref="StepFourFixed"/>, which agrees with it where it applies.</summary>
    private static void StepFourDecimal(RuleSet rs, Entry[] entries, int[] order, int count, bool explain,
        Span<byte> stages, Span<decimal> dimBefore, Span<decimal> dimAdded, List<decimal> partials, ref StepFourSums sums)
    {
        var items = rs.CompiledItems;
        int dimCount = dimBefore.Length;
        Span<decimal> itemUsed = items.Length <= MaxStackCounters ? stackalloc decimal[items.Length] : new decimal[items.Length];
        Span<decimal> dimUsed = dimCount <= MaxStackCounters ? stackalloc decimal[dimCount] : new decimal[dimCount];
        decimal bonusUsed = 0m, deductions = 0m, positiveBeforeCaps = 0m;
        bool anyNegative = false, anySerious = false;
        for (int k = 0; k < count; k++)
        {
            ref readonly var e = ref entries[order[k]];
            if (e.Outcome != RecordOutcome.Counted) continue;
            ref readonly var item = ref items[e.ItemIndex];
            decimal capped = PointsAfterRecordCap(item, e.Record.Quantity, out _);
            decimal afterItem = Take(capped, item.ItemCap, ref itemUsed[e.ItemIndex], out int took);
            if (explain && took == RecordExplanation.TookPart) partials.Add(afterItem);
            if (item.Negative)
            {
                anyNegative = true;
                anySerious |= item.Serious;
                deductions = SaturatingAdd(deductions, afterItem);
                stages[k] = (byte)took;
                continue;
            }

            positiveBeforeCaps = SaturatingAdd(positiveBeforeCaps, afterItem);
            int d = item.Dimension;
            dimBefore[d] = SaturatingAdd(dimBefore[d], afterItem);
            decimal afterDim = Take(afterItem, rs.DimensionCaps[d], ref dimUsed[d], out int tookDim);
            if (explain && tookDim == RecordExplanation.TookPart) partials.Add(afterDim);
            decimal applied = Take(afterDim, rs.MaxBonus, ref bonusUsed, out int tookBonus);
            if (explain && tookBonus == RecordExplanation.TookPart) partials.Add(applied);
            stages[k] = (byte)(took | (tookDim << 2) | (tookBonus << 4));

            // The explanation's DimensionSubtotal.Points: each dimension's applied points summed in this order (so with this scale).
            dimAdded[d] = SaturatingAdd(dimAdded[d], applied);
        }

        sums.AnyNegative = anyNegative;
        sums.AnySerious = anySerious;
        sums.PositiveBeforeCaps = positiveBeforeCaps;
        sums.Bonus = bonusUsed;
        sums.Deductions = deductions;
        try
        {
            sums.Total = rs.Base + bonusUsed - deductions;
        }
        catch (OverflowException)
        {
            sums.Total = deductions > bonusUsed ? decimal.MinValue : decimal.MaxValue; // beyond any [min, max]: clamped at step 5
        }
    }

    /// <summary>What step 4 found: whether a negative (and a serious one) counts, and the sums of step 5.</summary>
    private struct StepFourSums
    {
        public bool AnyNegative;
        public bool AnySerious;
        public decimal PositiveBeforeCaps;
        public decimal Bonus;
        public decimal Deductions;
        public decimal Total;
    }
}
