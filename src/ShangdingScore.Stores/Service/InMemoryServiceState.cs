using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Stores;

/// <summary>
/// The credit center service's state in process memory: for tests, samples and a single instance. Behaves as
/// the database stores do (the conformance suite runs on it too), but nothing survives the process and a second
/// instance cannot share it.
/// </summary>
/// <remarks>Thread-safe (one lock guards all four parts).</remarks>
public sealed class InMemoryServiceState : IServiceStateStore, IVenueRegistry, IIssuedGrantStore, IAccountStore, IKeyRingStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, RegisteredVenue> _venues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedGrant> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly List<KeyRingEntry> _keys = new();

    /// <inheritdoc />
    public IVenueRegistry Venues => this;

    /// <inheritdoc />
    public IIssuedGrantStore IssuedGrants => this;

    /// <inheritdoc />
    public IAccountStore Accounts => this;

    /// <inheritdoc />
    public IKeyRingStore KeyRing => this;

    /// <inheritdoc />
    public Task<bool> RegisterAsync(RegisteredVenue venue, CancellationToken cancellationToken = default)
    {
        ServiceStateValidation.Venue(venue);
        lock (_gate)
        {
            if (_venues.ContainsKey(venue.VenueId)) return Task.FromResult(false);
            _venues.Add(venue.VenueId, venue);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<RegisteredVenue?> FindAsync(string venueId, CancellationToken cancellationToken = default)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        lock (_gate) return Task.FromResult(_venues.TryGetValue(venueId, out var v) ? v : null);
    }

    /// <inheritdoc />
    public Task<ImmutableArray<RegisteredVenue>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_venues.Values.OrderBy(v => v.VenueId, StringComparer.Ordinal).ToImmutableArray());
    }

    /// <inheritdoc />
    public Task<bool> ReplaceCredentialAsync(string venueId, string credentialHash, Instant at, CancellationToken cancellationToken = default)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        ServiceStateValidation.Text(credentialHash, nameof(credentialHash));
        lock (_gate)
        {
            if (!_venues.TryGetValue(venueId, out var v) || v.DisabledAt is not null) return Task.FromResult(false);
            _venues[venueId] = With(v, credentialHash, at, v.DisabledAt);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> DisableAsync(string venueId, Instant at, CancellationToken cancellationToken = default)
    {
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        lock (_gate)
        {
            if (!_venues.TryGetValue(venueId, out var v) || v.DisabledAt is not null) return Task.FromResult(false);
            _venues[venueId] = With(v, v.CredentialHash, v.CredentialReplacedAt, at);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> AddAsync(IssuedGrant grant, CancellationToken cancellationToken = default)
    {
        ServiceStateValidation.Grant(grant);
        lock (_gate)
        {
            if (_grants.ContainsKey(grant.Nonce)) return Task.FromResult(false);
            _grants.Add(grant.Nonce, grant);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    Task<IssuedGrant?> IIssuedGrantStore.FindAsync(string nonce, CancellationToken cancellationToken)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        lock (_gate) return Task.FromResult(_grants.TryGetValue(nonce, out var g) ? g : null);
    }

    /// <inheritdoc />
    public Task<ImmutableArray<IssuedGrant>> ListForSubjectAsync(SubjectId subject, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_grants.Values.Where(g => g.Subject == subject)
                .OrderByDescending(g => g.IssuedAt).ThenBy(g => g.Nonce, StringComparer.Ordinal).ToImmutableArray());
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(SubjectId subject, string nonce, Instant at, CancellationToken cancellationToken = default)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        lock (_gate)
        {
            if (!_grants.TryGetValue(nonce, out var g) || g.Subject != subject || g.RevokedAt is not null) return Task.FromResult(false);
            _grants[nonce] = new IssuedGrant
            {
                Nonce = g.Nonce, Subject = g.Subject, Grantee = g.Grantee, Purpose = g.Purpose, Scope = g.Scope,
                IssuedAt = g.IssuedAt, ExpiresAt = g.ExpiresAt, RevokedAt = at,
            };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> CreateAsync(Account account, CancellationToken cancellationToken = default)
    {
        ServiceStateValidation.Account(account);
        lock (_gate)
        {
            if (_accounts.ContainsKey(account.Id) || NameTaken(account.NormalizedUserName, null)) return Task.FromResult(false);
            _accounts.Add(account.Id, account);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateAsync(Account account, string expectedConcurrencyStamp, CancellationToken cancellationToken = default)
    {
        ServiceStateValidation.AccountUpdate(account, expectedConcurrencyStamp);
        lock (_gate)
        {
            if (!_accounts.TryGetValue(account.Id, out var current)
                || !string.Equals(current.ConcurrencyStamp, expectedConcurrencyStamp, StringComparison.Ordinal)
                || NameTaken(account.NormalizedUserName, account.Id))
            {
                return Task.FromResult(false);
            }

            _accounts[account.Id] = account;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        lock (_gate) return Task.FromResult(_accounts.Remove(id));
    }

    /// <inheritdoc />
    public Task<Account?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        lock (_gate) return Task.FromResult(_accounts.TryGetValue(id, out var a) ? a : null);
    }

    /// <inheritdoc />
    public Task<Account?> FindByNormalizedNameAsync(string normalizedUserName, CancellationToken cancellationToken = default)
    {
        if (normalizedUserName is null) throw new ArgumentNullException(nameof(normalizedUserName));
        lock (_gate)
        {
            return Task.FromResult<Account?>(_accounts.Values.FirstOrDefault(a => string.Equals(a.NormalizedUserName, normalizedUserName, StringComparison.Ordinal)));
        }
    }

    /// <inheritdoc />
    public Task<bool> AddAsync(KeyRingEntry entry, CancellationToken cancellationToken = default)
    {
        ServiceStateValidation.KeyRingEntry(entry);
        lock (_gate)
        {
            if (_keys.Any(k => string.Equals(k.Purpose, entry.Purpose, StringComparison.Ordinal) && string.Equals(k.Name, entry.Name, StringComparison.Ordinal)))
            {
                return Task.FromResult(false);
            }

            _keys.Add(entry);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    Task<ImmutableArray<KeyRingEntry>> IKeyRingStore.ListAsync(string purpose, CancellationToken cancellationToken)
    {
        if (purpose is null) throw new ArgumentNullException(nameof(purpose));
        lock (_gate)
        {
            return Task.FromResult(_keys.Where(k => string.Equals(k.Purpose, purpose, StringComparison.Ordinal))
                .OrderBy(k => k.CreatedAt).ThenBy(k => k.Name, StringComparer.Ordinal).ToImmutableArray());
        }
    }

    private bool NameTaken(string normalizedName, string? exceptId) =>
        _accounts.Values.Any(a => string.Equals(a.NormalizedUserName, normalizedName, StringComparison.Ordinal) && !string.Equals(a.Id, exceptId, StringComparison.Ordinal));

    private static RegisteredVenue With(RegisteredVenue v, string hash, Instant? replacedAt, Instant? disabledAt) => new()
    {
        VenueId = v.VenueId, Name = v.Name, Kind = v.Kind, CredentialHash = hash, RegisteredAt = v.RegisteredAt,
        CredentialReplacedAt = replacedAt, DisabledAt = disabledAt,
    };
}

/// <summary>The argument checks every <see cref="IServiceStateStore"/> makes alike.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ServiceStateValidation
{
    /// <summary>Checks a venue before it is registered.</summary>
    /// <exception cref="ArgumentNullException">It or a required text is null.</exception>
    /// <exception cref="ArgumentException">Its id is not 1–64 printable ASCII characters, or its kind or credential hash is empty.</exception>
    public static void Venue(RegisteredVenue venue)
    {
        if (venue is null) throw new ArgumentNullException(nameof(venue));
        if (!Authorization.GrantKey.IsValidKeyId(venue.VenueId)) throw new ArgumentException("A venue id is 1–64 printable ASCII characters.", nameof(venue));
        if (venue.Name is null) throw new ArgumentNullException(nameof(venue), "The venue has no name.");
        Text(venue.Kind, "venue.Kind");
        Text(venue.CredentialHash, "venue.CredentialHash");
    }

    /// <summary>Checks a grant before it is remembered.</summary>
    /// <exception cref="ArgumentNullException">It or a text of it is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, its subject is the default (empty) <see cref="SubjectId"/>, or it expires at or before it was issued.</exception>
    public static void Grant(IssuedGrant grant)
    {
        if (grant is null) throw new ArgumentNullException(nameof(grant));
        Text(grant.Nonce, "grant.Nonce");
        if (grant.Subject.Value.Length == 0) throw new ArgumentException("The grant's Subject is the default (empty) subject id.", nameof(grant));
        Text(grant.Grantee, "grant.Grantee");
        Text(grant.Purpose, "grant.Purpose");
        if (grant.ExpiresAt <= grant.IssuedAt) throw new ArgumentException("A grant must expire after it is issued.", nameof(grant));
    }

    /// <summary>Checks an account before it is written.</summary>
    /// <exception cref="ArgumentNullException">It or a required text is null.</exception>
    /// <exception cref="ArgumentException">
    /// A required text is empty, the role is not <c>citizen</c>, <c>venue</c> or <c>center</c>, its subject is the
    /// default (empty) <see cref="SubjectId"/>, or its count of failed sign-ins is negative.
    /// </exception>
    public static void Account(Account account)
    {
        if (account is null) throw new ArgumentNullException(nameof(account));
        Text(account.Id, "account.Id");
        Text(account.UserName, "account.UserName");
        Text(account.NormalizedUserName, "account.NormalizedUserName");
        Text(account.SecurityStamp, "account.SecurityStamp");
        Text(account.ConcurrencyStamp, "account.ConcurrencyStamp");
        if (account.Role is not ("citizen" or "venue" or "center")) throw new ArgumentException($"Unknown role '{account.Role}': citizen, venue or center.", nameof(account));
        if (account.Subject is { } subject && subject.Value.Length == 0) throw new ArgumentException("The account's Subject is the default (empty) subject id; use null for none.", nameof(account));
        if (account.AccessFailedCount < 0) throw new ArgumentException($"The account's AccessFailedCount is {account.AccessFailedCount}; it counts failed sign-ins and cannot be negative.", nameof(account));
    }

    /// <summary>Checks an account and the concurrency stamp it was read with before it replaces the stored one.</summary>
    /// <remarks>
    /// The new <see cref="Stores.Account.ConcurrencyStamp"/> must differ from the expected one: were it the same, a second
    /// update read at the same stamp would also succeed and one of the two would be lost without notice.
    /// </remarks>
    /// <exception cref="ArgumentNullException">It, a required text of it, or <paramref name="expectedConcurrencyStamp"/> is null.</exception>
    /// <exception cref="ArgumentException">As <see cref="Account"/>, or its concurrency stamp is the expected one (not renewed).</exception>
    public static void AccountUpdate(Account account, string expectedConcurrencyStamp)
    {
        Account(account);
        if (expectedConcurrencyStamp is null) throw new ArgumentNullException(nameof(expectedConcurrencyStamp));
        if (string.Equals(account.ConcurrencyStamp, expectedConcurrencyStamp, StringComparison.Ordinal))
        {
            throw new ArgumentException("The account's ConcurrencyStamp is the expected one: an update must renew it (a new GUID, say), or two updates read at one stamp would both succeed.", nameof(account));
        }
    }

    /// <summary>Checks a key-ring entry before it is added.</summary>
    /// <exception cref="ArgumentNullException">It or a text of it is null.</exception>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public static void KeyRingEntry(KeyRingEntry entry)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        Text(entry.Purpose, "entry.Purpose");
        Text(entry.Name, "entry.Name");
        Text(entry.Material, "entry.Material");
    }

    /// <summary>Checks that a required text is present and not blank.</summary>
    /// <exception cref="ArgumentNullException">It is null.</exception>
    /// <exception cref="ArgumentException">It is empty or white space.</exception>
    public static void Text(string? value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (value.Trim().Length == 0) throw new ArgumentException($"{name} is empty.", name);
    }
}
