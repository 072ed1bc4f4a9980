using System.Text;
using System.Text.Json;
using NodaTime;

namespace ShangdingScore.Records;

/// <summary>The value readers of <see cref="RecordLineParser"/>: each reads the current token as one field and returns its first broken rule.</summary>
internal static partial class RecordLineParser
{
    private static Failure? ReadEventType(ref Utf8JsonReader reader, string path, out RecordEventType? type)
    {
        type = null;
        if (reader.TokenType == JsonTokenType.Null) return Missing(path);
        if (reader.TokenType != JsonTokenType.String) return WrongType(path, "a string", reader.TokenType);
        var failure = GetString(ref reader, path, out var text);
        if (failure is not null) return failure;
        if (RecordEventTypeNames.TryParse(text!, out var parsed))
        {
            type = parsed;
            return null;
        }

        return new Failure(path, RecordRejectionReasons.UnknownEventType, $"unknown event type \"{Truncate(text!, 40)}\"; expected one of {RecordEventTypeNames.AllNames}");
    }

    private static Failure? ReadText(ref Utf8JsonReader reader, string path, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null) return Missing(path);
        if (reader.TokenType != JsonTokenType.String) return WrongType(path, "a string", reader.TokenType);
        var failure = GetString(ref reader, path, out value);
        if (failure is not null) return failure;
        if (string.IsNullOrWhiteSpace(value)) return new Failure(path, RecordRejectionReasons.EmptyValue, "must not be empty or white space");
        return null;
    }

    private static Failure? ReadSubject(ref Utf8JsonReader reader, string path, out string? value)
    {
        var failure = ReadText(ref reader, path, out value);
        if (failure is not null) return failure;
        if (!SubjectId.IsValid(value)) return new Failure(path, RecordRejectionReasons.InvalidValue, "a subject id is at most 128 characters with no leading or trailing white space");
        return null;
    }

    private static Failure? ReadQuantity(ref Utf8JsonReader reader, string path, out decimal quantity)
    {
        quantity = 1m;
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.Number) return WrongType(path, "a number", reader.TokenType);
        var verdict = QuantityText.Check(reader.ValueSpan);
        if (verdict == QuantityText.Verdict.Zero)
        {
            quantity = 0m;
            return null;
        }

        if (verdict == QuantityText.Verdict.Negative)
        {
            return new Failure(path, RecordRejectionReasons.NegativeQuantity, $"the quantity must not be negative (was {Written(reader.ValueSpan)})");
        }

        if (verdict == QuantityText.Verdict.OutOfBounds)
        {
            return new Failure(
                path,
                RecordRejectionReasons.InvalidValue,
                $"the quantity {Written(reader.ValueSpan)} is out of bounds: at most {QuantityText.MaxIntegerDigits} integer digits and {QuantityText.MaxDecimals} decimals are accepted");
        }

        if (!reader.TryGetDecimal(out quantity))
        {
            // Within the bounds a number always fits a decimal; this keeps reading from ever throwing.
            quantity = 1m;
            return new Failure(path, RecordRejectionReasons.InvalidValue, "the quantity is not representable as a decimal");
        }

        return null;
    }

    /// <summary>A token's text as written, cut to 40 characters.</summary>
    private static string Written(ReadOnlySpan<byte> token) => Truncate(Encoding.UTF8.GetString(token.ToArray()), 40);

    private static Failure? ReadDate(ref Utf8JsonReader reader, string path, bool required, out LocalDate date)
    {
        date = default;
        if (reader.TokenType == JsonTokenType.Null) return required ? Missing(path) : null;
        if (reader.TokenType != JsonTokenType.String) return WrongType(path, "a date string yyyy-MM-dd", reader.TokenType);
        var failure = GetString(ref reader, path, out var text);
        if (failure is not null) return failure;
        if (IsoText.TryParseDate(text!, out date)) return null;
        return new Failure(path, RecordRejectionReasons.InvalidDate, $"\"{Truncate(text!, 40)}\" is not an ISO 8601 date yyyy-MM-dd");
    }

    private static Failure? ReadInstant(ref Utf8JsonReader reader, string path, out Instant instant)
    {
        instant = default;
        if (reader.TokenType == JsonTokenType.Null) return Missing(path);
        if (reader.TokenType != JsonTokenType.String) return WrongType(path, "an instant string such as 2025-03-15T02:00:00Z", reader.TokenType);
        var failure = GetString(ref reader, path, out var text);
        if (failure is not null) return failure;
        return IsoText.TryParseInstant(text!, out instant) switch
        {
            IsoText.InstantParse.Ok => null,
            IsoText.InstantParse.NoZone => new Failure(path, RecordRejectionReasons.InstantWithoutZone, $"\"{Truncate(text!, 40)}\" has no zone; add Z or an offset such as +08:00"),
            _ => new Failure(path, RecordRejectionReasons.InvalidInstant, $"\"{Truncate(text!, 40)}\" is not an ISO 8601 instant such as 2025-03-15T02:00:00Z or 2025-03-15T10:00:00+08:00"),
        };
    }

    /// <summary>Skips the current value, checking every object inside it for duplicate keys and every string and name for ill-formed Unicode.</summary>
    private static Failure? SkipChecked(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType == JsonTokenType.String) return CheckString(ref reader, path);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            HashSet<string>? names = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var failure = CheckName(ref reader, path);
                if (failure is not null) return failure;
                string name = reader.GetString()!;
                string propertyPath = JsonPath.Property(path, name);
                names ??= new HashSet<string>(StringComparer.Ordinal);
                if (!names.Add(name)) return Duplicate(propertyPath);
                reader.Read();
                failure = SkipChecked(ref reader, propertyPath);
                if (failure is not null) return failure;
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            int index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var failure = SkipChecked(ref reader, $"{path}[{index}]");
                if (failure is not null) return failure;
                index++;
            }
        }

        return null;
    }

    /// <summary>The current string value, decoded once; a failure instead when it holds an unpaired surrogate escape.</summary>
    private static Failure? GetString(ref Utf8JsonReader reader, string path, out string? value)
    {
        value = null;
        var failure = CheckString(ref reader, path);
        if (failure is not null) return failure;
        value = reader.GetString();
        return null;
    }

    /// <summary>
    /// A failure when the current string value holds an unpaired surrogate escape, which every
    /// decoding API of the reader would throw on. Only escaped values are scanned.
    /// </summary>
    private static Failure? CheckString(ref Utf8JsonReader reader, string path)
    {
        if (!reader.ValueIsEscaped) return null;
        int at = JsonEscapes.IndexOfUnpairedSurrogate(reader.ValueSpan);
        if (at < 0) return null;
        return new Failure(path, RecordRejectionReasons.IllFormedUnicode, $"the string holds {EscapeAt(ref reader, at)}");
    }

    /// <summary>
    /// Like <see cref="CheckString"/>, for the current property name, before anything compares or
    /// decodes it; the field is the property, its name as written (<c>$['\ud800']</c>).
    /// </summary>
    private static Failure? CheckName(ref Utf8JsonReader reader, string parent)
    {
        if (!reader.ValueIsEscaped) return null;
        var raw = reader.ValueSpan;
        int at = JsonEscapes.IndexOfUnpairedSurrogate(raw);
        if (at < 0) return null;
        string written = Encoding.UTF8.GetString(raw.ToArray());
        return new Failure(JsonPath.PropertyAsWritten(parent, written), RecordRejectionReasons.IllFormedUnicode, $"the property name \"{Written(raw)}\" holds {EscapeAt(ref reader, at)}");
    }

    private static string EscapeAt(ref Utf8JsonReader reader, int at)
    {
        // The value starts one byte after the token's opening quote; bytes are counted from 1.
        long position = reader.TokenStartIndex + 1 + at + 1;
        string escape = Encoding.UTF8.GetString(reader.ValueSpan.Slice(at, 6).ToArray());
        return $"the escape {escape} at byte {position}, an unpaired surrogate: not Unicode text";
    }
}
