namespace ShangdingScore.Authorization;

/// <summary>
/// Stable reason codes of a refused grade attestation from another city (docs/recognition.md); <see cref="Describe"/>
/// gives each one's zh-CN and English text.
/// </summary>
public static class AttestationRefusalCodes
{
    /// <summary>The token is not in the <c>sda1</c> format (parts, base64url, JSON, fields, values).</summary>
    public const string Malformed = "malformed-attestation";

    /// <summary>No recognition agreement names its issuer, or the issuer's agreement has no key with its key id.</summary>
    public const string UnknownIssuer = "unknown-issuer";

    /// <summary>The signature does not verify with the issuer's key: forged or altered.</summary>
    public const string SignatureInvalid = "attestation-signature-invalid";

    /// <summary>It was issued later than now plus the clock skew.</summary>
    public const string NotYetValid = "attestation-not-yet-valid";

    /// <summary>Now is at or after its expiry plus the clock skew.</summary>
    public const string Expired = "attestation-expired";

    /// <summary>No agreement with its issuer is in force today.</summary>
    public const string NoAgreementInForce = "no-agreement-in-force";

    /// <summary>Its scheme is not the agreement's, its grade is not in the agreement's table, or its score is outside that grade's range.</summary>
    public const string GradeNotInTable = "grade-not-in-table";

    /// <summary>The agreement does not cover the benefit asked for (recognition is off unless an agreement lists the benefit).</summary>
    public const string BenefitNotCovered = "benefit-not-covered";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        Malformed => new("外地信用等级证明格式不正确。", "The other city's grade attestation is not well-formed."),
        UnknownIssuer => new("出具该证明的信用机构不在互认名单中。", "The attestation's issuer is not a recognised credit center."),
        SignatureInvalid => new("外地信用等级证明签名无效（可能被伪造或篡改）。", "The attestation's signature is invalid (forged or altered)."),
        NotYetValid => new("外地信用等级证明尚未生效。", "The attestation is not valid yet."),
        Expired => new("外地信用等级证明已过期，请重新申领。", "The attestation has expired; please obtain a new one."),
        NoAgreementInForce => new("与出具城市的信用互认协议当日未生效。", "No recognition agreement with the issuing city is in force today."),
        GradeNotInTable => new("该信用等级不在互认对照表中。", "The grade is not in the recognition table."),
        BenefitNotCovered => new("该项激励不适用外地信用等级互认。", "This benefit is not open to recognised grades from other cities."),
        _ => throw new ArgumentException($"'{code}' is not an attestation refusal code.", nameof(code)),
    };
}
