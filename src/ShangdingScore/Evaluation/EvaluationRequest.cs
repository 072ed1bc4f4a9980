using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Evaluation;

/// <summary>
/// What one evaluation is about: a subject, their enrolment, their records, the day the score is
/// for (<see cref="AsOf"/>) and the instant the data view is taken at (<see cref="KnownAt"/>).
/// </summary>
/// <remarks>Immutable. The records may arrive in any order and may hold copies; the result does not depend on either.</remarks>
public sealed class EvaluationRequest
{
    /// <summary>The subject. Records about anyone else are set aside, shown as such and make the result not clean.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The subject's enrolment; a subject not enrolled on <see cref="AsOf"/> has no score.</summary>
    public required Enrolment Enrolment { get; init; }

    /// <summary>The subject's records, in any order.</summary>
    public required ImmutableArray<CreditRecord> Records { get; init; }

    /// <summary>The calendar day the score is for.</summary>
    public required LocalDate AsOf { get; init; }

    /// <summary>Only what was entered at or before this instant is seen; null sees everything.</summary>
    /// <value>The default is null (all data).</value>
    public Instant? KnownAt { get; init; }
}
