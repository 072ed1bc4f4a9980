namespace ShangdingScore.Adapters.Rental.Tests;

public class RentalMoneyTests
{
    [Theory]
    [InlineData("1.00", "0.60")]        // one yuan
    [InlineData("0.05", "0.03")]        // five fen: 0.03 exactly
    [InlineData("0.01", "0.01")]        // 0.006 rounds up to one fen
    [InlineData("0.02", "0.01")]        // 0.012
    [InlineData("0.03", "0.02")]        // 0.018
    [InlineData("0.07", "0.04")]        // 0.042
    [InlineData("0.09", "0.05")]        // 0.054
    [InlineData("1599.99", "959.99")]   // 959.994
    [InlineData("1400.05", "840.03")]   // 840.030
    [InlineData("0.00", "0.00")]
    [InlineData("12345678.91", "7407407.35")]          // 7407407.346
    [InlineData("99999999999.99", "59999999999.99")]   // 59999999999.994
    public void ApplyChargeRate_SixTenths_RoundsToTheFen(string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RentalMoney.ApplyChargeRate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), 0.6m));

    [Theory]
    [InlineData("0.01", "0.01")]   // 0.005: half away from zero gives 0.01 (banker's rounding would give 0.00)
    [InlineData("0.05", "0.03")]   // 0.025: 0.03 (banker's: 0.02)
    [InlineData("0.03", "0.02")]   // 0.015: 0.02
    [InlineData("2.01", "1.01")]   // 1.005: 1.01 (banker's: 1.00)
    public void ApplyChargeRate_ExactHalfFen_RoundsHalfAwayFromZero(string amount, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RentalMoney.ApplyChargeRate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), 0.5m));

    [Fact]
    public void ApplyChargeRate_Result_HasAtMostTwoDecimals()
    {
        for (int fen = 0; fen <= 10_000; fen++)
        {
            var amount = fen / 100m;
            var paid = RentalMoney.ApplyChargeRate(amount, 0.6m);
            Assert.Equal(decimal.Round(paid, 2), paid);
            Assert.True(Math.Abs(paid - amount * 0.6m) <= 0.005m);
        }
    }

    [Theory]
    [InlineData("-0.01", "0.6")]
    [InlineData("0.001", "0.6")]
    [InlineData("1.00", "1.01")]
    [InlineData("1.00", "-0.1")]
    public void ApplyChargeRate_BadInput_Throws(string amount, string rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RentalMoney.ApplyChargeRate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));
}
