using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores;

/// <summary>
/// A theme database that also keeps the credit center service's own state, so that any number of service
/// instances on one database share it and none keeps anything in process memory that another needs: the
/// venues the center registered (credentials hashed), the grants citizens issued (and revoked), local
/// sign-in accounts, and the key ring (cookie and anti-forgery keys, the center's signing keys).
/// </summary>
/// <remarks>
/// Like <see cref="IGrantStateStore"/>: the calls need the store migrated (else <see cref="InvalidOperationException"/>)
/// and not disposed (else <see cref="ObjectDisposedException"/>); database failures surface as the driver's exceptions.
/// Every write is one transaction; every "false" answer is a conflict that changed nothing.
/// </remarks>
public interface IServiceStateStore
{
    /// <summary>The venues registered by the center.</summary>
    IVenueRegistry Venues { get; }

    /// <summary>The grants citizens issued through the center, with their revocations.</summary>
    IIssuedGrantStore IssuedGrants { get; }

    /// <summary>Local sign-in accounts (citizens, venue staff, center staff).</summary>
    IAccountStore Accounts { get; }

    /// <summary>Named key material shared by every instance.</summary>
    IKeyRingStore KeyRing { get; }
}

/// <summary>A venue the credit center registered: who it is, its kind, and the hash of its credential.</summary>
/// <remarks>Immutable. The credential itself is never stored: only <see cref="CredentialHash"/>, whose format the service chooses.</remarks>
public sealed class RegisteredVenue
{
    /// <summary>The venue's id (the grantee its grants name), 1–64 printable ASCII characters.</summary>
    public required string VenueId { get; init; }

    /// <summary>The venue's name in zh-CN and English.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The venue's kind, for example <c>hospital</c>, <c>library</c>, <c>rental</c>, <c>service-hall</c>, <c>sports</c>, <c>elderly-care</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The hash of the venue's current credential (never the credential).</summary>
    public required string CredentialHash { get; init; }

    /// <summary>When it was registered.</summary>
    public required Instant RegisteredAt { get; init; }

    /// <summary>When the credential was last replaced; null if never.</summary>
    public Instant? CredentialReplacedAt { get; init; }

    /// <summary>When it was disabled; null while it may query.</summary>
    public Instant? DisabledAt { get; init; }
}

/// <summary>The venues registered by the credit center.</summary>
/// <remarks>Thread-safe; shared by every store object and process on the database.</remarks>
public interface IVenueRegistry
{
    /// <summary>Registers a venue.</summary>
    /// <returns>False (nothing changed) when a venue with that id exists, disabled or not.</returns>
    Task<bool> RegisterAsync(RegisteredVenue venue, CancellationToken cancellationToken = default);

    /// <summary>The venue with that id, or null.</summary>
    Task<RegisteredVenue?> FindAsync(string venueId, CancellationToken cancellationToken = default);

    /// <summary>Every registered venue, by id (ordinal).</summary>
    Task<ImmutableArray<RegisteredVenue>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a venue's credential hash (rotation); the old credential stops working at once.</summary>
    /// <returns>False when no such venue exists or it is disabled.</returns>
    Task<bool> ReplaceCredentialAsync(string venueId, string credentialHash, Instant at, CancellationToken cancellationToken = default);

    /// <summary>Disables a venue: its credential stops working; the row stays for the audit.</summary>
    /// <returns>False when no such venue exists or it is already disabled.</returns>
    Task<bool> DisableAsync(string venueId, Instant at, CancellationToken cancellationToken = default);
}

/// <summary>A grant a citizen issued through the center, as the center remembers it (the token itself is not kept).</summary>
/// <remarks>Immutable.</remarks>
public sealed class IssuedGrant
{
    /// <summary>The grant's nonce: its identity, unique across the database.</summary>
    public required string Nonce { get; init; }

    /// <summary>The citizen who issued it.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The venue it is for.</summary>
    public required string Grantee { get; init; }

    /// <summary>The benefit or family code it is for.</summary>
    public required string Purpose { get; init; }

    /// <summary>How much it discloses.</summary>
    public required DisclosureScope Scope { get; init; }

    /// <summary>When it was issued.</summary>
    public required Instant IssuedAt { get; init; }

    /// <summary>When it stops holding.</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary>When the citizen revoked it; null if not revoked.</summary>
    public Instant? RevokedAt { get; init; }
}

/// <summary>The grants citizens issued through the center, and their revocations.</summary>
/// <remarks>Thread-safe; shared by every store object and process on the database.</remarks>
public interface IIssuedGrantStore
{
    /// <summary>Remembers an issued grant.</summary>
    /// <returns>False (nothing changed) when a grant with that nonce is already remembered.</returns>
    Task<bool> AddAsync(IssuedGrant grant, CancellationToken cancellationToken = default);

    /// <summary>The grant with that nonce, or null.</summary>
    Task<IssuedGrant?> FindAsync(string nonce, CancellationToken cancellationToken = default);

    /// <summary>A citizen's grants, newest first (by <see cref="IssuedGrant.IssuedAt"/>, then nonce, ordinal).</summary>
    Task<ImmutableArray<IssuedGrant>> ListForSubjectAsync(SubjectId subject, CancellationToken cancellationToken = default);

    /// <summary>Revokes a grant of <paramref name="subject"/>'s.</summary>
    /// <returns>False when there is no such grant, it is another subject's, or it is already revoked.</returns>
    Task<bool> RevokeAsync(SubjectId subject, string nonce, Instant at, CancellationToken cancellationToken = default);
}

/// <summary>
/// The revocations of the grants citizens issued through the center, for a <see cref="GrantVerifier"/>: a grant is
/// revoked when an issued grant with its nonce, of its subject, was revoked. A theme database's nonce store checks the
/// list over its own <see cref="IIssuedGrantStore"/> in the statement that reads or uses the nonce
/// (<see cref="IRevocationCheckingNonceStore"/>).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class IssuedGrantRevocationList : IGrantRevocationList
{
    /// <summary>Creates the list over <paramref name="grants"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grants"/> is null.</exception>
    public IssuedGrantRevocationList(IIssuedGrantStore grants) => Grants = grants ?? throw new ArgumentNullException(nameof(grants));

    /// <summary>The issued grants the revocations are read from.</summary>
    public IIssuedGrantStore Grants { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="grant"/> is null.</exception>
    public async ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken)
    {
        if (grant is null) throw new ArgumentNullException(nameof(grant));
        var issued = await Grants.FindAsync(grant.Nonce, cancellationToken).ConfigureAwait(false);
        return issued is { RevokedAt: not null } && issued.Subject == grant.Subject;
    }
}

/// <summary>A local sign-in account, in the shape ASP.NET Core Identity's user stores need.</summary>
/// <remarks>Immutable; an update replaces the whole account and is refused unless the stamp it read is still current.</remarks>
public sealed class Account
{
    /// <summary>The account's id (opaque, unique).</summary>
    public required string Id { get; init; }

    /// <summary>The sign-in name as typed when registered.</summary>
    public required string UserName { get; init; }

    /// <summary>The sign-in name normalized for look-up (unique).</summary>
    public required string NormalizedUserName { get; init; }

    /// <summary>The password hash (the hasher's format); null for an account without a password.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Changes whenever credentials change (sign-outs elsewhere follow from it).</summary>
    public required string SecurityStamp { get; init; }

    /// <summary>Changes on every update: an update is refused unless it read the current stamp.</summary>
    public required string ConcurrencyStamp { get; init; }

    /// <summary>The role: <c>citizen</c>, <c>venue</c> or <c>center</c>.</summary>
    public required string Role { get; init; }

    /// <summary>For a citizen, the subject they are; else null.</summary>
    public SubjectId? Subject { get; init; }

    /// <summary>For venue staff, the venue; else null.</summary>
    public string? VenueId { get; init; }

    /// <summary>Failed sign-ins since the last success.</summary>
    public int AccessFailedCount { get; init; }

    /// <summary>Whether failed sign-ins lock the account.</summary>
    public bool LockoutEnabled { get; init; }

    /// <summary>Until when the account is locked; null when not locked.</summary>
    public Instant? LockoutEnd { get; init; }

    /// <summary>When it was created.</summary>
    public required Instant CreatedAt { get; init; }
}

/// <summary>Local sign-in accounts.</summary>
/// <remarks>Thread-safe; shared by every store object and process on the database.</remarks>
public interface IAccountStore
{
    /// <summary>Creates an account.</summary>
    /// <returns>False (nothing changed) when the id or the normalized name is taken.</returns>
    Task<bool> CreateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>Replaces an account if its concurrency stamp is still <paramref name="expectedConcurrencyStamp"/>.</summary>
    /// <returns>False (nothing changed) when no such account exists, the stamp moved on, or the new normalized name is another's.</returns>
    /// <exception cref="ArgumentException">
    /// The account is not valid (<see cref="ServiceStateValidation.AccountUpdate"/>), or its new <see cref="Account.ConcurrencyStamp"/> is
    /// <paramref name="expectedConcurrencyStamp"/>: every update must renew the stamp, or two updates read at one stamp would both succeed.
    /// </exception>
    Task<bool> UpdateAsync(Account account, string expectedConcurrencyStamp, CancellationToken cancellationToken = default);

    /// <summary>Deletes an account.</summary>
    /// <returns>False when no such account exists.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The account with that id, or null.</summary>
    Task<Account?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The account with that normalized name, or null.</summary>
    Task<Account?> FindByNormalizedNameAsync(string normalizedUserName, CancellationToken cancellationToken = default);
}

/// <summary>An entry of the key ring: a named piece of key material (ASP.NET Core Data Protection keys are XML elements).</summary>
/// <remarks>Immutable. Entries are only ever added, never changed or removed (a key is retired by adding its successor).</remarks>
public sealed class KeyRingEntry
{
    /// <summary>What the key is for, for example <c>data-protection</c> or <c>decision-signing</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>The key's name, unique within its purpose.</summary>
    public required string Name { get; init; }

    /// <summary>The key material as text (XML, PEM or JSON, as its purpose needs; protect private keys before storing them).</summary>
    public required string Material { get; init; }

    /// <summary>When it was added.</summary>
    public required Instant CreatedAt { get; init; }
}

/// <summary>The key ring shared by every service instance on the database.</summary>
/// <remarks>Thread-safe.</remarks>
public interface IKeyRingStore
{
    /// <summary>Adds an entry.</summary>
    /// <returns>False (nothing changed) when an entry with that purpose and name exists.</returns>
    Task<bool> AddAsync(KeyRingEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Every entry of a purpose, oldest first (by <see cref="KeyRingEntry.CreatedAt"/>, then name, ordinal).</summary>
    Task<ImmutableArray<KeyRingEntry>> ListAsync(string purpose, CancellationToken cancellationToken = default);
}
