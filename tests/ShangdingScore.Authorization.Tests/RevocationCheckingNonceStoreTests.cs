using System.Collections.Immutable;
using System.Text;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

/// <summary>
/// A nonce store that checks the verifier's revocation list itself (<see cref="IRevocationCheckingNonceStore"/>) is asked
/// once at the check and once at the redemption, and the revocation list is then never asked on its own.
/// </summary>
public class RevocationCheckingNonceStoreTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    internal static GrantCheck Check(Grant grant, string grantee = "venue-a") => new()
    {
        Token = GrantToken.Create(grant, Key),
        Grantee = grantee,
        AcceptablePurposes = ImmutableArray.Create("healthcare"),
    };

    internal static GrantVerifier Verifier(INonceStore store, IGrantRevocationList list) =>
        new(new InMemoryGrantKeyProvider([Key]), store, new FakeClock(Now), null, list);

    [Fact]
    public async Task CheckThenRedeem_StoreChecksTheList_OneCallEach_ListNeverAskedOnItsOwn()
    {
        var list = new CountingList();
        var store = new CheckingStore(list);
        var verifier = Verifier(store, list);

        var accepted = await verifier.CheckAsync(Check(GrantVerifierTests.NewGrant()), default);
        var redeemed = await verifier.RedeemAsync(accepted, default);
        var again = await verifier.VerifyAsync(Check(GrantVerifierTests.NewGrant()), default);

        Assert.True(redeemed.IsAccepted);
        Assert.Equal(GrantRefusalCodes.Replayed, again.ReasonCode);
        Assert.Equal((2, 1, 0), (store.Finds, store.Uses, store.PlainCalls));
        Assert.Equal(0, list.Asked);
    }

    [Fact]
    public async Task ARevokedGrant_RefusedAsRevoked_AtTheCheck_AndAtTheRedemptionWhenRevokedBetween()
    {
        var list = new CountingList();
        var store = new CheckingStore(list);
        var verifier = Verifier(store, list);
        var grant = GrantVerifierTests.NewGrant();
        var accepted = await verifier.CheckAsync(Check(grant), default);
        list.Revoked.Add(grant.Nonce);

        var redeemed = await verifier.RedeemAsync(accepted, default);
        var checkedAgain = await verifier.CheckAsync(Check(grant), default);

        Assert.Equal(GrantRefusalCodes.Revoked, redeemed.ReasonCode);
        Assert.Equal(GrantRefusalCodes.Revoked, checkedAgain.ReasonCode);
        Assert.Equal(grant.Subject, checkedAgain.AuthenticatedGrant?.Subject);
        Assert.Empty(store.Used);
    }

    [Fact]
    public async Task RedeemAndLog_StoreChecksTheList_EntryWrittenInTheSameCall()
    {
        var list = new CountingList();
        var store = new CheckingStore(list);
        var verifier = Verifier(store, list);
        var entry = new QueryLogEntry { At = Now, Grantee = "venue-a", Subject = new SubjectId("S-42"), Purpose = "healthcare", Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Answered, ReasonCode = "granted" };

        var accepted = await verifier.CheckAsync(Check(GrantVerifierTests.NewGrant()), default);
        var redeemed = await verifier.RedeemAndLogAsync(accepted, store.Log, entry, default);

        Assert.True(redeemed.IsAccepted);
        Assert.Same(entry, Assert.Single(store.Logged));
    }

    [Fact]
    public async Task AStoreNotCheckingThisList_TheListIsAskedAsBefore()
    {
        var list = new CountingList();
        var store = new CheckingStore(new CountingList());
        var verifier = Verifier(store, list);

        var v = await verifier.VerifyAsync(Check(GrantVerifierTests.NewGrant()), default);

        Assert.True(v.IsAccepted);
        Assert.Equal(2, list.Asked);
        Assert.Equal((0, 0, 2), (store.Finds, store.Uses, store.PlainCalls));
    }

    internal sealed class CountingList : IGrantRevocationList
    {
        public HashSet<string> Revoked { get; } = [];

        public int Asked { get; private set; }

        public ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken)
        {
            Asked++;
            return new(Revoked.Contains(grant.Nonce));
        }
    }

    /// <summary>Checks <paramref name="list"/>'s revocations by reading its set directly, as a database would in its statement.</summary>
    internal class CheckingStore(CountingList list) : IRevocationCheckingNonceStore
    {
        public Dictionary<string, Instant> Used { get; } = new(StringComparer.Ordinal);

        public List<QueryLogEntry> Logged { get; } = [];

        public IQueryLog Log { get; } = new InMemoryQueryLog();

        public int Finds { get; private set; }

        public int Uses { get; private set; }

        public bool Checks(IGrantRevocationList revocations) => ReferenceEquals(revocations, list);

        public bool Keeps(IQueryLog log) => ReferenceEquals(log, Log);

        public ValueTask<GrantNonceStatus> FindStatusAsync(string nonce, Grant grant, Instant now, CancellationToken cancellationToken)
        {
            Finds++;
            return new(Status(nonce, grant, now));
        }

        public ValueTask<GrantNonceStatus> TryUseUnlessRevokedAsync(string nonce, Grant grant, Instant rememberUntil, Instant now, QueryLogEntry? entry, CancellationToken cancellationToken)
        {
            Uses++;
            var status = Status(nonce, grant, now);
            if (status != GrantNonceStatus.Unused) return new(status);
            Used[nonce] = rememberUntil;
            if (entry is not null) Logged.Add(entry);
            return new(status);
        }

        /// <summary>Calls of the plain nonce store's methods (the verifier's way when the store does not check its list).</summary>
        public int PlainCalls { get; private set; }

        public ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken)
        {
            PlainCalls++;
            return new(Used.TryAdd(nonce, rememberUntil));
        }

        public ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken)
        {
            PlainCalls++;
            if (!Used.TryAdd(nonce, rememberUntil)) return new(false);
            Logged.Add(entry);
            return new(true);
        }

        public ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken)
        {
            PlainCalls++;
            return new(Used.TryGetValue(nonce, out var until) && until > now);
        }

        protected GrantNonceStatus Status(string nonce, Grant grant, Instant now) =>
            list.Revoked.Contains(grant.Nonce) ? GrantNonceStatus.Revoked
            : Used.TryGetValue(nonce, out var until) && until > now ? GrantNonceStatus.Used
            : GrantNonceStatus.Unused;
    }
}
