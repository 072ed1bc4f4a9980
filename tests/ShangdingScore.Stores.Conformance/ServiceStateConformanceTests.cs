using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of <see cref="IServiceStateStore"/> as tests: the credit center service's venues, issued
/// grants, accounts and key ring. A store's test project derives one class, says how to create an empty store
/// (ready to use: migrated), how to open a second store object on the same database (another process would),
/// and how to reopen it, and inherits every test. Accounts and the key ring are in
/// <c>ServiceStateConformanceTests.Accounts.cs</c>, races and reopening in <c>ServiceStateConformanceTests.Races.cs</c>.
/// </summary>
/// <remarks>
/// Instants must come back to the nanosecond (the stores keep 100-ns ticks plus the nanoseconds left, as
/// every other table of the theme database does), so <see cref="T"/> carries nanoseconds.
/// </remarks>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class ServiceStateConformanceTests<TStore> : StoreLifecycleTests<TStore>
    where TStore : class, IServiceStateStore
{
    [StoreFact]
    public Task RegisterAsync_NewVenues_FoundWithEveryFieldExactly() => WithStoreAsync(async store =>
    {
        var bare = Venue("zz-library");
        var full = new RegisteredVenue
        {
            VenueId = "zz-hospital",
            Name = new LocalizedText("郑州市第一人民医院", "Zhengzhou First People's Hospital"),
            Kind = "hospital",
            CredentialHash = "pbkdf2$sha256$100000$c2FsdA==$aGFzaA==",
            RegisteredAt = T + Duration.FromNanoseconds(1),
            CredentialReplacedAt = T + Duration.FromDays(1) + Duration.FromNanoseconds(99),
            DisabledAt = T + Duration.FromDays(2) + Duration.FromNanoseconds(101),
        };

        Assert.True(await store.Venues.RegisterAsync(bare));
        Assert.True(await store.Venues.RegisterAsync(full));

        Assert.Equal(Describe(bare), Describe(await store.Venues.FindAsync("zz-library")));
        Assert.Equal(Describe(full), Describe(await store.Venues.FindAsync("zz-hospital")));
        var read = (await store.Venues.FindAsync("zz-hospital"))!;
        Assert.Equal(T + Duration.FromNanoseconds(1), read.RegisteredAt);
        Assert.Equal(T + Duration.FromDays(2) + Duration.FromNanoseconds(101), read.DisabledAt);
        Assert.Null((await store.Venues.FindAsync("zz-library"))!.CredentialReplacedAt);
        Assert.Null(await store.Venues.FindAsync("zz-nobody"));
        Assert.Null(await store.Venues.FindAsync("ZZ-LIBRARY"));
    });

    [StoreFact]
    public Task RegisterAsync_IdTakenEvenByADisabledVenue_FalseAndTheFirstKept() => WithStoreAsync(async store =>
    {
        Assert.True(await store.Venues.RegisterAsync(Venue("v-1", hash: "first")));
        Assert.False(await store.Venues.RegisterAsync(Venue("v-1", kind: "rental", hash: "second")));
        Assert.True(await store.Venues.DisableAsync("v-1", T + Duration.FromHours(1)));
        Assert.False(await store.Venues.RegisterAsync(Venue("v-1", hash: "third")));

        var kept = (await store.Venues.FindAsync("v-1"))!;
        Assert.Equal("first", kept.CredentialHash);
        Assert.Equal("library", kept.Kind);
        Assert.Single(await store.Venues.ListAsync());
    });

    [StoreFact]
    public Task ListAsync_EveryVenueByIdOrdinal() => WithStoreAsync(async store =>
    {
        Assert.Empty(await store.Venues.ListAsync());
        foreach (var id in new[] { "b", "a-1", "Z", "a", "B", "_", "a~" }) Assert.True(await store.Venues.RegisterAsync(Venue(id)));
        await store.Venues.DisableAsync("B", T);

        var ids = (await store.Venues.ListAsync()).Select(v => v.VenueId).ToArray();
        Assert.Equal(new[] { "B", "Z", "_", "a", "a-1", "a~", "b" }, ids);
        Assert.NotNull((await store.Venues.ListAsync())[0].DisabledAt);
    });

    [StoreFact]
    public Task ReplaceCredentialAsync_ActiveVenue_ReplacesHashAndTimeOnly_UnknownOrDisabledFalse() => WithStoreAsync(async store =>
    {
        var venue = Venue("v-1", hash: "old");
        await store.Venues.RegisterAsync(venue);
        var at = T + Duration.FromHours(3) + Duration.FromNanoseconds(7);
        Assert.True(await store.Venues.ReplaceCredentialAsync("v-1", "new", at));
        var read = (await store.Venues.FindAsync("v-1"))!;
        Assert.Equal("new", read.CredentialHash);
        Assert.Equal(at, read.CredentialReplacedAt);
        Assert.Equal(
            Describe(new RegisteredVenue { VenueId = "v-1", Name = venue.Name, Kind = venue.Kind, CredentialHash = "new", RegisteredAt = venue.RegisteredAt, CredentialReplacedAt = at }),
            Describe(read));

        Assert.True(await store.Venues.ReplaceCredentialAsync("v-1", "newer", at + Duration.FromHours(1)));
        Assert.False(await store.Venues.ReplaceCredentialAsync("v-unknown", "x", at));
        Assert.Null(await store.Venues.FindAsync("v-unknown"));

        Assert.True(await store.Venues.DisableAsync("v-1", at + Duration.FromHours(2)));
        Assert.False(await store.Venues.ReplaceCredentialAsync("v-1", "after-disabling", at + Duration.FromHours(3)));
        read = (await store.Venues.FindAsync("v-1"))!;
        Assert.Equal("newer", read.CredentialHash);
        Assert.Equal(at + Duration.FromHours(1), read.CredentialReplacedAt);
    });

    [StoreFact]
    public Task DisableAsync_OnceOnly_RowKeptForTheAudit() => WithStoreAsync(async store =>
    {
        await store.Venues.RegisterAsync(Venue("v-1", hash: "h"));
        await store.Venues.RegisterAsync(Venue("v-2"));
        var at = T + Duration.FromDays(30) + Duration.FromNanoseconds(1);
        Assert.True(await store.Venues.DisableAsync("v-1", at));
        Assert.False(await store.Venues.DisableAsync("v-1", at + Duration.FromDays(1)));
        Assert.False(await store.Venues.DisableAsync("v-unknown", at));

        var read = (await store.Venues.FindAsync("v-1"))!;
        Assert.Equal(at, read.DisabledAt);
        Assert.Equal("h", read.CredentialHash);
        Assert.Null((await store.Venues.FindAsync("v-2"))!.DisabledAt);
        Assert.Equal(2, (await store.Venues.ListAsync()).Length);
    });

    [StoreFact]
    public Task Venues_BadArguments_ThrowAndStoreNothing() => WithStoreAsync(async store =>
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.RegisterAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue("")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue(new string('v', 65))));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue("图书馆")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue("v 1")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue("v-1", kind: " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.RegisterAsync(Venue("v-1", hash: "")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.RegisterAsync(Venue("v-1", hash: null!)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.RegisterAsync(new RegisteredVenue { VenueId = "v-1", Name = null!, Kind = "library", CredentialHash = "h", RegisteredAt = T }));
        Assert.Empty(await store.Venues.ListAsync());

        await store.Venues.RegisterAsync(Venue("v-1", hash: "h"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.FindAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.ReplaceCredentialAsync(null!, "x", T));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.ReplaceCredentialAsync("v-1", null!, T));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Venues.ReplaceCredentialAsync("v-1", " ", T));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Venues.DisableAsync(null!, T));
        var kept = (await store.Venues.FindAsync("v-1"))!;
        Assert.Equal("h", kept.CredentialHash);
        Assert.Null(kept.DisabledAt);
    });

    [StoreFact]
    public Task AddAsync_Grants_EveryFieldRoundTripsExactly() => WithStoreAsync(async store =>
    {
        var grants = new[]
        {
            Grant("n-1", "S-往返", 0, scope: DisclosureScope.Decision),
            new IssuedGrant
            {
                Nonce = "n-2",
                Subject = new SubjectId("S-往返"),
                Grantee = "zz-hospital",
                Purpose = "healthcare.deposit-free",
                Scope = DisclosureScope.ScoreWithExplanation,
                IssuedAt = T + Duration.FromNanoseconds(1),
                ExpiresAt = T + Duration.FromDays(7) + Duration.FromNanoseconds(99),
                RevokedAt = T + Duration.FromHours(1) + Duration.FromNanoseconds(3),
            },
        };
        foreach (var grant in grants) Assert.True(await store.IssuedGrants.AddAsync(grant));

        foreach (var grant in grants) Assert.Equal(Describe(grant), Describe(await store.IssuedGrants.FindAsync(grant.Nonce)));
        var read = (await store.IssuedGrants.FindAsync("n-2"))!;
        Assert.Equal(DisclosureScope.ScoreWithExplanation, read.Scope);
        Assert.Equal(grants[1].ExpiresAt, read.ExpiresAt);
        Assert.Equal(grants[1].RevokedAt, read.RevokedAt);
        Assert.Null((await store.IssuedGrants.FindAsync("n-1"))!.RevokedAt);
        Assert.Null(await store.IssuedGrants.FindAsync("n-unknown"));
    });

    [StoreFact]
    public Task AddAsync_NonceTakenEvenForAnotherSubject_FalseAndTheFirstKept() => WithStoreAsync(async store =>
    {
        Assert.True(await store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 0)));
        Assert.False(await store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 5, grantee: "other")));
        Assert.False(await store.IssuedGrants.AddAsync(Grant("n-1", "S-2", 0)));

        Assert.Equal(Describe(Grant("n-1", "S-1", 0)), Describe(await store.IssuedGrants.FindAsync("n-1")));
        Assert.Empty(await store.IssuedGrants.ListForSubjectAsync(new SubjectId("S-2")));
    });

    [StoreFact]
    public Task ListForSubjectAsync_OnlyThatSubjects_NewestFirstThenNonceOrdinal() => WithStoreAsync(async store =>
    {
        // "\uFF21" (Ａ) sorts after "\U0001F600" in UTF-16 (ordinal) but before it in UTF-8 bytes: the order is ordinal.
        var added = new[]
        {
            Grant("n-old", "S-1", 0), Grant("n-b", "S-1", 10), Grant("n-a", "S-1", 10), Grant("\uFF21", "S-1", 10), Grant("\U0001F600", "S-1", 10),
            Grant("n-newest", "S-1", 20), Grant("n-other", "S-2", 15), Grant("n-ns", "S-1", 10, extraNanos: 1),
        };
        foreach (var grant in added) Assert.True(await store.IssuedGrants.AddAsync(grant));
        await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-a", T + Duration.FromHours(1));

        var mine = await store.IssuedGrants.ListForSubjectAsync(new SubjectId("S-1"));
        Assert.Equal(new[] { "n-newest", "n-ns", "n-a", "n-b", "\U0001F600", "\uFF21", "n-old" }, mine.Select(g => g.Nonce));
        Assert.NotNull(mine[2].RevokedAt);
        Assert.Equal(new[] { "n-other" }, (await store.IssuedGrants.ListForSubjectAsync(new SubjectId("S-2"))).Select(g => g.Nonce));
        Assert.Empty(await store.IssuedGrants.ListForSubjectAsync(new SubjectId("S-nobody")));
        Assert.Empty(await store.IssuedGrants.ListForSubjectAsync(new SubjectId("s-1")));
    });

    [StoreFact]
    public Task RevokeAsync_OnlyTheSubjectsOwnUnrevokedGrant() => WithStoreAsync(async store =>
    {
        await store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 0));
        await store.IssuedGrants.AddAsync(Grant("n-2", "S-1", 1));
        var at = T + Duration.FromHours(2) + Duration.FromNanoseconds(42);

        Assert.False(await store.IssuedGrants.RevokeAsync(new SubjectId("S-2"), "n-1", at));
        Assert.Null((await store.IssuedGrants.FindAsync("n-1"))!.RevokedAt);
        Assert.False(await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-unknown", at));
        Assert.True(await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", at));
        Assert.False(await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", at + Duration.FromHours(1)));

        var revoked = (await store.IssuedGrants.FindAsync("n-1"))!;
        Assert.Equal(at, revoked.RevokedAt);
        Assert.Equal(Describe(Grant("n-1", "S-1", 0)) + At(at), Describe(revoked));
        Assert.Null((await store.IssuedGrants.FindAsync("n-2"))!.RevokedAt);
    });

    [StoreFact]
    public Task IssuedGrants_BadArguments_ThrowAndStoreNothing() => WithStoreAsync(async store =>
    {
        var g = Grant("n-1", "S-1", 0);
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.IssuedGrants.AddAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(Grant("", "S-1", 0)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 0, grantee: null!)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 0, grantee: " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(new IssuedGrant { Nonce = "n-1", Subject = g.Subject, Grantee = "v", Purpose = "", Scope = g.Scope, IssuedAt = T, ExpiresAt = T + Duration.FromDays(1) }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(new IssuedGrant { Nonce = "n-1", Subject = g.Subject, Grantee = "v", Purpose = "p", Scope = g.Scope, IssuedAt = T, ExpiresAt = T }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.IssuedGrants.AddAsync(new IssuedGrant { Nonce = "n-1", Subject = default, Grantee = "v", Purpose = "p", Scope = g.Scope, IssuedAt = T, ExpiresAt = T + Duration.FromDays(1) }));
        Assert.Null(await store.IssuedGrants.FindAsync("n-1"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.IssuedGrants.FindAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), null!, T));
    });

    /// <summary>A venue registered at <see cref="T"/>.</summary>
    protected static RegisteredVenue Venue(string id, string kind = "library", string hash = "hash-1") => new()
    {
        VenueId = id,
        Name = new LocalizedText("市图书馆", "City Library"),
        Kind = kind,
        CredentialHash = hash,
        RegisteredAt = T,
    };

    /// <summary>A grant issued <paramref name="minute"/> minutes after <see cref="T"/> (plus <paramref name="extraNanos"/>), for a week.</summary>
    protected static IssuedGrant Grant(string nonce, string subject, int minute, DisclosureScope scope = DisclosureScope.Grade, string grantee = "zz-library", int extraNanos = 0) => new()
    {
        Nonce = nonce,
        Subject = new SubjectId(subject),
        Grantee = grantee,
        Purpose = "public.library-card-deposit-free",
        Scope = scope,
        IssuedAt = T + Duration.FromMinutes(minute) + Duration.FromNanoseconds(extraNanos),
        ExpiresAt = T + Duration.FromMinutes(minute) + Duration.FromDays(7),
    };

    /// <summary>An instant to the nanosecond (the default text of an instant stops at the second); empty for null.</summary>
    protected static string At(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : string.Empty;

    /// <summary>Every field of a venue as text, to compare whole venues.</summary>
    protected static string Describe(RegisteredVenue? v) =>
        v is null ? "(none)" : $"{v.VenueId}|{v.Name.ZhCn}|{v.Name.En}|{v.Kind}|{v.CredentialHash}|{At(v.RegisteredAt)}|{At(v.CredentialReplacedAt)}|{At(v.DisabledAt)}";

    /// <summary>Every field of a grant as text.</summary>
    protected static string Describe(IssuedGrant? g) =>
        g is null ? "(none)" : $"{g.Nonce}|{g.Subject}|{g.Grantee}|{g.Purpose}|{g.Scope}|{At(g.IssuedAt)}|{At(g.ExpiresAt)}|{At(g.RevokedAt)}";
}
