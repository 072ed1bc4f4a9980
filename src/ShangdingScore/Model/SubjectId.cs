namespace ShangdingScore;

/// <summary>
/// The opaque identifier of a subject (信息主体), a natural person. The scorer never needs the
/// resident identity number; providers map it to a <see cref="SubjectId"/> at the edge
/// (see <c>ResidentIdNumber</c>).
/// </summary>
/// <remarks>Immutable value; compares ordinally. The default value is invalid and has an empty <see cref="Value"/>.</remarks>
public readonly struct SubjectId : IEquatable<SubjectId>, IComparable<SubjectId>
{
    private readonly string? _value;

    /// <summary>Creates a subject id.</summary>
    /// <param name="value">A non-empty string without leading or trailing white space, at most 128 characters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty, too long or padded.</exception>
    public SubjectId(string value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        if (!IsValid(value))
        {
            throw new ArgumentException("A subject id is 1 to 128 characters with no leading or trailing white space.", nameof(value));
        }

        _value = value;
    }

    /// <summary>The identifier text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether <paramref name="value"/> is acceptable as a subject id.</summary>
    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value!.Length <= 128 && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[value.Length - 1]);

    /// <inheritdoc />
    public bool Equals(SubjectId other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SubjectId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public int CompareTo(SubjectId other) => string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(SubjectId left, SubjectId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SubjectId left, SubjectId right) => !left.Equals(right);
}
