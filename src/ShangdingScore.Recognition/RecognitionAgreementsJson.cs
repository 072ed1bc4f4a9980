using System.Collections.Immutable;
using System.Text.Json;
using ShangdingScore.Authorization;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Recognition;

/// <summary>
/// Loads recognition agreements from JSON (docs/recognition.md): every problem with its JSON path, a stable code and a
/// message, in one pass; nothing half-loaded.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RecognitionAgreementsJson
{
    /// <summary>The format version this library reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Loads a document from text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="options">Size and error limits; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static RecognitionAgreementsLoadResult Load(string json, JsonLoadOptions? options = null)
    {
        var (agreements, problems) = JsonFieldReader.Load(json, options, max => new Reader(max), (r, root) => r.ReadRoot(root));
        return new RecognitionAgreementsLoadResult(agreements, problems);
    }

    private sealed class Reader(int maxErrors) : JsonFieldReader(maxErrors)
    {
        public RecognitionAgreements? ReadRoot(JsonElement root)
        {
            var (isObject, id, version) = ReadHead(root, "recognition document", SchemaVersion, "agreements");
            if (!isObject) return null;
            var list = Array(root, "$", "agreements", required: true);
            var agreements = ImmutableArray.CreateBuilder<RecognitionAgreement>();
            if (list is { } items)
            {
                int i = 0;
                foreach (var e in items.EnumerateArray())
                {
                    var a = ReadAgreement(e, $"$.agreements[{i}]");
                    if (a is not null) agreements.Add(a);
                    i++;
                }
            }

            CheckOverlaps(agreements);
            return HasProblems || id is null || version is null ? null : new RecognitionAgreements(id, version.Value, agreements.ToImmutable());
        }

        private RecognitionAgreement? ReadAgreement(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "wrong-type", $"an agreement is an object, found {Describe(e)}.");
                return null;
            }

            Known(e, path, "city", "cityName", "issuer", "scheme", "schemeName", "effectiveFrom", "effectiveUntil", "keys", "grades", "benefits");
            var city = Code(e, path, "city");
            var cityName = Text(e, path, "cityName", required: true);
            var issuer = Code(e, path, "issuer");
            var scheme = Code(e, path, "scheme");
            var schemeName = Text(e, path, "schemeName", required: true);
            var from = Date(e, path, "effectiveFrom");
            var until = Date(e, path, "effectiveUntil", required: false);
            if (from is { } f && until is { } u && u <= f) Fail(path + ".effectiveUntil", "invalid-value", $"effectiveUntil ({u:uuuu-MM-dd}) must be after effectiveFrom ({f:uuuu-MM-dd}).");
            var keys = ReadKeys(e, path);
            var grades = ReadGrades(e, path);
            var benefits = ImmutableArray.CreateBuilder<string>();
            if (Array(e, path, "benefits", required: true) is { } list)
            {
                int i = 0;
                foreach (var b in list.EnumerateArray())
                {
                    var at = $"{path}.benefits[{i++}]";
                    if (b.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(b.GetString())) Fail(at, "wrong-type", $"a benefit or family code (a non-empty string), found {Describe(b)}.");
                    else benefits.Add(b.GetString()!);
                }
            }

            if (city is null || cityName is null || issuer is null || scheme is null || schemeName is null || from is null || keys is null || grades is null) return null;
            return new RecognitionAgreement(city, cityName, issuer, scheme, schemeName, from.Value, until, keys.Value, grades.Value, benefits.ToImmutable());
        }

        private ImmutableArray<GrantKey>? ReadKeys(JsonElement e, string path)
        {
            if (Array(e, path, "keys", required: true) is not { } list) return null;
            var keys = ImmutableArray.CreateBuilder<GrantKey>();
            int i = 0;
            foreach (var k in list.EnumerateArray())
            {
                var at = $"{path}.keys[{i++}]";
                if (k.ValueKind != JsonValueKind.Object)
                {
                    Fail(at, "wrong-type", $"a key is an object {{kid, kty, crv, x, y}}, found {Describe(k)}.");
                    continue;
                }

                Known(k, at, "kid", "kty", "crv", "x", "y");
                var kid = NonEmpty(k, at, "kid");
                if (kid is not null && !GrantKey.IsValidKeyId(kid)) Fail(at + ".kid", "invalid-value", $"a key id is 1 to {GrantKey.MaxKeyIdLength} printable ASCII characters.");
                if (String(k, at, "kty", required: true) is { } kty && kty != "EC") Fail(at + ".kty", "invalid-value", $"only EC keys (ES256) are read, found '{JsonDocumentLoading.Excerpt(kty)}'.");
                if (String(k, at, "crv", required: true) is { } crv && crv != "P-256") Fail(at + ".crv", "invalid-value", $"only the curve P-256 is read, found '{JsonDocumentLoading.Excerpt(crv)}'.");
                var x = NonEmpty(k, at, "x");
                var y = NonEmpty(k, at, "y");
                if (kid is null || x is null || y is null || !GrantKey.IsValidKeyId(kid)) continue;
                try
                {
                    var key = EcdsaGrantKey.FromPublicCoordinates(kid, x, y);
                    if (keys.Any(o => o.KeyId == kid)) Fail(at + ".kid", "duplicate-code", $"key id '{kid}' is used twice.");
                    else keys.Add(key);
                }
                catch (ArgumentException ex)
                {
                    Fail(at + "." + (ex.ParamName == "x" ? "x" : "y"), "invalid-value", ex.Message.Split('(')[0].Trim());
                }
            }

            if (keys.Count == 0 && !HasProblems) Fail(path + ".keys", "invalid-value", "an agreement needs at least one key of the issuing center.");
            return keys.ToImmutable();
        }

        private ImmutableArray<ForeignGrade>? ReadGrades(JsonElement e, string path)
        {
            if (Array(e, path, "grades", required: true) is not { } list) return null;
            var grades = ImmutableArray.CreateBuilder<ForeignGrade>();
            var paths = new List<string>();
            int i = 0;
            foreach (var g in list.EnumerateArray())
            {
                var at = $"{path}.grades[{i++}]";
                if (g.ValueKind != JsonValueKind.Object)
                {
                    Fail(at, "wrong-type", $"a grade is an object, found {Describe(g)}.");
                    continue;
                }

                Known(g, at, "code", "name", "min", "max", "mapsTo");
                var code = NonEmpty(g, at, "code");
                var name = Text(g, at, "name", required: true);
                var min = Decimal(g, at, "min", "score");
                var max = Decimal(g, at, "max", "score");
                var mapsTo = Code(g, at, "mapsTo");
                if (g.TryGetProperty("min", out _) != g.TryGetProperty("max", out _)) Fail(at, "invalid-value", "a score range needs both min and max, or neither.");
                else if (min > max) Fail(at + ".max", "invalid-value", $"the range [{min}, {max}] is empty.");
                if (code is not null && grades.Any(o => o.Code == code)) Fail(at + ".code", "duplicate-code", $"grade '{code}' is declared twice.");
                if (code is null || name is null || mapsTo is null || min.HasValue != max.HasValue || min > max || grades.Any(o => o.Code == code)) continue;
                grades.Add(new ForeignGrade(code, name, min, max, mapsTo));
                paths.Add(at);
            }

            if (grades.Count == 0 && !HasProblems) Fail(path + ".grades", "invalid-value", "an agreement needs at least one grade.");
            if (grades.Select(g => g.Min.HasValue).Distinct().Count() > 1) Fail(path + ".grades", "invalid-value", "either every grade has a score range or none has.");
            for (int a = 0; a < grades.Count; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    if (grades[a].Min is { } lo && grades[b].Min is { } otherLo && lo <= grades[b].Max && otherLo <= grades[a].Max)
                    {
                        Fail(paths[a], "invalid-value", $"the range of '{grades[a].Code}' overlaps that of '{grades[b].Code}': a score must name one grade.");
                    }
                }
            }

            return grades.ToImmutable();
        }

        private void CheckOverlaps(IReadOnlyList<RecognitionAgreement> agreements)
        {
            for (int a = 0; a < agreements.Count; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    var x = agreements[a];
                    var y = agreements[b];
                    bool overlap = x.Issuer == y.Issuer
                        && (y.EffectiveUntil is not { } yu || x.EffectiveFrom < yu)
                        && (x.EffectiveUntil is not { } xu || y.EffectiveFrom < xu);
                    if (overlap) Fail($"$.agreements[{a}].effectiveFrom", "invalid-value", $"two agreements with issuer '{x.Issuer}' hold on the same days: one at a time.");
                }
            }
        }
    }
}

/// <summary>What <see cref="RecognitionAgreementsJson.Load"/> gives: the agreements, or every problem.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RecognitionAgreementsLoadResult
{
    internal RecognitionAgreementsLoadResult(RecognitionAgreements? agreements, ImmutableArray<JsonDocumentProblem> problems)
    {
        Agreements = agreements;
        Problems = problems;
    }

    /// <summary>The agreements, when the document is valid.</summary>
    public RecognitionAgreements? Agreements { get; }

    /// <summary>Every problem, with its JSON path; empty when valid.</summary>
    public ImmutableArray<JsonDocumentProblem> Problems { get; }

    /// <summary>The agreements, or an exception listing every problem.</summary>
    /// <exception cref="FormatException">The document is not valid.</exception>
    public RecognitionAgreements GetValueOrThrow() =>
        Agreements ?? throw new FormatException("The recognition document is not valid:\n" + string.Join("\n", Problems.Select(p => $"{p.Path}: {p.Code}: {p.Message}")));
}
