using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using NodaTime;

namespace ShangdingScore.Records;

/// <summary>
/// Turns one line's bytes (line end already removed) into a record or a rejection (spec §4). One
/// pass with <see cref="Utf8JsonReader"/>; the first broken rule is reported, but a line that is not
/// well-formed JSON is always reported as <see cref="RecordRejectionReasons.MalformedJson"/>.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static partial class RecordLineParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    private enum Known
    {
        Unknown = 0,
        Id = 1,
        Subject = 2,
        Item = 3,
        Quantity = 4,
        OccurredOn = 5,
        Provider = 6,
        RecordedAt = 7,
        Events = 8,
    }

    /// <summary>
    /// Parses a line; null when it is blank (empty, or only spaces and tabs). Line-level faults come
    /// first, in this order: too long, invalid UTF-8, a bare CR, a byte-order mark (found when the JSON breaks).
    /// </summary>
    /// <param name="line">The line's bytes without its LF.</param>
    /// <param name="endsWithLineFeed">Whether an LF ended the line; only then is a CR before it a CRLF line end.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="sourceName">The source for the rejection, or null.</param>
    /// <param name="options">Limits.</param>
    public static RecordLine? Parse(ReadOnlySpan<byte> line, bool endsWithLineFeed, long lineNumber, string? sourceName, JsonLinesReaderOptions options)
    {
        if (endsWithLineFeed && line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (IsBlank(line)) return null;
        if (line.Length > options.MaxLineBytes)
        {
            return Reject(line, lineNumber, sourceName, options, null, RecordRejectionReasons.LineTooLong, $"the line is {line.Length} bytes long; at most {options.MaxLineBytes} are accepted");
        }

        int bad = Utf8Validation.IndexOfInvalid(line);
        if (bad >= 0)
        {
            return Reject(line, lineNumber, sourceName, options, null, RecordRejectionReasons.InvalidUtf8, $"invalid UTF-8 at byte {bad + 1} (0x{line[bad]:X2})");
        }

        int cr = line.IndexOf((byte)'\r');
        if (cr >= 0)
        {
            return Reject(line, lineNumber, sourceName, options, null, RecordRejectionReasons.BareCarriageReturn, LineFraming.BareCarriageReturnMessage(cr));
        }

        Failure? failure;
        CreditRecord? record = null;
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                failure = new Failure("$", RecordRejectionReasons.WrongType, $"a record line must be a JSON object, not {Describe(reader.TokenType)}");
            }
            else
            {
                failure = ReadRecord(ref reader, out record);
            }

            // Read to the end even after a broken rule, so that bad syntax anywhere wins and trailing content is caught.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            // U+FEFF is not JSON white space: outside a string it breaks the JSON, and is named as what it is.
            int bom = LineFraming.IndexOfByteOrderMarkOutsideStrings(line);
            if (bom >= 0)
            {
                return Reject(line, lineNumber, sourceName, options, null, RecordRejectionReasons.ByteOrderMark, LineFraming.ByteOrderMarkMessage(bom));
            }

            long at = ex.BytePositionInLine is { } p ? p + 1 : reader.BytesConsumed + 1;
            return Reject(line, lineNumber, sourceName, options, null, RecordRejectionReasons.MalformedJson, $"not well-formed JSON at byte {at}: {FirstSentence(ex.Message)}");
        }

        if (failure is not null)
        {
            return Reject(line, lineNumber, sourceName, options, failure.Field, failure.Reason, failure.Message);
        }

        return RecordLine.Taken(lineNumber, record!);
    }

    private static Failure? ReadRecord(ref Utf8JsonReader reader, out CreditRecord? record)
    {
        record = null;
        string? id = null, subject = null, item = null, provider = null;
        decimal quantity = 1m;
        LocalDate occurredOn = default;
        Instant recordedAt = default;
        var events = ImmutableArray<RecordEvent>.Empty;
        int seen = 0;
        HashSet<string>? unknown = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var nameFailure = CheckName(ref reader, "$");
            if (nameFailure is not null) return nameFailure;
            var known = Identify(ref reader);
            string path;
            if (known == Known.Unknown)
            {
                string name = reader.GetString()!;
                path = JsonPath.Property("$", name);
                unknown ??= new HashSet<string>(StringComparer.Ordinal);
                if (!unknown.Add(name)) return Duplicate(path);
            }
            else
            {
                path = "$." + Name(known);
                int bit = 1 << (int)known;
                if ((seen & bit) != 0) return Duplicate(path);
                seen |= bit;
            }

            reader.Read();
            Failure? failure = known switch
            {
                Known.Id => ReadText(ref reader, path, out id),
                Known.Subject => ReadSubject(ref reader, path, out subject),
                Known.Item => ReadText(ref reader, path, out item),
                Known.Provider => ReadText(ref reader, path, out provider),
                Known.Quantity => ReadQuantity(ref reader, path, out quantity),
                Known.OccurredOn => ReadDate(ref reader, path, required: true, out occurredOn),
                Known.RecordedAt => ReadInstant(ref reader, path, out recordedAt),
                Known.Events => ReadEvents(ref reader, path, out events),
                _ => SkipChecked(ref reader, path),
            };
            if (failure is not null) return failure;
        }

        foreach (var required in new[] { Known.Id, Known.Subject, Known.Item, Known.OccurredOn, Known.Provider, Known.RecordedAt })
        {
            if ((seen & (1 << (int)required)) == 0) return Missing("$." + Name(required));
        }

        try
        {
            record = new CreditRecord(id!, new SubjectId(subject!), item!, occurredOn, provider!, recordedAt, quantity, events);
            return null;
        }
        catch (ArgumentException ex)
        {
            // Every rule of the constructor is checked above; this is a safety net so that reading never throws.
            return new Failure(ex.ParamName is { } p ? "$." + p : null, RecordRejectionReasons.InvalidValue, FirstSentence(ex.Message));
        }
    }

    private static Failure? ReadEvents(ref Utf8JsonReader reader, string path, out ImmutableArray<RecordEvent> events)
    {
        events = ImmutableArray<RecordEvent>.Empty;
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) return WrongType(path, "an array of events", reader.TokenType);
        var builder = ImmutableArray.CreateBuilder<RecordEvent>();
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string eventPath = $"{path}[{index}]";
            if (reader.TokenType != JsonTokenType.StartObject) return WrongType(eventPath, "an event object", reader.TokenType);
            var failure = ReadEvent(ref reader, eventPath, out var e);
            if (failure is not null) return failure;
            builder.Add(e!);
            index++;
        }

        events = builder.ToImmutable();
        return null;
    }

    private static Failure? ReadEvent(ref Utf8JsonReader reader, string path, out RecordEvent? recordEvent)
    {
        recordEvent = null;
        RecordEventType? type = null;
        Instant? at = null;
        LocalDate? effectiveOn = null;
        bool seenType = false, seenAt = false, seenEffective = false;
        HashSet<string>? unknown = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            Failure? failure = CheckName(ref reader, path);
            if (failure is not null) return failure;
            if (reader.ValueTextEquals("type"u8))
            {
                if (seenType) return Duplicate(path + ".type");
                seenType = true;
                reader.Read();
                failure = ReadEventType(ref reader, path + ".type", out type);
            }
            else if (reader.ValueTextEquals("at"u8))
            {
                if (seenAt) return Duplicate(path + ".at");
                seenAt = true;
                reader.Read();
                failure = ReadInstant(ref reader, path + ".at", out var instant);
                at = instant;
            }
            else if (reader.ValueTextEquals("effectiveOn"u8))
            {
                if (seenEffective) return Duplicate(path + ".effectiveOn");
                seenEffective = true;
                reader.Read();
                failure = ReadDate(ref reader, path + ".effectiveOn", required: false, out var date);
                effectiveOn = reader.TokenType == JsonTokenType.Null ? null : date;
            }
            else
            {
                string name = reader.GetString()!;
                string propertyPath = JsonPath.Property(path, name);
                unknown ??= new HashSet<string>(StringComparer.Ordinal);
                if (!unknown.Add(name)) return Duplicate(propertyPath);
                reader.Read();
                failure = SkipChecked(ref reader, propertyPath);
            }

            if (failure is not null) return failure;
        }

        if (type is null) return Missing(path + ".type");
        if (at is null) return Missing(path + ".at");
        recordEvent = new RecordEvent(type.Value, at.Value, effectiveOn);
        return null;
    }

    private static Known Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("id"u8)) return Known.Id;
        if (reader.ValueTextEquals("subject"u8)) return Known.Subject;
        if (reader.ValueTextEquals("item"u8)) return Known.Item;
        if (reader.ValueTextEquals("quantity"u8)) return Known.Quantity;
        if (reader.ValueTextEquals("occurredOn"u8)) return Known.OccurredOn;
        if (reader.ValueTextEquals("provider"u8)) return Known.Provider;
        if (reader.ValueTextEquals("recordedAt"u8)) return Known.RecordedAt;
        if (reader.ValueTextEquals("events"u8)) return Known.Events;
        return Known.Unknown;
    }

    private static string Name(Known known) => known switch
    {
        Known.Id => "id",
        Known.Subject => "subject",
        Known.Item => "item",
        Known.Quantity => "quantity",
        Known.OccurredOn => "occurredOn",
        Known.Provider => "provider",
        Known.RecordedAt => "recordedAt",
        Known.Events => "events",
        _ => "?",
    };

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t')) return false;
        }

        return true;
    }

    private static Failure Missing(string path) => new(path, RecordRejectionReasons.MissingField, "a required field is missing or null");

    private static Failure Duplicate(string path) => new(path, RecordRejectionReasons.DuplicateKey, "the key appears more than once in its object");

    private static Failure WrongType(string path, string expected, JsonTokenType actual) =>
        new(path, RecordRejectionReasons.WrongType, $"expected {expected}, found {Describe(actual)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message.Substring(0, end + 1) : message;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

    internal static RecordLine Reject(ReadOnlySpan<byte> line, long lineNumber, string? sourceName, JsonLinesReaderOptions options, string? field, string reason, string message) =>
        RecordLine.SetAside(new RecordLineRejection(lineNumber, field, reason, message, RawText(line, options.MaxRawTextLength, truncated: false), sourceName));

    /// <summary>The start of <paramref name="bytes"/> as text, invalid UTF-8 replaced, at most <paramref name="maxChars"/> characters plus an ellipsis when cut.</summary>
    internal static string? RawText(ReadOnlySpan<byte> bytes, int maxChars, bool truncated)
    {
        if (maxChars == 0) return null;
        int take = Math.Min(bytes.Length, maxChars * 4);
        string text = Encoding.UTF8.GetString(bytes.Slice(0, take).ToArray());
        bool cut = truncated || take < bytes.Length;
        if (text.Length > maxChars)
        {
            int length = maxChars;
            if (char.IsHighSurrogate(text[length - 1])) length--;
            text = text.Substring(0, length);
            cut = true;
        }

        return cut ? text + "…" : text;
    }

    private sealed class Failure
    {
        public Failure(string? field, string reason, string message)
        {
            Field = field;
            Reason = reason;
            Message = message;
        }

        public string? Field { get; }

        public string Reason { get; }

        public string Message { get; }
    }
}
