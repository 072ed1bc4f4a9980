using System.Collections.Immutable;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

/// <summary>Tokens the issuer never makes: ill-formed Unicode, instants at the ends of time, oversized key ids.</summary>
public class GrantTokenHardeningTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", TokenText.Secret);

    private static GrantVerifier Verifier(IClock? clock = null, INonceStore? nonces = null) =>
        new(new InMemoryGrantKeyProvider(new GrantKey[] { Key }), nonces ?? new InMemoryNonceStore(), clock ?? new FakeClock(Now));

    private static GrantCheck Check(string token) => new()
    {
        Token = token,
        Grantee = "venue-a",
        AcceptablePurposes = ImmutableArray.Create("healthcare.priority-referral", "healthcare"),
    };

    public static TheoryData<string, string> IllFormedUnicode => new()
    {
        { TokenText.Header, TokenText.Payload(sub: "\"\\ud800\"") },
        { TokenText.Header, TokenText.Payload(sub: "\"S-\\udc00-42\"") },
        { TokenText.Header, TokenText.Payload(iat: "\"\\udfff\"") },
        { TokenText.Header, TokenText.Payload().Replace("\"venue-a\"", "\"venue-a\\ud83d\"") },
        { """{"alg":"HS256","kid":"k1","\udc00":1}""", TokenText.Payload() },
        { """{"alg":"\ud800","kid":"k1"}""", TokenText.Payload() },
        { """{"alg":"HS256","kid":"\udbff"}""", TokenText.Payload() },
        { TokenText.Header, TokenText.Payload().Replace("\"pur\"", "\"\\ud800pur\"") },
    };

    [Theory]
    [MemberData(nameof(IllFormedUnicode))]
    public async Task Verify_UnpairedSurrogateEscapeInHeaderOrPayload_IsMalformedNotAnException(string header, string payload)
    {
        var v = await Verifier().VerifyAsync(Check(TokenText.Signed(header, payload)), default);
        Assert.Equal(GrantRefusalCodes.Malformed, v.ReasonCode);
        Assert.Null(v.KeyId);
    }

    [Fact]
    public async Task Verify_PayloadBytesNotUtf8InsideAString_IsMalformed()
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(TokenText.Payload(sub: "\"S-XX\""));
        var at = Array.IndexOf(payload, (byte)'X');
        payload[at] = 0xC3; // a lead byte followed by 'X': not UTF-8
        var v = await Verifier().VerifyAsync(Check(TokenText.Signed(System.Text.Encoding.UTF8.GetBytes(TokenText.Header), payload)), default);
        Assert.Equal(GrantRefusalCodes.Malformed, v.ReasonCode);
    }

    [Fact]
    public async Task Verify_SignedGrantExpiringAtTheLastRepresentableSecond_IsAcceptedAndRememberedWithoutOverflow()
    {
        var nonces = new InMemoryNonceStore();
        var token = TokenText.Signed(TokenText.Header, TokenText.Payload(exp: "\"9999-12-31T23:59:59Z\""));
        var verifier = Verifier(nonces: nonces);

        Assert.True((await verifier.VerifyAsync(Check(token), default)).IsAccepted);
        Assert.Equal(GrantRefusalCodes.Replayed, (await verifier.VerifyAsync(Check(token), default)).ReasonCode);
    }

    [Fact]
    public async Task Verify_ClockAtTheEndOfTimeAndGrantExpiringThen_IsExpiredNotAnException()
    {
        var token = TokenText.Signed(TokenText.Header, TokenText.Payload(iat: "\"9999-12-31T23:00:00Z\"", exp: "\"9999-12-31T23:50:00Z\""));
        var clock = new FakeClock(Instant.MaxValue);
        Assert.Equal(GrantRefusalCodes.Expired, (await Verifier(clock).VerifyAsync(Check(token), default)).ReasonCode);
    }

    [Theory]
    [InlineData("0000-01-01T00:00:00Z", "0000-01-01T00:00:01Z", GrantRefusalCodes.Expired)]
    [InlineData("0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", null)]
    [InlineData("9999-12-31T23:59:58Z", "9999-12-31T23:59:59Z", GrantRefusalCodes.NotYetValid)]
    public async Task Verify_IssuedOrExpiringAtTheExtremes_AnswersByTheRule(string iat, string exp, string? expected)
    {
        var token = TokenText.Signed(TokenText.Header, TokenText.Payload(iat: $"\"{iat}\"", exp: $"\"{exp}\""));
        Assert.Equal(expected, (await Verifier().VerifyAsync(Check(token), default)).ReasonCode);
    }

    [Fact]
    public async Task Verify_UnauthenticatedKidOfThousandsOfCharactersWithNewlines_IsMalformedAndNotKept()
    {
        var kidJson = string.Concat(Enumerable.Repeat("evil-kid\\n", 260)); // 2 600 characters of JSON, 2 340 decoded, 260 newlines
        var token = TokenText.Signed($$"""{"alg":"HS256","kid":"{{kidJson}}"}""", TokenText.Payload());
        Assert.True(token.Length <= GrantToken.MaxLength, "the token must be short enough to be parsed at all");
        var v = await Verifier().VerifyAsync(Check(token), default);
        Assert.Equal(GrantRefusalCodes.Malformed, v.ReasonCode);
        Assert.Null(v.KeyId);
    }

    [Theory]
    [InlineData("k 1")]
    [InlineData("k\\u0000")]
    [InlineData("ключ")]
    [InlineData("")]
    public async Task Verify_KidThatNoKeyCouldHave_IsMalformed(string kid)
    {
        var v = await Verifier().VerifyAsync(Check(TokenText.Signed($$"""{"alg":"HS256","kid":"{{kid}}"}""", TokenText.Payload())), default);
        Assert.Equal(GrantRefusalCodes.Malformed, v.ReasonCode);
    }

    [Fact]
    public async Task Verify_KidOfSixtyFourCharacters_IsStillLookedUp()
    {
        var kid = new string('k', 64);
        var v = await Verifier().VerifyAsync(Check(TokenText.Signed($$"""{"alg":"HS256","kid":"{{kid}}"}""", TokenText.Payload())), default);
        Assert.Equal(GrantRefusalCodes.UnknownKey, v.ReasonCode);
        Assert.Equal(kid, v.KeyId);
    }

    [Fact]
    public async Task CheckThenRedeem_ConcurrentRedemptionsOfOneGrant_ExactlyOneIsAccepted()
    {
        var verifier = Verifier();
        var token = TokenText.Signed(TokenText.Header, TokenText.Payload());
        var checks = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await verifier.CheckAsync(Check(token), default))));
        Assert.All(checks, c => Assert.True(c.IsAccepted));
        var redeemed = await Task.WhenAll(checks.Select(c => Task.Run(async () => await verifier.RedeemAsync(c, default))));
        Assert.Single(redeemed, r => r.IsAccepted);
        Assert.All(redeemed.Where(r => !r.IsAccepted), r => Assert.Equal(GrantRefusalCodes.Replayed, r.ReasonCode));
        Assert.Equal(GrantRefusalCodes.Replayed, (await verifier.CheckAsync(Check(token), default)).ReasonCode);
    }

    [Fact]
    public async Task Check_DoesNotUseUpTheGrant()
    {
        var verifier = Verifier();
        var token = TokenText.Signed(TokenText.Header, TokenText.Payload());
        Assert.True((await verifier.CheckAsync(Check(token), default)).IsAccepted);
        Assert.True((await verifier.CheckAsync(Check(token), default)).IsAccepted);
        Assert.True((await verifier.VerifyAsync(Check(token), default)).IsAccepted);
    }
}
