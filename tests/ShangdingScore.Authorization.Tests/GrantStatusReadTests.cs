using NodaTime;
using static ShangdingScore.Authorization.Tests.RevocationCheckingNonceStoreTests;

namespace ShangdingScore.Authorization.Tests;

/// <summary>
/// <see cref="GrantVerifier.CheckAndReadAsync"/>: with a nonce store that reads along (<see cref="IGrantStatusReader{TQuery, TRead}"/>)
/// the status and the read are one call, and a refused grant reads nothing; with any other store it is
/// <see cref="GrantVerifier.CheckAsync"/> and the caller reads.
/// </summary>
public class GrantStatusReadTests
{
    private static readonly object Source = new();

    [Fact]
    public async Task AnAcceptedGrant_TheReadComesWithTheStatus_InOneCall_ForTheAuthenticGrantsSubject()
    {
        var list = new CountingList();
        var store = new ReadingStore(list);
        var verifier = Verifier(store, list);

        var found = await verifier.CheckAndReadAsync<string, string>(Check(GrantVerifierTests.NewGrant()), g => "records of " + g.Subject.Value, default);

        Assert.True(found.Verification.IsAccepted);
        Assert.Equal("records of S-42 (read)", found.Read);
        Assert.Equal((1, 0, 0), (store.ReadCalls, store.Finds, store.PlainCalls));
        Assert.True(verifier.ReadsAlong<string, string>(Source));
    }

    [Fact]
    public async Task ARevokedOrReplayedGrant_IsRefusedAsCheckAsyncRefusesIt_AndNothingIsRead()
    {
        var list = new CountingList();
        var store = new ReadingStore(list);
        var verifier = Verifier(store, list);
        var used = GrantVerifierTests.NewGrant();
        Assert.True((await verifier.VerifyAsync(Check(used), default)).IsAccepted);
        var revoked = GrantVerifierTests.NewGrant(nonce: "BBBBBBBBBBBBBBBBBBBBBA");
        list.Revoked.Add(revoked.Nonce);

        var replayed = await verifier.CheckAndReadAsync<string, string>(Check(used), g => g.Subject.Value, default);
        var refused = await verifier.CheckAndReadAsync<string, string>(Check(revoked), g => g.Subject.Value, default);

        Assert.Equal(GrantRefusalCodes.Replayed, replayed.Verification.ReasonCode);
        Assert.Equal(GrantRefusalCodes.Revoked, refused.Verification.ReasonCode);
        Assert.Null(replayed.Read);
        Assert.Null(refused.Read);
        Assert.Empty(store.ReadFor);
    }

    [Fact]
    public async Task AGrantRefusedBeforeItsStatus_NeitherTheStoreNorTheQueryIsAsked()
    {
        var list = new CountingList();
        var store = new ReadingStore(list);
        bool asked = false;

        var found = await Verifier(store, list).CheckAndReadAsync<string, string>(Check(GrantVerifierTests.NewGrant(), grantee: "venue-b"), g => { asked = true; return g.Subject.Value; }, default);

        Assert.Equal(GrantRefusalCodes.WrongGrantee, found.Verification.ReasonCode);
        Assert.False(asked);
        Assert.Equal(0, store.ReadCalls);
    }

    [Fact]
    public async Task AStoreThatDoesNotReadAlong_TheCheckIsCheckAsyncsAndTheCallerReads()
    {
        var list = new CountingList();
        var store = new CheckingStore(list);
        var verifier = Verifier(store, list);

        var found = await verifier.CheckAndReadAsync<string, string>(Check(GrantVerifierTests.NewGrant()), g => g.Subject.Value, default);

        Assert.True(found.Verification.IsAccepted);
        Assert.Null(found.Read);
        Assert.Equal(1, store.Finds);
        Assert.False(verifier.ReadsAlong<string, string>(Source));
    }

    [Fact]
    public void ReadsAlong_OnlyForTheStoresOwnSource_AndOnlyWhenTheStoreChecksTheVerifiersList()
    {
        var list = new CountingList();
        var store = new ReadingStore(list);

        Assert.False(Verifier(store, list).ReadsAlong<string, string>(new object()));
        Assert.False(Verifier(store, new CountingList()).ReadsAlong<string, string>(Source));
        Assert.False(Verifier(store, list).ReadsAlong<int, string>(Source));
    }

    [Fact]
    public void AStatusRead_CarriesARead_ExactlyWhenTheGrantIsUnused()
    {
        Assert.Equal("x", new GrantStatusRead<string>(GrantNonceStatus.Unused, "x").Read);
        Assert.Null(new GrantStatusRead<string>(GrantNonceStatus.Revoked, null).Read);
        Assert.Throws<ArgumentException>(() => new GrantStatusRead<string>(GrantNonceStatus.Unused, null));
        Assert.Throws<ArgumentException>(() => new GrantStatusRead<string>(GrantNonceStatus.Used, "x"));
    }

    /// <summary>A checking store that reads a string for <see cref="Source"/> along with the status, when the status allows.</summary>
    private sealed class ReadingStore(CountingList list) : CheckingStore(list), IGrantStatusReader<string, string>
    {
        public List<string> ReadFor { get; } = [];

        public int ReadCalls { get; private set; }

        public bool Reads(object source) => ReferenceEquals(source, Source);

        public ValueTask<GrantStatusRead<string>> FindStatusAndReadAsync(string nonce, Grant grant, Instant now, string query, CancellationToken cancellationToken)
        {
            ReadCalls++;
            var status = Status(nonce, grant, now);
            if (status != GrantNonceStatus.Unused) return new(new GrantStatusRead<string>(status, null));
            ReadFor.Add(query);
            return new(new GrantStatusRead<string>(status, query + " (read)"));
        }
    }
}
