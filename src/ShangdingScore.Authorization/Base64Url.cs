namespace ShangdingScore.Authorization;

/// <summary>Base64url without padding (RFC 4648 §5), strict on decoding.</summary>
internal static class Base64Url
{
    public static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (text.Length == 0 || text.Length % 4 == 1) return false;
        foreach (var c in text)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')) return false;
        }

        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            bytes = Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return false;
        }

        // Refuse non-canonical encodings (unused low bits set), so one grant has one text.
        return string.Equals(Encode(bytes), text, StringComparison.Ordinal);
    }
}
