using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Benefits;

/// <summary>
/// What a benefit policy decides on: one object, so that fields can be added without breaking
/// implementers (as FeatureManagement's filter contexts).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class BenefitContext
{
    /// <summary>The benefit asked for.</summary>
    public required BenefitDefinition Benefit { get; init; }

    /// <summary>The subject's evaluation.</summary>
    public required CreditEvaluation Evaluation { get; init; }

    /// <summary>The rule set that produced <see cref="Evaluation"/> (its grades and time zone).</summary>
    public required RuleSet RuleSet { get; init; }

    /// <summary>Whether every record source answered; false makes every decision fail closed.</summary>
    public required bool IsComplete { get; init; }

    /// <summary>When the decision is made.</summary>
    public required Instant DecidedAt { get; init; }
}

/// <summary>
/// Maps an evaluation to a decision on one benefit (spec §5). Implementations must fail closed: a
/// decision on an incomplete or not-clean evaluation, or for a subject not enrolled, is a refusal
/// with its reason, never a grant.
/// </summary>
/// <remarks>Implementations must be thread-safe and must not do I/O that leaks the subject.</remarks>
public interface IBenefitPolicy
{
    /// <summary>Decides.</summary>
    /// <param name="context">The benefit, the evaluation and when.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    ValueTask<BenefitDecision> DecideAsync(BenefitContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The default policy: grants when the final grade is at least the benefit's
/// <see cref="BenefitDefinition.MinimumGrade"/> (compared by rank in the rule set's scale). Checks,
/// in this order, each refusing with its own reason: complete, enrolled, clean, minimum grade known,
/// grade high enough. A grant holds until the start of <c>asOf + ValidFor</c> in the rule set's zone.
/// </summary>
/// <remarks>Stateless, immutable and thread-safe.</remarks>
public sealed class GradeThresholdPolicy : IBenefitPolicy
{
    /// <summary>The shared instance.</summary>
    public static GradeThresholdPolicy Instance { get; } = new();

    /// <summary>Decides synchronously.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public BenefitDecision Decide(BenefitContext context)
    {
        if (context is null) throw new ArgumentNullException(nameof(context));
        var code = context.Benefit.Code;
        var evaluation = context.Evaluation;
        if (!context.IsComplete) return BenefitDecision.Refuse(code, BenefitReasonCodes.EvaluationIncomplete);
        if (evaluation.Status == EvaluationStatus.NotEnrolled || evaluation.Grade is null) return BenefitDecision.Refuse(code, BenefitReasonCodes.NotEnrolled);
        if (!evaluation.IsClean) return BenefitDecision.Refuse(code, BenefitReasonCodes.EvaluationNotClean);
        var minimum = context.RuleSet.Grades.FirstOrDefault(g => string.Equals(g.Code, context.Benefit.MinimumGrade, StringComparison.Ordinal));
        if (minimum is null) return BenefitDecision.Refuse(code, BenefitReasonCodes.MinimumGradeUnknown);
        if (!evaluation.Grade.IsAtLeast(minimum)) return BenefitDecision.Refuse(code, BenefitReasonCodes.GradeBelowThreshold);
        var validUntil = evaluation.AsOf.Plus(context.Benefit.ValidFor).AtStartOfDayInZone(context.RuleSet.TimeZone).ToInstant();
        return BenefitDecision.Grant(code, context.Benefit.Terms, validUntil);
    }

    /// <inheritdoc />
    public ValueTask<BenefitDecision> DecideAsync(BenefitContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<BenefitDecision>(Decide(context));
    }
}
