namespace ShangdingScore.Authorization;

/// <summary>
/// Stable reason codes of refused queries, one per refusal path (docs/grants.md). The strings are part of
/// the public contract; <see cref="Describe"/> gives each one's zh-CN and English text. A refusal
/// answers nothing about the subject.
/// </summary>
public static class GrantRefusalCodes
{
    /// <summary>The token is not in the <c>sdg1</c> format (parts, base64url, JSON, fields, values).</summary>
    public const string Malformed = "malformed-token";

    /// <summary>The token names a key id the verifier does not know.</summary>
    public const string UnknownKey = "unknown-key";

    /// <summary>The signature does not verify: a forged token or a tampered header or payload, or an algorithm other than the key's.</summary>
    public const string SignatureInvalid = "signature-invalid";

    /// <summary>The grant's <c>iat</c> is later than now plus the clock skew.</summary>
    public const string NotYetValid = "not-yet-valid";

    /// <summary>Now is at or after the grant's <c>exp</c> plus the clock skew.</summary>
    public const string Expired = "expired";

    /// <summary>The grant names another venue than the one asking.</summary>
    public const string WrongGrantee = "wrong-grantee";

    /// <summary>The grant's purpose covers neither the benefit asked for nor its family.</summary>
    public const string WrongPurpose = "wrong-purpose";

    /// <summary>The query asks for more than the grant's scope.</summary>
    public const string OverScope = "over-scope";

    /// <summary>The grant was already used for this benefit: a grant answers once per benefit.</summary>
    public const string Replayed = "replayed";

    /// <summary>The citizen revoked the grant before it was used (checked with the nonce, when the verifier has an <see cref="IGrantRevocationList"/>).</summary>
    public const string Revoked = "revoked";

    /// <summary>The venue asked about a benefit its catalog does not hold (checked before the grant; the grant is not used).</summary>
    public const string UnknownBenefit = "unknown-benefit";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        Malformed => new("授权码格式不正确。", "The authorization token is not well-formed."),
        UnknownKey => new("授权码的签名密钥未知。", "The authorization token was signed with an unknown key."),
        SignatureInvalid => new("授权码签名无效（可能被伪造或篡改）。", "The authorization token's signature is invalid (forged or altered)."),
        NotYetValid => new("授权尚未生效。", "The authorization is not valid yet."),
        Expired => new("授权已过期，请重新授权。", "The authorization has expired; please authorize again."),
        WrongGrantee => new("该授权不是授予本机构的。", "The authorization was not given to this venue."),
        WrongPurpose => new("该授权的用途不包括本次查询。", "The authorization's purpose does not cover this query."),
        OverScope => new("查询范围超出授权范围。", "The query asks for more than the authorization allows."),
        Replayed => new("该授权已用于本项查询，每项授权仅限查询一次。", "The authorization was already used for this benefit; it answers once."),
        Revoked => new("该授权已被本人撤回。", "The citizen revoked this authorization."),
        UnknownBenefit => new("本机构的激励目录中没有该项激励。", "The benefit is not in this venue's catalog."),
        _ => throw new ArgumentException($"'{code}' is not a refusal code.", nameof(code)),
    };
}
