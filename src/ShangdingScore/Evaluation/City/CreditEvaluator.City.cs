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
    /// <param name="layer">The layer.</param>
    /// <param name="subject">The subject's position in the layer.</param>
    /// <param name="kindFirstCounting">Per record kind of the layer: the first occurrence day that still counts on the plan's day (its item's), as days after <see cref="CompactCity.Origin"/>.</param>
    /// <param name="asOfRel">The plan's day as days after <see cref="CompactCity.Origin"/>.</param>
    /// <param name="repairCursor">An index into the layer's repair list at or before the subject's first repaired record; moved forward.</param>
    /// <param name="counters">Cleared here; its memo of published scores is filled.</param>
    /// <param name="gradeRank">The final grade's rank (its index in the rule set's grades).</param>
    /// <returns>The published score's entry in <paramref name="counters"/>' memo; the grade's rank in <paramref name="gradeRank"/>.</returns>
    internal static ref readonly PublishedScore ScoreCompact(ScoringPlan plan, CityLayer layer, int subject, int[] kindFirstCounting, int asOfRel, ref int repairCursor, CityCounters counters, out int gradeRank)
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
        var kinds = layer.Kinds;
        var days = layer.Days;
        var kindTable = layer.KindInfo;
        int end = layer.Offsets[subject + 1];

        for (int r = layer.Offsets[subject]; r < end; r++)
        {
            int k = kinds[r];
            int occurred = days[r];

            // Step 2 on asOf, in Classify's order: not yet occurred, expired, repaired.
            if (occurred > asOfRel || occurred < kindFirstCounting[k]) continue;
            ref readonly var kind = ref kindTable[k];
            if (kind.Repaired)
            {
                var repairAt = layer.RepairAt;
                while (repairAt[repairCursor] < r) repairCursor++;
                if (plan.AsOfDay >= layer.RepairedFromDay[repairCursor]) continue;
            }

            // Step 4: caps, taken in (occurredOn, id) order as the decimal path takes them.
            int at = kind.Item;
            long afterItem = Take(kind.Points, kind.Scale, kind.ItemCap, kind.ItemCapScale, ref itemUsed[at], ref itemScale[at], out byte afterItemScale);
            int d = kind.Dimension;
            if (d < 0)
            {
                anyNegative = true;
                anySerious |= kind.Serious;
                deductions += afterItem;
                deductionsScale = Math.Max(deductionsScale, afterItemScale);
                continue;
            }

            long afterDim = Take(afterItem, afterItemScale, fp.DimensionCaps[d], fp.DimensionCapScales[d], ref dimUsed[d], ref dimScale[d], out byte afterDimScale);
            Take(afterDim, afterDimScale, fp.MaxBonus, fp.MaxBonusScale, ref bonusUsed, ref bonusScale, out _);
        }

        // Step 5: total = base + bonus − deductions (exact, with decimal's scale), then the same Publish (memoised: the
        // published score and its band depend on the exact total and its scale only).
        long total = fp.Base + bonusUsed - deductions;
        byte totalScale = Math.Max(fp.BaseScale, Math.Max(bonusScale, deductionsScale));
        ref var memo = ref counters.Memo[CityCounters.Slot(total, totalScale)];
        if (!memo.Filled || memo.Total != total || memo.TotalScale != totalScale)
        {
            decimal published = rs.Publish(fp.ToDecimal(total, totalScale));
            memo = new PublishedScore(total, totalScale, published, rs.Scale.BandIndexOf(published), rs.Scale.Min, rs.Precision);
        }

        // Step 6 and 7.
        gradeRank = FinalGrade(rs, rs.Scale.Grades[memo.Band], anyNegative, anySerious).Rank;
        return ref memo;
    }
}

/// <summary>
/// A total of step 5 (scaled, with its decimal scale) and what it publishes as: the score, its band, its whole-point
/// bucket, and the score in units of the rule set's precision for summing without decimals.
/// </summary>
internal readonly struct PublishedScore
{
    public PublishedScore(long total, byte totalScale, decimal published, int band, decimal min, int precision)
    {
        Total = total;
        TotalScale = totalScale;
        Published = published;
        Band = band;
        Bucket = (int)Math.Min(int.MaxValue, decimal.Floor(published) - decimal.Floor(min));
        Filled = true;
        PublishedScale = (byte)FixedPointRules.ScaleOf(published);
        // Whole: a published score has at most `precision` (≤ 4) decimals; below 10^16 in magnitude: rule-set numbers
        // have at most 12 integer digits (spec §3a), so a sum of 512 of them fits a long (CityTally.Accumulator).
        Units = (long)(published * GradeScale.Pow10(precision));
    }

    public long Total { get; }

    public byte TotalScale { get; }

    public bool Filled { get; }

    public decimal Published { get; }

    public int Band { get; }

    /// <summary>floor(published) − floor(scale minimum).</summary>
    public int Bucket { get; }

    /// <summary>The decimal scale of <see cref="Published"/>.</summary>
    public byte PublishedScale { get; }

    /// <summary><see cref="Published"/> × 10^precision (the rule set's): a whole number below 10^16 in magnitude.</summary>
    public long Units { get; }
}

/// <summary>
/// One worker's step-4 counters, reused subject after subject, and its memo of published scores. Kept per thread
/// between rescorings on the same rule set (<see cref="Rent"/>, <see cref="Return"/>): the memo depends on the
/// rule set only (a total's published score and band), so it stays valid; nothing else survives a subject.
/// </summary>
internal sealed class CityCounters
{
    [ThreadStatic]
    private static CityCounters? t_cached;

    private CityCounters(RuleSet ruleSet)
    {
        RuleSet = ruleSet;
        ItemUsed = new long[ruleSet.CompiledItems.Length];
        ItemScale = new byte[ruleSet.CompiledItems.Length];
        DimensionUsed = new long[ruleSet.Dimensions.Length];
        DimensionScale = new byte[ruleSet.Dimensions.Length];
    }

    /// <summary>The rule set the memo is for.</summary>
    public RuleSet RuleSet { get; }

    public long[] ItemUsed { get; }

    public byte[] ItemScale { get; }

    public long[] DimensionUsed { get; }

    public byte[] DimensionScale { get; }

    /// <summary>Published scores by total: a direct-mapped memo of 2^<see cref="MemoBits"/> entries.</summary>
    public PublishedScore[] Memo { get; } = new PublishedScore[1 << MemoBits];

    public const int MemoBits = 14;

    /// <summary>The thread's counters when they are for <paramref name="ruleSet"/> and not in use, else new ones.</summary>
    public static CityCounters Rent(RuleSet ruleSet)
    {
        var cached = t_cached;
        if (cached is not null && ReferenceEquals(cached.RuleSet, ruleSet))
        {
            t_cached = null;
            return cached;
        }

        return new CityCounters(ruleSet);
    }

    /// <summary>Keeps <paramref name="counters"/> for the thread's next rescoring.</summary>
    public static void Return(CityCounters counters) => t_cached = counters;

    /// <summary>The memo slot of a total (a multiplicative hash).</summary>
    public static int Slot(long total, byte scale) =>
        unchecked((int)(((ulong)(total ^ (total >> 29) ^ ((long)scale << 40)) * 0x9E3779B97F4A7C15UL) >> (64 - MemoBits)));
}
