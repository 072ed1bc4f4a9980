using NodaTime;

namespace ShangdingScore.Benefits;

/// <summary>
/// Stable reason codes of benefit decisions. The strings are part of the public contract (a rename
/// is a breaking change); <see cref="Describe"/> gives each one's zh-CN and English text.
/// </summary>
public static class BenefitReasonCodes
{
    /// <summary>The grade meets the benefit's minimum: granted.</summary>
    public const string Granted = "granted";

    /// <summary>A record source failed or timed out, so the score may be wrong: refused (fail closed).</summary>
    public const string EvaluationIncomplete = "evaluation-incomplete";

    /// <summary>Some record was set aside for a data problem (unknown item, conflicting copies): refused (fail closed).</summary>
    public const string EvaluationNotClean = "evaluation-not-clean";

    /// <summary>The subject has not enrolled in the scheme on the day: refused, which says nothing about their credit.</summary>
    public const string NotEnrolled = "not-enrolled";

    /// <summary>The grade is below the benefit's minimum grade.</summary>
    public const string GradeBelowThreshold = "grade-below-threshold";

    /// <summary>The benefit's minimum grade is not a grade of the rule set used: refused (a configuration error, fail closed).</summary>
    public const string MinimumGradeUnknown = "minimum-grade-unknown";

    /// <summary>The reason's text in zh-CN and English, for the clerk and the citizen.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        Granted => new("信用等级符合条件，享受该项守信激励。", "The credit grade qualifies: the benefit is granted."),
        EvaluationIncomplete => new("部分信用信息暂时无法获取，本次不予认定，请稍后再试。", "Some credit data could not be read just now, so no decision can be made; please try again later."),
        EvaluationNotClean => new("信用信息存在待核实的数据问题，本次不予认定。", "The credit data has a problem awaiting verification, so no decision can be made."),
        NotEnrolled => new("未开通商鼎分，不能享受该项激励（与信用状况无关）。", "Not enrolled in the Shangding score, so the benefit does not apply (this says nothing about credit)."),
        GradeBelowThreshold => new("信用等级未达到该项激励的要求。", "The credit grade is below what this benefit requires."),
        MinimumGradeUnknown => new("激励目录的等级要求与评分规则不符，本次不予认定。", "The benefit catalog names a grade the rule set does not have, so no decision can be made."),
        _ => throw new ArgumentException($"'{code}' is not a benefit reason code.", nameof(code)),
    };
}

/// <summary>
/// A benefit decision (spec §5): granted or not, why (a stable reason code with zh-CN and English
/// text), and when granted the terms and until when the decision holds. It never carries the score,
/// the grade or the records: what else a venue sees is decided by the grant's scope.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BenefitDecision
{
    private BenefitDecision(string benefitCode, bool granted, string reasonCode, LocalizedText reason, BenefitTerms? terms, Instant? validUntil)
    {
        BenefitCode = benefitCode;
        IsGranted = granted;
        ReasonCode = reasonCode;
        Reason = reason;
        Terms = terms;
        ValidUntil = validUntil;
    }

    /// <summary>The benefit decided on.</summary>
    public string BenefitCode { get; }

    /// <summary>Whether the benefit is granted.</summary>
    public bool IsGranted { get; }

    /// <summary>One of <see cref="BenefitReasonCodes"/>.</summary>
    public string ReasonCode { get; }

    /// <summary>The reason in zh-CN and English.</summary>
    public LocalizedText Reason { get; }

    /// <summary>The terms when granted; null when refused.</summary>
    public BenefitTerms? Terms { get; }

    /// <summary>When granted: the instant the decision stops holding (exclusive); null when refused.</summary>
    public Instant? ValidUntil { get; }

    /// <summary>A granted decision.</summary>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    public static BenefitDecision Grant(string benefitCode, BenefitTerms terms, Instant validUntil) =>
        new(benefitCode ?? throw new ArgumentNullException(nameof(benefitCode)), true, BenefitReasonCodes.Granted, BenefitReasonCodes.Describe(BenefitReasonCodes.Granted), terms ?? throw new ArgumentNullException(nameof(terms)), validUntil);

    /// <summary>A refusal with its reason.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="benefitCode"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reasonCode"/> is not a refusal code of <see cref="BenefitReasonCodes"/>.</exception>
    public static BenefitDecision Refuse(string benefitCode, string reasonCode)
    {
        if (benefitCode is null) throw new ArgumentNullException(nameof(benefitCode));
        if (reasonCode == BenefitReasonCodes.Granted) throw new ArgumentException("A refusal needs a refusal reason.", nameof(reasonCode));
        return new BenefitDecision(benefitCode, false, reasonCode, BenefitReasonCodes.Describe(reasonCode), null, null);
    }

    /// <summary>
    /// A refusal for a reason of a custom policy's own (a bank's, a merchant's), with its zh-CN and
    /// English text. The code is the policy's stable contract, as <see cref="BenefitReasonCodes"/> is the SDK's.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reasonCode"/> is empty, or is one of <see cref="BenefitReasonCodes"/> (use the other overload).</exception>
    public static BenefitDecision Refuse(string benefitCode, string reasonCode, LocalizedText reason)
    {
        if (benefitCode is null) throw new ArgumentNullException(nameof(benefitCode));
        if (reasonCode is null) throw new ArgumentNullException(nameof(reasonCode));
        if (reason is null) throw new ArgumentNullException(nameof(reason));
        if (string.IsNullOrWhiteSpace(reasonCode)) throw new ArgumentException("A reason code must not be empty.", nameof(reasonCode));
        if (IsBuiltIn(reasonCode)) throw new ArgumentException($"'{reasonCode}' is one of the SDK's reason codes; refuse with Refuse(benefitCode, reasonCode) so its text stays the SDK's.", nameof(reasonCode));
        return new BenefitDecision(benefitCode, false, reasonCode, reason, null, null);
    }

    private static bool IsBuiltIn(string code)
    {
        try
        {
            _ = BenefitReasonCodes.Describe(code);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{BenefitCode}: {(IsGranted ? "granted" : "refused")} ({ReasonCode})";
}
