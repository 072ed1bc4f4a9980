using System.Collections.Immutable;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

/// <summary>
/// Splits the subjects of a store into ranges of about equal size without counting them: the subject ids are explored
/// as a tree of prefixes by seeking the store's ordered key (the least subject at or after a text), always dividing the
/// prefix with the most subjects by estimate (a prefix's estimate is shared equally among the characters that follow
/// it), until there are enough prefixes. The boundaries are those prefixes: texts made of the characters of real ids.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Correctness never depends on the estimate: the ranges between consecutive boundaries
/// (the first open below, the last open above) cover every text exactly once; a poor estimate only makes some ranges
/// larger than others. Characters that are UTF-16 surrogates (ids beyond U+FFFF) are not divided on, so every boundary
/// is well-formed text.
/// </remarks>
internal static class SubjectRanges
{
    private const int MaxChildren = 128;
    private const int MaxSeeks = 4096;

    /// <summary>Ascending, distinct boundaries (<see cref="SubjectOrder"/>) for about <paramref name="wanted"/> ranges (a prefix is divided among all the characters that follow it, so a few more).</summary>
    /// <param name="firstAtOrAfter">The least subject at or after a text, or null when there is none.</param>
    /// <param name="wanted">How many ranges are wanted (at least 1).</param>
    public static ImmutableArray<string> Boundaries(Func<string, string?> firstAtOrAfter, int wanted)
    {
        if (wanted <= 1) return ImmutableArray<string>.Empty;
        var leaves = new List<(string Prefix, double Weight, bool Done)> { (string.Empty, 1.0, false) };
        int seeks = 0;
        while (leaves.Count < wanted && seeks < MaxSeeks)
        {
            int heaviest = -1;
            for (int i = 0; i < leaves.Count; i++)
            {
                if (!leaves[i].Done && (heaviest < 0 || leaves[i].Weight > leaves[heaviest].Weight)) heaviest = i;
            }

            if (heaviest < 0) break;
            var (prefix, weight, _) = leaves[heaviest];
            var children = Children(prefix, firstAtOrAfter, ref seeks);
            leaves.RemoveAt(heaviest);
            if (children.Count == 0)
            {
                leaves.Add((prefix, weight, true));
                continue;
            }

            foreach (var c in children) leaves.Add((c, weight / children.Count, false));
        }

        return leaves.Select(l => l.Prefix).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(p => p, SubjectOrder.Instance).ToImmutableArray();
    }

    /// <summary>The prefixes one character longer than <paramref name="prefix"/> that real subjects have, in order.</summary>
    private static List<string> Children(string prefix, Func<string, string?> firstAtOrAfter, ref int seeks)
    {
        var children = new List<string>();
        string probe = prefix;
        while (children.Count < MaxChildren && seeks < MaxSeeks)
        {
            seeks++;
            var found = firstAtOrAfter(probe);
            if (found is null || !found.StartsWith(prefix, StringComparison.Ordinal)) break;
            if (found.Length == prefix.Length)
            {
                probe = prefix + '\0'; // the prefix itself is a subject: look past it
                continue;
            }

            char c = found[prefix.Length];
            if (char.IsSurrogate(c)) break;
            children.Add(prefix + c);
            if (c == char.MaxValue || char.IsSurrogate((char)(c + 1))) break;
            probe = prefix + (char)(c + 1);
        }

        return children;
    }
}

/// <summary>The ranges between boundaries, handed out in ascending order to whichever reader asks next.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SubjectRangeQueue
{
    private readonly ImmutableArray<string> _boundaries;
    private int _next = -1;

    /// <summary>The ranges (-∞, b0), [b0, b1), …, [bn, +∞) of ascending boundaries.</summary>
    public SubjectRangeQueue(ImmutableArray<string> boundaries) => _boundaries = boundaries;

    /// <summary>Takes the next range; false when all were taken. Null bounds are open.</summary>
    public bool TryTake(out string? from, out string? to)
    {
        int i = Interlocked.Increment(ref _next);
        if (i > _boundaries.Length)
        {
            from = to = null;
            return false;
        }

        from = i == 0 ? null : _boundaries[i - 1];
        to = i == _boundaries.Length ? null : _boundaries[i];
        return true;
    }
}
