using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Benefits;

/// <summary>
/// Reads the benefit-catalog JSON document (format version <see cref="SchemaVersion"/>, described in
/// docs/benefits.md with its JSON Schema in docs/schemas/benefit-catalog.v1.schema.json).
/// </summary>
/// <remarks>
/// Reading never throws for bad content: it returns a <see cref="BenefitCatalogLoadResult"/> holding
/// every error with its JSON path. Unknown properties are errors. Thread-safe.
/// </remarks>
public static partial class BenefitCatalogJson
{
    /// <summary>The format version this library reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The grade a benefit requires when it names none: 信用优秀 Outstanding (and above).</summary>
    public const string DefaultMinimumGrade = "outstanding";


    /// <summary>Loads a catalog from JSON text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="options">Size and error-count bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static BenefitCatalogLoadResult Load(string json, string? source = null, JsonLoadOptions? options = null)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        bool parsed = JsonDocumentLoading.TryParse(json, options, out var doc, out var problems);
        return Read(parsed, doc, problems, source, options);
    }

    /// <summary>Loads a catalog from UTF-8 bytes (a byte-order mark is accepted).</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="options">Size and error-count bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    public static BenefitCatalogLoadResult Load(ReadOnlyMemory<byte> utf8Json, string? source = null, JsonLoadOptions? options = null)
    {
        bool parsed = JsonDocumentLoading.TryParse(utf8Json, options, out var doc, out var problems);
        return Read(parsed, doc, problems, source, options);
    }

    private static BenefitCatalogLoadResult Read(bool parsed, JsonDocument? doc, ImmutableArray<JsonDocumentProblem> problems, string? source, JsonLoadOptions? options)
    {
        if (!parsed || doc is null)
        {
            return new BenefitCatalogLoadResult(null, problems.Select(p => new BenefitCatalogError(p.Path, p.Code, p.Message)).ToImmutableArray(), source);
        }

        using (doc)
        {
            var reader = new Reader((options ?? JsonLoadOptions.Default).MaxErrors);
            var catalog = reader.ReadRoot(doc.RootElement);
            return !reader.HasProblems && catalog is not null
                ? new BenefitCatalogLoadResult(catalog, ImmutableArray<BenefitCatalogError>.Empty, source)
                : new BenefitCatalogLoadResult(null, reader.AllErrors(), source);
        }
    }

    /// <summary>
    /// Checks that every <c>minimumGrade</c> of <paramref name="catalog"/> is a grade of
    /// <paramref name="ruleSet"/>; returns every mismatch with its path (empty when all match).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImmutableArray<BenefitCatalogError> ValidateAgainst(BenefitCatalog catalog, RuleSet ruleSet)
    {
        if (catalog is null) throw new ArgumentNullException(nameof(catalog));
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var errors = ImmutableArray.CreateBuilder<BenefitCatalogError>();
        for (int f = 0; f < catalog.Families.Length; f++)
        {
            var family = catalog.Families[f];
            for (int b = 0; b < family.Benefits.Length; b++)
            {
                var benefit = family.Benefits[b];
                if (!ruleSet.Grades.Any(g => string.Equals(g.Code, benefit.MinimumGrade, StringComparison.Ordinal)))
                {
                    errors.Add(new BenefitCatalogError(
                        $"$.families[{f}].benefits[{b}].minimumGrade",
                        BenefitCatalogErrorCodes.UnknownReference,
                        $"grade '{benefit.MinimumGrade}' of benefit '{benefit.Code}' is not a grade of {ruleSet.Id} {ruleSet.Version} ({string.Join(", ", ruleSet.Grades.Select(g => g.Code))})."));
                }
            }
        }

        return errors.ToImmutable();
    }
}
