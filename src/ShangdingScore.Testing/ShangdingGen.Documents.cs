using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace ShangdingScore.Testing;

public static partial class ShangdingGen
{
    /// <summary>Numbers that break a document's bounds or types: huge, tiny, negative, fractional, beyond <see cref="decimal"/> and <see cref="double"/>.</summary>
    private static readonly string[] HostileNumbers =
    {
        "1e19", "1E15", "-7.9e28", "7.9e28", "79228162514264337593543950336", "1e400", "-1e400", "1e-400", "0.00001", "1e-30",
        "-1", "-0", "0", "0.5", "3.14159", "999999999999.9999", "1000000000000", "-999999999999.9999", "123456789012.34567", "2147483648", "1.0000",
    };

    /// <summary>String contents (as written in JSON) with escapes: unpaired surrogates, control characters, a valid pair, an escaped quote.</summary>
    private static readonly string[] HostileEscapes =
    {
        "\\ud800", "\\udc00", "x\\udbff", "\\udfffx", "\\ud800\\ud800", "\\udc00\\ud800", "\\u0000", "\\u001f", "\\ud83d\\ude00", "\\\"", "\\\\", "\\n\\t", "",
    };

    /// <summary>Arbitrary bytes, up to a few hundred: sometimes a byte-order mark first, often JSON punctuation.</summary>
    public static Gen<byte[]> ArbitraryBytes() =>
        from bom in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from bytes in Gen.ArrayOf(Gen.Frequency(
            (3, Gen.Choose(0, 255).Select(b => (byte)b)),
            (2, Gen.Elements("{}[]\":,\\u0123456789abcdefdD-+.eE tnrl".Select(c => (byte)c).ToArray())),
            (1, Gen.Elements<byte>(0xED, 0xA0, 0x80, 0xC0, 0xFF, 0xF4, 0x90, 0xE0))))
        select bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray() : bytes;

    /// <summary>Arbitrary text, up to a few hundred characters: JSON punctuation, escapes, control characters and unpaired surrogates among them.</summary>
    public static Gen<string> ArbitraryText() =>
        Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Elements("{}[]\":,\\u0123456789abcdefdD-+.eE tnrl".ToCharArray())),
            (1, Gen.Choose(0, 0x1F).Select(c => (char)c)),
            (1, Gen.Choose(0xD800, 0xDFFF).Select(c => (char)c)),
            (1, Gen.Choose(0x20, 0xFFFF).Select(c => (char)c))))
        .Select(chars => new string(chars));

    /// <summary>
    /// Broken variants of a valid JSON document (<paramref name="validJson"/>), one or two edits each: a number
    /// replaced by a hostile one, a property dropped or written twice, a string or property name replaced by one
    /// with escapes (unpaired surrogates, control characters), a value of another type, a stray byte inserted, or
    /// the text cut short.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="validJson"/> is not a JSON document.</exception>
    public static Gen<string> BrokenDocuments(string validJson)
    {
        var root = JsonNode.Parse(validJson) ?? throw new ArgumentException("Not a JSON document.", nameof(validJson));
        int properties = CountProperties(root);
        var edit =
            from kind in Gen.Choose(0, 5)
            from target in Gen.Choose(0, properties - 1)
            from number in Gen.Elements(HostileNumbers)
            from escape in Gen.Elements(HostileEscapes)
            select new DocumentEdit(kind, target, number, escape);
        var whole =
            from edits in Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(edit, n))
            from textEdit in Gen.Choose(0, 3)
            from at in Gen.Choose(0, 1000)
            from stray in Gen.Elements("\\", "\"", "{", "]", ",", "\u0001", "\ud800", "\\u", "1e")
            select (edits, textEdit, at, stray);
        return whole.Select(w =>
        {
            var text = Write(root, w.edits);
            int cut = w.at * text.Length / 1000;
            return w.textEdit switch
            {
                1 => text.Substring(0, cut),
                2 => text.Insert(cut, w.stray),
                _ => text,
            };
        });
    }

    private const string NameMarker = "@@name-";

    /// <summary>The name of the property numbered <paramref name="target"/> in document order.</summary>
    private static string? PropertyAt(JsonNode? node, int target)
    {
        int index = 0;
        return Find(node, target, ref index);

        static string? Find(JsonNode? n, int t, ref int i)
        {
            if (n is JsonObject o)
            {
                foreach (var p in o)
                {
                    if (i++ == t) return p.Key;
                    if (Find(p.Value, t, ref i) is { } found) return found;
                }
            }
            else if (n is JsonArray a)
            {
                foreach (var item in a)
                {
                    if (Find(item, t, ref i) is { } found) return found;
                }
            }

            return null;
        }
    }

    private static int CountProperties(JsonNode? node) => node switch
    {
        JsonObject o => o.Count + o.Sum(p => CountProperties(p.Value)),
        JsonArray a => a.Sum(CountProperties),
        _ => 0,
    };

    private static string Write(JsonNode root, DocumentEdit[] edits)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, SkipValidation = true }))
        {
            int index = 0;
            WriteNode(w, root, edits, ref index);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        foreach (var e in edits.Where(e => e.Kind == 4))
        {
            var key = PropertyAt(root, e.Target) ?? string.Empty;
            text = text.Replace("\"" + NameMarker + e.Target.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"", "\"" + key + e.Escape + "\"");
        }

        return text;
    }

    private static void WriteNode(Utf8JsonWriter w, JsonNode? node, DocumentEdit[] edits, ref int index)
    {
        switch (node)
        {
            case JsonObject o:
                w.WriteStartObject();
                foreach (var p in o)
                {
                    int at = index++;
                    var edit = edits.FirstOrDefault(e => e.Target == at);
                    if (edit is null)
                    {
                        w.WritePropertyName(p.Key);
                        WriteNode(w, p.Value, edits, ref index);
                        continue;
                    }

                    switch (edit.Kind)
                    {
                        case 0: // drop the property (its insides keep their numbering)
                            int skipped = index;
                            SkipNode(p.Value, ref skipped);
                            index = skipped;
                            break;
                        case 1: // the property twice
                            w.WritePropertyName(p.Key);
                            WriteNode(w, p.Value, edits, ref index);
                            w.WritePropertyName(p.Key);
                            int again = index;
                            WriteNode(w, p.Value, Array.Empty<DocumentEdit>(), ref again);
                            break;
                        case 2: // a hostile number as the value
                            w.WritePropertyName(p.Key);
                            w.WriteRawValue(edit.Number, skipInputValidation: true);
                            SkipNode(p.Value, ref index);
                            break;
                        case 3: // a string with escapes as the value
                            w.WritePropertyName(p.Key);
                            w.WriteRawValue("\"" + edit.Escape + "\"", skipInputValidation: true);
                            SkipNode(p.Value, ref index);
                            break;
                        case 4: // the name written with escapes: a marker now, replaced in the text afterwards
                            w.WritePropertyName(NameMarker + at.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            WriteNode(w, p.Value, edits, ref index);
                            break;
                        default: // a value of another type
                            w.WritePropertyName(p.Key);
                            w.WriteRawValue(p.Value is JsonArray ? "{}" : "[]", skipInputValidation: true);
                            SkipNode(p.Value, ref index);
                            break;
                    }
                }

                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) WriteNode(w, item, edits, ref index);
                w.WriteEndArray();
                break;
            case null:
                w.WriteNullValue();
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    private static void SkipNode(JsonNode? node, ref int index) => index += CountProperties(node);

    private sealed record DocumentEdit(int Kind, int Target, string Number, string Escape);
}
