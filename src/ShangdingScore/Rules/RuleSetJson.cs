using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

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
public static class RuleSetJson
{
    /// <summary>The format version this library reads and writes.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 };

    /// <summary>Loads a rule set from JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Where it came from, for messages (a file or resource name).</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static RuleSetLoadResult Load(string json, string? source = null)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        return Load(Encoding.UTF8.GetBytes(json), source);
    }

    /// <summary>Loads a rule set from a UTF-8 stream (read to its end; not closed).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    public static RuleSetLoadResult Load(Stream utf8Json, string? source = null)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Load(buffer.ToArray(), source);
    }

    /// <summary>Loads a rule set from UTF-8 bytes (a byte-order mark is accepted).</summary>
    public static RuleSetLoadResult Load(ReadOnlyMemory<byte> utf8Json, string? source = null)
    {
        var bytes = utf8Json;
        if (bytes.Length >= 3 && bytes.Span[0] == 0xEF && bytes.Span[1] == 0xBB && bytes.Span[2] == 0xBF) bytes = bytes.Slice(3);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}" : "unknown position";
            return new RuleSetLoadResult(null, ImmutableArray.Create(new RuleSetError("$", RuleSetErrorCodes.Syntax, $"not well-formed JSON at {where}: {ex.Message}")), source);
        }

        using (doc)
        {
            var reader = new Reader();
            var definition = reader.ReadRoot(doc.RootElement);
            if (definition is null)
            {
                return new RuleSetLoadResult(null, reader.Errors.ToImmutableArray(), source);
            }

            return RuleSet.CreateCore(definition, reader.Errors, reader.FailedPaths, source);
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

    private sealed class Reader
    {
        public List<RuleSetError> Errors { get; } = new();

        public HashSet<string> FailedPaths { get; } = new(StringComparer.Ordinal);

        public RuleSetDefinition? ReadRoot(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Fail("$", RuleSetErrorCodes.WrongType, $"a rule set is a JSON object, found {Kind(root)}.");
                return null;
            }

            var o = Obj(root, "$", "$schema", "schemaVersion", "id", "version", "name", "effectiveFrom", "timeZone", "base", "min", "max", "maxBonus", "precision", "dimensions", "items", "grades", "requirements", "repair");
            var schemaVersion = Int(o, "schemaVersion", "$", required: true);
            if (schemaVersion is { } sv && sv != SchemaVersion)
            {
                Fail("$.schemaVersion", RuleSetErrorCodes.InvalidValue, $"schemaVersion {sv} is not supported; this library reads version {SchemaVersion}.");
                return null;
            }

            var dims = Array(o, "dimensions", "$", ReadDimension);
            var items = Array(o, "items", "$", ReadItem);
            var grades = Array(o, "grades", "$", ReadGrade);
            var reqs = o.TryGetProperty("requirements", out _) ? Array(o, "requirements", "$", ReadRequirement) : ImmutableArray<GradeRequirement>.Empty;
            RepairPolicy repair = RepairPolicy.Immediate;
            if (o.TryGetProperty("repair", out var rep))
            {
                var ro = Obj(rep, "$.repair", "delay");
                repair = new RepairPolicy { Delay = PeriodValue(ro, "delay", "$.repair", required: true) ?? Period.Zero };
            }

            return new RuleSetDefinition
            {
                Id = Str(o, "id", "$", true) ?? string.Empty,
                Version = Str(o, "version", "$", true) ?? "0.0.0",
                Name = Text(o, "name", "$") ?? Placeholder,
                EffectiveFrom = Date(o, "effectiveFrom", "$") ?? new LocalDate(2000, 1, 1),
                TimeZone = Str(o, "timeZone", "$", true) ?? "UTC",
                Base = Dec(o, "base", "$", true) ?? 0m,
                Min = Dec(o, "min", "$", true) ?? 0m,
                Max = Dec(o, "max", "$", true) ?? 1m,
                MaxBonus = Dec(o, "maxBonus", "$", true) ?? 0m,
                Precision = Int(o, "precision", "$", required: true) ?? 0,
                Dimensions = dims,
                Items = items,
                Grades = grades,
                Requirements = reqs,
                Repair = repair,
            };
        }

        private static readonly LocalizedText Placeholder = new("?", "?");

        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

        private Dimension ReadDimension(JsonElement e, string path)
        {
            var o = Obj(e, path, "code", "name", "positiveCap");
            return new Dimension
            {
                Code = Str(o, "code", path, true) ?? string.Empty,
                Name = Text(o, "name", path) ?? Placeholder,
                PositiveCap = Dec(o, "positiveCap", path, false),
            };
        }

        private ScoreItem ReadItem(JsonElement e, string path)
        {
            var o = Obj(e, path, "code", "dimension", "name", "polarity", "severity", "points", "pointsPerUnit", "recordCap", "itemCap", "countsFor");
            var polarity = Enum(o, "polarity", path, true, ("positive", Polarity.Positive), ("negative", Polarity.Negative)) ?? Polarity.Positive;
            var severity = Enum(o, "severity", path, false, ("general", Severity.General), ("serious", Severity.Serious)) ?? Severity.General;
            return new ScoreItem
            {
                Code = Str(o, "code", path, true) ?? string.Empty,
                Dimension = Str(o, "dimension", path, true) ?? string.Empty,
                Name = Text(o, "name", path) ?? Placeholder,
                Polarity = polarity,
                Severity = severity,
                Points = Dec(o, "points", path, false),
                PointsPerUnit = Dec(o, "pointsPerUnit", path, false),
                RecordCap = Dec(o, "recordCap", path, false),
                ItemCap = Dec(o, "itemCap", path, false),
                CountsFor = PeriodValue(o, "countsFor", path, required: false),
            };
        }

        private GradeBand ReadGrade(JsonElement e, string path)
        {
            var o = Obj(e, path, "code", "name", "lower", "upper");
            return new GradeBand
            {
                Code = Str(o, "code", path, true) ?? string.Empty,
                Name = Text(o, "name", path) ?? Placeholder,
                Lower = Bound(o, "lower", path),
                Upper = Bound(o, "upper", path),
            };
        }

        private GradeRequirement ReadRequirement(JsonElement e, string path)
        {
            var o = Obj(e, path, "code", "name", "when", "capGradeAt");
            return new GradeRequirement
            {
                Code = Str(o, "code", path, true) ?? string.Empty,
                Name = Text(o, "name", path) ?? Placeholder,
                When = Enum(o, "when", path, true, ("any-negative", RequirementCondition.AnyNegative), ("any-serious-negative", RequirementCondition.AnySeriousNegative)) ?? RequirementCondition.AnyNegative,
                CapGradeAt = Str(o, "capGradeAt", path, true) ?? string.Empty,
            };
        }

        private BandBound Bound(JsonElement parent, string name, string parentPath)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e))
            {
                Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required: {{\"value\": <score>, \"inclusive\": true|false}}.");
                return default;
            }

            var o = Obj(e, path, "value", "inclusive");
            var value = Dec(o, "value", path, true) ?? 0m;
            bool inclusive = false;
            if (!o.TryGetProperty("inclusive", out var inc))
            {
                Fail(path + ".inclusive", RuleSetErrorCodes.Required, "'inclusive' is required: every bound states whether the band holds it.");
            }
            else if (inc.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                inclusive = inc.GetBoolean();
            }
            else
            {
                Fail(path + ".inclusive", RuleSetErrorCodes.WrongType, $"expected true or false, found {Kind(inc)}.");
            }

            return new BandBound(value, inclusive);
        }

        private ImmutableArray<T> Array<T>(JsonElement parent, string name, string parentPath, Func<JsonElement, string, T> read)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e))
            {
                Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required.");
                return ImmutableArray<T>.Empty;
            }

            if (e.ValueKind != JsonValueKind.Array)
            {
                Fail(path, RuleSetErrorCodes.WrongType, $"expected an array, found {Kind(e)}.");
                return ImmutableArray<T>.Empty;
            }

            var builder = ImmutableArray.CreateBuilder<T>();
            int i = 0;
            foreach (var el in e.EnumerateArray())
            {
                builder.Add(read(el, $"{path}[{i}]"));
                i++;
            }

            return builder.ToImmutable();
        }

        private JsonElement Obj(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, RuleSetErrorCodes.WrongType, $"expected an object, found {Kind(e)}.");
                return EmptyObject;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                {
                    Fail($"{path}.{p.Name}", RuleSetErrorCodes.DuplicateProperty, $"'{p.Name}' appears twice in this object.");
                }
                else if (System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    Fail($"{path}.{p.Name}", RuleSetErrorCodes.UnknownProperty, $"'{p.Name}' is not a property here; expected one of: {string.Join(", ", allowed)}.");
                }
            }

            return e;
        }

        private string? Str(JsonElement parent, string name, string parentPath, bool required)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required.");
                return null;
            }

            if (e.ValueKind != JsonValueKind.String)
            {
                Fail(path, RuleSetErrorCodes.WrongType, $"expected a string, found {Kind(e)}.");
                return null;
            }

            return e.GetString();
        }

        private decimal? Dec(JsonElement parent, string name, string parentPath, bool required)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
            {
                if (required) Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required.");
                return null;
            }

            if (e.ValueKind != JsonValueKind.Number)
            {
                Fail(path, RuleSetErrorCodes.WrongType, $"expected a number, found {Kind(e)}.");
                return null;
            }

            if (!e.TryGetDecimal(out var d))
            {
                Fail(path, RuleSetErrorCodes.InvalidValue, $"{e.GetRawText()} does not fit an exact decimal.");
                return null;
            }

            return d;
        }

        private int? Int(JsonElement parent, string name, string parentPath, bool required)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e))
            {
                if (required) Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required.");
                return null;
            }

            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var i))
            {
                Fail(path, RuleSetErrorCodes.WrongType, $"expected a whole number, found {(e.ValueKind == JsonValueKind.Number ? e.GetRawText() : Kind(e))}.");
                return null;
            }

            return i;
        }

        private LocalDate? Date(JsonElement parent, string name, string parentPath)
        {
            var s = Str(parent, name, parentPath, true);
            if (s is null) return null;
            var r = LocalDatePattern.Iso.Parse(s);
            if (!r.Success)
            {
                Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{s}' is not an ISO 8601 date (yyyy-MM-dd).");
                return null;
            }

            return r.Value;
        }

        private Period? PeriodValue(JsonElement parent, string name, string parentPath, bool required)
        {
            var s = Str(parent, name, parentPath, required);
            if (s is null) return null;
            if (!TryParsePeriod(s, out var p))
            {
                Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{s}' is not an ISO 8601 period of years, months, weeks and days (P2Y, P6M, P90D, P1Y6M).");
                return null;
            }

            return p;
        }

        private LocalizedText? Text(JsonElement parent, string name, string parentPath)
        {
            var path = parentPath + "." + name;
            if (!parent.TryGetProperty(name, out var e))
            {
                Fail(path, RuleSetErrorCodes.Required, $"'{name}' is required: {{\"zh-CN\": \"…\", \"en\": \"…\"}}.");
                return null;
            }

            var o = Obj(e, path, "zh-CN", "en");
            var zh = Str(o, "zh-CN", path, true);
            var en = Str(o, "en", path, true);
            if (zh is not null && string.IsNullOrWhiteSpace(zh)) { Fail(path + ".zh-CN", RuleSetErrorCodes.InvalidValue, "the Chinese name must not be empty."); zh = null; }
            if (en is not null && string.IsNullOrWhiteSpace(en)) { Fail(path + ".en", RuleSetErrorCodes.InvalidValue, "the English name must not be empty."); en = null; }
            return zh is null || en is null ? null : new LocalizedText(zh, en);
        }

        private T? Enum<T>(JsonElement parent, string name, string parentPath, bool required, params (string text, T value)[] options)
            where T : struct
        {
            var s = Str(parent, name, parentPath, required);
            if (s is null) return null;
            foreach (var (text, value) in options)
            {
                if (string.Equals(text, s, StringComparison.Ordinal)) return value;
            }

            Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{s}' is not one of: {string.Join(", ", options.Select(o => o.text))}.");
            return null;
        }

        private void Fail(string path, string code, string message)
        {
            foreach (var failed in FailedPaths)
            {
                if (path.Length > failed.Length && path.StartsWith(failed, StringComparison.Ordinal) && (path[failed.Length] == '.' || path[failed.Length] == '[')) return;
            }

            Errors.Add(new RuleSetError(path, code, message));
            FailedPaths.Add(path);
        }

        private static string Kind(JsonElement e) => e.ValueKind switch
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
}
