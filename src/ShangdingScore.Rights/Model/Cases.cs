using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>Where a citizen gave consent (渠道).</summary>
public enum EnrolmentChannel
{
    /// <summary>The i郑州 app (<c>izhengzhou-app</c>).</summary>
    IZhengzhouApp = 0,

    /// <summary>The 信用郑州 website (<c>credit-zhengzhou-web</c>).</summary>
    CreditZhengzhouWeb = 1,

    /// <summary>A service counter, with staff of the credit center (<c>counter</c>).</summary>
    Counter = 2,
}

/// <summary>A consent given on enrolment, as recorded: who, when, where, and exactly which text.</summary>
/// <remarks>Immutable.</remarks>
public sealed class ConsentRecord
{
    /// <summary>The enrolment case, <c>enrolment-</c> + the journal sequence.</summary>
    public required string CaseId { get; init; }

    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>When consent was given.</summary>
    public required Instant At { get; init; }

    /// <summary>The first enrolled day.</summary>
    public required LocalDate EnrolledOn { get; init; }

    /// <summary>Where.</summary>
    public required EnrolmentChannel Channel { get; init; }

    /// <summary>The consent text's version.</summary>
    public required string TextVersion { get; init; }

    /// <summary>The consent text's content hash (<see cref="ConsentText.ContentHash"/>).</summary>
    public required string TextHash { get; init; }

    /// <summary>The rights policy the eligibility was checked under.</summary>
    public required string PolicyVersion { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{CaseId} {Subject} enrolled on {EnrolledOn:uuuu-MM-dd} via {ChannelNames.Of(Channel)} (consent {TextVersion})";
}

/// <summary>Where a dispute stands.</summary>
public enum DisputeStatus
{
    /// <summary>Filed and not decided: the record is suspended.</summary>
    Pending = 0,

    /// <summary>Upheld: the record was wrong and never counts (final).</summary>
    Upheld = 1,

    /// <summary>Rejected: the record counts again.</summary>
    Rejected = 2,
}

/// <summary>A dispute (异议) of one record, as derived from the journal.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DisputeCase
{
    /// <summary>The case id, <c>dispute-</c> + the journal sequence of its filing.</summary>
    public required string CaseId { get; init; }

    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The disputed record's id.</summary>
    public required string RecordId { get; init; }

    /// <summary>The record's provider (who may decide, beside the credit center).</summary>
    public required string Provider { get; init; }

    /// <summary>The record's item code.</summary>
    public required string ItemCode { get; init; }

    /// <summary>Whether filing suspended the record (false for a positive record, which keeps counting while its dispute is pending).</summary>
    public required bool Suspends { get; init; }

    /// <summary>The citizen's reason.</summary>
    public required string Reason { get; init; }

    /// <summary>The evidence presented (document references or hashes).</summary>
    public required ImmutableArray<string> Evidence { get; init; }

    /// <summary>When it was filed.</summary>
    public required Instant FiledAt { get; init; }

    /// <summary>The day it was filed, in the rule set's time zone.</summary>
    public required LocalDate FiledOn { get; init; }

    /// <summary>The last day to decide in time (<c>FiledOn + DisputeDecisionPeriod</c>).</summary>
    public required LocalDate Deadline { get; init; }

    /// <summary>Pending, upheld or rejected.</summary>
    public required DisputeStatus Status { get; init; }

    /// <summary>When it was decided.</summary>
    public Instant? DecidedAt { get; init; }

    /// <summary>Who decided.</summary>
    public RightsActor? DecidedBy { get; init; }

    /// <summary>The decision's reasons.</summary>
    public LocalizedText? DecisionReason { get; init; }

    /// <summary>When the SDK noted it overdue, if it did.</summary>
    public Instant? OverdueNotedAt { get; init; }

    /// <summary>Whether it is still pending after its deadline on <paramref name="today"/>.</summary>
    public bool IsOverdueOn(LocalDate today) => Status == DisputeStatus.Pending && today > Deadline;

    /// <inheritdoc />
    public override string ToString() => $"{CaseId} {RecordId} {Status} (deadline {Deadline:uuuu-MM-dd})";
}

/// <summary>Where a repair application stands.</summary>
public enum RepairStatus
{
    /// <summary>Applied for, under review.</summary>
    Pending = 0,

    /// <summary>Approved: the record stops counting from the effective date.</summary>
    Approved = 1,

    /// <summary>Refused.</summary>
    Refused = 2,
}

/// <summary>A repair application (信用修复) for one negative record, as derived from the journal.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RepairCase
{
    /// <summary>The case id, <c>repair-</c> + the journal sequence of the application.</summary>
    public required string CaseId { get; init; }

    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The record's id.</summary>
    public required string RecordId { get; init; }

    /// <summary>The record's item code.</summary>
    public required string ItemCode { get; init; }

    /// <summary>What the citizen did to correct it.</summary>
    public required string Reason { get; init; }

    /// <summary>The evidence presented.</summary>
    public required ImmutableArray<string> Evidence { get; init; }

    /// <summary>When the application was made.</summary>
    public required Instant AppliedAt { get; init; }

    /// <summary>The first day the record could be repaired (occurrence plus the item's minimum period).</summary>
    public required LocalDate EligibleFrom { get; init; }

    /// <summary>Pending, approved or refused.</summary>
    public required RepairStatus Status { get; init; }

    /// <summary>When it was decided.</summary>
    public Instant? DecidedAt { get; init; }

    /// <summary>Who decided.</summary>
    public RightsActor? DecidedBy { get; init; }

    /// <summary>For an approval, the repair date (the record stops counting from it).</summary>
    public LocalDate? EffectiveOn { get; init; }

    /// <summary>The decision's reasons.</summary>
    public LocalizedText? DecisionReason { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{CaseId} {RecordId} {Status}";
}
