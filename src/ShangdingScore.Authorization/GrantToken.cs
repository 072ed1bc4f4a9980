using System.Text;
using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// The grant token, our own compact format (docs/grants.md): <c>sdg1.&lt;header&gt;.&lt;payload&gt;.&lt;signature&gt;</c>,
/// each part base64url without padding. The header is <c>{"alg":"HS256"|"ES256","kid":"…"}</c>; the payload is
/// <c>{"sub","aud","pur","scp","iat","exp","nonce"}</c> in that order, instants as <c>uuuu-MM-ddTHH:mm:ssZ</c>;
/// the signature covers the ASCII text <c>sdg1.&lt;header&gt;.&lt;payload&gt;</c>.
/// </summary>
/// <remarks>
/// Thread-safe. The payload is signed, not encrypted: whoever holds the token can read the subject id,
/// which is why a grant names an opaque <see cref="SubjectId"/> and never a resident identity number.
/// </remarks>
public static class GrantToken
{
    /// <summary>The format's prefix and version.</summary>
    public const string Prefix = "sdg1";

    /// <summary>The longest token accepted, in characters.</summary>
    public const int MaxLength = 4096;


    /// <summary>Signs a grant with <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The grant is not valid (empty grantee or purpose, a short nonce, <c>ExpiresAt</c> not after <c>IssuedAt</c>) or the key cannot sign.</exception>
    public static string Create(Grant grant, GrantKey key)
    {
        if (grant is null) throw new ArgumentNullException(nameof(grant));
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (!key.CanSign) throw new ArgumentException($"Key '{key.KeyId}' cannot sign.", nameof(key));
        var problem = Check(grant);
        if (problem is not null) throw new ArgumentException(problem, nameof(grant));
        var header = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("alg", key.Algorithm);
            w.WriteString("kid", key.KeyId);
        }));
        var payload = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("sub", grant.Subject.Value);
            w.WriteString("aud", grant.Grantee);
            w.WriteString("pur", grant.Purpose);
            w.WriteString("scp", DisclosureScopeNames.Of(grant.Scope));
            w.WriteString("iat", TokenJson.InstantFormat.Format(grant.IssuedAt));
            w.WriteString("exp", TokenJson.InstantFormat.Format(grant.ExpiresAt));
            w.WriteString("nonce", grant.Nonce);
        }));
        var signingInput = $"{Prefix}.{header}.{payload}";
        return signingInput + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    internal static string? Check(Grant g)
    {
        if (g.Subject.Value.Length == 0) return "The grant names no subject.";
        if (string.IsNullOrWhiteSpace(g.Grantee)) return "The grant names no grantee.";
        if (string.IsNullOrWhiteSpace(g.Purpose)) return "The grant names no purpose.";
        if (!Enum.IsDefined(typeof(DisclosureScope), g.Scope)) return "The grant's scope is not defined.";
        if (g.Nonce is null || g.Nonce.Length < 22 || !Base64Url.TryDecode(g.Nonce, out _)) return "The nonce must be base64url of at least 16 bytes (GrantNonce.FromBytes).";
        if (g.ExpiresAt <= g.IssuedAt) return "ExpiresAt must be after IssuedAt.";
        return null;
    }

    /// <summary>The parts of a token that parsed; the signature is not checked here.</summary>
    internal sealed class Parsed
    {
        public required string Algorithm { get; init; }

        public required string KeyId { get; init; }

        public required byte[] SigningInput { get; init; }

        public required byte[] Signature { get; init; }

        public required Grant Grant { get; init; }
    }

    internal static Parsed? TryParse(string? token)
    {
        if (token is null || token.Length is 0 or > MaxLength) return null;
        var parts = token.Split('.');
        if (parts.Length != 4 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal)) return null;
        if (!Base64Url.TryDecode(parts[1], out var headerBytes) || !Base64Url.TryDecode(parts[2], out var payloadBytes) || !Base64Url.TryDecode(parts[3], out var signature)) return null;
        var header = TokenJson.ReadStrings(headerBytes, "alg", "kid");
        var payload = TokenJson.ReadStrings(payloadBytes, "sub", "aud", "pur", "scp", "iat", "exp", "nonce");
        if (header is null || payload is null) return null;

        // The kid is read before the signature is checked, so it is untrusted: bound it to what a key id can be
        // (GrantKey.IsValidKeyId) before it reaches the key provider or the query log.
        if (!GrantKey.IsValidKeyId(header["kid"])) return null;
        if (!SubjectId.IsValid(payload["sub"]) || !DisclosureScopeNames.TryParse(payload["scp"], out var scope)) return null;
        var iat = TokenJson.InstantFormat.Parse(payload["iat"]);
        var exp = TokenJson.InstantFormat.Parse(payload["exp"]);
        if (!iat.Success || !exp.Success) return null;
        var grant = new Grant
        {
            Subject = new SubjectId(payload["sub"]),
            Grantee = payload["aud"],
            Purpose = payload["pur"],
            Scope = scope,
            IssuedAt = iat.Value,
            ExpiresAt = exp.Value,
            Nonce = payload["nonce"],
        };
        if (Check(grant) is not null) return null;
        return new Parsed
        {
            Algorithm = header["alg"],
            KeyId = header["kid"],
            SigningInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}.{parts[2]}"),
            Signature = signature,
            Grant = grant,
        };
    }
}
