using System.Text.Json;
using NodaTime;
using ShangdingScore.Identity;

namespace ShangdingScore.Tests.Identity;

public class ResidentIdNumberTests
{
    // Synthetic: born 1900-01-06; check character computed below by an independent algorithm.
    private const string Synthetic = "41010519000106123X";

    /// <summary>ISO 7064 MOD 11-2 by its recursive definition (no weight table), independent of the library's.</summary>
    private static char Mod11_2(string digits)
    {
        int p = 0;
        foreach (char c in digits) p = ((p + (c - '0')) * 2) % 11;
        int check = (12 - p) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    private static string WithCheck(string first17) => first17 + Mod11_2(first17);

    [Fact]
    public void Mod11_2_SyntheticExample_IsX()
    {
        Assert.Equal('X', Mod11_2(Synthetic.Substring(0, 17)));
    }

    [Fact]
    public void Parse_SyntheticExample_ExposesParts()
    {
        var result = ResidentIdNumber.Parse(Synthetic);

        Assert.True(result.Success);
        var id = result.Value!;
        Assert.Equal("410105", id.RegionCode);
        Assert.Equal(new LocalDate(1900, 1, 6), id.BirthDate);
        Assert.Equal("123", id.Sequence);
        Assert.True(id.IsMale);
        Assert.Equal('X', id.CheckCharacter);
        Assert.Equal("410105********123X", id.Masked);
        Assert.Equal(Synthetic, id.ToUnmaskedString());
    }

    [Theory]
    [InlineData("11010119800229002")]
    [InlineData("44030420000101000")]
    [InlineData("65010119991231998")]
    [InlineData("81000019700615457")]
    [InlineData("41010520240229010")]
    public void Parse_ValidNumbers_Succeed(string first17)
    {
        string text = WithCheck(first17);

        var id = ResidentIdNumber.Parse(text).GetValueOrThrow();

        Assert.Equal(text, id.ToUnmaskedString());
        Assert.Equal((first17[16] - '0') % 2 == 1, id.IsMale);
        Assert.Equal(Mod11_2(first17), ResidentIdNumber.ComputeCheckCharacter(first17.AsSpan()));
    }

    [Fact]
    public void ComputeCheckCharacter_ManyNumbers_AgreesWithIndependentAlgorithm()
    {
        for (long n = 0; n < 20_000; n++)
        {
            string first17 = "4101051990" + ((n * 7919) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Mod11_2(first17), ResidentIdNumber.ComputeCheckCharacter(first17.AsSpan()));
        }
    }

    [Fact]
    public void Parse_LowerCaseX_IsAcceptedAndNormalised()
    {
        var id = ResidentIdNumber.Parse(Synthetic.ToLowerInvariant()).GetValueOrThrow();

        Assert.Equal(Synthetic, id.ToUnmaskedString());
        Assert.Equal(ResidentIdNumber.Parse(Synthetic).Value, id);
    }

    [Theory]
    [InlineData(null, ResidentIdErrorCodes.WrongLength, null)]
    [InlineData("", ResidentIdErrorCodes.WrongLength, null)]
    [InlineData("41010519000106123", ResidentIdErrorCodes.WrongLength, null)]
    [InlineData("41010519000106123X0", ResidentIdErrorCodes.WrongLength, null)]
    [InlineData(" 41010519000106123X", ResidentIdErrorCodes.WrongLength, null)]
    [InlineData("4101051900010612AX", ResidentIdErrorCodes.InvalidCharacter, 16)]
    [InlineData("41010519000106123Y", ResidentIdErrorCodes.InvalidCharacter, 17)]
    [InlineData("４1010519000106123X", ResidentIdErrorCodes.InvalidCharacter, 0)]
    [InlineData("01010519000106123X", ResidentIdErrorCodes.InvalidRegion, 0)]
    [InlineData("99010519000106123X", ResidentIdErrorCodes.InvalidRegion, 0)]
    [InlineData("40010519000106123X", ResidentIdErrorCodes.InvalidRegion, 0)]
    [InlineData("41010519000230123X", ResidentIdErrorCodes.InvalidBirthDate, 6)]
    [InlineData("41010519001301123X", ResidentIdErrorCodes.InvalidBirthDate, 6)]
    [InlineData("41010517991231123X", ResidentIdErrorCodes.InvalidBirthDate, 6)]
    [InlineData("41010519000106123 ", ResidentIdErrorCodes.InvalidCharacter, 17)]
    public void Parse_InvalidText_FailsWithReason(string? text, string code, int? position)
    {
        var result = ResidentIdNumber.Parse(text);

        Assert.False(result.Success);
        Assert.Null(result.Value);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(position, result.Position);
        Assert.False(ResidentIdNumber.TryParse(text, out var value));
        Assert.Null(value);
        var ex = Assert.Throws<FormatException>(() => result.GetValueOrThrow());
        Assert.Contains(code, ex.Message);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_NamesTheExpectedOne()
    {
        string wrong = Synthetic.Substring(0, 17) + "7";

        var result = ResidentIdNumber.Parse(wrong);

        Assert.Equal(ResidentIdErrorCodes.InvalidCheckCharacter, result.ErrorCode);
        Assert.Equal('X', result.ExpectedCheckCharacter);
        Assert.Equal(17, result.Position);
        Assert.Contains("call for X", result.Message);
        Assert.DoesNotContain(wrong, result.Message);
        Assert.DoesNotContain("19000106", result.Message);
    }

    [Fact]
    public void Parse_BirthDateAfterSuppliedToday_Fails()
    {
        string text = WithCheck("41010520250316123");

        Assert.True(ResidentIdNumber.Parse(text).Success);
        Assert.True(ResidentIdNumber.Parse(text, new LocalDate(2025, 3, 16)).Success);
        var result = ResidentIdNumber.Parse(text, new LocalDate(2025, 3, 15));
        Assert.Equal(ResidentIdErrorCodes.BirthDateInFuture, result.ErrorCode);
        Assert.False(ResidentIdNumber.TryParse(text, out _, new LocalDate(2025, 3, 15)));
    }

    [Fact]
    public void TryParse_Valid_ReturnsValue()
    {
        Assert.True(ResidentIdNumber.TryParse(Synthetic, out var id));
        Assert.Equal("410105", id!.RegionCode);
    }

    [Fact]
    public void IsMale_EvenSequence_IsFalse()
    {
        var id = ResidentIdNumber.Parse(WithCheck("41010519000106124")).GetValueOrThrow();

        Assert.False(id.IsMale);
    }

    [Fact]
    public void ToStringDebuggerAndJson_NeverContainTheFullNumber()
    {
        var id = ResidentIdNumber.Parse(Synthetic).GetValueOrThrow();
        string json = JsonSerializer.Serialize(new { Id = id });

        Assert.Equal("410105********123X", id.ToString());
        Assert.Equal("410105********123X", $"{id}");
        Assert.DoesNotContain("19000106", id.ToString());
        Assert.Equal("{\"Id\":\"410105********123X\"}", json);
        Assert.DoesNotContain("19000106", json);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ResidentIdNumber>("\"" + Synthetic + "\""));
    }

    [Theory]
    [InlineData("41010519000106123X", "410105********123X")]
    [InlineData("4101051900010612", "****************")]
    [InlineData("410105000106123", "410105******123")]
    [InlineData("abcdefghijklmnopqr", "abcdef********opqr")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_AnyText_MasksWithoutValidating(string? text, string expected)
    {
        Assert.Equal(expected, ResidentIdNumber.Mask(text));
    }

    [Fact]
    public void Equality_SameNumber_IsEqual()
    {
        var a = ResidentIdNumber.Parse(Synthetic).Value;
        var b = ResidentIdNumber.Parse(Synthetic).Value;
        var c = ResidentIdNumber.Parse(WithCheck("41010519000106124")).Value;

        Assert.True(a == b);
        Assert.Equal(a!.GetHashCode(), b!.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals(null));
    }
}
