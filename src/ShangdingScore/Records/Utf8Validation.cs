namespace ShangdingScore.Records;

/// <summary>Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class Utf8Validation
{
    /// <summary>The index of the first byte of the first invalid sequence, or -1 when <paramref name="bytes"/> is valid UTF-8.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int need;
            byte min2 = 0x80, max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF)
            {
                need = 1;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                need = 2;
                if (b == 0xE0) min2 = 0xA0; // overlong
                else if (b == 0xED) max2 = 0x9F; // surrogates
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                need = 3;
                if (b == 0xF0) min2 = 0x90; // overlong
                else if (b == 0xF4) max2 = 0x8F; // above U+10FFFF
            }
            else
            {
                return i;
            }

            if (i + need >= bytes.Length) return i; // truncated sequence
            byte second = bytes[i + 1];
            if (second < min2 || second > max2) return i;
            for (int k = 2; k <= need; k++)
            {
                if ((bytes[i + k] & 0xC0) != 0x80) return i;
            }

            i += need + 1;
        }

        return -1;
    }
}
