using System.Globalization;

namespace ShangdingScore.Rules;

/// <summary>
/// A Semantic Versioning 2.0 version of a rule set, for example <c>2019.1.0</c>. Precedence follows
/// SemVer: build metadata is kept but ignored when comparing.
/// </summary>
/// <remarks>Immutable value.</remarks>
public readonly struct RuleSetVersion : IEquatable<RuleSetVersion>, IComparable<RuleSetVersion>
{
    private RuleSetVersion(int major, int minor, int patch, string? prerelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Build = build;
    }

    /// <summary>The major version.</summary>
    public int Major { get; }

    /// <summary>The minor version.</summary>
    public int Minor { get; }

    /// <summary>The patch version.</summary>
    public int Patch { get; }

    /// <summary>The pre-release label after <c>-</c>, or null.</summary>
    public string? Prerelease { get; }

    /// <summary>The build metadata after <c>+</c>, or null.</summary>
    public string? Build { get; }

    /// <summary>Parses a SemVer 2.0 version.</summary>
    /// <exception cref="FormatException">The text is not a SemVer version.</exception>
    public static RuleSetVersion Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a Semantic Versioning 2.0 version such as 2019.1.0.");

    /// <summary>Tries to parse a SemVer 2.0 version.</summary>
    public static bool TryParse(string? text, out RuleSetVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text)) return false;
        string core = text!;
        string? build = null, pre = null;
        int plus = core.IndexOf('+');
        if (plus >= 0)
        {
            build = core.Substring(plus + 1);
            core = core.Substring(0, plus);
            if (!IdentifiersValid(build, numericNoLeadingZero: false)) return false;
        }

        int dash = core.IndexOf('-');
        if (dash >= 0)
        {
            pre = core.Substring(dash + 1);
            core = core.Substring(0, dash);
            if (!IdentifiersValid(pre, numericNoLeadingZero: true)) return false;
        }

        var parts = core.Split('.');
        if (parts.Length != 3) return false;
        var numbers = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!IsNumeric(parts[i]) || (parts[i].Length > 1 && parts[i][0] == '0')) return false;
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return false;
        }

        version = new RuleSetVersion(numbers[0], numbers[1], numbers[2], pre, build);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(RuleSetVersion other)
    {
        int c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (Prerelease is null) return other.Prerelease is null ? 0 : 1;
        if (other.Prerelease is null) return -1;
        var a = Prerelease.Split('.');
        var b = other.Prerelease.Split('.');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            bool an = IsNumeric(a[i]), bn = IsNumeric(b[i]);
            if (an && bn)
            {
                c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
            }
            else if (an != bn)
            {
                c = an ? -1 : 1;
            }
            else
            {
                c = string.CompareOrdinal(a[i], b[i]);
            }

            if (c != 0) return c;
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Equal precedence and equal build metadata.</summary>
    public bool Equals(RuleSetVersion other) => CompareTo(other) == 0 && string.Equals(Build, other.Build, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RuleSetVersion v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, Prerelease, Build);

    /// <summary>The canonical text, for example <c>2019.1.0</c>.</summary>
    public override string ToString()
    {
        var s = string.Concat(Major.ToString(CultureInfo.InvariantCulture), ".", Minor.ToString(CultureInfo.InvariantCulture), ".", Patch.ToString(CultureInfo.InvariantCulture));
        if (Prerelease is not null) s += "-" + Prerelease;
        if (Build is not null) s += "+" + Build;
        return s;
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(RuleSetVersion left, RuleSetVersion right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RuleSetVersion left, RuleSetVersion right) => !left.Equals(right);

    /// <summary>Precedence.</summary>
    public static bool operator <(RuleSetVersion left, RuleSetVersion right) => left.CompareTo(right) < 0;

    /// <summary>Precedence.</summary>
    public static bool operator >(RuleSetVersion left, RuleSetVersion right) => left.CompareTo(right) > 0;

    private static bool IsNumeric(string s)
    {
        if (s.Length == 0) return false;
        foreach (var ch in s)
        {
            if (ch < '0' || ch > '9') return false;
        }

        return true;
    }

    private static bool IdentifiersValid(string s, bool numericNoLeadingZero)
    {
        if (s.Length == 0) return false;
        foreach (var id in s.Split('.'))
        {
            if (id.Length == 0) return false;
            foreach (var ch in id)
            {
                if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-')) return false;
            }

            if (numericNoLeadingZero && IsNumeric(id) && id.Length > 1 && id[0] == '0') return false;
        }

        return true;
    }
}
