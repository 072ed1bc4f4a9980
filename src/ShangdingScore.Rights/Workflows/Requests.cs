using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Identity;

namespace ShangdingScore.Rights;

/// <summary>A citizen's opt-in (<see cref="RightsWorkflows.EnrolAsync"/>): who, through which channel, having read which consent text.</summary>
/// <remarks>Immutable. New fields may be added.</remarks>
public sealed class EnrolmentRequest
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>Who acts: the citizen, or credit-center staff at a counter.</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>Where consent was given.</summary>
    public required EnrolmentChannel Channel { get; init; }

    /// <summary>The version of the consent text shown.</summary>
    public required string ConsentTextVersion { get; init; }

    /// <summary>The content hash of the consent text shown (<see cref="ConsentText.ComputeHash"/>).</summary>
    public required string ConsentTextHash { get; init; }

    /// <summary>The resident identity number, for the birth date; validated, never stored (only the check's source is recorded).</summary>
    public ResidentIdNumber? ResidentId { get; init; }

    /// <summary>The birth date, when no identity number is given (or to be checked against it).</summary>
    public LocalDate? BirthDate { get; init; }
}

/// <summary>A citizen's opt-out (<see cref="RightsWorkflows.WithdrawAsync"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class WithdrawalRequest
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>Who acts: the citizen, or credit-center staff at a counter.</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>Where the withdrawal was made.</summary>
    public required EnrolmentChannel Channel { get; init; }

    /// <summary>Why, if the citizen said (optional: withdrawing needs no reason).</summary>
    public string? Reason { get; init; }
}

/// <summary>A dispute of one record (<see cref="RightsWorkflows.FileDisputeAsync"/>), by the id an explanation line shows.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DisputeFiling
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The record's id (<c>RecordExplanation.RecordId</c>).</summary>
    public required string RecordId { get; init; }

    /// <summary>Who acts: the citizen, or credit-center staff at a counter.</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>Why the record is wrong, in the citizen's words.</summary>
    public required string Reason { get; init; }

    /// <summary>References to the evidence (document ids or hashes); a second dispute after a rejection needs one not presented before.</summary>
    public ImmutableArray<string> Evidence { get; init; } = ImmutableArray<string>.Empty;
}

/// <summary>How a dispute is decided.</summary>
public enum DisputeOutcome
{
    /// <summary>The record was wrong: it never counts again (<c>dispute-upheld</c>).</summary>
    Upheld = 0,

    /// <summary>The record stands: it counts again (<c>dispute-rejected</c>).</summary>
    Rejected = 1,
}

/// <summary>The decision of a dispute (<see cref="RightsWorkflows.DecideDisputeAsync"/>), by the record's provider or the credit center.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DisputeDecision
{
    /// <summary>The dispute's case id.</summary>
    public required string CaseId { get; init; }

    /// <summary>The record's provider, or credit-center staff.</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>Upheld or rejected.</summary>
    public required DisputeOutcome Outcome { get; init; }

    /// <summary>The reasons, in zh-CN and English (the citizen reads them).</summary>
    public required LocalizedText Reason { get; init; }
}

/// <summary>An application to repair a negative record (<see cref="RightsWorkflows.ApplyForRepairAsync"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class RepairApplication
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The record's id.</summary>
    public required string RecordId { get; init; }

    /// <summary>Who acts: the citizen, or credit-center staff at a counter.</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>What the citizen did to correct the dishonest act.</summary>
    public required string Reason { get; init; }

    /// <summary>References to the evidence (receipts, court documents).</summary>
    public ImmutableArray<string> Evidence { get; init; } = ImmutableArray<string>.Empty;
}

/// <summary>The credit center's review of a repair application (<see cref="RightsWorkflows.DecideRepairAsync"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class RepairDecision
{
    /// <summary>The repair's case id.</summary>
    public required string CaseId { get; init; }

    /// <summary>Credit-center staff (only the credit center reviews repairs).</summary>
    public required RightsActor Actor { get; init; }

    /// <summary>Whether the repair is approved.</summary>
    public required bool Approve { get; init; }

    /// <summary>For an approval, the repair date: the record stops counting from it. Default: the day of the decision.</summary>
    public LocalDate? EffectiveOn { get; init; }

    /// <summary>The reasons, in zh-CN and English.</summary>
    public required LocalizedText Reason { get; init; }
}
