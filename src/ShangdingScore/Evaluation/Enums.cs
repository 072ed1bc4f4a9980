namespace ShangdingScore.Evaluation;

/// <summary>Whether a subject was scored.</summary>
public enum EvaluationStatus
{
    /// <summary>The subject is enrolled on <c>asOf</c> and has a score and grade.</summary>
    Scored = 0,

    /// <summary>The subject is not enrolled on <c>asOf</c>: no score, no grade, records not looked at (spec §3).</summary>
    NotEnrolled = 1,
}

/// <summary>Why a record counted or did not (one per explanation line). Serialized in kebab-case; the names are part of the contract.</summary>
public enum RecordOutcome
{
    /// <summary>The record counts.</summary>
    Counted = 0,

    /// <summary>The record is about another subject than the one evaluated (makes the result not clean).</summary>
    OtherSubject = 1,

    /// <summary>The rule set does not know the item code (makes the result not clean).</summary>
    UnknownItem = 2,

    /// <summary>The provider revoked the record: it never counts.</summary>
    Revoked = 3,

    /// <summary>The record was corrected away: it never counts.</summary>
    Corrected = 4,

    /// <summary>The subject's objection was upheld: it never counts.</summary>
    DisputeUpheld = 5,

    /// <summary>An objection is pending: the record is suspended.</summary>
    DisputePending = 6,

    /// <summary>The record occurred after <c>asOf</c>.</summary>
    NotYetOccurred = 7,

    /// <summary>The item's window ran out: <c>occurredOn + countsFor ≤ asOf</c>.</summary>
    Expired = 8,

    /// <summary>A negative record repaired (信用修复) on or before <c>asOf</c>, after the repair delay.</summary>
    Repaired = 9,
}

/// <summary>Something about the input that the caller must know. Serialized in kebab-case.</summary>
public enum EvaluationFlagKind
{
    /// <summary>A record's item code is unknown to the rule set (not clean).</summary>
    UnknownItem = 0,

    /// <summary>Copies of one record id disagree in content (not clean).</summary>
    ConflictingCopies = 1,

    /// <summary>A record is about another subject (not clean).</summary>
    OtherSubject = 2,

    /// <summary>The rule set used is not the version in force on <c>asOf</c> (a pinned, what-if evaluation).</summary>
    RuleSetNotInForce = 3,

    /// <summary>A repair event on a positive record was ignored: repair applies to negative records only.</summary>
    RepairOfPositiveIgnored = 4,
}
