using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Benefits;

/// <summary>
/// The benefit catalogs this package ships (<c>zhengzhou.benefits</c>), embedded as JSON documents
/// named <c>zhengzhou.benefits-&lt;version&gt;.json</c>: the scenarios of the 2019 Zhengzhou plan
/// (五、应用场景规划), every benefit requiring 信用优秀 Outstanding or better (docs/benefits.md).
/// </summary>
/// <remarks>Loaded catalogs are cached: every member is thread-safe and returns the same immutable instance each time.</remarks>
public static class DefaultBenefitCatalogs
{
    /// <summary>The catalog's id.</summary>
    public const string Id = "zhengzhou.benefits";

    private static readonly EmbeddedDocuments<BenefitCatalog> Documents = new(
        typeof(DefaultBenefitCatalogs).Assembly,
        "ShangdingScore.Benefits.Catalogs.",
        Id,
        "catalog",
        "BenefitCatalogJson.Load",
        (bytes, name) => BenefitCatalogJson.Load(bytes, name).GetValueOrThrow(),
        c => (c.Id, c.Version));

    /// <summary>The version of the 2019 plan: <c>2019.1.0</c>.</summary>
    public static RuleSetVersion DefaultVersion { get; } = RuleSetVersion.Parse("2019.1.0");

    /// <summary>Every version this package ships, oldest first.</summary>
    public static IReadOnlyList<RuleSetVersion> AvailableVersions => Documents.Versions;

    /// <summary>The catalog of <see cref="DefaultVersion"/>.</summary>
    /// <exception cref="BenefitCatalogValidationException">The shipped document is invalid (a packaging error).</exception>
    public static BenefitCatalog Default => Load(DefaultVersion);

    /// <summary>Loads one shipped version.</summary>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>; the message lists those it ships.</exception>
    /// <exception cref="BenefitCatalogValidationException">The shipped document is invalid (a packaging error).</exception>
    /// <exception cref="InvalidOperationException">The document's id or version does not match its resource name (a packaging error).</exception>
    public static BenefitCatalog Load(RuleSetVersion version) => Documents.Load(version);
}
