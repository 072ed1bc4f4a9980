using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

public class RevocationAndDecisionTokenTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    private static GrantCheck Check(string token) => new()
    {
        Token = token,
        Grantee = "venue-a",
        AcceptablePurposes = ImmutableArray.Create("healthcare.priority-referral", "healthcare"),
    };

    [Fact]
    public async Task ARevokedGrant_IsRefusedAsRevoked_BeforeItsNonceIsUsed()
    {
        var nonces = new InMemoryNonceStore();
        var revoked = new Revocations();
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), nonces, new FakeClock(Now), null, revoked);
        var grant = GrantVerifierTests.NewGrant();
        revoked.Nonces.Add(grant.Nonce);

        var v = await verifier.VerifyAsync(Check(GrantToken.Create(grant, Key)), default);

        Assert.Equal(GrantRefusalCodes.Revoked, v.ReasonCode);
        Assert.Equal(grant.Subject, v.AuthenticatedGrant?.Subject);
        Assert.Equal(0, nonces.Count);
    }

    [Fact]
    public async Task AGrantRevokedBetweenCheckAndRedeem_IsRefusedAtRedeem()
    {
        var nonces = new InMemoryNonceStore();
        var revoked = new Revocations();
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), nonces, new FakeClock(Now), null, revoked);
        var grant = GrantVerifierTests.NewGrant();
        var checkedGrant = await verifier.CheckAsync(Check(GrantToken.Create(grant, Key)), default);
        Assert.True(checkedGrant.IsAccepted);
        revoked.Nonces.Add(grant.Nonce);

        var redeemed = await verifier.RedeemAsync(checkedGrant, default);

        Assert.Equal(GrantRefusalCodes.Revoked, redeemed.ReasonCode);
        Assert.Equal(0, nonces.Count);
    }

    [Fact]
    public async Task WithoutARevocationList_AGrantIsNotAskedAbout()
    {
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([Key]), new InMemoryNonceStore(), new FakeClock(Now));

        Assert.True((await verifier.VerifyAsync(Check(GrantToken.Create(GrantVerifierTests.NewGrant(), Key)), default)).IsAccepted);
    }

    [Fact]
    public void ADecisionToken_RoundTrips_AndBindsVenueBenefitAndGrant()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = EcdsaGrantKey.FromParameters("d1", ec.ExportParameters(true));
        var decision = new SignedDecision
        {
            VenueId = "venue-a", BenefitCode = "healthcare.priority-referral", Outcome = QueryOutcome.Answered, IsGranted = true, ReasonCode = "granted",
            GradeCode = "good", Score = 104.5m, DecidedAt = Now, ValidUntil = Now + Duration.FromHours(8), GrantHash = DecisionToken.HashGrant("sdg1.x.y.z"),
        };
        var token = DecisionToken.Create(decision, key);
        var verifier = key.PublicOnly();

        var ok = DecisionToken.Verify(token, verifier, "venue-a", "healthcare.priority-referral", "sdg1.x.y.z");

        Assert.True(ok.IsAccepted);
        Assert.Equal(104.5m, ok.Decision!.Score);
        Assert.Equal(Now + Duration.FromHours(8), ok.Decision.ValidUntil);
        Assert.StartsWith("sdd1.", token, StringComparison.Ordinal);
        Assert.Equal(DecisionRefusalCodes.WrongVenue, DecisionToken.Verify(token, verifier, "venue-b", "healthcare.priority-referral", "sdg1.x.y.z").ReasonCode);
        Assert.Equal(DecisionRefusalCodes.WrongBenefit, DecisionToken.Verify(token, verifier, "venue-a", "healthcare", "sdg1.x.y.z").ReasonCode);
        Assert.Equal(DecisionRefusalCodes.WrongGrant, DecisionToken.Verify(token, verifier, "venue-a", "healthcare.priority-referral", "sdg1.x.y.w").ReasonCode);
        Assert.Equal(DecisionRefusalCodes.UnknownKey, DecisionToken.Verify(token, EcdsaGrantKey.FromPublicCoordinates("d2", key.PublicX, key.PublicY), "venue-a", "healthcare.priority-referral", "sdg1.x.y.z").ReasonCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sdd1.a.b")]
    [InlineData("sdg1.e30.e30.AA")]
    [InlineData("sdd1.e30.e30.AA")]
    public void AMalformedDecisionToken_IsRefusedAsMalformed(string? token)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = EcdsaGrantKey.FromParameters("d1", ec.ExportParameters(false));

        Assert.Equal(DecisionRefusalCodes.Malformed, DecisionToken.Verify(token, key, "v", "b", "g").ReasonCode);
    }

    [Fact]
    public void EveryDecisionRefusalCode_HasTextInBothLanguages()
    {
        var codes = typeof(DecisionRefusalCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(7, codes.Length);
        foreach (var c in codes) Assert.NotEqual(DecisionRefusalCodes.Describe(c).ZhCn, DecisionRefusalCodes.Describe(c).En);
    }

    [Fact]
    public void PublicCoordinates_RoundTripThroughAJsonWebKeysXAndY()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = EcdsaGrantKey.FromParameters("d1", ec.ExportParameters(true));

        var again = EcdsaGrantKey.FromPublicCoordinates("d1", key.PublicX, key.PublicY);

        Assert.Equal(key.PublicX, again.PublicX);
        Assert.Equal(43, key.PublicY.Length);
    }

    private sealed class Revocations : IGrantRevocationList
    {
        public HashSet<string> Nonces { get; } = [];

        public ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken) => new(Nonces.Contains(grant.Nonce));
    }
}
