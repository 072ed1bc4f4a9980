namespace ShangdingScore.Adapters.Rental;

/// <summary>
/// Money arithmetic of the rental agency, exact to the fen (分, 0.01 yuan) in <see cref="decimal"/>.
/// Rounding rule: the product is rounded once, half away from zero, to 0.01 yuan (四舍五入到分);
/// nothing is rounded before. The same rule serves every adapter that handles money (adapters/Shared/AdapterMoney.cs).
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class RentalMoney
{
    /// <summary>
    /// What is paid of <paramref name="amountYuan"/> at <paramref name="chargeRate"/> (0.6 is 6折):
    /// <c>Round(amount × rate, 2, half away from zero)</c>. 1.00 at 0.6 is 0.60; 0.01 at 0.6 (0.006) is 0.01;
    /// 0.05 at 0.5 (0.025) is 0.03.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or not to the fen, or the rate is outside [0, 1].</exception>
    public static decimal ApplyChargeRate(decimal amountYuan, decimal chargeRate)
        => AdapterMoney.ApplyChargeRate(amountYuan, chargeRate, nameof(amountYuan));

    /// <summary>Checks that an amount is a non-negative number of yuan to the fen.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static void RequireFen(decimal amountYuan, string paramName) => AdapterMoney.RequireFen(amountYuan, paramName);
}
