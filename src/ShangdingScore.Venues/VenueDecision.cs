using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Venues;

/// <summary>What a venue asks: a benefit, on the strength of the grant the citizen presented.</summary>
/// <remarks>Immutable.</remarks>
public sealed class VenueQuery
{
    /// <summary>The grant token the citizen presented (docs/grants.md).</summary>
    public required string GrantToken { get; init; }

    /// <summary>The benefit asked about, a code of the catalog (for example <c>healthcare.family-doctor-priority</c>).</summary>
    public required string BenefitCode { get; init; }

    /// <summary>How much the venue asks to learn; null asks for whatever the grant allows. Asking for more than the grant allows is refused (<c>over-scope</c>).</summary>
    /// <value>The default is null.</value>
    public DisclosureScope? Scope { get; init; }
}

/// <summary>
/// The answer a venue gets: the decision and its reason always; the grade, the score and the
/// explanation only as far as the grant's scope (and the query) allow. A refused query
/// (<see cref="QueryOutcome.Refused"/>) carries only the refusal's reason: nothing about the subject.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class VenueDecision
{
    /// <summary>Whether the query was answered or refused.</summary>
    public required QueryOutcome Outcome { get; init; }

    /// <summary>The benefit asked about.</summary>
    public required string BenefitCode { get; init; }

    /// <summary>The benefit's name, when the catalog holds it.</summary>
    public LocalizedText? BenefitName { get; init; }

    /// <summary>Whether the benefit is granted (false for every refused query).</summary>
    public required bool IsGranted { get; init; }

    /// <summary>One of <see cref="GrantRefusalCodes"/> when refused, of <see cref="BenefitReasonCodes"/> when answered.</summary>
    public required string ReasonCode { get; init; }

    /// <summary>The reason in zh-CN and English.</summary>
    public required LocalizedText Reason { get; init; }

    /// <summary>The terms, when granted.</summary>
    public BenefitTerms? Terms { get; init; }

    /// <summary>Until when a granted decision holds (exclusive).</summary>
    public Instant? ValidUntil { get; init; }

    /// <summary>When the query was decided.</summary>
    public required Instant DecidedAt { get; init; }

    /// <summary>The scope disclosed; null when refused.</summary>
    public DisclosureScope? DisclosedScope { get; init; }

    /// <summary>The grade, only with scope <see cref="DisclosureScope.Grade"/> or more (and a subject who is enrolled).</summary>
    public CreditGrade? Grade { get; init; }

    /// <summary>The score, only with scope <see cref="DisclosureScope.ScoreWithExplanation"/>.</summary>
    public decimal? Score { get; init; }

    /// <summary>The explanation in zh-CN and English (ExplanationRenderer), only with scope <see cref="DisclosureScope.ScoreWithExplanation"/>.</summary>
    public LocalizedText? Explanation { get; init; }

    /// <summary>
    /// The rules the decision was made with (id, version, content hash), when the query was answered; its
    /// <see cref="RuleSetReference.InForce"/> is false when a pinned version that is not in force on the day decided.
    /// </summary>
    public RuleSetReference? RuleSet { get; init; }
}
