using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

/// <summary>
/// Spec §3a: a quantity has at most 12 integer digits and 6 decimals, so that every product and sum
/// stays exact; a record line with more is set aside as <c>invalid-value</c> on <c>$.quantity</c>,
/// judged on the number as written (never after rounding it into a decimal).
/// </summary>
public class QuantityBoundsTests
{
    private static string Line(string quantity) =>
        "{\"id\":\"q\",\"subject\":\"S-1\",\"item\":\"i\",\"quantity\":" + quantity + ",\"occurredOn\":\"2025-01-02\",\"provider\":\"p\",\"recordedAt\":\"2025-01-03T00:00:00Z\"}";

    private static RecordLine ReadOne(string quantity) => JsonLinesRecordReader.Read(ChunkedStream.FromText(Line(quantity))).Single();

    [Theory]
    [InlineData("0.1999999999999999999999999999")]
    [InlineData("0.10000000000000000000000000000001")]
    [InlineData("0.0000001")]
    [InlineData("1e-7")]
    [InlineData("12.5e-6")]
    [InlineData("1e13")]
    [InlineData("1E+13")]
    [InlineData("1234567890123")]
    [InlineData("1234567890123.5")]
    [InlineData("999999999999.9999999")]
    [InlineData("12345678901234567890123456789012")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("1e99999999999999999999")]
    public void Read_QuantityBeyondTwelveDigitsOrSixDecimals_IsSetAsideAsInvalidValue(string quantity)
    {
        var rejection = ReadOne(quantity).Rejection;

        Assert.NotNull(rejection);
        Assert.Equal(RecordRejectionReasons.InvalidValue, rejection!.Reason);
        Assert.Equal("$.quantity", rejection.Field);
        Assert.Contains("12 integer digits and 6 decimals", rejection.Message);
    }

    [Theory]
    [InlineData("999999999999.999999", "999999999999.999999")]
    [InlineData("123456789012", "123456789012")]
    [InlineData("1e11", "100000000000")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000125e1", "0.000125")]
    [InlineData("1.5000000000", "1.5")]
    [InlineData("0.000000", "0")]
    [InlineData("0e400", "0")]
    [InlineData("1500e-3", "1.5")]
    [InlineData("0", "0")]
    [InlineData("2.50", "2.5")]
    public void Read_QuantityWithinBounds_IsTakenExactly(string quantity, string expected)
    {
        var line = ReadOne(quantity);

        Assert.True(line.IsRecord, line.Rejection?.ToString());
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), line.Record!.Quantity);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("-1e13")]
    public void Read_NegativeQuantity_StaysNegativeQuantity(string quantity)
    {
        var rejection = ReadOne(quantity).Rejection;

        Assert.Equal(RecordRejectionReasons.NegativeQuantity, rejection!.Reason);
        Assert.Equal("$.quantity", rejection.Field);
    }
}
