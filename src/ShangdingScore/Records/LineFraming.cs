namespace ShangdingScore.Records;

/// <summary>
/// The line-level faults of spec §4 that concern how lines are framed: a carriage return that is not
/// part of a CRLF line end, and a byte-order mark after the start of the file. Both are named as what
/// they are rather than as malformed JSON.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class LineFraming
{
    /// <summary>The message for a bare CR at 0-based <paramref name="index"/> of a line.</summary>
    public static string BareCarriageReturnMessage(long index) =>
        $"a carriage return (CR) at byte {index + 1} is not followed by a line feed (LF); only LF or CRLF ends a line, "
        + "so the text after a bare CR is on the same line, and a file whose lines end in bare CR is read as one line: convert its line ends to LF or CRLF";

    /// <summary>The message for a byte-order mark at 0-based <paramref name="index"/> of a line.</summary>
    public static string ByteOrderMarkMessage(long index) =>
        $"a byte-order mark (U+FEFF, bytes EF BB BF) at byte {index + 1}; only one, at the very start of the file, is accepted "
        + "(files joined together keep the marks of all but the first)";

    /// <summary>
    /// The index of the first byte-order mark (EF BB BF) of <paramref name="line"/> that is not inside a
    /// JSON string, or -1. Strings are followed by their quotes and escapes; the line need not be valid JSON.
    /// </summary>
    public static int IndexOfByteOrderMarkOutsideStrings(ReadOnlySpan<byte> line)
    {
        bool inString = false;
        for (int i = 0; i < line.Length; i++)
        {
            byte b = line[i];
            if (inString)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') inString = false;
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b == 0xEF && i + 2 < line.Length && line[i + 1] == 0xBB && line[i + 2] == 0xBF)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The rejection for a line over the limit, which was skipped unbuffered: <see cref="RecordRejectionReasons.BareCarriageReturn"/>
    /// when its first bytes show a bare CR (a file whose lines end in bare CR is one long line), else
    /// <see cref="RecordRejectionReasons.LineTooLong"/>.
    /// </summary>
    /// <param name="prefix">The first bytes of the line.</param>
    /// <param name="length">The line's length in bytes, line end excluded.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="sourceName">The source, or null.</param>
    /// <param name="options">Limits.</param>
    public static RecordLineRejection TooLong(ReadOnlySpan<byte> prefix, long length, long lineNumber, string? sourceName, JsonLinesReaderOptions options)
    {
        string size = $"the line is {length} bytes long; at most {options.MaxLineBytes} are accepted; it was skipped";
        string? raw = RecordLineParser.RawText(prefix, options.MaxRawTextLength, truncated: true);

        // The last byte of the prefix may be the CR of a CRLF; any CR before it is followed by something else.
        int cr = prefix.Length > 1 ? prefix.Slice(0, prefix.Length - 1).IndexOf((byte)'\r') : -1;
        if (cr >= 0 && Utf8Validation.IndexOfInvalid(prefix.Slice(0, cr)) < 0)
        {
            return new RecordLineRejection(lineNumber, null, RecordRejectionReasons.BareCarriageReturn, size + "; " + BareCarriageReturnMessage(cr), raw, sourceName);
        }

        return new RecordLineRejection(lineNumber, null, RecordRejectionReasons.LineTooLong, size, raw, sourceName);
    }
}
