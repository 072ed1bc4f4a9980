using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Packaging;

namespace ShangdingScore.Rules;

/// <summary>The reading half of <see cref="RuleSetJson"/>: JSON elements to a <see cref="RuleSetDefinition"/>, every problem located.</summary>
public static partial class RuleSetJson
{
    private sealed class Reader
    {
        private readonly RuleSetErrorSink _sink;

        public Reader(RuleSetErrorSink sink) => _sink = sink;

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
            var o = Obj(e, path, "code", "dimension", "name", "polarity", "severity", "points", "pointsPerUnit", "recordCap", "itemCap", "countsFor", "repairMinimumPeriod");
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
                RepairMinimumPeriod = PeriodValue(o, "repairMinimumPeriod", path, required: false),
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
                    Fail(JsonDocumentLoading.PropertyPath(path, p.Name), RuleSetErrorCodes.DuplicateProperty, $"'{JsonDocumentLoading.Excerpt(p.Name)}' appears twice in this object.");
                }
                else if (System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    Fail(JsonDocumentLoading.PropertyPath(path, p.Name), RuleSetErrorCodes.UnknownProperty, $"'{JsonDocumentLoading.Excerpt(p.Name)}' is not a property here; expected one of: {string.Join(", ", allowed)}.");
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
                Fail(path, RuleSetErrorCodes.InvalidValue, RuleSetNumbers.OutOfBounds(JsonDocumentLoading.Excerpt(e.GetRawText())));
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
                Fail(path, RuleSetErrorCodes.WrongType, $"expected a whole number, found {(e.ValueKind == JsonValueKind.Number ? JsonDocumentLoading.Excerpt(e.GetRawText()) : Kind(e))}.");
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
                Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{JsonDocumentLoading.Excerpt(s)}' is not an ISO 8601 date (yyyy-MM-dd).");
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
                Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{JsonDocumentLoading.Excerpt(s)}' is not an ISO 8601 period of years, months, weeks and days (P2Y, P6M, P90D, P1Y6M).");
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

            Fail(parentPath + "." + name, RuleSetErrorCodes.InvalidValue, $"'{JsonDocumentLoading.Excerpt(s)}' is not one of: {string.Join(", ", options.Select(o => o.text))}.");
            return null;
        }

        private void Fail(string path, string code, string message) => _sink.ReadFailed(path, code, message);

        private static string Kind(JsonElement e) => JsonFieldReader.Describe(e);
    }
}
