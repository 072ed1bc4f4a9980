using System.Collections.Immutable;
using System.Text;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

/// <summary>A nonce store that keeps the query log: the nonce and the answer's entry are one write, and only when the grant is redeemed.</summary>
public class RedeemAndLogTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    [Fact]
    public async Task RedeemAndLogAsync_FreshGrant_NonceAndEntryWrittenTogether_ReplayRefusedAndNothingWritten()
    {
        var store = new LoggingNonces();
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), store, new FakeClock(Now));
        var accepted = await verifier.CheckAsync(Check(GrantToken.Create(GrantVerifierTests.NewGrant(), Key)), default);

        Assert.True(verifier.LogsWithNonces(store.Log));
        var first = await verifier.RedeemAndLogAsync(accepted, store.Log, Entry("granted"), default);
        var again = await verifier.RedeemAndLogAsync(accepted, store.Log, Entry("granted-again"), default);

        Assert.True(first.IsAccepted);
        Assert.Equal(GrantRefusalCodes.Replayed, again.ReasonCode);
        Assert.Equal(new[] { "granted" }, store.Log.Entries.Select(e => e.ReasonCode));
        Assert.Equal(1, store.Nonces.Count);
    }

    [Fact]
    public async Task RedeemAndLogAsync_RevokedBetweenCheckAndRedeem_RefusedAndNothingWritten()
    {
        var store = new LoggingNonces();
        var revoked = new HashSet<string>();
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), store, new FakeClock(Now), null, new Revoked(revoked));
        var grant = GrantVerifierTests.NewGrant();
        var accepted = await verifier.CheckAsync(Check(GrantToken.Create(grant, Key)), default);
        revoked.Add(grant.Nonce);

        var redeemed = await verifier.RedeemAndLogAsync(accepted, store.Log, Entry("granted"), default);

        Assert.Equal(GrantRefusalCodes.Revoked, redeemed.ReasonCode);
        Assert.Empty(store.Log.Entries);
        Assert.Equal(0, store.Nonces.Count);
    }

    [Fact]
    public async Task RedeemAndLogAsync_ALogTheNonceStoreDoesNotKeep_Refused()
    {
        var plain = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), new InMemoryNonceStore(), new FakeClock(Now));
        var store = new LoggingNonces();
        var logging = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), store, new FakeClock(Now));
        var other = new InMemoryQueryLog();
        var accepted = await logging.CheckAsync(Check(GrantToken.Create(GrantVerifierTests.NewGrant(), Key)), default);

        Assert.False(plain.LogsWithNonces(store.Log));
        Assert.False(logging.LogsWithNonces(other));
        await Assert.ThrowsAsync<InvalidOperationException>(() => logging.RedeemAndLogAsync(accepted, other, Entry("granted"), default).AsTask());
        Assert.Equal(0, store.Nonces.Count);
    }

    private static GrantCheck Check(string token) => new()
    {
        Token = token,
        Grantee = "venue-a",
        AcceptablePurposes = ImmutableArray.Create("healthcare.priority-referral", "healthcare"),
    };

    private static QueryLogEntry Entry(string reason) => new()
    {
        At = Now,
        Grantee = "venue-a",
        Purpose = "healthcare",
        Disclosed = ImmutableArray<string>.Empty,
        Outcome = QueryOutcome.Answered,
        ReasonCode = reason,
    };

    /// <summary>An in-memory nonce store and log under one lock, as a database keeps both in one transaction.</summary>
    private sealed class LoggingNonces : INonceLoggingStore
    {
        private readonly object _gate = new();

        public InMemoryNonceStore Nonces { get; } = new();

        public InMemoryQueryLog Log { get; } = new();

        public bool Keeps(IQueryLog log) => ReferenceEquals(log, Log);

        public ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken) =>
            Nonces.TryUseAsync(nonce, rememberUntil, now, cancellationToken);

        public ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (!Nonces.TryUseAsync(nonce, rememberUntil, now, cancellationToken).AsTask().GetAwaiter().GetResult()) return new(false);
                Log.AppendAsync(entry, cancellationToken).AsTask().GetAwaiter().GetResult();
                return new(true);
            }
        }
    }

    private sealed class Revoked(HashSet<string> nonces) : IGrantRevocationList
    {
        public ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken) => new(nonces.Contains(grant.Nonce));
    }
}
