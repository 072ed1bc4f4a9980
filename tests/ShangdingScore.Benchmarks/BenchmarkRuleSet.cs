using ShangdingScore.Rules;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// The one place the benchmarks get their rule set from: a realistic 24-item, 5-dimension rule set
/// embedded in this project (Data/benchmark-ruleset.json). Swap this for the shipped Zhengzhou
/// default when it exists; nothing else in the project reads rules.
/// </summary>
internal static class BenchmarkRuleSet
{
    private const string ResourceName = "ShangdingScore.Benchmarks.benchmark-ruleset.json";

    private static readonly Lazy<RuleSet> Instance = new(Load);

    /// <summary>The rule set, loaded and validated once per process.</summary>
    public static RuleSet Value => Instance.Value;

    private static RuleSet Load()
    {
        using var stream = typeof(BenchmarkRuleSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return RuleSetJson.Load(stream, ResourceName).GetValueOrThrow();
    }
}
