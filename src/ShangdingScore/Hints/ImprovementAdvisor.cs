using System.Collections.Immutable;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// Computes what would raise a subject's grade (改进建议) from the rule set and the evaluator, never by guesswork:
/// every number of a hint is read from the evaluation or found by evaluating the same request again — on a later
/// day, or with one assumed record or repair added — with the pure <see cref="CreditEvaluator"/>. The hints only
/// read the evaluator; they change nothing about scoring. docs/hints.md maps each kind to its rule-set fields and
/// evaluator steps.
/// </summary>
/// <remarks>
/// Pure and thread-safe: no I/O, no clock, no randomness; the same input gives the same hints in the same order.
/// Hints about later days use the same rule-set version, the records known now and the request's enrolment.
/// </remarks>
public static partial class ImprovementAdvisor
{
    /// <summary>The provider code of the records the advisor assumes (one more record of a positive item).</summary>
    public const string AssumedProvider = "improvement-hint";

    /// <summary>Evaluates <paramref name="request"/> on <paramref name="ruleSet"/> and computes every hint that applies.</summary>
    /// <param name="ruleSet">The rule set that scores the subject.</param>
    /// <param name="request">The subject, enrolment, records, <c>asOf</c> and <c>knownAt</c>, as for <see cref="CreditEvaluator.Evaluate(RuleSet, EvaluationRequest)"/>.</param>
    /// <returns>The hints; empty with <see cref="AdviceStatus.NotEnrolled"/> when the subject has no score on <c>asOf</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImprovementHints Advise(RuleSet ruleSet, EvaluationRequest request)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        if (request is null) throw new ArgumentNullException(nameof(request));
        var now = CreditEvaluator.Evaluate(ruleSet, request);
        if (now.Status != EvaluationStatus.Scored)
        {
            return new ImprovementHints(now, AdviceStatus.NotEnrolled, ImmutableArray<ImprovementHint>.Empty);
        }

        var ctx = new AdviceContext(ruleSet, request, now);
        var hints = ImmutableArray.CreateBuilder<ImprovementHint>();
        if (NextBand(ctx) is { } next) hints.Add(next);
        hints.AddRange(Requirements(ctx));
        hints.AddRange(PositiveItems(ctx));
        hints.AddRange(NegativeRecordsEnding(ctx));
        hints.AddRange(RepairApplications(ctx));
        return new ImprovementHints(now, AdviceStatus.Advised, hints.ToImmutable());
    }

    /// <summary>Spec §2, §3 step 6: the lowest publishable score of the band one rank up, minus the score.</summary>
    private static NextBandHint? NextBand(AdviceContext ctx)
    {
        var now = ctx.Now;
        var scale = ctx.RuleSet.Scale;
        int rank = now.BandGrade!.Rank;
        if (rank + 1 >= scale.Grades.Length) return null;
        var next = scale.Grades[rank + 1];
        var sources = ImmutableArray.CreateBuilder<string>();
        sources.Add(ctx.GradePath(next.Code) + ".lower");

        // A requirement in force that caps the grade below the next band: the lowest such cap, the first in rule-set order.
        AppliedRequirement? heldBy = null;
        foreach (var r in now.Requirements)
        {
            if (r.CapGradeAt.Rank < next.Rank && (heldBy is null || r.CapGradeAt.Rank < heldBy.CapGradeAt.Rank)) heldBy = r;
        }

        if (heldBy is not null) sources.Add(ctx.RequirementPath(heldBy.Code) + ".capGradeAt");
        return new NextBandHint(sources.ToImmutable(), now.Score!.Value, now.BandGrade, next, scale.Bands[rank + 1].Lower, scale.LowestScoreOf(rank + 1), heldBy);
    }

    /// <summary>Spec §3 step 7: each requirement that lowers the grade, and the day its triggering records have all stopped counting.</summary>
    private static IEnumerable<RequirementHint> Requirements(AdviceContext ctx)
    {
        var now = ctx.Now;
        var lines = now.Records.ToDictionary(l => l.RecordId, StringComparer.Ordinal);
        foreach (var applied in now.Requirements)
        {
            if (!applied.LowersGrade) continue;
            var path = ctx.RequirementPath(applied.Code);
            var sources = new List<string> { path + ".when", path + ".capGradeAt" };
            var itemIndexes = new SortedSet<int>();
            bool byRepair = false;
            var withoutEnd = ImmutableArray.CreateBuilder<string>();
            LocalDateMax liftsOn = default;
            foreach (var id in applied.TriggeredBy)
            {
                var line = lines[id];
                if (AdviceContext.EndOf(line, out var cause) is not { } end)
                {
                    withoutEnd.Add(id);
                    continue;
                }

                liftsOn.Add(end);
                if (cause == RecordEndCause.RepairTakesEffect) byRepair = true;
                else itemIndexes.Add(ctx.ItemIndex(line.Item!));
            }

            foreach (var i in itemIndexes) sources.Add(ctx.ItemPath(ctx.RuleSet.Items[i]) + ".countsFor");
            if (byRepair) sources.Add("$.repair.delay");
            if (withoutEnd.Count > 0 || liftsOn.Value is not { } day)
            {
                yield return new RequirementHint(sources.ToImmutableArray(), applied, now.BandGrade!, withoutEnd.ToImmutable(), null, null, stillApplies: true);
                continue;
            }

            var then = ctx.On(day);
            bool still = then.Requirements.Any(r => string.Equals(r.Code, applied.Code, StringComparison.Ordinal));
            yield return new RequirementHint(sources.ToImmutableArray(), applied, now.BandGrade!, withoutEnd.ToImmutable(), day, new ProjectedScore(then), still);
        }
    }

    /// <summary>The latest of some dates.</summary>
    private struct LocalDateMax
    {
        public NodaTime.LocalDate? Value { get; private set; }

        public void Add(NodaTime.LocalDate date)
        {
            if (Value is not { } v || date > v) Value = date;
        }
    }
}
