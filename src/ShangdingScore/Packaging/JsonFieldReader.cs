using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Packaging;

/// <summary>
/// The field readers the SDK's JSON document loaders share (benefit catalogs, recognition agreements, …): each reads
/// one property of an object, and on a problem records it with its JSON path, a stable code and a message, and returns
/// null, so a loader lists every problem of a document in one pass. At most <see cref="JsonLoadOptions.MaxErrors"/>
/// are listed, then one <c>too-many-errors</c> counts the rest.
/// </summary>
/// <remarks>Not thread-safe: one reader per document. Codes: <c>required</c>, <c>wrong-type</c>, <c>invalid-value</c>, <c>unknown-property</c>.</remarks>
public class JsonFieldReader
{
    private static readonly Regex CodePattern = new("^[a-z][a-z0-9]*([.-][a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private readonly List<JsonDocumentProblem> _problems = new();
    private readonly int _maxErrors;
    private int _more;

    /// <summary>Creates a reader listing at most <paramref name="maxErrors"/> problems.</summary>
    public JsonFieldReader(int maxErrors) => _maxErrors = maxErrors;

    /// <summary>Whether any problem was recorded.</summary>
    public bool HasProblems => _problems.Count > 0 || _more > 0;

    /// <summary>The problems listed and, when there were more, a last one counting them.</summary>
    public ImmutableArray<JsonDocumentProblem> Problems()
    {
        if (_more == 0) return _problems.ToImmutableArray();
        return _problems.Append(JsonDocumentLoading.TooManyErrors(_problems.Count, _more)).ToImmutableArray();
    }

    /// <summary>Records a problem.</summary>
    public void Fail(string path, string code, string message)
    {
        if (_problems.Count < _maxErrors) _problems.Add(new JsonDocumentProblem(path, code, message));
        else _more++;
    }

    /// <summary>Records every property of <paramref name="o"/> that is not one of <paramref name="names"/>.</summary>
    public void Known(JsonElement o, string path, params string[] names)
    {
        foreach (var p in o.EnumerateObject())
        {
            if (System.Array.IndexOf(names, p.Name) < 0) Fail(JsonDocumentLoading.PropertyPath(path, p.Name), "unknown-property", $"'{JsonDocumentLoading.Excerpt(p.Name)}' is not a property of this object; expected one of {string.Join(", ", names)}.");
        }
    }

    /// <summary>An object property, or null (recorded when required or of another kind).</summary>
    public JsonElement? Object(JsonElement o, string path, string name, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            if (required) Fail($"{path}.{name}", "required", $"{name} is required.");
            return null;
        }

        if (v.ValueKind == JsonValueKind.Object) return v;
        Fail($"{path}.{name}", "wrong-type", $"{name} is an object, found {Describe(v)}.");
        return null;
    }

    /// <summary>An array property, or null (recorded when required or of another kind).</summary>
    public JsonElement? Array(JsonElement o, string path, string name, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            if (required) Fail($"{path}.{name}", "required", $"{name} is required.");
            return null;
        }

        if (v.ValueKind == JsonValueKind.Array) return v;
        Fail($"{path}.{name}", "wrong-type", $"{name} is an array, found {Describe(v)}.");
        return null;
    }

    /// <summary>A string property, or null.</summary>
    public string? String(JsonElement o, string path, string name, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            if (required) Fail($"{path}.{name}", "required", $"{name} is required.");
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Fail($"{path}.{name}", "wrong-type", $"{name} is a string, found {Describe(v)}.");
            return null;
        }

        return v.GetString();
    }

    /// <summary>A required code: lower-case letters and digits, parts joined by <c>.</c> or <c>-</c>.</summary>
    public string? Code(JsonElement o, string path, string name)
    {
        var text = String(o, path, name, required: true);
        if (text is null) return null;
        if (!CodePattern.IsMatch(text))
        {
            Fail($"{path}.{name}", "invalid-value", $"'{JsonDocumentLoading.Excerpt(text)}' is not a code: lower-case letters and digits, parts joined by '.' or '-'.");
            return null;
        }

        return text;
    }

    /// <summary>A text in both languages, <c>{"zh-CN": …, "en": …}</c>, both non-empty.</summary>
    public LocalizedText? Text(JsonElement o, string path, string name, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            if (required) Fail($"{path}.{name}", "required", $"{name} is required.");
            return null;
        }

        var at = $"{path}.{name}";
        if (v.ValueKind != JsonValueKind.Object)
        {
            Fail(at, "wrong-type", $"{name} is an object {{\"zh-CN\": …, \"en\": …}}, found {Describe(v)}.");
            return null;
        }

        Known(v, at, "zh-CN", "en");
        string? zh = NonEmpty(v, at, "zh-CN");
        string? en = NonEmpty(v, at, "en");
        return zh is null || en is null ? null : new LocalizedText(zh, en);
    }

    /// <summary>A required non-empty string.</summary>
    public string? NonEmpty(JsonElement o, string path, string name)
    {
        var at = name.IndexOf('-') >= 0 ? $"{path}['{name}']" : $"{path}.{name}";
        if (!o.TryGetProperty(name, out var v))
        {
            Fail(at, "required", $"{name} is required.");
            return null;
        }

        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
        {
            Fail(at, v.ValueKind == JsonValueKind.String ? "invalid-value" : "wrong-type", $"{name} is a non-empty string.");
            return null;
        }

        return v.GetString();
    }

    /// <summary>An ISO 8601 date (yyyy-MM-dd); null when absent and not required, or on a problem.</summary>
    public LocalDate? Date(JsonElement o, string path, string name, bool required = true)
    {
        var text = String(o, path, name, required);
        if (text is null) return null;
        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            Fail($"{path}.{name}", "invalid-value", $"'{JsonDocumentLoading.Excerpt(text)}' is not an ISO 8601 date (yyyy-MM-dd).");
            return null;
        }

        return parsed.Value;
    }

    /// <summary>A whole number (32-bit).</summary>
    public int? Int(JsonElement o, string path, string name, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
        {
            if (required) Fail($"{path}.{name}", "required", $"{name} is required.");
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number)
        {
            Fail($"{path}.{name}", "wrong-type", $"{name} is an integer, found {Describe(v)}.");
            return null;
        }

        if (!v.TryGetInt32(out var i))
        {
            Fail($"{path}.{name}", "invalid-value", $"{name} is a whole number from {int.MinValue} to {int.MaxValue}, found {JsonDocumentLoading.Excerpt(v.GetRawText())}.");
            return null;
        }

        return i;
    }

    /// <summary>A number within the bounds of a rule-set number (12 integer digits, 4 decimals); null when absent.</summary>
    public decimal? Decimal(JsonElement o, string path, string name, string what = "number")
    {
        if (!o.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number)
        {
            Fail($"{path}.{name}", "wrong-type", $"{name} is a number, found {Describe(v)}.");
            return null;
        }

        if (!v.TryGetDecimal(out var d) || !RuleSetNumbers.InBounds(d))
        {
            Fail($"{path}.{name}", "invalid-value",
                $"{JsonDocumentLoading.Excerpt(v.GetRawText())} is beyond the bounds of a {what}: at most {RuleSetNumbers.MaxIntegerDigits} integer digits and {RuleSetNumbers.MaxDecimals} decimals.");
            return null;
        }

        return d;
    }

    /// <summary>
    /// Parses a document and reads it with a fresh reader: the value when the document is valid, else every problem (the
    /// parser's, or the reader's with their paths). Nothing half-read is returned.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">Size and error limits; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <param name="createReader">Creates the document kind's reader for a maximum number of listed errors.</param>
    /// <param name="read">Reads the root element; null when it could not.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    public static (T? Value, ImmutableArray<JsonDocumentProblem> Problems) Load<TReader, T>(string json, JsonLoadOptions? options, Func<int, TReader> createReader, Func<TReader, JsonElement, T?> read)
        where TReader : JsonFieldReader
        where T : class
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        if (createReader is null) throw new ArgumentNullException(nameof(createReader));
        if (read is null) throw new ArgumentNullException(nameof(read));
        if (!JsonDocumentLoading.TryParse(json, options, out var doc, out var problems)) return (null, problems);
        using (doc)
        {
            var reader = createReader((options ?? JsonLoadOptions.Default).MaxErrors);
            var value = read(reader, doc.RootElement);
            return !reader.HasProblems && value is not null ? (value, ImmutableArray<JsonDocumentProblem>.Empty) : (null, reader.Problems());
        }
    }

    /// <summary>
    /// Reads the head every versioned SDK document shares: a root object with <c>schemaVersion</c> (must be
    /// <paramref name="schemaVersion"/>), <c>id</c> (a code) and <c>version</c> (Semantic Versioning 2.0); records every
    /// property of the root that is not one of <paramref name="properties"/> (the head's are added).
    /// </summary>
    /// <returns>Whether the root is an object, and the id and version read (null where they had a problem).</returns>
    public (bool IsObject, string? Id, RuleSetVersion? Version) ReadHead(JsonElement root, string kind, int schemaVersion, params string[] properties)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail("$", "wrong-type", $"a {kind} is a JSON object, found {Describe(root)}.");
            return (false, null, null);
        }

        Known(root, "$", new[] { "$schema", "schemaVersion", "id", "version" }.Concat(properties).ToArray());
        var found = Int(root, "$", "schemaVersion", required: true);
        if (found is { } sv && sv != schemaVersion) Fail("$.schemaVersion", "invalid-value", $"schemaVersion {sv} is not supported; this library reads version {schemaVersion}.");
        var id = Code(root, "$", "id");
        var versionText = String(root, "$", "version", required: true);
        RuleSetVersion? version = null;
        if (versionText is not null)
        {
            if (RuleSetVersion.TryParse(versionText, out var v)) version = v;
            else Fail("$.version", "invalid-value", $"'{JsonDocumentLoading.Excerpt(versionText)}' is not a Semantic Versioning 2.0 version.");
        }

        return (true, id, version);
    }

    /// <summary>What a JSON value is, in words for a message: "an object", "a string", "null", ….</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
