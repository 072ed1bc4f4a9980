namespace ShangdingScore;

/// <summary>Whether an item adds points (守信, good record) or deducts them (失信, dishonesty record).</summary>
public enum Polarity
{
    /// <summary>A good record: adds points, bound by the dimension caps and <c>maxBonus</c>.</summary>
    Positive = 0,

    /// <summary>A dishonesty record (不良信息): deducts points and triggers the grade requirements.</summary>
    Negative = 1,
}

/// <summary>How grave a negative item is.</summary>
public enum Severity
{
    /// <summary>A general record (一般失信).</summary>
    General = 0,

    /// <summary>A serious record (严重失信), for example a 失信被执行人 listing.</summary>
    Serious = 1,
}

/// <summary>The lifecycle events of a credit record (spec §3 step 1, §3a).</summary>
public enum RecordEventType
{
    /// <summary>The record was entered. Data carries it as <c>recordedAt</c>; one in <c>events</c> changes nothing.</summary>
    Recorded = 0,

    /// <summary>The subject objected (异议); the record is suspended until the dispute is decided.</summary>
    Disputed = 1,

    /// <summary>The objection was upheld: the record was wrong and never counts (final).</summary>
    DisputeUpheld = 2,

    /// <summary>The objection was rejected: the record counts again.</summary>
    DisputeRejected = 3,

    /// <summary>The record was corrected away, replaced by another record (final).</summary>
    Corrected = 4,

    /// <summary>The provider revoked the record (final).</summary>
    Revoked = 5,

    /// <summary>The record was repaired (信用修复): a negative record stops counting from the repair date.</summary>
    Repaired = 6,
}
