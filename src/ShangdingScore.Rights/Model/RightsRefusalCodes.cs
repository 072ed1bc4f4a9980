namespace ShangdingScore.Rights;

/// <summary>
/// Stable reason codes of refused rights steps, one per refusal path (docs/rights.md). The strings are
/// part of the public contract and are kept in the journal; <see cref="Describe"/> gives each one's
/// zh-CN and English text. A refused step changes nothing but is itself recorded in the audit trail
/// (when its subject is known).
/// </summary>
public static class RightsRefusalCodes
{
    /// <summary>The actor may not take this step for this subject (a citizen acts only for themself; decisions belong to the provider or the credit center).</summary>
    public const string NotAuthorized = "not-authorized";

    /// <summary>The subject is already enrolled today.</summary>
    public const string AlreadyEnrolled = "already-enrolled";

    /// <summary>The subject is not enrolled today, so there is nothing to withdraw from.</summary>
    public const string NotEnrolled = "not-enrolled";

    /// <summary>The consent text shown is not one the policy knows (unknown version, or its content hash differs).</summary>
    public const string ConsentTextUnknown = "consent-text-unknown";

    /// <summary>The consent text shown is an older version than the policy's current one.</summary>
    public const string ConsentTextOutdated = "consent-text-outdated";

    /// <summary>Neither a birth date nor a resident identity number was given, so age cannot be checked.</summary>
    public const string BirthDateMissing = "birth-date-missing";

    /// <summary>The resident identity number given is not valid (GB 11643-1999).</summary>
    public const string ResidentIdInvalid = "resident-id-invalid";

    /// <summary>The birth date given differs from the one in the resident identity number.</summary>
    public const string BirthDateMismatch = "birth-date-mismatch";

    /// <summary>The subject is younger than the policy's minimum age on the day.</summary>
    public const string UnderAge = "under-age";

    /// <summary>The residence source says the subject is not a resident of the city.</summary>
    public const string NotResident = "not-resident";

    /// <summary>The residence source does not know whether the subject is a resident.</summary>
    public const string ResidenceUnknown = "residence-unknown";

    /// <summary>A reason (or, for a decision, a reason in both languages) is required and was empty.</summary>
    public const string ReasonRequired = "reason-required";

    /// <summary>The subject has no record with this id in the theme database.</summary>
    public const string RecordNotFound = "record-not-found";

    /// <summary>The record no longer counts for good (revoked, corrected or its dispute upheld): nothing to dispute or repair.</summary>
    public const string RecordClosed = "record-closed";

    /// <summary>The record already has a pending dispute.</summary>
    public const string DisputePending = "dispute-pending";

    /// <summary>An earlier dispute of the record was rejected, and this one brings no new evidence (the policy's repeat rule).</summary>
    public const string NoNewGrounds = "no-new-grounds";

    /// <summary>An earlier dispute of the record was rejected, and the policy allows no second dispute.</summary>
    public const string RepeatDisputeNotAllowed = "repeat-dispute-not-allowed";

    /// <summary>No case has this id.</summary>
    public const string CaseNotFound = "case-not-found";

    /// <summary>The case was already decided.</summary>
    public const string CaseClosed = "case-closed";

    /// <summary>Only negative records (不良信息) can be repaired.</summary>
    public const string NotNegative = "not-negative";

    /// <summary>The record was already repaired.</summary>
    public const string AlreadyRepaired = "already-repaired";

    /// <summary>The record already has a pending repair application.</summary>
    public const string RepairPending = "repair-pending";

    /// <summary>The item's minimum period before repair has not passed yet.</summary>
    public const string RepairTooEarly = "repair-too-early";

    /// <summary>The repair's effective date is before the day the record became repairable.</summary>
    public const string InvalidEffectiveDate = "invalid-effective-date";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        NotAuthorized => new("无权为该信息主体办理此项业务。", "This actor may not take this step for this subject."),
        AlreadyEnrolled => new("您已开通商鼎分。", "You are already enrolled in the Shangding score."),
        NotEnrolled => new("您尚未开通商鼎分，无需退出。", "You are not enrolled in the Shangding score, so there is nothing to withdraw from."),
        ConsentTextUnknown => new("所确认的授权同意书版本无法核实，请重新阅读并确认。", "The consent text you confirmed cannot be verified; please read and confirm it again."),
        ConsentTextOutdated => new("授权同意书已更新，请阅读并确认最新版本。", "The consent text has been updated; please read and confirm the current version."),
        BirthDateMissing => new("需要出生日期或公民身份号码以核验年龄。", "A birth date or a resident identity number is needed to check age."),
        ResidentIdInvalid => new("公民身份号码无效。", "The resident identity number is not valid."),
        BirthDateMismatch => new("出生日期与公民身份号码不一致。", "The birth date does not match the resident identity number."),
        UnderAge => new("未满开通商鼎分的最低年龄。", "Below the minimum age for the Shangding score."),
        NotResident => new("商鼎分仅面向本市居民。", "The Shangding score is for residents of the city only."),
        ResidenceUnknown => new("暂时无法核实居住信息，请稍后再试或到窗口办理。", "Residence cannot be confirmed just now; please try again later or visit a service counter."),
        ReasonRequired => new("请填写理由。", "A reason is required."),
        RecordNotFound => new("未找到该条信用信息。", "No such credit record was found."),
        RecordClosed => new("该条信用信息已撤销、更正或经异议核实删除，无需再办理。", "The record was revoked, corrected or removed after a dispute; nothing is left to do."),
        DisputePending => new("该条信用信息已有异议正在处理中。", "A dispute of this record is already being handled."),
        NoNewGrounds => new("此前的异议已被驳回，再次提出异议须提供新的证据。", "An earlier dispute was rejected; a new dispute needs new evidence."),
        RepeatDisputeNotAllowed => new("此前的异议已被驳回，不能再次提出异议。", "An earlier dispute was rejected; no further dispute is allowed."),
        CaseNotFound => new("未找到该办件。", "No such case was found."),
        CaseClosed => new("该办件已办结。", "The case has already been decided."),
        NotNegative => new("只有失信（不良）信息可以申请信用修复。", "Only negative records can be repaired."),
        AlreadyRepaired => new("该条信息已完成信用修复。", "The record has already been repaired."),
        RepairPending => new("该条信息的信用修复申请正在审核中。", "A repair application for this record is already under review."),
        RepairTooEarly => new("尚未达到该类信息的最短公示期限，暂不能申请信用修复。", "The minimum period before this kind of record can be repaired has not passed yet."),
        InvalidEffectiveDate => new("修复生效日期早于可以修复的日期。", "The repair's effective date is before the record became repairable."),
        _ => throw new ArgumentException($"'{code}' is not a rights refusal code.", nameof(code)),
    };
}
