using System.Collections.Immutable;
using System.Globalization;

namespace ShangdingScore.Rules;

/// <summary>
/// Grade bands checked against the grid of publishable scores (min, min + 10^-precision, …, max):
/// every grid score must fall in exactly one band (spec §2, §3a "Band check over publishable scores").
/// </summary>
/// <remarks>
/// The check is exact and does not enumerate the grid: each band is turned into the range of grid
/// indices it holds, and coverage can only change where a band starts or ends, so the first grid
/// score with no band or two bands is found among those points. Immutable and thread-safe.
/// </remarks>
public sealed class GradeScale
{
    private readonly long[] _first;
    private readonly long[] _last;
    private readonly decimal _gridFactor;

    private GradeScale(ImmutableArray<GradeBand> ascending, ImmutableArray<CreditGrade> grades, decimal min, decimal max, int precision, long[] first, long[] last)
    {
        Bands = ascending;
        Grades = grades;
        Min = min;
        Max = max;
        Precision = precision;
        _first = first;
        _last = last;
        _gridFactor = Pow10(precision);
    }

    /// <summary>The bands, lowest scores first.</summary>
    public ImmutableArray<GradeBand> Bands { get; }

    /// <summary>The grades, lowest first; <c>Grades[i]</c> belongs to <c>Bands[i]</c> and has rank <c>i</c>.</summary>
    public ImmutableArray<CreditGrade> Grades { get; }

    /// <summary>The lowest score.</summary>
    public decimal Min { get; }

    /// <summary>The highest score.</summary>
    public decimal Max { get; }

    /// <summary>Decimal places of the published score.</summary>
    public int Precision { get; }

    /// <summary>
    /// Checks bands against [min, max] at a precision and returns a scale, or every problem found
    /// (a band gap or overlap names the first grid score where it happens).
    /// </summary>
    /// <remarks>Every score (<paramref name="min"/>, <paramref name="max"/>, each bound) must be a rule-set number: at most 12 integer digits and 4 decimals (spec §3a).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="bands"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="bands"/> holds null.</exception>
    public static GradeScaleResult Create(IEnumerable<GradeBand> bands, decimal min, decimal max, int precision)
    {
        if (bands is null) throw new ArgumentNullException(nameof(bands));
        var list = bands.ToImmutableArray();
        if (list.Contains(null!)) throw new ArgumentException("A band is null.", nameof(bands));
        var errors = new List<RuleSetError>();
        if (precision < 0 || precision > RuleSetValidator.MaxPrecision)
        {
            errors.Add(new RuleSetError("$.precision", RuleSetErrorCodes.InvalidValue, $"precision must be a whole number from 0 to {RuleSetValidator.MaxPrecision}; it is {precision}."));
        }
        else if (!RuleSetNumbers.InBounds(min) || !RuleSetNumbers.InBounds(max))
        {
            var (path, value) = RuleSetNumbers.InBounds(min) ? ("$.max", max) : ("$.min", min);
            errors.Add(new RuleSetError(path, RuleSetErrorCodes.InvalidValue, RuleSetNumbers.OutOfBounds(value)));
        }
        else if (list.Select((b, i) => (b, i)).FirstOrDefault(x => !RuleSetNumbers.InBounds(x.b.Lower.Value) || !RuleSetNumbers.InBounds(x.b.Upper.Value)) is { b: not null } bad)
        {
            var (path, value) = RuleSetNumbers.InBounds(bad.b.Lower.Value) ? ($"$.grades[{bad.i}].upper.value", bad.b.Upper.Value) : ($"$.grades[{bad.i}].lower.value", bad.b.Lower.Value);
            errors.Add(new RuleSetError(path, RuleSetErrorCodes.InvalidValue, RuleSetNumbers.OutOfBounds(value)));
        }
        else if (min >= max)
        {
            errors.Add(new RuleSetError("$.max", RuleSetErrorCodes.InvalidValue, $"max ({max}) must be greater than min ({min})."));
        }
        else if (list.IsEmpty)
        {
            errors.Add(new RuleSetError("$.grades", RuleSetErrorCodes.Required, "a rule set needs at least one grade band."));
        }
        else
        {
            errors.AddRange(CheckPartition(list, min, max, precision));
        }

        if (errors.Count > 0) return new GradeScaleResult(null, errors.ToImmutableArray());
        return new GradeScaleResult(Build(list, min, max, precision), ImmutableArray<RuleSetError>.Empty);
    }

    /// <summary>The band index holding <paramref name="score"/>, which must be on the grid within [min, max].</summary>
    internal int BandIndexOf(decimal score)
    {
        long index = (long)((score - Min) * _gridFactor); // GridIndex(score, Min, Precision), 10^precision computed once
        for (int i = 0; i < _first.Length; i++)
        {
            if (index >= _first[i] && index <= _last[i]) return i;
        }

        throw new InvalidOperationException($"No band holds {score}; the scale was validated, so this is a bug.");
    }

    /// <summary>The lowest publishable score of the band of rank <paramref name="rank"/> (its first grid score).</summary>
    internal decimal LowestScoreOf(int rank) => ScoreAt(_first[rank], Min, Precision);

    /// <summary>The grade of a published score.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The score is outside [min, max] or not on the grid.</exception>
    public CreditGrade GradeOf(decimal publishedScore)
    {
        if (publishedScore < Min || publishedScore > Max || decimal.Round(publishedScore, Precision) != publishedScore)
        {
            throw new ArgumentOutOfRangeException(nameof(publishedScore), publishedScore, $"A published score lies in [{Min}, {Max}] with at most {Precision} decimal places.");
        }

        return Grades[BandIndexOf(publishedScore)];
    }

    internal static GradeScale Build(ImmutableArray<GradeBand> bands, decimal min, decimal max, int precision)
    {
        long n = GridIndex(max, min, precision);
        var ordered = bands.Select(b => (band: b, range: Range(b, min, precision, n))).OrderBy(x => x.range.first).ToArray();
        var ascending = ordered.Select(x => x.band).ToImmutableArray();
        var grades = ascending.Select((b, i) => new CreditGrade(b.Code, b.Name, i)).ToImmutableArray();
        return new GradeScale(ascending, grades, min, max, precision, ordered.Select(x => x.range.first).ToArray(), ordered.Select(x => x.range.last).ToArray());
    }

    internal static IEnumerable<RuleSetError> CheckPartition(ImmutableArray<GradeBand> bands, decimal min, decimal max, int precision)
    {
        long n = GridIndex(max, min, precision);
        var ranges = bands.Select(b => Range(b, min, precision, n)).ToArray();
        for (int i = 0; i < bands.Length; i++)
        {
            if (ranges[i].first > ranges[i].last)
            {
                yield return new RuleSetError($"$.grades[{i}]", RuleSetErrorCodes.BandEmpty, $"band '{bands[i].Code}' {bands[i]} holds no publishable score in [{Fmt(min)}, {Fmt(max)}] at precision {precision}.");
            }
        }

        var candidates = new SortedSet<long> { 0 };
        foreach (var (first, last) in ranges)
        {
            if (first <= last)
            {
                if (first >= 0 && first <= n) candidates.Add(first);
                if (last + 1 >= 0 && last + 1 <= n) candidates.Add(last + 1);
            }
        }

        foreach (var index in candidates)
        {
            var holders = new List<int>();
            for (int i = 0; i < ranges.Length; i++)
            {
                if (index >= ranges[i].first && index <= ranges[i].last) holders.Add(i);
            }

            if (holders.Count == 1) continue;
            decimal score = ScoreAt(index, min, precision);
            if (holders.Count == 0)
            {
                yield return new RuleSetError("$.grades", RuleSetErrorCodes.BandGap, $"no grade band holds the score {Fmt(score)}: the bands leave a gap there.", score);
            }
            else
            {
                var names = string.Join(" and ", holders.Select(h => $"'{bands[h].Code}' {bands[h]}"));
                yield return new RuleSetError("$.grades", RuleSetErrorCodes.BandOverlap, $"the score {Fmt(score)} falls in {names}: the bands overlap there.", score);
            }

            yield break;
        }
    }

    private static (long first, long last) Range(GradeBand b, decimal min, int precision, long n)
    {
        decimal scale = Pow10(precision);
        decimal lo = (b.Lower.Value - min) * scale;
        decimal hi = (b.Upper.Value - min) * scale;
        decimal first = decimal.Ceiling(lo);
        if (first == lo && !b.Lower.Inclusive) first += 1;
        decimal last = decimal.Floor(hi);
        if (last == hi && !b.Upper.Inclusive) last -= 1;
        long f = first < 0 ? 0 : first > n + 1 ? n + 1 : (long)first;
        long l = last > n ? n : last < -1 ? -1 : (long)last;
        return (f, l);
    }

    internal static long GridIndex(decimal score, decimal min, int precision) => (long)((score - min) * Pow10(precision));

    private static decimal ScoreAt(long index, decimal min, int precision) => min + (index / Pow10(precision));

    internal static decimal Pow10(int precision)
    {
        decimal p = 1m;
        for (int i = 0; i < precision; i++) p *= 10m;
        return p;
    }

    internal static string Fmt(decimal d) => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}

/// <summary>A grade scale, or the reasons it is not one.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GradeScaleResult
{
    internal GradeScaleResult(GradeScale? scale, ImmutableArray<RuleSetError> errors)
    {
        Scale = scale;
        Errors = errors;
    }

    /// <summary>The scale, when the bands partition the grid.</summary>
    public GradeScale? Scale { get; }

    /// <summary>Every problem found.</summary>
    public ImmutableArray<RuleSetError> Errors { get; }

    /// <summary>Whether the bands partition the grid.</summary>
    public bool IsValid => Scale is not null;
}
