namespace ShangdingScore.Records;

/// <summary>
/// Stable codes for why a line of a JSON Lines record file was set aside (spec §4). The text of
/// each code is part of the public contract: importers store it next to the rejected line.
/// </summary>
/// <remarks>Constants only; thread-safe.</remarks>
public static class RecordRejectionReasons
{
    /// <summary>The line is not well-formed JSON (including trailing content after the object).</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>A required field (<c>id</c>, <c>subject</c>, <c>item</c>, <c>occurredOn</c>, <c>provider</c>, <c>recordedAt</c>, or an event's <c>type</c> or <c>at</c>) is absent or null.</summary>
    public const string MissingField = "missing-field";

    /// <summary>A value has the wrong JSON type (for example a quantity given as a string, or a line that is an array rather than an object).</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A date is not an ISO 8601 calendar date <c>yyyy-MM-dd</c> (year 0001–9999) or does not exist.</summary>
    public const string InvalidDate = "invalid-date";

    /// <summary>An instant is a date and time without <c>Z</c> or an offset; it is never guessed (spec §3a).</summary>
    public const string InstantWithoutZone = "instant-without-zone";

    /// <summary>An instant is not an ISO 8601 date and time with seconds and a zone, such as <c>2025-03-15T02:00:00Z</c> or <c>2025-03-15T10:00:00+08:00</c>.</summary>
    public const string InvalidInstant = "invalid-instant";

    /// <summary>The quantity is below zero.</summary>
    public const string NegativeQuantity = "negative-quantity";

    /// <summary>A value has the right type but cannot be used: a quantity too large for a decimal, or a subject id longer than 128 characters or padded with white space.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>An event's <c>type</c> is not one of the lifecycle event types of spec §3.</summary>
    public const string UnknownEventType = "unknown-event-type";

    /// <summary>A property name appears twice in one JSON object (at any depth).</summary>
    public const string DuplicateKey = "duplicate-key";

    /// <summary>The line is longer than the limit (64 KiB by default, line end excluded); it was skipped without being buffered.</summary>
    public const string LineTooLong = "line-too-long";

    /// <summary>The line's bytes are not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid-utf8";

    /// <summary><c>id</c>, <c>subject</c>, <c>item</c> or <c>provider</c> is empty or white space only.</summary>
    public const string EmptyValue = "empty-value";

    /// <summary>
    /// A JSON string or property name, anywhere in the line (also in an unknown field or an event),
    /// holds an escape that is not well-formed Unicode: an unpaired surrogate such as <c>\ud800</c>
    /// (a high surrogate not followed by a low one, or a low surrogate alone). The field is the JSON
    /// path of the string, or of the property whose name holds it; the message gives the escape and its byte.
    /// </summary>
    public const string IllFormedUnicode = "ill-formed-unicode";

    /// <summary>
    /// The line holds a carriage return (CR) that is not part of a CRLF line end. Only LF and CRLF end
    /// a line (spec §4), so a file whose lines end in a bare CR is read as one line and set aside with
    /// this reason; a CR at the end of a last line without LF is bare too.
    /// </summary>
    public const string BareCarriageReturn = "bare-carriage-return";

    /// <summary>
    /// A UTF-8 byte-order mark (EF BB BF) stands after the start of the file: at the start of a line
    /// after the first, a second one at the start of the file, or between the JSON tokens of a line.
    /// Only one, at the very start of the file, is accepted. (U+FEFF inside a JSON string is text.)
    /// </summary>
    public const string ByteOrderMark = "byte-order-mark";
}
