namespace ShangdingScore.Rules;

/// <summary>
/// A credit grade (信用等级) as a rule set defines it: a code, its zh-CN and English names and its
/// rank on the rule set's scale (0 is the lowest band). Zhengzhou's five are 信用极好 Excellent,
/// 信用优秀 Outstanding, 信用良好 Good, 轻微失信 Slightly untrustworthy and 信用较差 Poor.
/// </summary>
/// <remarks>Immutable and thread-safe; value equality.</remarks>
public sealed class CreditGrade : IEquatable<CreditGrade>, IComparable<CreditGrade>
{
    /// <summary>Creates a grade.</summary>
    public CreditGrade(string code, LocalizedText name, int rank)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Rank = rank;
    }

    /// <summary>The stable code, for example <c>excellent</c>.</summary>
    public string Code { get; }

    /// <summary>The name in zh-CN and English.</summary>
    public LocalizedText Name { get; }

    /// <summary>The position on the scale: 0 for the band that holds the lowest scores.</summary>
    public int Rank { get; }

    /// <summary>Orders by <see cref="Rank"/>: a better grade compares greater.</summary>
    public int CompareTo(CreditGrade? other) => other is null ? 1 : Rank.CompareTo(other.Rank);

    /// <summary>Whether this grade is at least as good as <paramref name="other"/>.</summary>
    public bool IsAtLeast(CreditGrade other) => CompareTo(other) >= 0;

    /// <inheritdoc />
    public bool Equals(CreditGrade? other) =>
        other is not null && Rank == other.Rank && string.Equals(Code, other.Code, StringComparison.Ordinal) && Name.Equals(other.Name);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CreditGrade);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Code), Rank);

    /// <inheritdoc />
    public override string ToString() => $"{Name.ZhCn} {Name.En} ({Code})";
}
