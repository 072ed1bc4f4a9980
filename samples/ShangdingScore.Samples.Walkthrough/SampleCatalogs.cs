using System.Text.Json.Nodes;
using ShangdingScore.Benefits;

namespace ShangdingScore.Samples.Walkthrough;

/// <summary>Variants of the shipped benefit catalog, for tests and samples that show terms coming from the catalog and not from code.</summary>
public static class SampleCatalogs
{
    private const string DefaultResource = "ShangdingScore.Benefits.Catalogs.zhengzhou.benefits-2019.1.0.json";

    /// <summary>
    /// The shipped catalog 2019.1.0 with the terms of <paramref name="benefitCode"/> replaced by <paramref name="termsJson"/>
    /// (the catalog's JSON form, for example <c>{"priorityLevel": 2, "chargeRate": 0.85}</c>), loaded and validated
    /// like any catalog document.
    /// </summary>
    /// <exception cref="ArgumentException">The catalog has no such benefit.</exception>
    public static BenefitCatalog WithTerms(string benefitCode, string termsJson)
    {
        ArgumentNullException.ThrowIfNull(benefitCode);
        ArgumentNullException.ThrowIfNull(termsJson);
        using var stream = typeof(BenefitCatalog).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The Benefits assembly has no resource {DefaultResource}.");
        var root = JsonNode.Parse(stream)!.AsObject();
        var benefit = root["families"]!.AsArray()
            .SelectMany(f => f!["benefits"]!.AsArray())
            .FirstOrDefault(b => (string?)b!["code"] == benefitCode)
            ?? throw new ArgumentException($"The catalog has no benefit '{benefitCode}'.", nameof(benefitCode));
        benefit["terms"] = JsonNode.Parse(termsJson);
        return BenefitCatalogJson.Load(root.ToJsonString(), $"{DefaultResource} with terms of {benefitCode} replaced").GetValueOrThrow();
    }
}
