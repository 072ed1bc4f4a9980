using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Monitoring;

/// <summary>
/// Loads a district document (docs/monitoring.md): every problem with its JSON path, a stable code and a message,
/// in one pass; nothing half-loaded. A county-level division's code is its six GB/T 2260 digits; a functional
/// zone's code is any other code (not six digits), so the two never collide.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class DistrictCatalogJson
{
    /// <summary>The format version this library reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly Regex SixDigits = new("^[0-9]{6}$", RegexOptions.CultureInvariant);
    private static readonly Regex DistrictCode = new("^[a-z0-9]+([.-][a-z0-9]+)*$", RegexOptions.CultureInvariant);

    /// <summary>Loads a document from text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">Size and error limits; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static DistrictCatalogLoadResult Load(string json, JsonLoadOptions? options = null)
    {
        var (catalog, problems) = JsonFieldReader.Load(json, options, max => new Reader(max), (r, root) => r.ReadRoot(root));
        return new DistrictCatalogLoadResult(catalog, problems);
    }

    private sealed class Reader(int maxErrors) : JsonFieldReader(maxErrors)
    {
        public DistrictCatalog? ReadRoot(JsonElement root)
        {
            var (isObject, id, version) = ReadHead(root, "district document", SchemaVersion, "name", "districts");
            if (!isObject) return null;
            var name = Text(root, "$", "name", required: true);
            var districts = ImmutableArray.CreateBuilder<District>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (Array(root, "$", "districts", required: true) is { } list)
            {
                int i = 0;
                foreach (var e in list.EnumerateArray())
                {
                    var path = $"$.districts[{i++}]";
                    var d = ReadDistrict(e, path);
                    if (d is null) continue;
                    if (!seen.Add(d.Code)) Fail($"{path}.code", "duplicate", $"district {d.Code} is listed twice.");
                    else districts.Add(d);
                }

                if (i == 0) Fail("$.districts", "invalid-value", "a district document lists at least one district.");
            }

            return HasProblems || id is null || version is null || name is null ? null : new DistrictCatalog(id, version.Value, name, districts.ToImmutable());
        }

        private District? ReadDistrict(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "wrong-type", $"a district is an object, found {Describe(e)}.");
                return null;
            }

            Known(e, path, "code", "kind", "name", "adultPopulation");
            var code = String(e, path, "code", required: true);
            if (code is not null && !DistrictCode.IsMatch(code))
            {
                Fail($"{path}.code", "invalid-value", $"'{JsonDocumentLoading.Excerpt(code)}' is not a district code: lower-case letters and digits, parts joined by '.' or '-'.");
                code = null;
            }

            var kindText = String(e, path, "kind", required: true);
            DistrictKind? kind = kindText switch
            {
                null => null,
                "county" => DistrictKind.County,
                "functional-zone" => DistrictKind.FunctionalZone,
                _ => Invalid($"{path}.kind", $"'{JsonDocumentLoading.Excerpt(kindText)}' is not a district kind: county or functional-zone."),
            };
            var name = Text(e, path, "name", required: true);
            var population = Int(e, path, "adultPopulation", required: false);
            if (population < 0) Fail($"{path}.adultPopulation", "invalid-value", $"adultPopulation is not negative, found {population}.");
            if (code is not null && kind == DistrictKind.County && !SixDigits.IsMatch(code))
            {
                Fail($"{path}.code", "invalid-value", $"a county-level division is named by its six GB/T 2260 digits, found '{code}'.");
            }

            if (code is not null && kind == DistrictKind.FunctionalZone && SixDigits.IsMatch(code))
            {
                Fail($"{path}.code", "invalid-value", $"a functional zone has no GB/T 2260 code; give it a code that is not six digits, found '{code}'.");
            }

            return code is null || kind is null || name is null || population < 0 ? null : new District(code, kind.Value, name, population);
        }

        private DistrictKind? Invalid(string path, string message)
        {
            Fail(path, "invalid-value", message);
            return null;
        }
    }
}

/// <summary>What <see cref="DistrictCatalogJson.Load"/> found.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DistrictCatalogLoadResult
{
    internal DistrictCatalogLoadResult(DistrictCatalog? catalog, ImmutableArray<JsonDocumentProblem> problems)
    {
        Catalog = catalog;
        Problems = problems;
    }

    /// <summary>The districts, when the document is valid.</summary>
    public DistrictCatalog? Catalog { get; }

    /// <summary>Every problem, with its JSON path; empty when valid.</summary>
    public ImmutableArray<JsonDocumentProblem> Problems { get; }

    /// <summary>The districts, or an exception listing every problem.</summary>
    /// <exception cref="FormatException">The document is not valid.</exception>
    public DistrictCatalog GetValueOrThrow() =>
        Catalog ?? throw new FormatException("The district document is not valid:\n" + string.Join("\n", Problems.Select(p => $"{p.Path}: {p.Code}: {p.Message}")));
}

/// <summary>Zhengzhou's county-level divisions (GB/T 2260) and functional zones, embedded in this package.</summary>
/// <remarks>Thread-safe; each version is loaded and validated on first use.</remarks>
public static class ZhengzhouDistricts
{
    private static readonly EmbeddedDocuments<DistrictCatalog> Documents = new(
        typeof(ZhengzhouDistricts).Assembly,
        "ShangdingScore.Monitoring.Districts.",
        "zhengzhou-districts",
        "district document",
        "DistrictCatalogJson.Load",
        (bytes, source) => DistrictCatalogJson.Load(new System.Text.UTF8Encoding(false, true).GetString(bytes)).GetValueOrThrow(),
        c => (c.Id, c.Version));

    /// <summary>Every embedded version, oldest first.</summary>
    public static ImmutableArray<RuleSetVersion> Versions => Documents.Versions;

    /// <summary>The newest embedded version.</summary>
    public static DistrictCatalog Latest => Documents.Load(Documents.Versions[Documents.Versions.Length - 1]);
}
