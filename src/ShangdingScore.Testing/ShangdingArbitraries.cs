using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>
/// FsCheck arbitraries over <see cref="ShangdingGen"/>, for
/// <c>[Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]</c>. They do not shrink:
/// generated objects print their whole input instead.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ShangdingArbitraries
{
    /// <summary>Valid grade scales (<see cref="ShangdingGen.ValidScale()"/>).</summary>
    public static Arbitrary<ScaleSpec> ValidScales() => ShangdingGen.ValidScale().ToArbitrary();

    /// <summary>Grade scales with one gap or overlap (<see cref="ShangdingGen.BrokenScale"/>).</summary>
    public static Arbitrary<BrokenScaleSpec> BrokenScales() => ShangdingGen.BrokenScale().ToArbitrary();

    /// <summary>Valid rule sets (<see cref="ShangdingGen.RuleSets"/>).</summary>
    public static Arbitrary<RuleSet> RuleSets() => ShangdingGen.RuleSets().ToArbitrary();

    /// <summary>Evaluation cases on generated rule sets (<see cref="ShangdingGen.EvaluationCases()"/>).</summary>
    public static Arbitrary<EvaluationCase> EvaluationCases() => ShangdingGen.EvaluationCases().ToArbitrary();
}
