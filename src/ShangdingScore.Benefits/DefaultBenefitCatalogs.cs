using System.Collections.Immutable;
using System.Reflection;
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

    private const string ResourcePrefix = "ShangdingScore.Benefits.Catalogs." + Id + "-";
    private const string ResourceSuffix = ".json";
    private static readonly Assembly ThisAssembly = typeof(DefaultBenefitCatalogs).Assembly;

    private static readonly ImmutableSortedDictionary<RuleSetVersion, string> Resources = FindResources();

    private static readonly ImmutableDictionary<RuleSetVersion, Lazy<BenefitCatalog>> Cache =
        Resources.ToImmutableDictionary(kv => kv.Key, kv => new Lazy<BenefitCatalog>(() => LoadResource(kv.Key, kv.Value), LazyThreadSafetyMode.ExecutionAndPublication));

    /// <summary>The version of the 2019 plan: <c>2019.1.0</c>.</summary>
    public static RuleSetVersion DefaultVersion { get; } = RuleSetVersion.Parse("2019.1.0");

    /// <summary>Every version this package ships, oldest first.</summary>
    public static IReadOnlyList<RuleSetVersion> AvailableVersions { get; } = Resources.Keys.ToImmutableArray();

    /// <summary>The catalog of <see cref="DefaultVersion"/>.</summary>
    /// <exception cref="BenefitCatalogValidationException">The shipped document is invalid (a packaging error).</exception>
    public static BenefitCatalog Default => Load(DefaultVersion);

    /// <summary>Loads one shipped version.</summary>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>; the message lists those it ships.</exception>
    /// <exception cref="BenefitCatalogValidationException">The shipped document is invalid (a packaging error).</exception>
    public static BenefitCatalog Load(RuleSetVersion version)
    {
        if (!Cache.TryGetValue(version, out var lazy))
        {
            throw new ArgumentException($"'{Id}' version {version} is not shipped in this package; it ships {string.Join(", ", Resources.Keys)}. To use another, load its JSON with BenefitCatalogJson.Load.", nameof(version));
        }

        return lazy.Value;
    }

    private static ImmutableSortedDictionary<RuleSetVersion, string> FindResources()
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<RuleSetVersion, string>();
        foreach (var name in ThisAssembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(ResourceSuffix, StringComparison.Ordinal)) continue;
            var text = name.Substring(ResourcePrefix.Length, name.Length - ResourcePrefix.Length - ResourceSuffix.Length);
            if (!RuleSetVersion.TryParse(text, out var version))
            {
                throw new InvalidOperationException($"The embedded catalog '{name}' is not named {Id}-<version>.json with a Semantic Versioning version.");
            }

            builder.Add(version, name);
        }

        return builder.ToImmutable();
    }

    private static BenefitCatalog LoadResource(RuleSetVersion version, string name)
    {
        using var stream = ThisAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded catalog '{name}' is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var catalog = BenefitCatalogJson.Load(buffer.ToArray(), name).GetValueOrThrow();
        if (!string.Equals(catalog.Id, Id, StringComparison.Ordinal) || catalog.Version.CompareTo(version) != 0)
        {
            throw new InvalidOperationException($"The embedded catalog '{name}' holds {catalog.Id} {catalog.Version}, not {Id} {version}.");
        }

        return catalog;
    }
}
