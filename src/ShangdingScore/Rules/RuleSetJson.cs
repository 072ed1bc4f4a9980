using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Packaging;

namespace ShangdingScore.Rules;

/// <summary>
/// Reads and writes the rule-set JSON document (format version <see cref="SchemaVersion"/>,
/// described in docs/rule-sets.md with its JSON Schema in docs/schemas/).
/// </summary>
/// <remarks>
/// Reading never throws for bad content: it returns a <see cref="RuleSetLoadResult"/> holding every
/// error with its JSON path. Unknown properties are errors (a misspelt cap must not be ignored).
/// Thread-safe.
/// </remarks>
public static partial class RuleSetJson
{
    /// <summary>The format version this library reads and writes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Loads a rule set from JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Where it came from, for messages (a file or resource name).</param>
    /// <param name="options">Size and error-count bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static RuleSetLoadResult Load(string json, string? source = null, JsonLoadOptions? options = null)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        bool parsed = JsonDocumentLoading.TryParse(json, options, out var doc, out var problems);
        return Read(parsed, doc, problems, source, options);
    }

    /// <summary>Loads a rule set from a UTF-8 stream (read to its end, or just past <see cref="JsonLoadOptions.MaxDocumentBytes"/>; not closed).</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="source">Where it came from, for messages (a file or resource name).</param>
    /// <param name="options">Size and error-count bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static RuleSetLoadResult Load(Stream utf8Json, string? source = null, JsonLoadOptions? options = null)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        bool parsed = JsonDocumentLoading.TryParse(utf8Json, options, out var doc, out var problems);
        return Read(parsed, doc, problems, source, options);
    }

    /// <summary>Loads a rule set from UTF-8 bytes (a byte-order mark is accepted).</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="source">Where it came from, for messages (a file or resource name).</param>
    /// <param name="options">Size and error-count bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    public static RuleSetLoadResult Load(ReadOnlyMemory<byte> utf8Json, string? source = null, JsonLoadOptions? options = null)
    {
        bool parsed = JsonDocumentLoading.TryParse(utf8Json, options, out var doc, out var problems);
        return Read(parsed, doc, problems, source, options);
    }

    private static RuleSetLoadResult Read(bool parsed, JsonDocument? doc, ImmutableArray<JsonDocumentProblem> problems, string? source, JsonLoadOptions? options)
    {
        if (!parsed || doc is null)
        {
            return new RuleSetLoadResult(null, problems.Select(p => new RuleSetError(p.Path, p.Code, p.Message)).ToImmutableArray(), source);
        }

        using (doc)
        {
            var sink = new RuleSetErrorSink((options ?? JsonLoadOptions.Default).MaxErrors);
            var definition = new Reader(sink).ReadRoot(doc.RootElement);
            if (definition is null)
            {
                return new RuleSetLoadResult(null, sink.ToImmutable(), source);
            }

            return RuleSet.CreateCore(definition, sink, source);
        }
    }

    /// <summary>Writes a definition as an indented, human-readable document (Chinese kept as is).</summary>
    public static string Write(RuleSetDefinition definition)
    {
        if (definition is null) throw new ArgumentNullException(nameof(definition));
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteDefinition(w, definition);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The canonical form: fixed property order, defaults written, numbers normalised, no white space.</summary>
    public static byte[] WriteCanonical(RuleSetDefinition definition)
    {
        if (definition is null) throw new ArgumentNullException(nameof(definition));
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.Default }))
        {
            WriteDefinition(w, definition);
        }

        return buffer.ToArray();
    }

    internal static string ComputeHash(RuleSetDefinition definition)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(WriteCanonical(definition));
        var sb = new StringBuilder("sha256:", 7 + 64);
        foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static void WriteDefinition(Utf8JsonWriter w, RuleSetDefinition d)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("id", d.Id);
        w.WriteString("version", d.Version);
        WriteText(w, "name", d.Name);
        w.WriteString("effectiveFrom", LocalDatePattern.Iso.Format(d.EffectiveFrom));
        w.WriteString("timeZone", d.TimeZone);
        WriteNumber(w, "base", d.Base);
        WriteNumber(w, "min", d.Min);
        WriteNumber(w, "max", d.Max);
        WriteNumber(w, "maxBonus", d.MaxBonus);
        w.WriteNumber("precision", d.Precision);
        w.WriteStartArray("dimensions");
        foreach (var dim in d.Dimensions)
        {
            w.WriteStartObject();
            w.WriteString("code", dim.Code);
            WriteText(w, "name", dim.Name);
            if (dim.PositiveCap is { } cap) WriteNumber(w, "positiveCap", cap);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("items");
        foreach (var it in d.Items)
        {
            w.WriteStartObject();
            w.WriteString("code", it.Code);
            w.WriteString("dimension", it.Dimension);
            WriteText(w, "name", it.Name);
            w.WriteString("polarity", it.Polarity == Polarity.Positive ? "positive" : "negative");
            w.WriteString("severity", it.Severity == Severity.General ? "general" : "serious");
            if (it.Points is { } p) WriteNumber(w, "points", p);
            if (it.PointsPerUnit is { } ppu) WriteNumber(w, "pointsPerUnit", ppu);
            if (it.RecordCap is { } rc) WriteNumber(w, "recordCap", rc);
            if (it.ItemCap is { } ic) WriteNumber(w, "itemCap", ic);
            if (it.CountsFor is { } win) w.WriteString("countsFor", FormatPeriod(win));
            if (it.RepairMinimumPeriod is { } rmp && !rmp.Equals(Period.Zero)) w.WriteString("repairMinimumPeriod", FormatPeriod(rmp));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("grades");
        foreach (var g in d.Grades)
        {
            w.WriteStartObject();
            w.WriteString("code", g.Code);
            WriteText(w, "name", g.Name);
            WriteBound(w, "lower", g.Lower);
            WriteBound(w, "upper", g.Upper);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("requirements");
        foreach (var r in d.Requirements.IsDefault ? ImmutableArray<GradeRequirement>.Empty : d.Requirements)
        {
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            WriteText(w, "name", r.Name);
            w.WriteString("when", r.When == RequirementCondition.AnyNegative ? "any-negative" : "any-serious-negative");
            w.WriteString("capGradeAt", r.CapGradeAt);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("repair");
        w.WriteString("delay", FormatPeriod(d.Repair.Delay));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteBound(Utf8JsonWriter w, string name, BandBound b)
    {
        w.WriteStartObject(name);
        WriteNumber(w, "value", b.Value);
        w.WriteBoolean("inclusive", b.Inclusive);
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string name, LocalizedText t)
    {
        w.WriteStartObject(name);
        w.WriteString("zh-CN", t.ZhCn);
        w.WriteString("en", t.En);
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, decimal value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(GradeScale.Fmt(value), skipInputValidation: true);
    }

    /// <summary>ISO 8601 text of a date period, for example <c>P1Y6M</c>; zero is <c>P0D</c>.</summary>
    internal static string FormatPeriod(Period p) => p.Equals(Period.Zero) ? "P0D" : PeriodPattern.Roundtrip.Format(p);

    /// <summary>Parses an ISO 8601 date period (years, months, weeks, days).</summary>
    internal static bool TryParsePeriod(string text, out Period period)
    {
        period = Period.Zero;
        if (string.IsNullOrEmpty(text) || text.Contains("T") || text.Contains("-")) return false;
        var result = PeriodPattern.Roundtrip.Parse(text);
        if (!result.Success) return false;
        period = result.Value;
        return true;
    }
}
