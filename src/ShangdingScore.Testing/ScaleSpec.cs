using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>
/// Grade bands with their range [<see cref="Min"/>, <see cref="Max"/>] and precision, as a generator
/// made them: the input of <see cref="GradeScale.Create"/> and of a rule set's <c>grades</c>.
/// </summary>
/// <remarks>Immutable. <see cref="ToString"/> prints the bands so a failing property shows its case.</remarks>
public sealed class ScaleSpec
{
    /// <summary>The bands, in definition order (not necessarily by score).</summary>
    public required ImmutableArray<GradeBand> Bands { get; init; }

    /// <summary>The lowest score; on the grid.</summary>
    public required decimal Min { get; init; }

    /// <summary>The highest score; on the grid.</summary>
    public required decimal Max { get; init; }

    /// <summary>Decimal places of the published score.</summary>
    public required int Precision { get; init; }

    /// <summary>For a valid spec, the band codes from the lowest scores to the highest (rank 0 first); for a broken one, the order of the valid spec it came from.</summary>
    public required ImmutableArray<string> CodesByRank { get; init; }

    /// <summary>The distance between two neighbouring grid scores: 10^-<see cref="Precision"/>.</summary>
    public decimal Step => ShangdingGen.StepOf(Precision);

    /// <summary>How many scores the grid holds: (max − min) / step + 1.</summary>
    public long GridPoints => (long)((Max - Min) / Step) + 1;

    /// <summary>Calls <see cref="GradeScale.Create"/> on the spec.</summary>
    public GradeScaleResult Create() => GradeScale.Create(Bands, Min, Max, Precision);

    /// <summary>The spec in interval notation: <c>[0, 200] p1: good [100, 120) …</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(Min.ToString(CultureInfo.InvariantCulture)).Append(", ").Append(Max.ToString(CultureInfo.InvariantCulture))
          .Append("] precision ").Append(Precision).Append(':');
        foreach (var b in Bands) sb.Append(' ').Append(b.Code).Append(' ').Append(b);
        return sb.ToString();
    }
}

/// <summary>Which defect a broken scale has.</summary>
public enum BandDefect
{
    /// <summary>Some grid score is in no band (error code <c>band-gap</c>).</summary>
    Gap = 0,

    /// <summary>Some grid score is in two bands (error code <c>band-overlap</c>).</summary>
    Overlap = 1,
}

/// <summary>
/// A valid <see cref="ScaleSpec"/> with one gap or one overlap injected, and the first grid score
/// where it happens: what <see cref="GradeScale.Create"/> must refuse and name (spec §2, §3a).
/// </summary>
/// <remarks>Immutable. Every band still holds at least one grid score, so the only error is the defect.</remarks>
public sealed class BrokenScaleSpec
{
    /// <summary>The broken bands.</summary>
    public required ScaleSpec Scale { get; init; }

    /// <summary>The defect injected.</summary>
    public required BandDefect Defect { get; init; }

    /// <summary>The first (lowest) grid score with no band or with two.</summary>
    public required decimal FirstScore { get; init; }

    /// <summary>The error code expected: <see cref="RuleSetErrorCodes.BandGap"/> or <see cref="RuleSetErrorCodes.BandOverlap"/>.</summary>
    public string ExpectedErrorCode => Defect == BandDefect.Gap ? RuleSetErrorCodes.BandGap : RuleSetErrorCodes.BandOverlap;

    /// <summary>The defect, where it starts, and the bands.</summary>
    public override string ToString() =>
        $"{Defect} first at {FirstScore.ToString(CultureInfo.InvariantCulture)} in {Scale}";
}
