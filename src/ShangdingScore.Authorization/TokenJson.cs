using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime.Text;

namespace ShangdingScore.Authorization;

/// <summary>The JSON of the compact signed tokens (grants, grade attestations): flat objects of string properties.</summary>
internal static class TokenJson
{
    /// <summary>Instants as <c>uuuu-MM-ddTHH:mm:ssZ</c>.</summary>
    public static readonly InstantPattern InstantFormat = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    /// <summary>
    /// A JSON object of exactly the <paramref name="required"/> string properties (and any of <paramref name="optional"/>),
    /// each once; null otherwise. Text that is not well-formed Unicode — an unpaired surrogate escape such as
    /// <c>"\ud800"</c> in a name or a value, or bytes that are not UTF-8 — cannot become a .NET string:
    /// <see cref="JsonProperty.Name"/> and <see cref="JsonElement.GetString"/> throw <see cref="InvalidOperationException"/>
    /// for it, which is a malformed token like any other.
    /// </summary>
    public static Dictionary<string, string>? ReadStrings(byte[] utf8, string[] required, params string[] optional)
    {
        try
        {
            using var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 2 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            int requiredSeen = 0;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                bool isRequired = Array.IndexOf(required, p.Name) >= 0;
                if ((!isRequired && Array.IndexOf(optional, p.Name) < 0) || p.Value.ValueKind != JsonValueKind.String || result.ContainsKey(p.Name)) return null;
                result.Add(p.Name, p.Value.GetString()!);
                if (isRequired) requiredSeen++;
            }

            return requiredSeen == required.Length ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Ill-formed UTF-16 escapes or invalid UTF-8 inside a name or a string (see the summary).
            return null;
        }
    }

    /// <summary><see cref="ReadStrings(byte[], string[], string[])"/> with every property required.</summary>
    public static Dictionary<string, string>? ReadStrings(byte[] utf8, params string[] required) => ReadStrings(utf8, required, Array.Empty<string>());

    /// <summary>Writes one compact JSON object.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.Default }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
