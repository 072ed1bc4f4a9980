using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Identity;

namespace ShangdingScore.Venues.Tests;

/// <summary>Log redaction: identity numbers in any notation are masked; nothing can forge or hide a log line.</summary>
public class LogRedactionTests
{
    private const string Id = "41010519900101123X";

    private static string Masked => ResidentIdNumber.Mask(Id);

    [Theory]
    [InlineData("410105-19900101-123X")]
    [InlineData("410105 19900101 123X")]
    [InlineData("410105 1990 0101 123x")]
    [InlineData("４１０１０５１９９００１０１１２３Ｘ")]
    [InlineData("410105\u200b19900101123X")]
    [InlineData("410105.19900101.123X")]
    [InlineData("410105\t-\t19900101123X")]
    public void Mask_IdNumberWithSeparatorsOrFullWidthDigits_IsMasked(string written)
    {
        var logged = LogRedaction.Mask($"subject {written} asked");
        Assert.Equal($"subject {Masked} asked", logged);
    }

    [Fact]
    public void Mask_FifteenDigitIdWithSeparators_IsMaskedAsFifteen() =>
        Assert.Equal("a 410105******123 b", LogRedaction.Mask("a 410105-900101-123 b"));

    [Fact]
    public void Mask_LongDigitRunThatIsNoIdShape_IsMaskedWhole() =>
        Assert.Equal("card ****************", LogRedaction.Mask("card 6222 0202 0000 1234"));

    [Fact]
    public void Mask_ShortNumbersAndSingleSeparators_AreKept() =>
        Assert.Equal("S-00042 room 12-34 2026-06-01", LogRedaction.Mask("S-00042 room 12-34 2026-06-01"));

    [Theory]
    [InlineData("S-1\nWarning 5002 forged line", "S-1\\u000aWarning 5002 forged line")]
    [InlineData("S-1\r\n", "S-1\\u000d\\u000a")]
    [InlineData("S-\u001b[31mred", "S-\\u001b[31mred")]
    [InlineData("S-\u202eevil", "S-\\u202eevil")]
    [InlineData("S-\u2028x", "S-\\u2028x")]
    [InlineData("S-\\u000a", "S-\\\\u000a")]
    [InlineData("S-😀", "S-😀")]
    public void Mask_ControlFormatSeparatorCharactersAndLoneSurrogates_AreEscaped(string subject, string logged) =>
        Assert.Equal(logged, LogRedaction.Mask(subject));

    [Fact]
    public void Mask_LoneSurrogate_IsEscaped() =>
        Assert.Equal("S-\\ud800x\\udc00", LogRedaction.Mask("S-\ud800x\udc00"));

    [Fact]
    public void Mask_VeryLongText_IsCutAndSaysHowMuchWasLeftOut()
    {
        var logged = LogRedaction.Mask(new string('a', 1000));
        Assert.Equal(new string('a', LogRedaction.MaxLength) + "…[+744]", logged);
    }

    private static readonly char[] Separators = { '-', ' ', '.', '\t', '\u200b', '\u3000', '－', '/', '\n', '\u00ad' };

    /// <summary>An identity number written with random separators, digits randomly full-width, inside letters.</summary>
    private static Gen<(string Written, string Id)> IdInText =>
        from digits in Gen.ArrayOf(Gen.Choose(0, 9), 17)
        from check in Gen.Elements('0', '5', 'X', 'x', 'Ｘ')
        from fifteen in Gen.Elements(false, false, true)
        from seps in Gen.ArrayOf(Gen.Choose(-4, Separators.Length - 1), 18)
        from wide in Gen.ArrayOf(Gen.Elements(false, true), 18)
        from prefix in Gen.Elements("", "S-", "subject ", "身份证", "a\n")
        from suffix in Gen.Elements("", " asked", "-x", "号")
        select Write(digits, check, fifteen, seps, wide, prefix, suffix);

    private static (string, string) Write(int[] digits, char check, bool fifteen, int[] seps, bool[] wide, string prefix, string suffix)
    {
        var id = fifteen ? string.Concat(digits.Take(15)) : string.Concat(digits) + char.ToUpperInvariant(check is 'Ｘ' ? 'X' : check);
        var sb = new StringBuilder(prefix);
        for (int i = 0; i < id.Length; i++)
        {
            if (i > 0 && seps[i] >= 0) sb.Append(Separators[seps[i]]);
            var c = id[i];
            sb.Append(wide[i] && char.IsDigit(c) ? (char)('０' + (c - '0')) : i == 17 ? check : c);
        }

        return (sb.Append(suffix).ToString(), id);
    }

    [Fact]
    public void Mask_GeneratedIdNumbersInAnyNotation_NeverShowTheMiddleDigits()
    {
        Prop.ForAll(IdInText.ToArbitrary(), c =>
        {
            var logged = LogRedaction.Mask(c.Written);
            var hidden = c.Id.Length == 18 ? c.Id.Substring(6, 8) : c.Id.Substring(6, 6);
            return !DigitsOf(logged).Contains(hidden) && logged.Contains(ResidentIdNumber.Mask(c.Id));
        }).Check(Generated.Replayable(20261202UL, 300));
    }

    private static readonly char[] Alphabet = "aZ09-_.\\ u".ToCharArray().Concat(new[] { '\n', '\r', '\0', '\u001b', '\u007f', '\u0085', '\u200b', '\u202e', '\u2028', '\u2029', '\ufeff', '\ud800', '\udc00', '中', '０' }).ToArray();

    [Fact]
    public void Mask_GeneratedTextWithControlCharacters_HasNoneLeftAndUnescapesToTheOriginal()
    {
        var text = Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(cs => new string(cs));
        Prop.ForAll(text.ToArbitrary(), s =>
        {
            var logged = LogRedaction.Mask(s);
            var clean = !HasLoneSurrogate(logged) && logged.All(ch => CharUnicodeInfo.GetUnicodeCategory(ch) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator));

            // Fewer than 15 digits and short: nothing is masked or cut, so escaping must be undone exactly.
            return clean && Unescape(logged) == s;
        }).Check(Generated.Replayable(20261203UL, 300));
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }

        return false;
    }

    private static string DigitsOf(string s) =>
        string.Concat(s.Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.DecimalDigitNumber).Select(ch => (char)('0' + (int)CharUnicodeInfo.GetNumericValue(ch))));

    private static string Unescape(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && s[i + 1] == '\\')
            {
                sb.Append('\\');
                i++;
            }
            else if (s[i] == '\\' && s[i + 1] == 'u')
            {
                sb.Append((char)int.Parse(s.Substring(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
