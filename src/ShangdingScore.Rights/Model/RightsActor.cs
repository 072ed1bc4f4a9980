namespace ShangdingScore.Rights;

/// <summary>Who takes a step, and in what role (<see cref="RightsActorRoles"/>): kept in every journal entry.</summary>
/// <remarks>Immutable; value equality.</remarks>
public sealed class RightsActor : IEquatable<RightsActor>
{
    private RightsActor(string id, string role)
    {
        Id = id;
        Role = role;
    }

    /// <summary>The SDK itself, for deadline scans.</summary>
    public static RightsActor System { get; } = new("system", RightsActorRoles.System);

    /// <summary>The actor's id: a subject id, a provider's code, a clerk's staff id.</summary>
    public string Id { get; }

    /// <summary>The role, one of <see cref="RightsActorRoles"/>.</summary>
    public string Role { get; }

    /// <summary>The citizen acting for themself.</summary>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is the default value.</exception>
    public static RightsActor Citizen(SubjectId subject) =>
        subject.Value.Length == 0 ? throw new ArgumentException("The subject id is missing.", nameof(subject)) : new(subject.Value, RightsActorRoles.Citizen);

    /// <summary>A data provider, by the code its records carry (<see cref="CreditRecord.Provider"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="providerCode"/> is null or empty.</exception>
    public static RightsActor Provider(string providerCode) => new(Require(providerCode, nameof(providerCode)), RightsActorRoles.Provider);

    /// <summary>A member of the credit center's staff (also at the counter, acting for a citizen).</summary>
    /// <exception cref="ArgumentException"><paramref name="staffId"/> is null or empty.</exception>
    public static RightsActor CreditCenter(string staffId) => new(Require(staffId, nameof(staffId)), RightsActorRoles.CreditCenter);

    /// <summary>An actor as an entry keeps it.</summary>
    internal static RightsActor FromStored(string id, string role) => new(id, role);

    /// <summary>Whether this actor may act for <paramref name="subject"/>: the citizen themself, or the credit center.</summary>
    public bool MayActFor(SubjectId subject) =>
        Role == RightsActorRoles.CreditCenter || (Role == RightsActorRoles.Citizen && string.Equals(Id, subject.Value, StringComparison.Ordinal));

    /// <inheritdoc />
    public bool Equals(RightsActor? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Role, other.Role, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RightsActor);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Id), StringComparer.Ordinal.GetHashCode(Role));

    /// <inheritdoc />
    public override string ToString() => $"{Role}:{Id}";

    private static string Require(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"The {name} must not be empty.", name) : value;
}
