using System.Globalization;
using System.Text;
using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// Another city's statement of a citizen's credit grade (异地信用互认): who issued it (that city's credit center),
/// for which of its citizens, under which grade scheme, the grade and optionally the score, and for how long it holds.
/// Signed by the issuing center; a venue here verifies it with that center's public key (docs/recognition.md).
/// </summary>
/// <remarks>Immutable. The holder id is the issuing city's opaque id, never a resident identity number.</remarks>
public sealed class GradeAttestation
{
    /// <summary>The issuing credit center's id, for example <c>hangzhou.credit-center</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>The citizen, as the issuing city names them (opaque).</summary>
    public required string Holder { get; init; }

    /// <summary>The issuing city's grade scheme, for example <c>hangzhou.qianjiang-points</c>.</summary>
    public required string Scheme { get; init; }

    /// <summary>The grade's code in that scheme, for example <c>A</c> or <c>excellent</c>.</summary>
    public required string Grade { get; init; }

    /// <summary>The score in that scheme, when the scheme has scores and the issuer states it; else null.</summary>
    public decimal? Score { get; init; }

    /// <summary>When it was issued.</summary>
    public required Instant IssuedAt { get; init; }

    /// <summary>When it stops holding.</summary>
    public required Instant ExpiresAt { get; init; }
}

/// <summary>
/// The grade-attestation token: <c>sda1.&lt;header&gt;.&lt;payload&gt;.&lt;signature&gt;</c>, the same compact form as
/// grants (<see cref="GrantToken"/>): header <c>{"alg","kid"}</c>, payload <c>{"iss","sub","sch","grd","scr"?,"iat","exp"}</c>
/// (the score as a decimal string, only when stated), base64url without padding, signature over the ASCII text before it.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class GradeAttestationToken
{
    /// <summary>The format's prefix and version.</summary>
    public const string Prefix = "sda1";

    /// <summary>The longest token accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>Signs an attestation (what the issuing city's center does; used here by tests and samples).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, <c>ExpiresAt</c> is not after <c>IssuedAt</c>, or the key cannot sign.</exception>
    public static string Create(GradeAttestation attestation, GrantKey key)
    {
        if (attestation is null) throw new ArgumentNullException(nameof(attestation));
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (!key.CanSign) throw new ArgumentException($"Key '{key.KeyId}' cannot sign.", nameof(key));
        var problem = Check(attestation);
        if (problem is not null) throw new ArgumentException(problem, nameof(attestation));
        var header = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("alg", key.Algorithm);
            w.WriteString("kid", key.KeyId);
        }));
        var payload = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("iss", attestation.Issuer);
            w.WriteString("sub", attestation.Holder);
            w.WriteString("sch", attestation.Scheme);
            w.WriteString("grd", attestation.Grade);
            if (attestation.Score is { } score) w.WriteString("scr", score.ToString(CultureInfo.InvariantCulture));
            w.WriteString("iat", TokenJson.InstantFormat.Format(attestation.IssuedAt));
            w.WriteString("exp", TokenJson.InstantFormat.Format(attestation.ExpiresAt));
        }));
        var signingInput = $"{Prefix}.{header}.{payload}";
        return signingInput + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Reads a token and checks its signature with the key <paramref name="findKey"/> gives for its issuer and key id, and
    /// its validity at <paramref name="now"/> (with <paramref name="clockSkew"/> either way). What it does not check is the
    /// grade: whether the scheme and grade are in a recognition table is the table's business.
    /// </summary>
    /// <param name="token">The token as presented.</param>
    /// <param name="findKey">The issuer's key with that key id, or null when the issuer or the key is unknown.</param>
    /// <param name="now">The time of the check.</param>
    /// <param name="clockSkew">Tolerance for the issuer's clock (non-negative).</param>
    /// <returns>The attestation, or the refusal's code (<see cref="AttestationRefusalCodes"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="findKey"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clockSkew"/> is negative.</exception>
    public static AttestationVerification Verify(string? token, Func<string, string, GrantKey?> findKey, Instant now, Duration clockSkew)
    {
        if (findKey is null) throw new ArgumentNullException(nameof(findKey));
        if (clockSkew < Duration.Zero) throw new ArgumentOutOfRangeException(nameof(clockSkew), "The clock skew must not be negative.");
        var parsed = TryParse(token);
        if (parsed is null) return AttestationVerification.Refuse(AttestationRefusalCodes.Malformed, null);
        var a = parsed.Value.Attestation;
        var key = findKey(a.Issuer, parsed.Value.KeyId);
        if (key is null) return AttestationVerification.Refuse(AttestationRefusalCodes.UnknownIssuer, null);
        if (!string.Equals(key.Algorithm, parsed.Value.Algorithm, StringComparison.Ordinal) || !key.Verify(parsed.Value.SigningInput, parsed.Value.Signature))
        {
            return AttestationVerification.Refuse(AttestationRefusalCodes.SignatureInvalid, null);
        }

        // From here the content is authentic: refusals may name it.
        if (a.IssuedAt > now + clockSkew) return AttestationVerification.Refuse(AttestationRefusalCodes.NotYetValid, a);
        if (now >= a.ExpiresAt + clockSkew) return AttestationVerification.Refuse(AttestationRefusalCodes.Expired, a);
        return AttestationVerification.Accept(a);
    }

    private static string? Check(GradeAttestation a)
    {
        if (string.IsNullOrWhiteSpace(a.Issuer)) return "The attestation names no issuer.";
        if (string.IsNullOrWhiteSpace(a.Holder)) return "The attestation names no holder.";
        if (string.IsNullOrWhiteSpace(a.Scheme)) return "The attestation names no scheme.";
        if (string.IsNullOrWhiteSpace(a.Grade)) return "The attestation names no grade.";
        if (a.ExpiresAt <= a.IssuedAt) return "ExpiresAt must be after IssuedAt.";
        return null;
    }

    private static (string Algorithm, string KeyId, byte[] SigningInput, byte[] Signature, GradeAttestation Attestation)? TryParse(string? token)
    {
        if (token is null || token.Length is 0 or > MaxLength) return null;
        var parts = token.Split('.');
        if (parts.Length != 4 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal)) return null;
        if (!Base64Url.TryDecode(parts[1], out var headerBytes) || !Base64Url.TryDecode(parts[2], out var payloadBytes) || !Base64Url.TryDecode(parts[3], out var signature)) return null;
        var header = TokenJson.ReadStrings(headerBytes, "alg", "kid");
        var payload = TokenJson.ReadStrings(payloadBytes, new[] { "iss", "sub", "sch", "grd", "iat", "exp" }, "scr");
        if (header is null || payload is null || !GrantKey.IsValidKeyId(header["kid"])) return null;
        var iat = TokenJson.InstantFormat.Parse(payload["iat"]);
        var exp = TokenJson.InstantFormat.Parse(payload["exp"]);
        if (!iat.Success || !exp.Success) return null;
        decimal? score = null;
        if (payload.TryGetValue("scr", out var scr))
        {
            if (!decimal.TryParse(scr, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)) return null;
            score = s;
        }

        var a = new GradeAttestation
        {
            Issuer = payload["iss"], Holder = payload["sub"], Scheme = payload["sch"], Grade = payload["grd"],
            Score = score, IssuedAt = iat.Value, ExpiresAt = exp.Value,
        };
        if (Check(a) is not null) return null;
        return (header["alg"], header["kid"], Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}.{parts[2]}"), signature, a);
    }
}

/// <summary>The outcome of <see cref="GradeAttestationToken.Verify"/>.</summary>
public sealed class AttestationVerification
{
    private AttestationVerification(string? reasonCode, GradeAttestation? attestation)
    {
        ReasonCode = reasonCode;
        Attestation = attestation;
    }

    /// <summary>Whether the token is authentic and valid now.</summary>
    public bool IsAccepted => ReasonCode is null;

    /// <summary>Why it was refused (<see cref="AttestationRefusalCodes"/>); null when accepted.</summary>
    public string? ReasonCode { get; }

    /// <summary>The attestation when its signature verified (also when refused as expired or not yet valid); else null.</summary>
    public GradeAttestation? Attestation { get; }

    internal static AttestationVerification Accept(GradeAttestation a) => new(null, a);

    internal static AttestationVerification Refuse(string code, GradeAttestation? a) => new(code, a);
}
