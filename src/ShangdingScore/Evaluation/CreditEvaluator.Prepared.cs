using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>
    /// Scores one subject's prepared records without building an explanation: the same status, score
    /// (value and scale), grade and clean flag as <see cref="Evaluate(ScoringPlan, EvaluationRequest)"/> on
    /// <see cref="PreparedRecords.Records"/>, computed from the prepared form (see <see cref="PreparedRecords"/>).
    /// </summary>
    /// <param name="plan">The plan for the day; its rule set must be the one <paramref name="records"/> were prepared against.</param>
    /// <param name="records">The subject's prepared records.</param>
    /// <param name="enrolment">The subject's enrolment; not enrolled on <c>plan.AsOf</c> gives status not-enrolled and no score.</param>
    /// <param name="knownAt">The view of the data (spec §3a); null for everything known.</param>
    /// <remarks>Thread-safe; allocates nothing on the prepared path.</remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> were prepared against another rule set than the plan's.</exception>
    public static ScoreSummary Score(ScoringPlan plan, PreparedRecords records, Enrolment enrolment, Instant? knownAt = null)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (records is null) throw new ArgumentNullException(nameof(records));
        if (enrolment is null) throw new ArgumentNullException(nameof(enrolment));
        if (!ReferenceEquals(records.RuleSet, plan.RuleSet))
        {
            throw new ArgumentException($"The records were prepared against {records.RuleSet} but the plan is for {plan.RuleSet}.", nameof(records));
        }

        // Enrolment (spec §3): not enrolled → no score, records not looked at.
        if (!enrolment.IsEnrolledOn(plan.AsOf)) return new ScoreSummary(EvaluationStatus.NotEnrolled, null, null, true);

        bool everythingKnown = knownAt is not { } k || records.Latest is not { } latest || k >= latest;
        if (records.Candidates is not { } candidates || !everythingKnown || !plan.HasDayNumbers)
        {
            return Run(plan, records.Subject, enrolment, records.Records, knownAt, explain: false).Summary;
        }

        return ScorePrepared(plan, candidates, records.Clean);
    }

    /// <summary>
    /// Spec §3 steps 2 and 4–7 on prepared records: which records count on asOf (day numbers), the caps in
    /// exact fixed point, then the total, published and graded by the same code as the decimal path.
    /// </summary>
    private static ScoreSummary ScorePrepared(ScoringPlan plan, PreparedRecord[] candidates, bool clean)
    {
        var rs = plan.RuleSet;
        var fp = rs.FixedPoint!;
        var items = rs.CompiledItems;
        int itemCount = items.Length, dimCount = rs.Dimensions.Length;
        Span<long> itemUsed = itemCount <= MaxStackCounters ? stackalloc long[itemCount] : new long[itemCount];
        Span<byte> itemScale = itemCount <= MaxStackCounters ? stackalloc byte[itemCount] : new byte[itemCount];
        Span<long> dimUsed = dimCount <= MaxStackCounters ? stackalloc long[dimCount] : new long[dimCount];
        Span<byte> dimScale = dimCount <= MaxStackCounters ? stackalloc byte[dimCount] : new byte[dimCount];
        long bonusUsed = 0, deductions = 0;
        byte bonusScale = 0, deductionsScale = 0;
        bool anyNegative = false, anySerious = false;
        int asOf = plan.AsOfDay;
        var firstCounting = plan.FirstCountingDay;
        var itemCaps = fp.ItemCaps;
        var itemCapScales = fp.ItemCapScales;

        for (int i = 0; i < candidates.Length; i++)
        {
            ref readonly var c = ref candidates[i];
            int at = c.ItemIndex;

            // Step 2 on asOf, in Classify's order: not yet occurred, expired, repaired.
            if (c.OccurredDay > asOf || c.OccurredDay < firstCounting[at] || asOf >= c.RepairedFromDay) continue;

            // Step 4: caps, taken in (occurredOn, id) order as the decimal path takes them.
            ref readonly var item = ref items[at];
            long afterItem = Take(c.Points, c.Scale, itemCaps[at], itemCapScales[at], ref itemUsed[at], ref itemScale[at], out byte afterItemScale);
            if (item.Negative)
            {
                anyNegative = true;
                anySerious |= item.Serious;
                deductions += afterItem;
                deductionsScale = Math.Max(deductionsScale, afterItemScale);
                continue;
            }

            int d = item.Dimension;
            long afterDim = Take(afterItem, afterItemScale, fp.DimensionCaps[d], fp.DimensionCapScales[d], ref dimUsed[d], ref dimScale[d], out byte afterDimScale);
            Take(afterDim, afterDimScale, fp.MaxBonus, fp.MaxBonusScale, ref bonusUsed, ref bonusScale, out _);
        }

        // Step 5: total = base + bonus − deductions (exact, with decimal's scale), then the same Publish.
        long total = fp.Base + bonusUsed - deductions;
        byte totalScale = Math.Max(fp.BaseScale, Math.Max(bonusScale, deductionsScale));
        decimal published = rs.Publish(fp.ToDecimal(total, totalScale));

        // Step 6 and 7.
        var bandGrade = rs.Scale.Grades[rs.Scale.BandIndexOf(published)];
        return new ScoreSummary(EvaluationStatus.Scored, published, FinalGrade(rs, bandGrade, anyNegative, anySerious), clean);
    }

    /// <summary>
    /// <see cref="Take(decimal, decimal, ref decimal, out int)"/> on scaled integers, carrying decimal scales as decimal
    /// arithmetic does: a sum or difference has the larger scale of its operands, and nothing taken is <c>0m</c> (scale 0).
    /// </summary>
    private static long Take(long amount, byte amountScale, long cap, byte capScale, ref long used, ref byte usedScale, out byte takenScale) =>
        Take(amount, amountScale, cap, capScale, ref used, ref usedScale, out takenScale, out _);

    /// <summary>The same, saying which of the three results it is (<see cref="RecordExplanation.TookAll"/> and the others).</summary>
    private static long Take(long amount, byte amountScale, long cap, byte capScale, ref long used, ref byte usedScale, out byte takenScale, out int took)
    {
        if (cap == FixedPointRules.NoCap)
        {
            used += amount;
            usedScale = Math.Max(usedScale, amountScale);
            takenScale = amountScale;
            took = RecordExplanation.TookAll;
            return amount;
        }

        long left = cap - used;
        long taken;
        if (amount <= left)
        {
            taken = amount;
            takenScale = amountScale;
            took = RecordExplanation.TookAll;
        }
        else if (left > 0)
        {
            taken = left;
            takenScale = Math.Max(capScale, usedScale);
            took = RecordExplanation.TookPart;
        }
        else
        {
            taken = 0;
            takenScale = 0;
            took = RecordExplanation.TookNothing;
        }

        used += taken;
        usedScale = Math.Max(usedScale, takenScale);
        return taken;
    }

    /// <summary>
    /// Load-time work for <see cref="PreparedRecords.Create"/>, with the decimal path's own steps: copies merged
    /// (everything known), status as far as it does not depend on asOf, points after the per-record cap.
    /// </summary>
    internal static PreparedRecords Prepare(RuleSet rs, SubjectId subject, ImmutableArray<CreditRecord> records)
    {
        Instant? latest = null;
        foreach (var r in records)
        {
            if (r is null) continue;
            if (latest is not { } l || r.RecordedAt > l) latest = r.RecordedAt;
            foreach (var ev in r.Events)
            {
                if (ev.At > latest!.Value) latest = ev.At;
            }
        }

        bool clean = false;
        var candidates = rs.FixedPoint is { } fp ? PrepareCandidates(rs, fp, subject, records, out clean) : null;
        return new PreparedRecords(rs, subject, records, latest, candidates, candidates is not null && clean);
    }

    /// <summary>Prepared records are gathered on the stack up to this many (24 bytes each), then copied to an array of the exact size.</summary>
    private const int MaxStackPrepared = 128;

    /// <summary>The records that may count, or null when one does not fit the prepared form.</summary>
    private static PreparedRecord[]? PrepareCandidates(RuleSet rs, FixedPointRules fp, SubjectId subject, ImmutableArray<CreditRecord> records, out bool clean)
    {
        clean = true;
        var scratch = Scratch.Rent();
        try
        {
            // Step 1 and §3a with everything known.
            int count = MergeCopies(records, null, scratch);
            var entries = scratch.Entries;

            // Step 4 allocates in (occurredOn, id) order on every path: the candidates are kept in that order.
            Array.Sort(entries, 0, count, EntryOrder.Instance);
            var items = rs.CompiledItems;
            Span<PreparedRecord> list = count <= MaxStackPrepared ? stackalloc PreparedRecord[count] : new PreparedRecord[count];
            int n = 0;
            long magnitude = 0;
            for (int i = 0; i < count; i++)
            {
                ref var e = ref entries[i];

                // Step 2, the part that does not depend on asOf.
                var never = ClassifyStatus(rs, ref e, subject, null, scratch);
                if (never is RecordOutcome.UnknownItem or RecordOutcome.OtherSubject || e.Conflicting) clean = false;
                if (e.ItemIndex < 0) continue;

                // Step 3, for every record of a known item as the decimal path computes it (an overflow there is left to it).
                decimal capped;
                try
                {
                    capped = PointsAfterRecordCap(items[e.ItemIndex], e.Record.Quantity, out _);
                }
                catch (OverflowException)
                {
                    return null;
                }

                if (never is not null) continue;
                if (!ScoringPlan.TryDayNumber(e.Record.OccurredOn, out int occurred)) return null;
                int repairedFrom = int.MaxValue;
                if (e.RepairedFrom is { } from && !ScoringPlan.TryDayNumber(from, out repairedFrom)) return null;
                if (!fp.TryScale(capped, out long points, out byte scale)) return null;
                magnitude += Math.Abs(points);
                if (magnitude > FixedPointRules.Limit) return null;
                list[n++] = new PreparedRecord(e.ItemIndex, occurred, repairedFrom, points, scale);
            }

            return list.Slice(0, n).ToArray();
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }
}
