using System.Globalization;

namespace ShangdingScore.Rules;

/// <summary>
/// The bounds of a rule-set number (spec §3a "Arithmetic"): at most 12 integer digits and 4 decimals. Within
/// them every product with a bounded quantity (12 integer digits, 6 decimals) and every sum of a subject's points
/// is exact in <see cref="decimal"/> until it is far beyond any score, and grid indices fit a <see cref="long"/>.
/// A rule set with a number beyond them is refused with the number's JSON path (<c>invalid-value</c>).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RuleSetNumbers
{
    /// <summary>The most integer digits.</summary>
    public const int MaxIntegerDigits = 12;

    /// <summary>The most decimals (trailing zeros count: they set the decimal's scale).</summary>
    public const int MaxDecimals = 4;

    /// <summary>10^12: every rule-set number's magnitude is below it.</summary>
    internal const decimal Limit = 1_000_000_000_000m;

    /// <summary>Whether <paramref name="value"/> is within the bounds: magnitude below 10^12, scale (decimals written, trailing zeros included) at most 4.</summary>
    public static bool InBounds(decimal value) => (value < 0m ? -value : value) < Limit && FixedPointRules.ScaleOf(value) <= MaxDecimals;

    /// <summary>The message for a number beyond the bounds, given as written.</summary>
    internal static string OutOfBounds(string written) =>
        $"{written} is beyond the bounds of a rule-set number: at most {MaxIntegerDigits} integer digits and {MaxDecimals} decimals (spec §3a \"Arithmetic\").";

    /// <summary>The message for a number beyond the bounds.</summary>
    internal static string OutOfBounds(decimal value) => OutOfBounds(value.ToString(CultureInfo.InvariantCulture));
}
