using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Rights;

/// <summary>Writes a journal or outbox payload: one JSON object, compact, Chinese unescaped, properties in the order written.</summary>
/// <remarks>Not thread-safe; one per payload.</remarks>
internal sealed class PayloadWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _json;

    public PayloadWriter()
    {
        _json = new Utf8JsonWriter(_buffer, Options);
        _json.WriteStartObject();
    }

    public PayloadWriter String(string name, string? value)
    {
        if (value is not null) _json.WriteString(name, value);
        return this;
    }

    public PayloadWriter Bool(string name, bool value)
    {
        _json.WriteBoolean(name, value);
        return this;
    }

    public PayloadWriter Date(string name, LocalDate? value)
    {
        if (value is { } d) _json.WriteString(name, LocalDatePattern.Iso.Format(d));
        return this;
    }

    public PayloadWriter Text(string name, LocalizedText? text)
    {
        if (text is null) return this;
        _json.WritePropertyName(name);
        _json.WriteStartObject();
        _json.WriteString("zh-CN", text.ZhCn);
        _json.WriteString("en", text.En);
        _json.WriteEndObject();
        return this;
    }

    public PayloadWriter Strings(string name, ImmutableArray<string> values)
    {
        _json.WritePropertyName(name);
        _json.WriteStartArray();
        if (!values.IsDefault)
        {
            foreach (var v in values) _json.WriteStringValue(v);
        }

        _json.WriteEndArray();
        return this;
    }

    public string Finish()
    {
        _json.WriteEndObject();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.ToArray());
    }

    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }

    public static string Write(Action<PayloadWriter> body)
    {
        using var writer = new PayloadWriter();
        body(writer);
        return writer.Finish();
    }
}

/// <summary>Reads a payload written by <see cref="PayloadWriter"/>; a missing or ill-typed field is an error naming the entry.</summary>
/// <remarks>Not thread-safe; one per payload.</remarks>
internal sealed class PayloadReader : IDisposable
{
    private readonly JsonDocument _document;
    private readonly string _where;

    public PayloadReader(string payload, string where)
    {
        _where = where;
        try
        {
            _document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{where}: the payload is not JSON: {ex.Message}", ex);
        }

        if (_document.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"{where}: the payload is not a JSON object.");
    }

    public string String(string name) => OptionalString(name) ?? throw Missing(name);

    public string? OptionalString(string name) =>
        _document.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool Bool(string name) =>
        _document.RootElement.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Missing(name);

    public LocalDate Date(string name) => OptionalDate(name) ?? throw Missing(name);

    public LocalDate? OptionalDate(string name)
    {
        var text = OptionalString(name);
        if (text is null) return null;
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : throw new InvalidOperationException($"{_where}: '{name}' is not a date: {text}");
    }

    public LocalizedText? OptionalText(string name)
    {
        if (!_document.RootElement.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Object) return null;
        string? zh = v.TryGetProperty("zh-CN", out var z) ? z.GetString() : null;
        string? en = v.TryGetProperty("en", out var e) ? e.GetString() : null;
        return zh is null || en is null ? throw Missing(name + ".zh-CN/en") : new LocalizedText(zh, en);
    }

    public ImmutableArray<string> Strings(string name)
    {
        if (!_document.RootElement.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return ImmutableArray<string>.Empty;
        return v.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToImmutableArray();
    }

    public void Dispose() => _document.Dispose();

    private InvalidOperationException Missing(string name) => new($"{_where}: the payload has no valid '{name}'.");
}
