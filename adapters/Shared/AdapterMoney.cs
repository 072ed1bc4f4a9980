using System.Globalization;

namespace ShangdingScore.Adapters;

/// <summary>
/// The adapters' one home of money arithmetic, linked as source into each adapter that handles money:
/// amounts are <see cref="decimal"/> yuan to the fen (分, 0.01 yuan); a charge rate is applied once and the
/// product rounded once, half away from zero, to the fen (四舍五入到分).
/// </summary>
internal static class AdapterMoney
{
    /// <summary><c>Round(amount × rate, 2, half away from zero)</c>; 1.00 at 0.6 is 0.60, 0.01 at 0.6 is 0.01.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or not to the fen, or the rate is outside [0, 1].</exception>
    public static decimal ApplyChargeRate(decimal amountYuan, decimal chargeRate, string amountParamName = "amountYuan")
    {
        RequireFen(amountYuan, amountParamName);
        if (chargeRate < 0m || chargeRate > 1m) throw new ArgumentOutOfRangeException(nameof(chargeRate), chargeRate, "The charge rate is between 0 and 1 (0.6 is 6折).");
        return Math.Round(amountYuan * chargeRate, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Checks that an amount is a non-negative number of yuan to the fen.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void RequireFen(decimal amountYuan, string paramName)
    {
        if (amountYuan < 0m || decimal.Round(amountYuan, 2) != amountYuan)
        {
            throw new ArgumentOutOfRangeException(paramName, amountYuan, "An amount is a non-negative number of yuan to the fen (two decimals at most).");
        }
    }

    /// <summary>An amount as the clerk's screen shows it: <c>¥1234.50</c>.</summary>
    public static string Yuan(decimal amount) => "¥" + amount.ToString("0.00", CultureInfo.InvariantCulture);
}
