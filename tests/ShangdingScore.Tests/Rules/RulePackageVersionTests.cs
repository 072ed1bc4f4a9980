using System.Reflection;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Rules;

/// <summary>
/// The rule package is versioned by the newest rule-set version it ships (docs/packaging.md): the Version in
/// ShangdingScore.Rules.Zhengzhou.csproj and the newest RuleSets/zhengzhou.shangding-&lt;version&gt;.json move together.
/// </summary>
public class RulePackageVersionTests
{
    [Fact]
    public void RulePackageVersion_IsTheNewestShippedRuleSetVersion()
    {
        var informational = typeof(ZhengzhouRuleSets).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.NotNull(informational);
        // "2019.1.0+<commit>": SourceLink appends the commit after '+', which is build metadata, not the version.
        var packageVersion = informational.Split('+')[0];
        var newest = ZhengzhouRuleSets.AvailableVersions.Max();

        Assert.True(
            newest.ToString() == packageVersion,
            $"The rule package's version is {packageVersion} but the newest rule set it ships is {newest}: set <Version>{newest}</Version> in src/ShangdingScore.Rules.Zhengzhou/ShangdingScore.Rules.Zhengzhou.csproj.");
    }
}
