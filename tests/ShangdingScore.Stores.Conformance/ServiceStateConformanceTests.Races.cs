using NodaTime;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The service state shared by several service instances: racing writers through two store objects on one
/// database (as two processes would) get exactly one true, and everything is still there after reopening.
/// </summary>
public abstract partial class ServiceStateConformanceTests<TStore>
{
    private const int Rounds = 4;
    private const int Racers = 12;

    [StoreFact]
    public Task RegisterAsync_OneVenueIdRacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        for (int round = 0; round < Rounds; round++)
        {
            var id = $"raced-{round}";
            var results = await RaceAsync(one, two, (store, i) => store.Venues.RegisterAsync(Venue(id, hash: $"hash-{i}")));
            int winner = Winner(results, round);
            Assert.Equal($"hash-{winner}", (await two.Venues.FindAsync(id))!.CredentialHash);
        }

        Assert.Equal(Rounds, (await one.Venues.ListAsync()).Length);
    });

    [StoreFact]
    public Task DisableAsync_RacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        for (int round = 0; round < Rounds; round++)
        {
            var id = $"raced-{round}";
            Assert.True(await one.Venues.RegisterAsync(Venue(id)));
            var results = await RaceAsync(one, two, (store, i) => store.Venues.DisableAsync(id, T + Duration.FromMinutes(i)));
            int winner = Winner(results, round);
            Assert.Equal(T + Duration.FromMinutes(winner), (await two.Venues.FindAsync(id))!.DisabledAt);
        }
    });

    [StoreFact]
    public Task UpdateAsync_FromOneStampRacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        var account = NewAccount("a-1", "alice");
        Assert.True(await one.Accounts.CreateAsync(account));
        var stamp = account.ConcurrencyStamp;
        for (int round = 0; round < Rounds; round++)
        {
            var read = stamp;
            var results = await RaceAsync(one, two, (store, i) => store.Accounts.UpdateAsync(With(account, $"r{round}-{i}", $"ALICE-{round}-{i}"), read));
            int winner = Winner(results, round);
            var stored = (await two.Accounts.FindByIdAsync("a-1"))!;
            Assert.Equal($"r{round}-{winner}", stored.ConcurrencyStamp);
            Assert.Equal($"ALICE-{round}-{winner}", stored.NormalizedUserName);
            stamp = stored.ConcurrencyStamp;
        }
    });

    [StoreFact]
    public Task CreateAsync_OneNormalizedNameRacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        for (int round = 0; round < Rounds; round++)
        {
            var name = $"user-{round}";
            var results = await RaceAsync(one, two, (store, i) => store.Accounts.CreateAsync(NewAccount($"a-{round}-{i}", name)));
            int winner = Winner(results, round);
            Assert.Equal($"a-{round}-{winner}", (await one.Accounts.FindByNormalizedNameAsync(name.ToUpperInvariant()))!.Id);
        }
    });

    [StoreFact]
    public Task RevokeAsync_RacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        var subject = new SubjectId("S-1");
        for (int round = 0; round < Rounds; round++)
        {
            var nonce = $"n-{round}";
            Assert.True(await two.IssuedGrants.AddAsync(Grant(nonce, "S-1", round)));
            var results = await RaceAsync(one, two, (store, i) => store.IssuedGrants.RevokeAsync(subject, nonce, T + Duration.FromHours(1) + Duration.FromMinutes(i)));
            int winner = Winner(results, round);
            Assert.Equal(T + Duration.FromHours(1) + Duration.FromMinutes(winner), (await one.IssuedGrants.FindAsync(nonce))!.RevokedAt);
        }
    });

    [StoreFact]
    public Task KeyRingAddAsync_OneNameRacedThroughTwoStoreObjects_ExactlyOneWins() => WithTwoAsync(async (one, two) =>
    {
        for (int round = 0; round < Rounds; round++)
        {
            var name = $"key-{round}";
            var results = await RaceAsync(one, two, (store, i) => store.KeyRing.AddAsync(Key("data-protection", name, round, material: $"<key racer=\"{i}\"/>")));
            int winner = Winner(results, round);
            var listed = (await two.KeyRing.ListAsync("data-protection")).Where(k => k.Name == name).ToArray();
            Assert.Equal($"<key racer=\"{winner}\"/>", Assert.Single(listed).Material);
        }

        Assert.Equal(Rounds, (await one.KeyRing.ListAsync("data-protection")).Length);
    });

    [StoreFact]
    public async Task EveryPart_AfterReopen_ReadsBackAsWritten()
    {
        var store = await CreateStoreAsync();
        string before;
        try
        {
            await store.Venues.RegisterAsync(Venue("v-1", hash: "h-1"));
            await store.Venues.RegisterAsync(Venue("v-2", kind: "hospital"));
            await store.Venues.ReplaceCredentialAsync("v-1", "h-2", T + Duration.FromDays(1) + Duration.FromNanoseconds(7));
            await store.Venues.DisableAsync("v-2", T + Duration.FromDays(2) + Duration.FromNanoseconds(9));
            await store.IssuedGrants.AddAsync(Grant("n-1", "S-1", 0));
            await store.IssuedGrants.AddAsync(Grant("n-2", "S-1", 1, extraNanos: 3));
            await store.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", T + Duration.FromHours(1) + Duration.FromNanoseconds(11));
            var alice = NewAccount("a-1", "alice");
            await store.Accounts.CreateAsync(alice);
            await store.Accounts.UpdateAsync(With(alice, "c-2", "ALICE.W"), alice.ConcurrencyStamp);
            await store.Accounts.CreateAsync(NewAccount("a-2", "bob"));
            await store.Accounts.CreateAsync(NewAccount("a-3", "carol"));
            await store.Accounts.DeleteAsync("a-3");
            await store.KeyRing.AddAsync(Key("data-protection", "k-1", 0, extraNanos: 13));
            await store.KeyRing.AddAsync(Key("decision-signing", "k-1", 1));
            before = await SnapshotAsync(store);
        }
        catch
        {
            await DisposeStoreAsync(store);
            throw;
        }

        var reopened = await ReopenAsync(store);
        try
        {
            Assert.Equal(before, await SnapshotAsync(reopened));
            Assert.Contains("ALICE.W", before, StringComparison.Ordinal);
            Assert.DoesNotContain("CAROL", before, StringComparison.Ordinal);

            // The conflicts still hold after reopening.
            Assert.False(await reopened.Venues.RegisterAsync(Venue("v-1")));
            Assert.False(await reopened.Venues.DisableAsync("v-2", T));
            Assert.False(await reopened.IssuedGrants.AddAsync(Grant("n-1", "S-9", 0)));
            Assert.False(await reopened.IssuedGrants.RevokeAsync(new SubjectId("S-1"), "n-1", T));
            Assert.False(await reopened.Accounts.UpdateAsync(With(NewAccount("a-1", "alice"), "c-3", "ALICE.X"), "c-a-1"));
            Assert.True(await reopened.Accounts.UpdateAsync(With(NewAccount("a-1", "alice"), "c-3", "ALICE.X"), "c-2"));
            Assert.False(await reopened.KeyRing.AddAsync(Key("data-protection", "k-1", 5)));
        }
        finally
        {
            await DisposeStoreAsync(reopened);
        }
    }

    /// <summary>Everything a store holds that this suite writes, as text.</summary>
    private static async Task<string> SnapshotAsync(TStore store)
    {
        var lines = new List<string>();
        lines.AddRange((await store.Venues.ListAsync()).Select(Describe));
        foreach (var subject in new[] { "S-1", "S-9" }) lines.AddRange((await store.IssuedGrants.ListForSubjectAsync(new SubjectId(subject))).Select(Describe));
        foreach (var id in new[] { "a-1", "a-2", "a-3" }) lines.Add(Describe(await store.Accounts.FindByIdAsync(id)));
        foreach (var purpose in new[] { "data-protection", "decision-signing" }) lines.AddRange((await store.KeyRing.ListAsync(purpose)).Select(Describe));
        return string.Join("\n", lines);
    }

    /// <summary>Starts <see cref="Racers"/> calls at once, alternating between the two store objects, and returns whether each won.</summary>
    private static async Task<bool[]> RaceAsync(TStore one, TStore two, Func<TStore, int, Task<bool>> call)
    {
        using var start = new ManualResetEventSlim(false);
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await call(i % 2 == 0 ? one : two, i);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(racers);
    }

    /// <summary>The one racer that won; fails unless exactly one did.</summary>
    private static int Winner(bool[] results, int round)
    {
        Assert.True(results.Count(r => r) == 1, $"round {round}: {results.Count(r => r)} of {results.Length} racers won");
        return Array.IndexOf(results, true);
    }
}
