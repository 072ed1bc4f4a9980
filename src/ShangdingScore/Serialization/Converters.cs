using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Serialization;

/// <summary>Writes <see cref="LocalDate"/> as ISO <c>yyyy-MM-dd</c>.</summary>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        var result = LocalDatePattern.Iso.Parse(text ?? string.Empty);
        return result.Success ? result.Value : throw new JsonException($"'{text}' is not an ISO 8601 date (yyyy-MM-dd).");
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
}

/// <summary>Writes <see cref="Instant"/> as ISO 8601 in UTC with a <c>Z</c>; reads any instant with a zone.</summary>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? string.Empty;
        var result = OffsetDateTimePattern.ExtendedIso.Parse(text);
        return result.Success ? result.Value.ToInstant() : throw new JsonException($"'{text}' is not an ISO 8601 instant with a zone (Z or an offset).");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}

/// <summary>Writes <see cref="SubjectId"/> as its text.</summary>
internal sealed class SubjectIdJsonConverter : JsonConverter<SubjectId>
{
    public override SubjectId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A subject id is a string."));

    public override void Write(Utf8JsonWriter writer, SubjectId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>Enums as kebab-case strings (<c>dispute-pending</c>); the names are part of the contract.</summary>
internal sealed class KebabEnumConverter<T> : JsonStringEnumConverter<T>
    where T : struct, Enum
{
    public KebabEnumConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
