using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Authorization.Tests;

public class NonceStoreAndQueryLogTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 0, 0);

    [Fact]
    public async Task TryUse_SameNonceTwice_SecondIsRefused()
    {
        var store = new InMemoryNonceStore();
        Assert.True(await store.TryUseAsync("n", T + Duration.FromHours(1), T, default));
        Assert.False(await store.TryUseAsync("n", T + Duration.FromHours(1), T + Duration.FromMinutes(5), default));
    }

    [Fact]
    public async Task TryUse_AfterExpiry_EntryIsPurged()
    {
        var store = new InMemoryNonceStore();
        await store.TryUseAsync("a", T + Duration.FromMinutes(1), T, default);
        await store.TryUseAsync("b", T + Duration.FromHours(1), T, default);
        Assert.Equal(2, store.Count);
        await store.TryUseAsync("c", T + Duration.FromHours(1), T + Duration.FromMinutes(2), default);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public async Task TryUse_ConcurrentSameNonce_ExactlyOneWins()
    {
        var store = new InMemoryNonceStore();
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryUseAsync("n", T + Duration.FromHours(1), T, default))));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ReadForSubject_ReturnsOnlyThatSubjectsEntriesInOrder()
    {
        var log = new InMemoryQueryLog();
        QueryLogEntry Entry(string? subject, int minute) => new()
        {
            At = T + Duration.FromMinutes(minute),
            Grantee = "v",
            Subject = subject is null ? null : new SubjectId(subject),
            Purpose = "p",
            Disclosed = ImmutableArray<string>.Empty,
            Outcome = QueryOutcome.Refused,
            ReasonCode = GrantRefusalCodes.Expired,
        };
        await log.AppendAsync(Entry("a", 1), default);
        await log.AppendAsync(Entry("b", 2), default);
        await log.AppendAsync(Entry(null, 3), default);
        await log.AppendAsync(Entry("a", 4), default);
        var mine = await log.ReadForSubjectAsync(new SubjectId("a"), default);
        Assert.Equal(new[] { 1, 4 }, mine.Select(e => (int)(e.At - T).TotalMinutes));
        Assert.Equal(4, log.Entries.Length);
    }
}
