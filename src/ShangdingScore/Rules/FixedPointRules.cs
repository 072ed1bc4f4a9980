namespace ShangdingScore.Rules;

/// <summary>
/// The numbers step 4 and 5 add and compare (base, item caps, dimension caps, <c>maxBonus</c>) as
/// integers scaled by 10^<see cref="Digits"/>, each with the decimal scale its <see cref="decimal"/>
/// has, chosen once when the rule set is loaded. Sums of such integers are exact, and tracking the
/// scales as <see cref="decimal"/> addition does (the larger of the two) gives back, digit for digit,
/// the <see cref="decimal"/> the exact decimal path computes (spec §3a "Arithmetic").
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Absent when some number of the rule set does not fit; then every
/// subject is scored on the decimal path.
/// </remarks>
internal sealed class FixedPointRules
{
    /// <summary>A missing cap (<see cref="decimal.MaxValue"/> in <see cref="CompiledItem"/>).</summary>
    public const long NoCap = long.MaxValue;

    /// <summary>
    /// The largest scaled magnitude of a rule-set number, and of the sum of one subject's amounts:
    /// base + bonus − deductions and cap − used then stay far inside a <see cref="long"/>.
    /// </summary>
    public const long Limit = 1L << 60;

    /// <summary>
    /// Decimal places beyond the rule set's own numbers, for amounts that are points × a fractional quantity: a
    /// quantity has at most 6 decimals (spec §3a), so every product of a bounded record is a whole number of units.
    /// </summary>
    private const int QuantityDigits = 6;

    /// <summary>The most digits: 10^18 is the largest power of ten in a <see cref="long"/>.</summary>
    private const int MaxDigits = 18;

    private static readonly long[] Pow10 = BuildPow10();

    private readonly decimal _factor;
    private readonly decimal _maxMagnitude;
    private readonly long _maxScaled;

    private FixedPointRules(int digits)
    {
        Digits = digits;
        _factor = Pow10[digits];
        _maxMagnitude = decimal.Floor(Limit / _factor);
        _maxScaled = (long)(_maxMagnitude * _factor);
    }

    /// <summary>The scale: a value v is held as v × 10^Digits.</summary>
    public int Digits { get; }

    /// <summary>The base, scaled.</summary>
    public long Base { get; private set; }

    /// <summary>The base's decimal scale.</summary>
    public byte BaseScale { get; private set; }

    /// <summary><c>maxBonus</c>, scaled.</summary>
    public long MaxBonus { get; private set; }

    /// <summary><c>maxBonus</c>'s decimal scale.</summary>
    public byte MaxBonusScale { get; private set; }

    /// <summary>Per item: its cap over its window, scaled, or <see cref="NoCap"/>.</summary>
    public long[] ItemCaps { get; private set; } = Array.Empty<long>();

    /// <summary>Per item: its cap's decimal scale.</summary>
    public byte[] ItemCapScales { get; private set; } = Array.Empty<byte>();

    /// <summary>
    /// Per item priced per record (not per unit): the points of one record after the per-record cap, scaled; <see cref="NoCap"/>
    /// for an item priced per unit (its points depend on the quantity), and for points that do not fit.
    /// </summary>
    public long[] RecordPoints { get; private set; } = Array.Empty<long>();

    /// <summary>Per item: the decimal scale of <see cref="RecordPoints"/>.</summary>
    public byte[] RecordPointsScales { get; private set; } = Array.Empty<byte>();

    /// <summary>Per dimension: its cap of positive points, scaled, or <see cref="NoCap"/>.</summary>
    public long[] DimensionCaps { get; private set; } = Array.Empty<long>();

    /// <summary>Per dimension: its cap's decimal scale.</summary>
    public byte[] DimensionCapScales { get; private set; } = Array.Empty<byte>();

    /// <summary>The fixed-point form of a rule set's numbers, or null when one does not fit.</summary>
    internal static FixedPointRules? TryCreate(decimal @base, decimal maxBonus, CompiledItem[] items, decimal[] dimensionCaps)
    {
        int ruleDigits = Math.Max(ScaleOf(@base), ScaleOf(maxBonus));
        foreach (var item in items)
        {
            ruleDigits = Math.Max(ruleDigits, ScaleOf(item.Points));
            if (item.RecordCap != decimal.MaxValue) ruleDigits = Math.Max(ruleDigits, ScaleOf(item.RecordCap));
            if (item.ItemCap != decimal.MaxValue) ruleDigits = Math.Max(ruleDigits, ScaleOf(item.ItemCap));
        }

        foreach (var cap in dimensionCaps)
        {
            if (cap != decimal.MaxValue) ruleDigits = Math.Max(ruleDigits, ScaleOf(cap));
        }

        if (ruleDigits > MaxDigits) return null;
        var rules = new FixedPointRules(Math.Min(MaxDigits, ruleDigits + QuantityDigits));
        if (!rules.TryScale(@base, out var b, out var bs) || !rules.TryScale(maxBonus, out var mb, out var mbs)) return null;
        rules.Base = b;
        rules.BaseScale = bs;
        rules.MaxBonus = mb;
        rules.MaxBonusScale = mbs;

        var itemCaps = new long[items.Length];
        var itemCapScales = new byte[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!rules.TryScaleCap(items[i].ItemCap, out itemCaps[i], out itemCapScales[i])) return null;
        }

        var dimCaps = new long[dimensionCaps.Length];
        var dimCapScales = new byte[dimensionCaps.Length];
        for (int d = 0; d < dimensionCaps.Length; d++)
        {
            if (!rules.TryScaleCap(dimensionCaps[d], out dimCaps[d], out dimCapScales[d])) return null;
        }

        var recordPoints = new long[items.Length];
        var recordPointsScales = new byte[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var item = items[i];
            decimal capped = item.Points > item.RecordCap ? item.RecordCap : item.Points; // step 3 for a fixed-points item
            if (item.PerUnit || !rules.TryScale(capped, out recordPoints[i], out recordPointsScales[i]) || recordPoints[i] < 0) recordPoints[i] = NoCap;
        }

        rules.RecordPoints = recordPoints;
        rules.RecordPointsScales = recordPointsScales;
        rules.ItemCaps = itemCaps;
        rules.ItemCapScales = itemCapScales;
        rules.DimensionCaps = dimCaps;
        rules.DimensionCapScales = dimCapScales;
        return rules;
    }

    /// <summary>
    /// <paramref name="value"/> × 10^<see cref="Digits"/> and its decimal scale, when that is a whole number
    /// of magnitude at most <see cref="Limit"/>; false otherwise (the value has more decimals, or is too large).
    /// </summary>
    public bool TryScale(decimal value, out long scaled, out byte scale)
    {
        int s = ScaleOf(value);
        if (s > Digits || Math.Abs(value) > _maxMagnitude)
        {
            scaled = 0;
            scale = 0;
            return false;
        }

        scaled = (long)(value * _factor); // whole: value has at most Digits decimals
        scale = (byte)s;
        return true;
    }

    /// <summary>
    /// <see cref="TryScale"/> for a non-negative <paramref name="value"/> without decimal arithmetic where the runtime
    /// exposes a decimal's bits without allocating; the same answer.
    /// </summary>
    public bool TryScaleMagnitude(decimal value, out long scaled, out byte scale)
    {
#if NET8_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int s = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && bits[3] >= 0 && s <= Digits)
        {
            ulong mantissa = unchecked((uint)bits[0] | ((ulong)(uint)bits[1] << 32));
            long factor = Pow10[Digits - s];
            if (mantissa <= (ulong)(Limit / factor))
            {
                scaled = (long)mantissa * factor;
                scale = (byte)s;
                return scaled <= _maxScaled;
            }
        }

        scaled = 0;
        scale = 0;
        return false;
#else
        return TryScale(value, out scaled, out scale) && scaled >= 0;
#endif
    }

    /// <summary>The <see cref="decimal"/> with value <paramref name="scaled"/> / 10^<see cref="Digits"/> and scale <paramref name="scale"/> (at most <see cref="Digits"/>).</summary>
    /// <remarks>Exact: a value that came from a decimal of scale <paramref name="scale"/>, and sums of such, are multiples of 10^(Digits − scale).</remarks>
    public decimal ToDecimal(long scaled, byte scale)
    {
        long mantissa = scaled / Pow10[Digits - scale];
        bool negative = mantissa < 0;
        ulong magnitude = negative ? (ulong)(-mantissa) : (ulong)mantissa;
        return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, scale);
    }

    /// <summary>The decimal scale (number of decimals, trailing zeros included) of <paramref name="value"/>.</summary>
    internal static int ScaleOf(decimal value)
    {
#if NET7_0_OR_GREATER
        return value.Scale;
#else
        return (decimal.GetBits(value)[3] >> 16) & 0xFF;
#endif
    }

    private bool TryScaleCap(decimal cap, out long scaled, out byte scale)
    {
        if (cap == decimal.MaxValue)
        {
            scaled = NoCap;
            scale = 0;
            return true;
        }

        return TryScale(cap, out scaled, out scale);
    }

    private static long[] BuildPow10()
    {
        var p = new long[MaxDigits + 1];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }
}
