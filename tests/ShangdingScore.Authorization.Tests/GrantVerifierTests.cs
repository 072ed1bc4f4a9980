using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

public class GrantVerifierTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));
    private static readonly HmacGrantKey OtherKey = new("k1", Encoding.ASCII.GetBytes("ffffffffffffffffffffffffffffffff"));

    private readonly FakeClock _clock = new(Now);
    private readonly InMemoryNonceStore _nonces = new();

    private GrantVerifier Verifier(params GrantKey[] keys) =>
        new(new InMemoryGrantKeyProvider(keys.Length == 0 ? new GrantKey[] { Key } : keys), _nonces, _clock);

    internal static Grant NewGrant(Instant? issuedAt = null, Instant? expiresAt = null, DisclosureScope scope = DisclosureScope.Grade, string nonce = "AAAAAAAAAAAAAAAAAAAAAA") => new()
    {
        Subject = new SubjectId("S-42"),
        Grantee = "venue-a",
        Purpose = "healthcare",
        Scope = scope,
        IssuedAt = issuedAt ?? Now - Duration.FromMinutes(1),
        ExpiresAt = expiresAt ?? Now + Duration.FromMinutes(30),
        Nonce = nonce,
    };

    private static GrantCheck Check(string token, string grantee = "venue-a", DisclosureScope? scope = null, params string[] purposes) => new()
    {
        Token = token,
        Grantee = grantee,
        AcceptablePurposes = purposes.Length == 0 ? ImmutableArray.Create("healthcare.priority-referral", "healthcare") : purposes.ToImmutableArray(),
        RequestedScope = scope,
    };

    [Fact]
    public async Task Verify_ValidHmacGrant_AcceptsAndReturnsTheGrant()
    {
        var v = await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(), Key)), default);
        Assert.True(v.IsAccepted);
        Assert.Null(v.ReasonCode);
        Assert.Equal("S-42", v.Grant!.Subject.Value);
        Assert.Equal(DisclosureScope.Grade, v.Grant.Scope);
        Assert.Equal("k1", v.KeyId);
    }

    [Fact]
    public async Task Verify_ValidEcdsaGrant_AcceptsWithThePublicKeyOnly()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuer = EcdsaGrantKey.FromParameters("es", ecdsa.ExportParameters(true));
        var venueKey = issuer.PublicOnly();
        Assert.False(venueKey.CanSign);
        var v = await Verifier(venueKey).VerifyAsync(Check(GrantToken.Create(NewGrant(), issuer)), default);
        Assert.True(v.IsAccepted);
    }

    [Fact]
    public async Task Verify_EcdsaTokenWithAnotherKeysSignature_IsSignatureInvalid()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = GrantToken.Create(NewGrant(), EcdsaGrantKey.FromParameters("es", a.ExportParameters(true)));
        var v = await Verifier(EcdsaGrantKey.FromParameters("es", b.ExportParameters(false))).VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.SignatureInvalid, v.ReasonCode);
    }

    [Fact]
    public async Task Verify_HmacTokenPresentedToAnEcdsaKeyWithTheSameId_IsSignatureInvalid()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var v = await Verifier(EcdsaGrantKey.FromParameters("k1", ecdsa.ExportParameters(false))).VerifyAsync(Check(GrantToken.Create(NewGrant(), Key)), default);
        Assert.Equal(GrantRefusalCodes.SignatureInvalid, v.ReasonCode);
    }

    [Fact]
    public async Task Verify_ForgedSignature_IsSignatureInvalidAndUnauthenticated()
    {
        var v = await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(), OtherKey)), default);
        Assert.Equal(GrantRefusalCodes.SignatureInvalid, v.ReasonCode);
        Assert.Null(v.Grant);
        Assert.Null(v.AuthenticatedGrant);
    }

    [Fact]
    public async Task Verify_TamperedPayload_IsSignatureInvalid()
    {
        var token = GrantToken.Create(NewGrant(scope: DisclosureScope.Decision), Key);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[2]))).Replace("\"scp\":\"decision\"", "\"scp\":\"score-with-explanation\"");
        var tampered = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[3]}";
        var v = await Verifier().VerifyAsync(Check(tampered), default);
        Assert.Equal(GrantRefusalCodes.SignatureInvalid, v.ReasonCode);
        Assert.Null(v.AuthenticatedGrant);
    }

    [Fact]
    public async Task Verify_UnknownKeyId_IsUnknownKey()
    {
        var token = GrantToken.Create(NewGrant(), new HmacGrantKey("k9", new byte[32]));
        var v = await Verifier().VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.UnknownKey, v.ReasonCode);
        Assert.Equal("k9", v.KeyId);
        Assert.Null(v.AuthenticatedGrant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("sdg1.a.b")]
    [InlineData("sdg2.eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.e30.AAAA")]
    [InlineData("sdg1.eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.e30.AAAA")]
    [InlineData("sdg1.eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.!!!.AAAA")]
    public async Task Verify_MalformedToken_IsMalformed(string token)
    {
        var v = await Verifier().VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.Malformed, v.ReasonCode);
        Assert.Null(v.AuthenticatedGrant);
    }

    [Fact]
    public async Task Verify_NotYetValidBeyondSkew_IsNotYetValid()
    {
        var token = GrantToken.Create(NewGrant(issuedAt: Now + Duration.FromMinutes(3)), Key);
        Assert.Equal(GrantRefusalCodes.NotYetValid, (await Verifier().VerifyAsync(Check(token), default)).ReasonCode);
    }

    [Fact]
    public async Task Verify_IssuedWithinSkewInTheFuture_IsAccepted()
    {
        var token = GrantToken.Create(NewGrant(issuedAt: Now + Duration.FromMinutes(2)), Key);
        Assert.True((await Verifier().VerifyAsync(Check(token), default)).IsAccepted);
    }

    [Fact]
    public async Task Verify_ExpiredBeyondSkew_IsExpired()
    {
        var token = GrantToken.Create(NewGrant(issuedAt: Now - Duration.FromHours(1), expiresAt: Now - Duration.FromMinutes(2)), Key);
        var v = await Verifier().VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.Expired, v.ReasonCode);
        Assert.Null(v.Grant);
        Assert.Equal("S-42", v.AuthenticatedGrant!.Subject.Value);
    }

    [Fact]
    public async Task Verify_ExpiredWithinSkew_IsAccepted()
    {
        var token = GrantToken.Create(NewGrant(issuedAt: Now - Duration.FromHours(1), expiresAt: Now - Duration.FromSeconds(119)), Key);
        Assert.True((await Verifier().VerifyAsync(Check(token), default)).IsAccepted);
    }

    [Fact]
    public async Task Verify_WrongGrantee_IsWrongGrantee() =>
        Assert.Equal(GrantRefusalCodes.WrongGrantee, (await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(), Key), grantee: "venue-b"), default)).ReasonCode);

    [Fact]
    public async Task Verify_WrongPurpose_IsWrongPurpose() =>
        Assert.Equal(GrantRefusalCodes.WrongPurpose, (await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(), Key), purposes: new[] { "public.library-card-deposit-free", "public-services" }), default)).ReasonCode);

    [Fact]
    public async Task Verify_OverScope_IsOverScope() =>
        Assert.Equal(GrantRefusalCodes.OverScope, (await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(scope: DisclosureScope.Grade), Key), scope: DisclosureScope.ScoreWithExplanation), default)).ReasonCode);

    [Fact]
    public async Task Verify_LessThanTheGrantsScope_IsAccepted() =>
        Assert.True((await Verifier().VerifyAsync(Check(GrantToken.Create(NewGrant(scope: DisclosureScope.Grade), Key), scope: DisclosureScope.Decision), default)).IsAccepted);

    [Fact]
    public async Task Verify_SameGrantSameBenefitTwice_IsReplayed()
    {
        var verifier = Verifier();
        var token = GrantToken.Create(NewGrant(), Key);
        Assert.True((await verifier.VerifyAsync(Check(token), default)).IsAccepted);
        var again = await verifier.VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.Replayed, again.ReasonCode);
        Assert.Null(again.Grant);
    }

    [Fact]
    public async Task Verify_FamilyGrantForAnotherBenefitOfTheFamily_IsAccepted()
    {
        var verifier = Verifier();
        var token = GrantToken.Create(NewGrant(), Key);
        Assert.True((await verifier.VerifyAsync(Check(token), default)).IsAccepted);
        Assert.True((await verifier.VerifyAsync(Check(token, purposes: new[] { "healthcare.family-doctor-priority", "healthcare" }), default)).IsAccepted);
    }

    [Fact]
    public async Task Verify_RefusedQuery_DoesNotUseUpTheGrant()
    {
        var verifier = Verifier();
        var token = GrantToken.Create(NewGrant(), Key);
        Assert.Equal(GrantRefusalCodes.WrongGrantee, (await verifier.VerifyAsync(Check(token, grantee: "venue-b"), default)).ReasonCode);
        Assert.True((await verifier.VerifyAsync(Check(token), default)).IsAccepted);
    }

    [Fact]
    public void Constructor_SkewAboveTenMinutes_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrantVerifier(new InMemoryGrantKeyProvider(new GrantKey[] { Key }), _nonces, _clock, new GrantVerifierOptions { ClockSkew = Duration.FromMinutes(11) }));

    [Fact]
    public void RefusalCodes_AreStableStringsWithBothLanguages()
    {
        var codes = typeof(GrantRefusalCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).OrderBy(c => c, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[] { "expired", "malformed-token", "not-yet-valid", "over-scope", "replayed", "revoked", "signature-invalid", "unknown-benefit", "unknown-key", "wrong-grantee", "wrong-purpose" },
            codes);
        foreach (var c in codes) Assert.NotEqual(GrantRefusalCodes.Describe(c).ZhCn, GrantRefusalCodes.Describe(c).En);
    }

    private static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4);
}
