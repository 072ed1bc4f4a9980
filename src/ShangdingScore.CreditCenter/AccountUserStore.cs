using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>A local account as ASP.NET Core Identity handles it (mutable); kept as an <see cref="Account"/> in <see cref="IAccountStore"/>.</summary>
public sealed class CenterUser
{
    /// <summary>The account's id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The sign-in name.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>The normalized sign-in name.</summary>
    public string NormalizedUserName { get; set; } = string.Empty;

    /// <summary>The password hash.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The security stamp.</summary>
    public string SecurityStamp { get; set; } = string.Empty;

    /// <summary>The concurrency stamp as read (an update must still find it current).</summary>
    public string ConcurrencyStamp { get; set; } = string.Empty;

    /// <summary>The role: <c>citizen</c>, <c>venue</c> or <c>center</c>.</summary>
    public string Role { get; set; } = CreditCenterClaims.CitizenRole;

    /// <summary>For a citizen, the subject id.</summary>
    public string? Subject { get; set; }

    /// <summary>For venue staff, the venue id.</summary>
    public string? VenueId { get; set; }

    /// <summary>Failed sign-ins since the last success.</summary>
    public int AccessFailedCount { get; set; }

    /// <summary>Whether failed sign-ins lock the account.</summary>
    public bool LockoutEnabled { get; set; } = true;

    /// <summary>Until when the account is locked.</summary>
    public DateTimeOffset? LockoutEnd { get; set; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; set; }

    internal static CenterUser From(Account a) => new()
    {
        Id = a.Id, UserName = a.UserName, NormalizedUserName = a.NormalizedUserName, PasswordHash = a.PasswordHash,
        SecurityStamp = a.SecurityStamp, ConcurrencyStamp = a.ConcurrencyStamp, Role = a.Role, Subject = a.Subject?.Value,
        VenueId = a.VenueId, AccessFailedCount = a.AccessFailedCount, LockoutEnabled = a.LockoutEnabled,
        LockoutEnd = a.LockoutEnd?.ToDateTimeOffset(), CreatedAt = a.CreatedAt,
    };

    internal Account ToAccount(string concurrencyStamp) => new()
    {
        Id = Id, UserName = UserName, NormalizedUserName = NormalizedUserName, PasswordHash = PasswordHash,
        SecurityStamp = SecurityStamp.Length == 0 ? Guid.NewGuid().ToString("N") : SecurityStamp, ConcurrencyStamp = concurrencyStamp, Role = Role,
        Subject = Subject is null ? null : new SubjectId(Subject), VenueId = VenueId, AccessFailedCount = AccessFailedCount,
        LockoutEnabled = LockoutEnabled, LockoutEnd = LockoutEnd is { } end ? Instant.FromDateTimeOffset(end) : null, CreatedAt = CreatedAt,
    };
}

/// <summary>ASP.NET Core Identity's user store over <see cref="IAccountStore"/> (no Entity Framework): every instance reads and writes the same accounts.</summary>
internal sealed class AccountUserStore(CreditCenterState state) :
    IUserPasswordStore<CenterUser>, IUserSecurityStampStore<CenterUser>, IUserLockoutStore<CenterUser>
{
    private IAccountStore Accounts => state.ServiceState.Accounts;

    public async Task<IdentityResult> CreateAsync(CenterUser user, CancellationToken cancellationToken)
    {
        if (user.Id.Length == 0) user.Id = Guid.NewGuid().ToString("N");
        if (user.CreatedAt == default) user.CreatedAt = state.Clock.GetCurrentInstant();
        var stamp = Guid.NewGuid().ToString("N");
        var account = user.ToAccount(stamp);
        if (!await Accounts.CreateAsync(account, cancellationToken).ConfigureAwait(false)) return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateUserName(user.UserName));
        user.ConcurrencyStamp = stamp;
        user.SecurityStamp = account.SecurityStamp;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(CenterUser user, CancellationToken cancellationToken)
    {
        var stamp = Guid.NewGuid().ToString("N");
        if (!await Accounts.UpdateAsync(user.ToAccount(stamp), user.ConcurrencyStamp, cancellationToken).ConfigureAwait(false))
        {
            return IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());
        }

        user.ConcurrencyStamp = stamp;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(CenterUser user, CancellationToken cancellationToken) =>
        await Accounts.DeleteAsync(user.Id, cancellationToken).ConfigureAwait(false) ? IdentityResult.Success : IdentityResult.Failed(new IdentityErrorDescriber().DefaultError());

    public async Task<CenterUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        await Accounts.FindByIdAsync(userId, cancellationToken).ConfigureAwait(false) is { } a ? CenterUser.From(a) : null;

    public async Task<CenterUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        await Accounts.FindByNormalizedNameAsync(normalizedUserName, cancellationToken).ConfigureAwait(false) is { } a ? CenterUser.From(a) : null;

    public Task<string> GetUserIdAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(CenterUser user, string? userName, CancellationToken cancellationToken)
    {
        user.UserName = userName ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(CenterUser user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedUserName = normalizedName ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(CenterUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(CenterUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(CenterUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(CenterUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(CenterUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(CenterUser user, bool enabled, CancellationToken cancellationToken)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}

/// <summary>Adds the role and the subject or venue to the signed-in principal.</summary>
internal sealed class CenterClaimsFactory(UserManager<CenterUser> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<CenterUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CenterUser user)
    {
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        if (user.Subject is { } s) identity.AddClaim(new Claim(CreditCenterClaims.Subject, s));
        if (user.VenueId is { } v) identity.AddClaim(new Claim(CreditCenterClaims.Venue, v));
        return identity;
    }
}
