using System.Collections.Immutable;
using System.Text;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>How the SQLite store splits its subjects into ranges for the parts of a scan (<see cref="SubjectRanges"/>).</summary>
public sealed class SubjectRangesTests
{
    [Fact]
    public void Boundaries_NumberedIds_RangesOfSimilarSize()
    {
        var ids = Enumerable.Range(1, 100_000).Select(i => $"S-{i:D8}").ToArray();

        var boundaries = SubjectRanges.Boundaries(Seek(ids), 32);

        Assert.InRange(boundaries.Length, 31, 200);
        var sizes = Sizes(ids, boundaries);
        Assert.Equal(ids.Length, sizes.Sum());
        Assert.True(sizes.Max() <= ids.Length / 8, $"largest range {sizes.Max()} of {ids.Length}");
    }

    [Fact]
    public void Boundaries_SkewedIds_EveryIdInExactlyOneRangeAndBoundariesAscending()
    {
        // Most ids share one long prefix; a few stand alone; some go beyond U+FFFF.
        var ids = Enumerable.Range(0, 5000).Select(i => $"410102199001{i:D6}")
            .Concat(new[] { "0", "41", "410102", "9\uFFFF", "Z\U0001F600", "\U0001F600", "\U0001F600\U0001F601", "é", "é1" })
            .Distinct().OrderBy(s => s, SubjectOrder.Instance).ToArray();

        var boundaries = SubjectRanges.Boundaries(Seek(ids), 16);

        Assert.True(boundaries.Length >= 8);
        Assert.Equal(boundaries.OrderBy(b => b, SubjectOrder.Instance).Distinct(), boundaries);
        Assert.All(boundaries, b => Assert.True(IsWellFormed(b), $"{b} is not well-formed"));
        Assert.Equal(ids.Length, Sizes(ids, boundaries).Sum());
    }

    [Fact]
    public void Boundaries_NoSubjectsOrOneRangeWanted_NoBoundaries()
    {
        Assert.Empty(SubjectRanges.Boundaries(_ => null, 16));
        Assert.Empty(SubjectRanges.Boundaries(Seek(new[] { "a", "b" }), 1));
        Assert.Single(SubjectRanges.Boundaries(Seek(new[] { "only" }), 16));
    }

    [Fact]
    public void RangeQueue_TakesEveryRangeOnceInAscendingOrder()
    {
        var queue = new SubjectRangeQueue(ImmutableArray.Create("b", "d"));
        var taken = new List<(string?, string?)>();
        while (queue.TryTake(out var from, out var to)) taken.Add((from, to));

        Assert.Equal(new (string?, string?)[] { (null, "b"), ("b", "d"), ("d", null) }, taken);
        Assert.False(queue.TryTake(out _, out _));
    }

    private static Func<string, string?> Seek(string[] sorted) => probe =>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (SubjectOrder.Instance.Compare(sorted[mid], probe) < 0) lo = mid + 1;
            else hi = mid;
        }

        return lo < sorted.Length ? sorted[lo] : null;
    };

    private static int[] Sizes(string[] ids, ImmutableArray<string> boundaries)
    {
        var sizes = new int[boundaries.Length + 1];
        foreach (var id in ids)
        {
            int range = boundaries.Count(b => SubjectOrder.Instance.Compare(b, id) <= 0);
            sizes[range]++;
        }

        return sizes;
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
