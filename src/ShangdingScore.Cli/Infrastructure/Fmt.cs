using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>Invariant text of the numbers and dates the tool prints.</summary>
internal static class Fmt
{
    /// <summary>A decimal without trailing zeros (<c>100.0</c> → <c>100</c>), invariant culture.</summary>
    public static string Num(decimal d) => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>An ISO date.</summary>
    public static string Date(LocalDate d) => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 period as rule sets write it (<c>P2Y</c>, zero as <c>P0D</c>).</summary>
    public static string Period(Period p) => p.Equals(NodaTime.Period.Zero) ? "P0D" : PeriodPattern.Roundtrip.Format(p);
}
