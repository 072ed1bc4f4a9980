using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

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

    private static readonly InstantPattern InstantFormat = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

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
        var header = Base64Url.Encode(Json(w =>
        {
            w.WriteString("alg", key.Algorithm);
            w.WriteString("kid", key.KeyId);
        }));
        var payload = Base64Url.Encode(Json(w =>
        {
            w.WriteString("sub", grant.Subject.Value);
            w.WriteString("aud", grant.Grantee);
            w.WriteString("pur", grant.Purpose);
            w.WriteString("scp", DisclosureScopeNames.Of(grant.Scope));
            w.WriteString("iat", InstantFormat.Format(grant.IssuedAt));
            w.WriteString("exp", InstantFormat.Format(grant.ExpiresAt));
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
        var header = ReadObject(headerBytes, "alg", "kid");
        var payload = ReadObject(payloadBytes, "sub", "aud", "pur", "scp", "iat", "exp", "nonce");
        if (header is null || payload is null) return null;

        // The kid is read before the signature is checked, so it is untrusted: bound it to what a key id can be
        // (GrantKey.IsValidKeyId) before it reaches the key provider or the query log.
        if (!GrantKey.IsValidKeyId(header["kid"])) return null;
        if (!SubjectId.IsValid(payload["sub"]) || !DisclosureScopeNames.TryParse(payload["scp"], out var scope)) return null;
        var iat = InstantFormat.Parse(payload["iat"]);
        var exp = InstantFormat.Parse(payload["exp"]);
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

    /// <summary>
    /// A JSON object of exactly these string properties, each once; null otherwise. Text that is not well-formed
    /// Unicode — an unpaired surrogate escape such as <c>"\ud800"</c> in a name or a value, or bytes that are not
    /// UTF-8 — cannot become a .NET string: <see cref="JsonProperty.Name"/> and <see cref="JsonElement.GetString"/>
    /// throw <see cref="InvalidOperationException"/> for it, which is a malformed token like any other.
    /// </summary>
    private static Dictionary<string, string>? ReadObject(byte[] utf8, params string[] names)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 2 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (Array.IndexOf(names, p.Name) < 0 || p.Value.ValueKind != JsonValueKind.String || result.ContainsKey(p.Name)) return null;
                result.Add(p.Name, p.Value.GetString()!);
            }

            return result.Count == names.Length ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Ill-formed UTF-16 escapes or invalid UTF-8 inside a name or a string (see the summary).
            return null;
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.Default }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
