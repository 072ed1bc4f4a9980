using System.Security.Cryptography;
using System.Text;

namespace ShangdingScore.Authorization.Tests;

/// <summary>Builds token text by hand: any header and payload JSON, signed with an HMAC secret, so a test can hand the parser what the issuer never would.</summary>
internal static class TokenText
{
    public static readonly byte[] Secret = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef");

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string B64(string utf8) => B64(Encoding.UTF8.GetBytes(utf8));

    /// <summary>A token of these raw header and payload bytes, its signature a valid HMAC-SHA256 with <see cref="Secret"/>.</summary>
    public static string Signed(byte[] header, byte[] payload)
    {
        var input = $"sdg1.{B64(header)}.{B64(payload)}";
        using var hmac = new HMACSHA256(Secret);
        return input + "." + B64(hmac.ComputeHash(Encoding.ASCII.GetBytes(input)));
    }

    public static string Signed(string headerJson, string payloadJson) => Signed(Encoding.UTF8.GetBytes(headerJson), Encoding.UTF8.GetBytes(payloadJson));

    public const string Header = """{"alg":"HS256","kid":"k1"}""";

    public static string Payload(string sub = "\"S-42\"", string iat = "\"2026-06-01T01:59:00Z\"", string exp = "\"2026-06-01T02:30:00Z\"") =>
        $$"""{"sub":{{sub}},"aud":"venue-a","pur":"healthcare","scp":"grade","iat":{{iat}},"exp":{{exp}},"nonce":"AAAAAAAAAAAAAAAAAAAAAA"}""";
}
