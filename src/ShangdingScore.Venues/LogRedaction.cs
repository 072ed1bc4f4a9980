using System.Globalization;
using System.Text;
using ShangdingScore.Identity;

namespace ShangdingScore.Venues;

/// <summary>
/// Makes a text fit for a log line: masks anything shaped like a resident identity number (GB 11643-1999,
/// 18 characters, and the 15-digit first generation) with <see cref="ResidentIdNumber.Mask(string?)"/>, escapes
/// what could forge or hide a log line, and bounds the length. Subject ids should be opaque, but a deployment
/// that uses identity numbers as subject ids must still never log one in clear, and a subject id is any text.
/// </summary>
/// <remarks>
/// <para>Detection works on a normalized view: every Unicode decimal digit counts as its digit (full-width
/// <c>０</c>–<c>９</c>, Arabic-Indic, mathematical digits), a full-width <c>Ｘ</c> as <c>X</c>, and white space, dashes,
/// <c>.</c>, <c>/</c>, <c>_</c>, control and invisible format characters (up to three in a row) between digits are
/// separators. So <c>410105-19900101-1234</c>, <c>410105 1990 0101 1234</c> and <c>４１０１０５…</c> are found. A run of
/// exactly 15 or 18 such digits (the 18th may be X) is written masked in ASCII (<c>410105********1234</c>); any
/// other run of 15 or more digits (two numbers run together, a bank card) is written as that many <c>*</c>.</para>
/// <para>Then, so that no text can start a forged log line or hide itself: a backslash is written <c>\\</c>, and control
/// characters, format characters (bidirectional overrides, zero-width), line and paragraph separators and unpaired
/// surrogates are written as <c>\uXXXX</c>. At most <see cref="MaxLength"/> characters are kept, then
/// <c>…[+N]</c> says how many were left out.</para>
/// Stateless and thread-safe.
/// </remarks>
public static class LogRedaction
{
    /// <summary>The most characters of one text written to a log line (escapes included).</summary>
    public const int MaxLength = 256;

    private const int MaxSeparatorRun = 3;

    /// <summary>The text masked, escaped and bounded (see the type's remarks); null gives <c>-</c>.</summary>
    public static string Mask(string? text) => text is null ? "-" : Escape(MaskIdNumbers(text));

    /// <summary>A subject id fit for a log line.</summary>
    public static string Subject(SubjectId? subject) => subject is { } s ? Mask(s.Value) : "-";

    private static string MaskIdNumbers(string text)
    {
        StringBuilder? result = null;
        int copied = 0, i = 0;
        while (i < text.Length)
        {
            if (DigitAt(text, i, out _) < 0)
            {
                i++;
                continue;
            }

            var (end, digits) = ReadRun(text, i);
            if (digits.Length >= 15)
            {
                result ??= new StringBuilder(text.Length);
                result.Append(text, copied, i - copied);
                result.Append(digits.Length is 15 or 18 ? ResidentIdNumber.Mask(digits) : new string('*', digits.Length));
                copied = end;
            }

            i = end;
        }

        if (result is null) return text;
        result.Append(text, copied, text.Length - copied);
        return result.ToString();
    }

    /// <summary>The run of digits starting at <paramref name="start"/>: where it ends and its digits in ASCII (a final X as <c>X</c>).</summary>
    private static (int End, string Digits) ReadRun(string text, int start)
    {
        var digits = new StringBuilder();
        int j = start, end = start;
        while (j < text.Length)
        {
            var d = DigitAt(text, j, out var width);
            if (d >= 0)
            {
                digits.Append((char)('0' + d));
                j += width;
                end = j;
                continue;
            }

            if (digits.Length == 17 && IsX(text[j]))
            {
                digits.Append('X');
                end = j + 1;
                break;
            }

            // Separators continue the run only when a digit (or the 18th character X) follows them.
            int k = j, seps = 0;
            while (k < text.Length && seps < MaxSeparatorRun && IsSeparator(text, k))
            {
                k++;
                seps++;
            }

            if (seps == 0 || k >= text.Length || !(DigitAt(text, k, out _) >= 0 || (digits.Length == 17 && IsX(text[k])))) break;
            j = k;
        }

        return (end, digits.ToString());
    }

    /// <summary>The decimal digit value of the code point at <paramref name="i"/>, or -1; <paramref name="width"/> is its length in chars.</summary>
    private static int DigitAt(string text, int i, out int width)
    {
        width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        if (CharUnicodeInfo.GetUnicodeCategory(text, i) != UnicodeCategory.DecimalDigitNumber) return -1;
        var value = CharUnicodeInfo.GetNumericValue(text, i);
        return value is >= 0 and <= 9 ? (int)value : -1;
    }

    private static bool IsX(char c) => c is 'X' or 'x' or 'Ｘ' or 'ｘ';

    private static bool IsSeparator(string text, int i)
    {
        var c = text[i];
        if (char.IsWhiteSpace(c) || c is '.' or '/' or '_' or '·' or '．' or '／') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation or UnicodeCategory.Control or UnicodeCategory.Format;
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxLength) + 16);
        for (int i = 0; i < text.Length; i++)
        {
            var before = sb.Length;
            var c = text[i];
            var width = 1;
            if (c == '\\')
            {
                sb.Append("\\\\");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                width = 2;
            }
            else if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }

            if (sb.Length > MaxLength)
            {
                // Cut before this character, never inside an escape or a surrogate pair.
                sb.Length = before;
                return sb.Append("…[+").Append((text.Length - i).ToString(CultureInfo.InvariantCulture)).Append(']').ToString();
            }

            i += width - 1;
        }

        return sb.ToString();
    }
}
