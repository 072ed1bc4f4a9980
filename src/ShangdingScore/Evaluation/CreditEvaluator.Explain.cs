using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>Step-4 stages of one line live on the stack up to this many lines (one byte each).</summary>
    private const int MaxStackStages = 1024;

    /// <summary>
    /// Spec §3 step 8, from what steps 1–7 left in the scratch: one line per merged record in (occurredOn, id) order,
    /// each a small value naming its record, item, outcome and how each cap treated it (see
    /// <see cref="RecordExplanation"/>); the requirements that hold with the counting records that trigger them; each
    /// dimension's subtotal; the flags. No per-line objects, strings or closures.
    /// </summary>
    private static CreditEvaluation Explain(ScoringPlan plan, SubjectId subject, Instant? knownAt, Entry[] entries, int[] order, int count,
        ReadOnlySpan<byte> stages, ReadOnlySpan<decimal> dimBefore, ReadOnlySpan<decimal> dimAdded, in StepFourSums sums,
        decimal published, CreditGrade bandGrade, CreditGrade grade, Scratch scratch)
    {
        var rs = plan.RuleSet;
        var items = rs.CompiledItems;
        var context = scratch.Partials.Count == 0 ? plan.LineContext : new ExplanationContext(rs, scratch.Partials.ToArray());
        var flags = scratch.Flags;
        if (plan.NotInForceFlag is { } notInForce) flags.Add(notInForce);
        var negativeIds = scratch.NegativeIds;
        var seriousIds = scratch.SeriousIds;

        var lines = count == 0 ? Array.Empty<RecordExplanation>() : new RecordExplanation[count];
        int partial = 0;
        for (int k = 0; k < count; k++)
        {
            ref readonly var e = ref entries[order[k]];
            int took = stages[k];
            lines[k] = new RecordExplanation(e.Record, context, e.ItemIndex, e.Outcome, e.Copies, e.RepairedFrom, took, partial);
            partial += Parts(took);
            if (e.Outcome == RecordOutcome.Counted && items[e.ItemIndex].Negative)
            {
                negativeIds.Add(e.Record.Id);
                if (items[e.ItemIndex].Serious) seriousIds.Add(e.Record.Id);
            }

            if (e.Outcome is RecordOutcome.UnknownItem or RecordOutcome.OtherSubject || e.Conflicting || e.RepairOfPositive) AddFlags(flags, e, subject);
        }

        var requirements = Requirements(rs, sums, bandGrade, negativeIds, seriousIds);
        var dims = new DimensionSubtotal[rs.Dimensions.Length];
        for (int d = 0; d < dims.Length; d++)
        {
            var dimension = rs.Dimensions[d];
            dims[d] = new DimensionSubtotal(dimension.Code, dimension.Name, dimBefore[d], dimension.PositiveCap, dimAdded[d]);
        }

        return new CreditEvaluation(EvaluationStatus.Scored, subject, plan.Reference, plan.AsOf, knownAt, published, bandGrade, grade,
            new ScoreBreakdown(rs.Base, sums.PositiveBeforeCaps, sums.Bonus, sums.Deductions, sums.Total, published),
            Wrap(dims), requirements, Wrap(lines), flags.Count == 0 ? ImmutableArray<EvaluationFlag>.Empty : Wrap(flags.ToArray()));
    }

    /// <summary>Spec §3 step 7 in the explanation: every requirement whose condition holds, with the counting records that make it hold.</summary>
    private static ImmutableArray<AppliedRequirement> Requirements(RuleSet rs, in StepFourSums sums, CreditGrade bandGrade, List<string> negativeIds, List<string> seriousIds)
    {
        int holding = 0;
        for (int r = 0; r < rs.Requirements.Length; r++)
        {
            if (Holds(rs.Requirements[r].When, sums.AnyNegative, sums.AnySerious)) holding++;
        }

        if (holding == 0) return ImmutableArray<AppliedRequirement>.Empty;
        var applied = new AppliedRequirement[holding];
        ImmutableArray<string> negative = default, serious = default;
        int n = 0;
        for (int r = 0; r < rs.Requirements.Length; r++)
        {
            var req = rs.Requirements[r];
            if (!Holds(req.When, sums.AnyNegative, sums.AnySerious)) continue;
            var cap = rs.RequirementCaps[r];
            var triggers = req.When == RequirementCondition.AnySeriousNegative
                ? (serious.IsDefault ? serious = Wrap(seriousIds.ToArray()) : serious)
                : (negative.IsDefault ? negative = Wrap(negativeIds.ToArray()) : negative);
            applied[n++] = new AppliedRequirement(req.Code, req.Name, req.When, cap, cap.Rank < bandGrade.Rank, triggers);
        }

        return Wrap(applied);
    }

    /// <summary>How many stages of a line took part of their amount (each keeps one value in <see cref="ExplanationContext.Partials"/>).</summary>
    private static int Parts(int took) =>
        ((took & 3) == RecordExplanation.TookPart ? 1 : 0) + (((took >> 2) & 3) == RecordExplanation.TookPart ? 1 : 0) + (((took >> 4) & 3) == RecordExplanation.TookPart ? 1 : 0);

    /// <summary>An immutable array over <paramref name="array"/> without a copy; the array is never written again.</summary>
    private static ImmutableArray<T> Wrap<T>(T[] array) => ImmutableCollectionsMarshal.AsImmutableArray(array);

    private static void AddFlags(List<EvaluationFlag> flags, in Entry e, SubjectId subject)
    {
        var id = e.Record.Id;
        if (e.Outcome == RecordOutcome.UnknownItem)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.UnknownItem, id, $"record {id}: item code '{e.Record.ItemCode}' is not in the rule set; the record does not count."));
        }
        else if (e.Outcome == RecordOutcome.OtherSubject)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.OtherSubject, id, $"record {id} is about {e.Record.Subject}, not {subject}; it does not count."));
        }

        if (e.Conflicting)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.ConflictingCopies, id, $"record {id}: {e.Copies} copies disagree in content; the latest delivery was used."));
        }

        if (e.RepairOfPositive)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.RepairOfPositiveIgnored, id, $"record {id} is positive; its repair event was ignored."));
        }
    }
}
