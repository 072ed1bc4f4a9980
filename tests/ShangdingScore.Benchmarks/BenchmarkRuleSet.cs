using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// The one place the benchmarks get their rule set from: the launch version of the shipped rules, pinned so figures stay comparable when a new version ships,
/// <see cref="ZhengzhouRuleSets.LaunchVersion"/> (zhengzhou.shangding 2019.1.0: 32 items in 5 dimensions,
/// per-record, per-item and per-dimension caps, <c>maxBonus</c>, two grade requirements).
/// </summary>
internal static class BenchmarkRuleSet
{
    /// <summary>The rule set, loaded and validated once per process.</summary>
    public static RuleSet Value => ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
}
