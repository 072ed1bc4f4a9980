namespace ShangdingScore.Evaluation;

public static partial class CreditEvaluator
{
    /// <summary>
    /// Scores one subject without building an explanation, like <see cref="Score(ScoringPlan, EvaluationRequest)"/>, and
    /// also gives what each dimension adds: slot <c>d</c> of <paramref name="dimensionPoints"/> receives the
    /// <see cref="DimensionSubtotal.Points"/> that <see cref="Evaluate(ScoringPlan, EvaluationRequest)"/> reports for the
    /// rule set's dimension <c>d</c> (the same value, to the decimal scale). For aggregate reports (monitoring) that need the
    /// dimensions of every subject but no explanation.
    /// </summary>
    /// <param name="plan">The prepared rule set and day.</param>
    /// <param name="request">The subject.</param>
    /// <param name="dimensionPoints">One slot per dimension of the plan's rule set, in its order; every slot is overwritten (0 when the subject is not scored).</param>
    /// <returns>The same summary as <see cref="Score(ScoringPlan, EvaluationRequest)"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The request's <c>AsOf</c> is not the plan's, or <paramref name="dimensionPoints"/> does not have one slot per dimension.</exception>
    public static ScoreSummary Score(ScoringPlan plan, EvaluationRequest request, Span<decimal> dimensionPoints)
    {
        Check(plan, request);
        int dimensions = plan.RuleSet.Dimensions.Length;
        if (dimensionPoints.Length != dimensions)
        {
            throw new ArgumentException($"The rule set has {dimensions} dimensions but {dimensionPoints.Length} slots were given.", nameof(dimensionPoints));
        }

        return Run(plan, request.Subject, request.Enrolment, request.Records, request.KnownAt, explain: false, dimensionPoints).Summary;
    }
}
