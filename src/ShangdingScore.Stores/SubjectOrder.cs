namespace ShangdingScore.Stores;

/// <summary>
/// The order in which stores return subjects and sources: by Unicode code point, which is the byte
/// order of UTF-8 (SQLite's <c>BINARY</c> collation, PostgreSQL's <c>COLLATE "C"</c>). It equals
/// ordinal (UTF-16) order except that characters beyond U+FFFF sort after U+E000–U+FFFF.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class SubjectOrder : IComparer<string>, IComparer<SubjectId>
{
    private SubjectOrder()
    {
    }

    /// <summary>The comparer.</summary>
    public static SubjectOrder Instance { get; } = new();

    /// <summary>Compares two texts by code point.</summary>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            char a = x[i], b = y[i];
            if (a == b) continue;

            // A surrogate stands for a code point above U+FFFF, greater than every other BMP character.
            bool sa = char.IsSurrogate(a), sb = char.IsSurrogate(b);
            if (sa != sb) return sa ? 1 : -1;
            return a < b ? -1 : 1;
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary>Compares two subject ids by code point.</summary>
    public int Compare(SubjectId x, SubjectId y) => Compare(x.Value, y.Value);
}
