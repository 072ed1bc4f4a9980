using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>
/// FsCheck generators for the Shangding score: grade scales (valid and broken), rule sets, records
/// and whole evaluation cases. Register them in a property with <see cref="ShangdingArbitraries"/>.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Every generator is deterministic given FsCheck's seed, so a failing
/// case can be replayed. Generated objects print themselves readably in FsCheck's failure output.
/// </remarks>
public static partial class ShangdingGen
{
    // Fractions of a grid step for bounds between grid points; at precision 2 the finest, 0.01 × 0.01, has the 4 decimals a rule-set number may have (spec §3a).
    private static readonly decimal[] Fractions = { 0.5m, 0.25m, 0.75m, 0.01m, 0.99m };
    private static readonly string[] BandCodePool = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india" };

    /// <summary>
    /// Valid grade scales: [min, max] on a grid of precision 0–2, 2–7 bands that partition the grid.
    /// Each cut between two bands lies on a grid point (belonging to the lower or the upper band) or
    /// between two grid points (with any inclusivity, even both inclusive), and the outer bands may
    /// reach beyond [min, max]. Band codes are unrelated to their order, and the bands are shuffled.
    /// </summary>
    public static Gen<ScaleSpec> ValidScale() => ValidScale(2, 7);

    /// <summary>Valid grade scales with <paramref name="minBands"/> to <paramref name="maxBands"/> bands (1 to 9).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The band counts are outside 1 to 9 or in the wrong order.</exception>
    public static Gen<ScaleSpec> ValidScale(int minBands, int maxBands)
    {
        if (minBands < 1 || maxBands > BandCodePool.Length || minBands > maxBands)
        {
            throw new ArgumentOutOfRangeException(nameof(minBands), $"Band counts run from 1 to {BandCodePool.Length}, lowest first.");
        }

        return ValidLayout(minBands, maxBands).SelectMany(RenderValid);
    }

    /// <summary>
    /// Broken grade scales: a valid scale with one gap or one overlap injected in grid-index space
    /// (a band shrunk at one end, or stretched over its neighbour), with the first grid score where
    /// it happens. Every band still holds a grid score, so the defect is the only problem.
    /// </summary>
    public static Gen<BrokenScaleSpec> BrokenScale() =>
        from layout in ValidLayout(2, 7)
        from broken in Gen.OneOf(Defects(layout))
        from bands in RenderBands(broken.Layout)
        from order in Gen.Shuffle(bands)
        select new BrokenScaleSpec
        {
            Scale = Spec(broken.Layout, order),
            Defect = broken.Defect,
            FirstScore = layout.Score(broken.FirstIndex),
        };

    internal static decimal StepOf(int precision)
    {
        decimal step = 1m;
        for (int i = 0; i < precision; i++) step /= 10m;
        return step;
    }

    /// <summary>Grid positions of the bands: band i holds grid indices [First[i], Last[i]], lowest band first.</summary>
    internal sealed class Layout
    {
        public required int Precision { get; init; }

        public required decimal Min { get; init; }

        public required int N { get; init; }

        public required int[] First { get; init; }

        public required int[] Last { get; init; }

        public required string[] Codes { get; init; }

        public decimal Step => StepOf(Precision);

        public decimal Max => Score(N);

        public decimal Score(int index) => Min + (index * Step);

        public Layout With(int band, int first, int last)
        {
            var f = (int[])First.Clone();
            var l = (int[])Last.Clone();
            f[band] = first;
            l[band] = last;
            return new Layout { Precision = Precision, Min = Min, N = N, First = f, Last = l, Codes = Codes };
        }
    }

    private sealed class Injected
    {
        public required Layout Layout { get; init; }

        public required BandDefect Defect { get; init; }

        public required int FirstIndex { get; init; }
    }

    internal static Gen<Layout> ValidLayout(int minBands, int maxBands) =>
        from precision in Gen.Choose(0, 2)
        from k in Gen.Choose(minBands, maxBands)
        let least = Math.Max(1, k - 1)
        from n in Gen.Frequency((1, Gen.Constant(least)), (4, Gen.Choose(least, least + 60)), (2, Gen.Choose(least, 2000)))
        from minIndex in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(-5000, 5000)))
        from cuts in Gen.Shuffle(Enumerable.Range(1, n)).Select(all => all.Take(k - 1).OrderBy(c => c).ToArray())
        from codes in Gen.Shuffle(BandCodePool).Select(all => all.Take(k).ToArray())
        select new Layout
        {
            Precision = precision,
            Min = minIndex * StepOf(precision),
            N = n,
            First = new[] { 0 }.Concat(cuts).ToArray(),
            Last = cuts.Select(c => c - 1).Concat(new[] { n }).ToArray(),
            Codes = codes,
        };

    private static IEnumerable<Gen<Injected>> Defects(Layout v)
    {
        int k = v.First.Length;
        for (int i = 0; i + 1 < k; i++)
        {
            int band = i;
            int s = v.First[i + 1];

            // Overlap: stretch band i upwards over s, or band i+1 downwards below s.
            yield return Gen.Choose(s, v.N).Select(last => Inject(v.With(band, v.First[band], last), BandDefect.Overlap, s));
            yield return Gen.Choose(0, s - 1).Select(first => Inject(v.With(band + 1, first, v.Last[band + 1]), BandDefect.Overlap, first));

            // Gap: shrink band i from the top, or band i+1 from the bottom, keeping each non-empty.
            if (v.Last[band] > v.First[band])
            {
                yield return Gen.Choose(v.First[band], v.Last[band] - 1).Select(last => Inject(v.With(band, v.First[band], last), BandDefect.Gap, last + 1));
            }

            if (v.Last[band + 1] > s)
            {
                yield return Gen.Choose(s + 1, v.Last[band + 1]).Select(first => Inject(v.With(band + 1, first, v.Last[band + 1]), BandDefect.Gap, s));
            }
        }

        // Gaps at min and at max.
        if (v.Last[0] > 0)
        {
            yield return Gen.Choose(1, v.Last[0]).Select(first => Inject(v.With(0, first, v.Last[0]), BandDefect.Gap, 0));
        }

        if (v.First[k - 1] < v.N)
        {
            yield return Gen.Choose(v.First[k - 1], v.N - 1).Select(last => Inject(v.With(k - 1, v.First[k - 1], last), BandDefect.Gap, last + 1));
        }
    }

    private static Injected Inject(Layout layout, BandDefect defect, int firstIndex) =>
        new() { Layout = layout, Defect = defect, FirstIndex = firstIndex };

    private static Gen<ScaleSpec> RenderValid(Layout v) =>
        from mode in Gen.Elements(true, false)
        from bands in mode ? RenderWithSharedCuts(v) : RenderBands(v)
        from order in Gen.Shuffle(bands)
        select Spec(v, order);

    private static ScaleSpec Spec(Layout v, GradeBand[] bandsInAnyOrder) => new()
    {
        Bands = bandsInAnyOrder.ToImmutableArray(),
        Min = v.Min,
        Max = v.Max,
        Precision = v.Precision,
        CodesByRank = v.Codes.ToImmutableArray(),
    };

    /// <summary>Each band's bounds rendered on their own: on the grid, just outside it, or between grid points.</summary>
    private static Gen<GradeBand[]> RenderBands(Layout v) =>
        Gen.CollectToArray(Enumerable.Range(0, v.First.Length), i =>
            from lower in LowerBound(v, v.First[i])
            from upper in UpperBound(v, v.Last[i])
            select Band(v.Codes[i], lower, upper));

    /// <summary>Neighbouring bands share one cut value; which side holds it is chosen per cut.</summary>
    private static Gen<GradeBand[]> RenderWithSharedCuts(Layout v)
    {
        int k = v.First.Length;
        var cuts = Gen.CollectToArray(Enumerable.Range(0, k - 1), i => Cut(v, v.Last[i]));
        return from cut in cuts
               from bottom in LowerBound(v, 0)
               from top in UpperBound(v, v.N)
               select Enumerable.Range(0, k).Select(i => Band(
                   v.Codes[i],
                   i == 0 ? bottom : cut[i - 1].upperSide,
                   i == k - 1 ? top : cut[i].lowerSide)).ToArray();
    }

    /// <summary>A cut after grid index <paramref name="last"/>: (bound ending the lower band, bound starting the upper band).</summary>
    private static Gen<(BandBound lowerSide, BandBound upperSide)> Cut(Layout v, int last) =>
        Gen.OneOf(
            Gen.Constant((new BandBound(v.Score(last), true), new BandBound(v.Score(last), false))),
            Gen.Constant((new BandBound(v.Score(last + 1), false), new BandBound(v.Score(last + 1), true))),
            from f in Gen.Elements(Fractions)
            from a in Gen.Elements(true, false)
            from b in Gen.Elements(true, false)
            let value = v.Score(last) + (f * v.Step)
            select (new BandBound(value, a), new BandBound(value, b)));

    /// <summary>A lower bound whose first grid index is <paramref name="first"/>.</summary>
    private static Gen<BandBound> LowerBound(Layout v, int first)
    {
        var options = new List<Gen<BandBound>>
        {
            Gen.Constant(new BandBound(v.Score(first), true)),
            Gen.Constant(new BandBound(v.Score(first - 1), false)),
            from f in Gen.Elements(Fractions)
            from inclusive in Gen.Elements(true, false)
            select new BandBound(v.Score(first - 1) + (f * v.Step), inclusive),
        };
        if (first == 0)
        {
            options.Add(from m in Gen.Choose(1, 500) from inclusive in Gen.Elements(true, false) select new BandBound(v.Score(-m), inclusive));
        }

        return Gen.OneOf(options);
    }

    /// <summary>An upper bound whose last grid index is <paramref name="last"/>.</summary>
    private static Gen<BandBound> UpperBound(Layout v, int last)
    {
        var options = new List<Gen<BandBound>>
        {
            Gen.Constant(new BandBound(v.Score(last), true)),
            Gen.Constant(new BandBound(v.Score(last + 1), false)),
            from f in Gen.Elements(Fractions)
            from inclusive in Gen.Elements(true, false)
            select new BandBound(v.Score(last) + (f * v.Step), inclusive),
        };
        if (last == v.N)
        {
            options.Add(from m in Gen.Choose(1, 500) from inclusive in Gen.Elements(true, false) select new BandBound(v.Score(v.N + m), inclusive));
        }

        return Gen.OneOf(options);
    }

    private static GradeBand Band(string code, BandBound lower, BandBound upper) => new()
    {
        Code = code,
        Name = new LocalizedText("等级 " + code, "Grade " + code),
        Lower = lower,
        Upper = upper,
    };
}
