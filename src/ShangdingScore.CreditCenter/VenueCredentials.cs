using System.Security.Cryptography;
using System.Text;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// Venue credentials: a venue id and a secret of 32 random bytes (base64url, 43 characters), sent as
/// <c>Authorization: ShangdingVenue &lt;venueId&gt;:&lt;secret&gt;</c>. The center keeps only <c>sha256:</c> and the
/// SHA-256 of the secret's bytes in base64url: the secret is random and long, so a fast hash is enough (no password
/// hashing), and hashes are compared in constant time.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class VenueCredentials
{
    /// <summary>The authentication scheme (and the <c>Authorization</c> header's scheme).</summary>
    public const string Scheme = Client.CreditCenterClient.AuthenticationScheme;

    /// <summary>How many random bytes a secret is made of.</summary>
    public const int SecretBytes = 32;

    private const string HashPrefix = "sha256:";

    /// <summary>A new secret: 32 bytes from the system's cryptographic random number generator, base64url.</summary>
    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>The hash kept for <paramref name="secret"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not 32 bytes of base64url.</exception>
    public static string Hash(string secret)
    {
        if (!TryDecode(secret, out var bytes)) throw new ArgumentException("A venue secret is 32 bytes in base64url without padding.", nameof(secret));
        return HashPrefix + Base64Url(SHA256.HashData(bytes));
    }

    /// <summary>Whether <paramref name="secret"/> matches <paramref name="credentialHash"/> (constant time in the hash).</summary>
    public static bool Matches(string? secret, string? credentialHash)
    {
        if (secret is null || credentialHash is null || !credentialHash.StartsWith(HashPrefix, StringComparison.Ordinal)) return false;
        if (!TryDecode(secret, out var bytes)) return false;
        var expected = Encoding.ASCII.GetBytes(credentialHash);
        var actual = Encoding.ASCII.GetBytes(HashPrefix + Base64Url(SHA256.HashData(bytes)));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Splits an <c>Authorization</c> header value <c>ShangdingVenue id:secret</c>; false when it is not one.</summary>
    public static bool TryParseHeader(string? header, out string venueId, out string secret)
    {
        venueId = secret = string.Empty;
        if (header is null || !header.StartsWith(Scheme + " ", StringComparison.Ordinal)) return false;
        var value = header.AsSpan(Scheme.Length + 1).Trim();
        var colon = value.IndexOf(':');
        if (colon <= 0 || colon == value.Length - 1) return false;
        venueId = value[..colon].ToString();
        secret = value[(colon + 1)..].ToString();
        return true;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 43) return false;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        return bytes.Length == SecretBytes;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
