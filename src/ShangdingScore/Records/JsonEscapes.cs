namespace ShangdingScore.Records;

/// <summary>
/// Finds escapes in the raw text of a JSON string or property name that do not make well-formed
/// UTF-16: an unpaired surrogate, that is <c>\ud800</c>–<c>\udbff</c> not followed by a
/// <c>\udc00</c>–<c>\udfff</c> escape, or a <c>\udc00</c>–<c>\udfff</c> escape alone (spec §4).
/// Decoding such text (<see cref="System.Text.Json.Utf8JsonReader.GetString"/>,
/// <see cref="System.Text.Json.Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>) throws, so
/// the parser looks here first, and only for values the reader marks as escaped.
/// </summary>
/// <remarks>
/// Works on the bytes between the quotes after <see cref="System.Text.Json.Utf8JsonReader"/> has
/// accepted them, so every backslash starts a complete escape; raw UTF-8 in a valid line holds no
/// surrogates. Stateless; thread-safe.
/// </remarks>
internal static class JsonEscapes
{
    /// <summary>The index of the backslash of the first unpaired surrogate escape in <paramref name="raw"/>, or -1 when there is none.</summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<byte> raw)
    {
        int i = 0;
        while (i < raw.Length)
        {
            int next = raw.Slice(i).IndexOf((byte)'\\');
            if (next < 0) return -1;
            i += next;
            if (i + 1 >= raw.Length) return -1;
            if (raw[i + 1] != (byte)'u')
            {
                i += 2; // \\, \", \n …: the escaped character is not a backslash that starts an escape
                continue;
            }

            int unit = Hex4(raw, i + 2);
            if (unit is < 0xD800 or > 0xDFFF)
            {
                i += unit < 0 ? 2 : 6;
                continue;
            }

            if (unit >= 0xDC00) return i;
            if (i + 12 <= raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' && Hex4(raw, i + 8) is >= 0xDC00 and <= 0xDFFF)
            {
                i += 12;
                continue;
            }

            return i;
        }

        return -1;
    }

    private static int Hex4(ReadOnlySpan<byte> text, int at)
    {
        if (at + 4 > text.Length) return -1;
        int value = 0;
        for (int k = at; k < at + 4; k++)
        {
            int digit = text[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => text[k] - '0',
                >= (byte)'a' and <= (byte)'f' => text[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => text[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return -1;
            value = (value << 4) | digit;
        }

        return value;
    }
}
