using NodaTime;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The service state's accounts and key ring.</summary>
public abstract partial class ServiceStateConformanceTests<TStore>
{
    [StoreFact]
    public Task CreateAsync_Accounts_EveryFieldRoundTripsExactly() => WithStoreAsync(async store =>
    {
        var full = new Account
        {
            Id = "a-1",
            UserName = "Zhang.San",
            NormalizedUserName = "ZHANG.SAN",
            PasswordHash = "AQAAAAIAAYagAAAAE+hash==",
            SecurityStamp = "sec-1",
            ConcurrencyStamp = "c-1",
            Role = "citizen",
            Subject = new SubjectId("S-张三"),
            AccessFailedCount = 3,
            LockoutEnabled = true,
            LockoutEnd = T + Duration.FromMinutes(15) + Duration.FromNanoseconds(1),
            CreatedAt = T,
        };
        var staff = new Account
        {
            Id = "a-2", UserName = "library.desk", NormalizedUserName = "LIBRARY.DESK", SecurityStamp = "sec-a-2", ConcurrencyStamp = "c-a-2",
            Role = "venue", VenueId = "zz-library", CreatedAt = T - Duration.FromDays(400),
        };
        var center = NewAccount("a-3", "operator", role: "center");

        foreach (var account in new[] { full, staff, center }) Assert.True(await store.Accounts.CreateAsync(account));

        Assert.Equal(Describe(full), Describe(await store.Accounts.FindByIdAsync("a-1")));
        Assert.Equal(Describe(full), Describe(await store.Accounts.FindByNormalizedNameAsync("ZHANG.SAN")));
        Assert.Equal(Describe(staff), Describe(await store.Accounts.FindByIdAsync("a-2")));
        Assert.Equal(Describe(center), Describe(await store.Accounts.FindByNormalizedNameAsync("OPERATOR")));
        var read = (await store.Accounts.FindByIdAsync("a-2"))!;
        Assert.Null(read.PasswordHash);
        Assert.Null(read.Subject);
        Assert.Null(read.LockoutEnd);
        Assert.False(read.LockoutEnabled);
        Assert.Equal(full.LockoutEnd, (await store.Accounts.FindByIdAsync("a-1"))!.LockoutEnd);
        Assert.Null(await store.Accounts.FindByIdAsync("a-unknown"));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("zhang.san"));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("Zhang.San"));
    });

    [StoreFact]
    public Task CreateAsync_IdOrNormalizedNameTaken_FalseAndNothingWritten() => WithStoreAsync(async store =>
    {
        var first = NewAccount("a-1", "alice");
        Assert.True(await store.Accounts.CreateAsync(first));
        Assert.False(await store.Accounts.CreateAsync(NewAccount("a-1", "bob")));
        Assert.False(await store.Accounts.CreateAsync(NewAccount("a-2", "alice")));

        Assert.Equal(Describe(first), Describe(await store.Accounts.FindByIdAsync("a-1")));
        Assert.Null(await store.Accounts.FindByIdAsync("a-2"));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("BOB"));
        Assert.True(await store.Accounts.CreateAsync(NewAccount("a-2", "Alice.2")));
    });

    [StoreFact]
    public Task UpdateAsync_AtTheCurrentStamp_ReplacesTheWholeAccount_ElseFalseAndUnchanged() => WithStoreAsync(async store =>
    {
        var alice = NewAccount("a-1", "alice");
        await store.Accounts.CreateAsync(alice);
        await store.Accounts.CreateAsync(NewAccount("a-2", "bob"));

        var renamed = new Account
        {
            Id = "a-1", UserName = "Alice.Wang", NormalizedUserName = "ALICE.WANG", PasswordHash = "new-hash", SecurityStamp = "sec-2", ConcurrencyStamp = "c-2",
            Role = "citizen", Subject = new SubjectId("S-1"), AccessFailedCount = 1, LockoutEnabled = true, LockoutEnd = T + Duration.FromNanoseconds(5), CreatedAt = T + Duration.FromDays(1),
        };
        Assert.True(await store.Accounts.UpdateAsync(renamed, alice.ConcurrencyStamp));
        Assert.Equal(Describe(renamed), Describe(await store.Accounts.FindByIdAsync("a-1")));
        Assert.Equal(Describe(renamed), Describe(await store.Accounts.FindByNormalizedNameAsync("ALICE.WANG")));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("ALICE"));

        // A stale stamp, an unknown id, and a name another account holds: false, nothing changed.
        Assert.False(await store.Accounts.UpdateAsync(With(renamed, "c-3", "ALICE.3"), alice.ConcurrencyStamp));
        Assert.False(await store.Accounts.UpdateAsync(With(NewAccount("a-9", "nine"), "c-9", "NINE"), NewAccount("a-9", "nine").ConcurrencyStamp));
        Assert.False(await store.Accounts.UpdateAsync(With(renamed, "c-3", "BOB"), "c-2"));
        Assert.Equal(Describe(renamed), Describe(await store.Accounts.FindByIdAsync("a-1")));
        Assert.Null(await store.Accounts.FindByIdAsync("a-9"));
        Assert.Equal("a-2", (await store.Accounts.FindByNormalizedNameAsync("BOB"))!.Id);

        // Its own name kept, the stamp renewed: true; the old stamp then no longer works.
        Assert.True(await store.Accounts.UpdateAsync(With(renamed, "c-3", "ALICE.WANG"), "c-2"));
        Assert.False(await store.Accounts.UpdateAsync(With(renamed, "c-4", "ALICE.WANG"), "c-2"));
        Assert.Equal("c-3", (await store.Accounts.FindByIdAsync("a-1"))!.ConcurrencyStamp);
    });

    [StoreFact]
    public Task DeleteAsync_Account_GoneAndItsNameFree_SecondDeleteFalse() => WithStoreAsync(async store =>
    {
        await store.Accounts.CreateAsync(NewAccount("a-1", "alice"));
        await store.Accounts.CreateAsync(NewAccount("a-2", "bob"));
        Assert.True(await store.Accounts.DeleteAsync("a-1"));
        Assert.False(await store.Accounts.DeleteAsync("a-1"));
        Assert.False(await store.Accounts.DeleteAsync("a-unknown"));

        Assert.Null(await store.Accounts.FindByIdAsync("a-1"));
        Assert.Null(await store.Accounts.FindByNormalizedNameAsync("ALICE"));
        Assert.NotNull(await store.Accounts.FindByIdAsync("a-2"));
        Assert.True(await store.Accounts.CreateAsync(NewAccount("a-3", "alice")));
        Assert.True(await store.Accounts.CreateAsync(NewAccount("a-1", "alice.again")));
    });

    [StoreFact]
    public Task Accounts_BadArguments_ThrowAndStoreNothing() => WithStoreAsync(async store =>
    {
        var ok = NewAccount("a-1", "alice");
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.CreateAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(NewAccount("", "alice")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(NewAccount("a-1", "alice", role: "admin")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.CreateAsync(With(ok, null!, "ALICE")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(With(ok, "c", " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(new Account { Id = "a-1", UserName = "u", NormalizedUserName = "U", SecurityStamp = "s", ConcurrencyStamp = "c", Role = "citizen", Subject = default(SubjectId), CreatedAt = T }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.CreateAsync(new Account { Id = "a-1", UserName = "u", NormalizedUserName = "U", SecurityStamp = "s", ConcurrencyStamp = "c", Role = "citizen", AccessFailedCount = -1, CreatedAt = T }));
        Assert.Null(await store.Accounts.FindByIdAsync("a-1"));

        Assert.True(await store.Accounts.CreateAsync(ok));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.UpdateAsync(null!, "c"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.UpdateAsync(With(ok, "c-2", "ALICE"), null!));

        // An update must renew the concurrency stamp: with the same one, a second update read at it would also win.
        await Assert.ThrowsAsync<ArgumentException>(() => store.Accounts.UpdateAsync(With(ok, ok.ConcurrencyStamp, "ALICE.NEW"), ok.ConcurrencyStamp));
        Assert.Equal(Describe(ok), Describe(await store.Accounts.FindByIdAsync("a-1")));

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.DeleteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.FindByIdAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.Accounts.FindByNormalizedNameAsync(null!));
    });

    [StoreFact]
    public Task KeyRing_AddAsync_PurposeAndNameUnique_FirstMaterialKept() => WithStoreAsync(async store =>
    {
        var key = Key("data-protection", "key-1", 0, material: "<key id=\"1\"><secret>原文</secret></key>");
        Assert.True(await store.KeyRing.AddAsync(key));
        Assert.False(await store.KeyRing.AddAsync(Key("data-protection", "key-1", 5, material: "<key id=\"other\"/>")));
        Assert.True(await store.KeyRing.AddAsync(Key("decision-signing", "key-1", 0, material: "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----\n")));

        var read = await store.KeyRing.ListAsync("data-protection");
        Assert.Equal(new[] { Describe(key) }, read.Select(Describe));
        Assert.Equal(T, read[0].CreatedAt);
        Assert.EndsWith("-----END PRIVATE KEY-----\n", Assert.Single(await store.KeyRing.ListAsync("decision-signing")).Material, StringComparison.Ordinal);
    });

    [StoreFact]
    public Task KeyRing_ListAsync_OnlyThatPurpose_OldestFirstThenNameOrdinal() => WithStoreAsync(async store =>
    {
        Assert.Empty(await store.KeyRing.ListAsync("data-protection"));
        foreach (var key in new[]
        {
            Key("data-protection", "newest", 60), Key("data-protection", "b", 10), Key("data-protection", "a", 10), Key("data-protection", "\uFF21", 10),
            Key("data-protection", "\U0001F600", 10), Key("data-protection", "oldest", 0), Key("data-protection", "ns", 10, extraNanos: 1), Key("decision-signing", "s-1", 5),
        })
        {
            Assert.True(await store.KeyRing.AddAsync(key));
        }

        Assert.Equal(new[] { "oldest", "a", "b", "\U0001F600", "\uFF21", "ns", "newest" }, (await store.KeyRing.ListAsync("data-protection")).Select(k => k.Name));
        Assert.Equal(new[] { "s-1" }, (await store.KeyRing.ListAsync("decision-signing")).Select(k => k.Name));
        Assert.Empty(await store.KeyRing.ListAsync("Data-Protection"));
        Assert.Empty(await store.KeyRing.ListAsync("unknown"));
    });

    [StoreFact]
    public Task KeyRing_BadArguments_ThrowAndStoreNothing() => WithStoreAsync(async store =>
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.KeyRing.AddAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => store.KeyRing.AddAsync(Key("", "k", 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.KeyRing.AddAsync(Key("p", " ", 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.KeyRing.AddAsync(Key("p", "k", 0, material: "")));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.KeyRing.AddAsync(Key("p", "k", 0, material: null!)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.KeyRing.ListAsync(null!));
        Assert.Empty(await store.KeyRing.ListAsync("p"));
    });

    /// <summary>A citizen account created at <see cref="T"/>, its normalized name upper case, stamps derived from the id.</summary>
    protected static Account NewAccount(string id, string userName, string role = "citizen") => new()
    {
        Id = id,
        UserName = userName,
        NormalizedUserName = userName.ToUpperInvariant(),
        PasswordHash = "hash-of-" + userName,
        SecurityStamp = "sec-" + id,
        ConcurrencyStamp = "c-" + id,
        Role = role,
        CreatedAt = T,
    };

    /// <summary><paramref name="account"/> with another concurrency stamp and normalized name.</summary>
    protected static Account With(Account account, string concurrencyStamp, string normalizedUserName) => new()
    {
        Id = account.Id,
        UserName = account.UserName,
        NormalizedUserName = normalizedUserName,
        PasswordHash = account.PasswordHash,
        SecurityStamp = account.SecurityStamp,
        ConcurrencyStamp = concurrencyStamp,
        Role = account.Role,
        Subject = account.Subject,
        VenueId = account.VenueId,
        AccessFailedCount = account.AccessFailedCount,
        LockoutEnabled = account.LockoutEnabled,
        LockoutEnd = account.LockoutEnd,
        CreatedAt = account.CreatedAt,
    };

    /// <summary>A key-ring entry added <paramref name="minute"/> minutes after <see cref="T"/> (plus <paramref name="extraNanos"/>).</summary>
    protected static KeyRingEntry Key(string purpose, string name, int minute, string material = "<key/>", int extraNanos = 0) => new()
    {
        Purpose = purpose,
        Name = name,
        Material = material,
        CreatedAt = T + Duration.FromMinutes(minute) + Duration.FromNanoseconds(extraNanos),
    };

    /// <summary>Every field of an account as text.</summary>
    protected static string Describe(Account? a) =>
        a is null ? "(none)" : $"{a.Id}|{a.UserName}|{a.NormalizedUserName}|{a.PasswordHash}|{a.SecurityStamp}|{a.ConcurrencyStamp}|{a.Role}|{a.Subject}|{a.VenueId}|{a.AccessFailedCount}|{a.LockoutEnabled}|{At(a.LockoutEnd)}|{At(a.CreatedAt)}";

    /// <summary>Every field of a key-ring entry as text.</summary>
    protected static string Describe(KeyRingEntry? k) =>
        k is null ? "(none)" : $"{k.Purpose}|{k.Name}|{k.Material}|{At(k.CreatedAt)}";
}
