using NodaTime;
using ShangdingScore.Authorization;
using static ShangdingScore.Stores.Conformance.QueryLogSamples;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of <see cref="IRevocationCheckingNonceStore"/> as tests, for a store whose nonce store checks the
/// revocations of its own issued grants in the statement that reads or uses a nonce (so a venue decision asks the
/// database once at its check and once at its redemption). A store that implements it derives this class too.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class RevocationCheckingNonceStoreConformanceTests<TStore>
    where TStore : class, ICreditStore, IGrantStateStore, IServiceStateStore
{
    private const string Key = "S-1\u001fn-1\u001fhealthcare";

    /// <summary>Creates a store over a new, empty database (not migrated).</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Opens a second store object on <paramref name="store"/>'s database, with connections of its own; <paramref name="store"/> stays open.</summary>
    protected abstract Task<TStore> OpenSecondAsync(TStore store);

    [StoreFact]
    public async Task NonceStore_ChecksTheRevocationsOfItsOwnIssuedGrantsOnly()
    {
        await using var store = await MigratedAsync();
        await using var second = await OpenSecondAsync(store);
        var checking = Assert.IsAssignableFrom<IRevocationCheckingNonceStore>(store.NonceStore);

        Assert.True(checking.Checks(new IssuedGrantRevocationList(Service(store).IssuedGrants)));
        Assert.False(checking.Checks(new IssuedGrantRevocationList(Service(second).IssuedGrants)));
        Assert.False(checking.Checks(new IssuedGrantRevocationList(new InMemoryServiceState().IssuedGrants)));
    }

    [StoreFact]
    public async Task FindStatusAsync_UnusedThenUsedThenRevoked_RevokedWinsOverUsed()
    {
        await using var store = await MigratedAsync();
        var checking = (IRevocationCheckingNonceStore)store.NonceStore;
        var grant = await IssueAsync(store, "n-1", "S-1");

        Assert.Equal(GrantNonceStatus.Unused, await checking.FindStatusAsync(Key, grant, T, default));
        Assert.True(await store.NonceStore.TryUseAsync(Key, T + Duration.FromHours(1), T, default));
        Assert.Equal(GrantNonceStatus.Used, await checking.FindStatusAsync(Key, grant, T, default));
        Assert.Equal(GrantNonceStatus.Unused, await checking.FindStatusAsync(Key, grant, T + Duration.FromHours(1), default));
        Assert.True(await Service(store).IssuedGrants.RevokeAsync(grant.Subject, "n-1", T));
        Assert.Equal(GrantNonceStatus.Revoked, await checking.FindStatusAsync(Key, grant, T, default));
    }

    [StoreFact]
    public async Task FindStatusAsync_RevokedGrantOfAnotherSubjectOrNeverIssued_NotRevoked()
    {
        await using var store = await MigratedAsync();
        var checking = (IRevocationCheckingNonceStore)store.NonceStore;
        var issued = await IssueAsync(store, "n-1", "S-1");
        Assert.True(await Service(store).IssuedGrants.RevokeAsync(issued.Subject, "n-1", T));

        Assert.Equal(GrantNonceStatus.Unused, await checking.FindStatusAsync(Key, Like(issued, subject: "S-2"), T, default));
        Assert.Equal(GrantNonceStatus.Unused, await checking.FindStatusAsync(Key, Like(issued, nonce: "n-2"), T, default));
        Assert.Equal(GrantNonceStatus.Unused, await checking.FindStatusAsync("n\0", Like(issued, "n\0-1", "S\0"), T, default));
    }

    [StoreFact]
    public async Task TryUseUnlessRevokedAsync_FreshGrant_UsedAndLogged_ThenRefusedAsUsed()
    {
        await using var store = await MigratedAsync();
        var checking = (IRevocationCheckingNonceStore)store.NonceStore;
        var grant = await IssueAsync(store, "n-1", "S-1");
        var answered = Entry("S-1", 1, reason: "granted");

        Assert.Equal(GrantNonceStatus.Unused, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(1), T, answered, default));
        Assert.Equal(GrantNonceStatus.Used, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(1), T, Entry("S-1", 2, reason: "again"), default));
        Assert.Equal(GrantNonceStatus.Unused, await checking.TryUseUnlessRevokedAsync("S-1\u001fn-1\u001fpublic", grant, T + Duration.FromHours(1), T, null, default));

        Assert.Equal(2, await store.NonceStore.CountAsync());
        Assert.Equal(new[] { Describe(answered) }, (await store.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default)).Select(Describe));
    }

    [StoreFact]
    public async Task TryUseUnlessRevokedAsync_RevokedGrant_NothingWrittenWhetherUsedOrNot()
    {
        await using var store = await MigratedAsync();
        var checking = (IRevocationCheckingNonceStore)store.NonceStore;
        var grant = await IssueAsync(store, "n-1", "S-1");
        Assert.True(await store.NonceStore.TryUseAsync(Key, T + Duration.FromHours(1), T, default));
        Assert.True(await Service(store).IssuedGrants.RevokeAsync(grant.Subject, "n-1", T));

        Assert.Equal(GrantNonceStatus.Revoked, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(1), T, Entry("S-1", 1, reason: "granted"), default));
        Assert.Equal(GrantNonceStatus.Revoked, await checking.TryUseUnlessRevokedAsync("S-1\u001fn-1\u001fpublic", grant, T + Duration.FromHours(1), T, null, default));

        Assert.Equal(1, await store.NonceStore.CountAsync());
        Assert.False(await store.NonceStore.IsUsedAsync("S-1\u001fn-1\u001fpublic", T, default));
        Assert.Empty(await store.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default));
    }

    [StoreFact]
    public async Task TryUseUnlessRevokedAsync_PastRememberUntil_UsedAgainUnlessRevoked()
    {
        await using var store = await MigratedAsync();
        var checking = (IRevocationCheckingNonceStore)store.NonceStore;
        var grant = await IssueAsync(store, "n-1", "S-1");
        Assert.Equal(GrantNonceStatus.Unused, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromMinutes(1), T, null, default));

        Assert.Equal(GrantNonceStatus.Unused, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(1), T + Duration.FromMinutes(2), null, default));
        Assert.True(await Service(store).IssuedGrants.RevokeAsync(grant.Subject, "n-1", T + Duration.FromMinutes(3)));
        Assert.Equal(GrantNonceStatus.Revoked, await checking.TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(3), T + Duration.FromHours(2), null, default));
        Assert.False(await store.NonceStore.IsUsedAsync(Key, T + Duration.FromHours(2), default));
    }

    [StoreFact]
    public async Task TryUseUnlessRevokedAsync_ConcurrentlyThroughTwoStoreObjects_ExactlyOneUse_RevocationSeenByTheOther()
    {
        await using var one = await MigratedAsync();
        await using var two = await OpenSecondAsync(one);
        var grant = await IssueAsync(one, "n-1", "S-1");
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await ((IRevocationCheckingNonceStore)(i % 2 == 0 ? one : two).NonceStore).TryUseUnlessRevokedAsync(Key, grant, T + Duration.FromHours(1), T, Entry("S-1", i, reason: "granted"), default))));

        Assert.Single(results, r => r == GrantNonceStatus.Unused);
        Assert.Equal(15, results.Count(r => r == GrantNonceStatus.Used));
        Assert.Single(await one.QueryLog.ReadForSubjectAsync(new SubjectId("S-1"), default));
        Assert.True(await Service(one).IssuedGrants.RevokeAsync(grant.Subject, "n-1", T));
        Assert.Equal(GrantNonceStatus.Revoked, await ((IRevocationCheckingNonceStore)two.NonceStore).FindStatusAsync(Key, grant, T, default));
    }

    private static IServiceStateStore Service(TStore store) => store;

    private async Task<TStore> MigratedAsync()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync();
        return store;
    }

    /// <summary>A grant like <paramref name="grant"/> with another nonce or subject.</summary>
    private static Grant Like(Grant grant, string? nonce = null, string? subject = null) => new()
    {
        Subject = subject is null ? grant.Subject : new SubjectId(subject), Grantee = grant.Grantee, Purpose = grant.Purpose, Scope = grant.Scope,
        IssuedAt = grant.IssuedAt, ExpiresAt = grant.ExpiresAt, Nonce = nonce ?? grant.Nonce,
    };
}
