namespace ShangdingScore.Records;

/// <summary>
/// Checks a JSON number against the quantity bounds of spec §3a — at most
/// <see cref="MaxIntegerDigits"/> integer digits and <see cref="MaxDecimals"/> decimals — on the
/// number as written, before it becomes a decimal (which would round a long fraction silently).
/// The value counts, not its spelling: leading zeros and zeros after the last non-zero decimal do not
/// count, an exponent does (<c>1e11</c> has 12 integer digits, <c>1e13</c> 14, <c>1.5000000</c> one decimal).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class QuantityText
{
    /// <summary>The most integer digits a quantity may have (spec §3a).</summary>
    public const int MaxIntegerDigits = 12;

    /// <summary>The most decimals a quantity may have (spec §3a).</summary>
    public const int MaxDecimals = 6;

    private const long ExponentLimit = 1_000_000;

    internal enum Verdict
    {
        /// <summary>Non-zero, non-negative, within the bounds.</summary>
        InBounds,

        /// <summary>Zero (also <c>-0</c>, <c>0e400</c>).</summary>
        Zero,

        /// <summary>Below zero, of any size.</summary>
        Negative,

        /// <summary>Not negative, but with more integer digits or decimals than allowed.</summary>
        OutOfBounds,
    }

    /// <summary>Judges <paramref name="number"/>, the bytes of a JSON number token (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>).</summary>
    public static Verdict Check(ReadOnlySpan<byte> number)
    {
        int i = 0;
        bool negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative) i++;
        int intStart = i;
        while (i < number.Length && IsDigit(number[i])) i++;
        var integer = number.Slice(intStart, i - intStart);
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == (byte)'.')
        {
            int fracStart = ++i;
            while (i < number.Length && IsDigit(number[i])) i++;
            fraction = number.Slice(fracStart, i - fracStart);
        }

        long exponent = 0;
        if (i < number.Length && (number[i] | 0x20) == (byte)'e')
        {
            i++;
            bool minus = i < number.Length && number[i] == (byte)'-';
            if (i < number.Length && (number[i] == (byte)'-' || number[i] == (byte)'+')) i++;
            for (; i < number.Length && IsDigit(number[i]); i++) exponent = Math.Min(exponent * 10 + (number[i] - '0'), ExponentLimit);
            if (minus) exponent = -exponent;
        }

        // The digits integer ++ fraction, with the decimal point after integer.Length + exponent of them.
        int length = integer.Length + fraction.Length;
        int first = -1, last = -1;
        for (int k = 0; k < length; k++)
        {
            if (DigitAt(integer, fraction, k) == (byte)'0') continue;
            if (first < 0) first = k;
            last = k;
        }

        if (first < 0) return Verdict.Zero;
        if (negative) return Verdict.Negative;
        long point = integer.Length + exponent;
        long integerDigits = Math.Max(0, point - first);
        long decimals = Math.Max(0, last + 1 - point);
        return integerDigits > MaxIntegerDigits || decimals > MaxDecimals ? Verdict.OutOfBounds : Verdict.InBounds;
    }

    private static byte DigitAt(ReadOnlySpan<byte> integer, ReadOnlySpan<byte> fraction, int k) =>
        k < integer.Length ? integer[k] : fraction[k - integer.Length];

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
