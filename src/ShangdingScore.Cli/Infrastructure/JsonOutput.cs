using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>Writes the tool's JSON: indented with <c>\n</c>, Chinese written as is, one document per call.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Builds one JSON document as text (without a trailing line feed).</summary>
    public static string Build(Action<Utf8JsonWriter> write, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes a decimal exactly as the rule set or result has it (no exponent, no binary rounding).</summary>
    public static void Number(this Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    /// <summary>Writes a string or null.</summary>
    public static void StringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }
}
