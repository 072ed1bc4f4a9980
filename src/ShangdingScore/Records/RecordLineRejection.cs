namespace ShangdingScore.Records;

/// <summary>
/// A line of a JSON Lines record file that was set aside (spec §4): where it is, which field broke
/// which rule, and why. Nothing is dropped silently: every line that is neither blank nor a record
/// becomes one of these.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecordLineRejection
{
    /// <summary>Creates a rejection.</summary>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="field">The JSON path of the offending value (for example <c>$.recordedAt</c> or <c>$.events[1].type</c>), or null when the line as a whole is at fault.</param>
    /// <param name="reason">One of <see cref="RecordRejectionReasons"/>.</param>
    /// <param name="message">What is wrong, in English.</param>
    /// <param name="rawText">The start of the line as text, or null when not kept.</param>
    /// <param name="sourceName">The file or feed the line came from, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> or <paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineNumber"/> is less than 1.</exception>
    public RecordLineRejection(long lineNumber, string? field, string reason, string message, string? rawText = null, string? sourceName = null)
    {
        if (lineNumber < 1) throw new ArgumentOutOfRangeException(nameof(lineNumber), lineNumber, "Line numbers start at 1.");
        LineNumber = lineNumber;
        Field = field;
        Reason = reason ?? throw new ArgumentNullException(nameof(reason));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        RawText = rawText;
        SourceName = sourceName;
    }

    /// <summary>The 1-based line number in the source.</summary>
    public long LineNumber { get; }

    /// <summary>The JSON path of the offending value, or null when the line as a whole is at fault (malformed JSON, invalid UTF-8, too long).</summary>
    public string? Field { get; }

    /// <summary>One of <see cref="RecordRejectionReasons"/>.</summary>
    public string Reason { get; }

    /// <summary>What is wrong, in English, for a person.</summary>
    public string Message { get; }

    /// <summary>
    /// The start of the line as text (invalid UTF-8 replaced by U+FFFD), truncated to
    /// <see cref="JsonLinesReaderOptions.MaxRawTextLength"/> characters, or null when not kept.
    /// </summary>
    /// <value>The default is the first 200 characters.</value>
    public string? RawText { get; }

    /// <summary>The file or feed the line came from, as given to the reader, or null.</summary>
    public string? SourceName { get; }

    /// <summary><c>source:line: $.field: message [reason]</c>.</summary>
    public override string ToString() =>
        $"{(SourceName is null ? string.Empty : SourceName + ":")}{LineNumber}: {(Field is null ? string.Empty : Field + ": ")}{Message} [{Reason}]";
}
