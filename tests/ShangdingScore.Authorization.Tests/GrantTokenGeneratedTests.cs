using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using NodaTime;
using NodaTime.Testing;

namespace ShangdingScore.Authorization.Tests;

/// <summary>
/// Generated tokens — arbitrary text with unpaired surrogates and control characters, arbitrary bytes in the
/// token's shape, hand-signed JSON with hostile values, and mutations of valid signed tokens: the verifier
/// never throws and every refusal carries one of <see cref="GrantRefusalCodes"/>. Fixed seed; FsCheck's
/// failure message carries the seed and the failing token.
/// </summary>
public class GrantTokenGeneratedTests
{
    /// <summary>The seed: on a failure, FsCheck prints it (with the gamma) together with the smallest failing case.</summary>
    private static readonly Config Replayable = Config.QuickThrowOnFailure
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261202UL, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)))
        .WithMaxTest(400)
        .WithQuietOnSuccess(true);

    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", TokenText.Secret);

    private static readonly ImmutableHashSet<string> RefusalCodes = typeof(GrantRefusalCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToImmutableHashSet();

    private static readonly string ValidToken = TokenText.Signed(TokenText.Header, TokenText.Payload());

    /// <summary>A generated token and whether it may legitimately be accepted (it may be a correctly signed valid grant).</summary>
    public sealed record TokenCase(string Kind, string Token, bool MayBeAccepted)
    {
        public override string ToString() => $"{Kind}: {Escape(Token)}";

        private static string Escape(string s) => string.Concat(s.Select(c => c < ' ' || char.IsSurrogate(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    private static readonly char[] Alphabet =
        "ABCXYZabcxyz0129-_.=+/ \"\\{}:,sdg1".ToCharArray()
            .Concat(new[] { '\0', '\n', '\r', '\t', '\u001b', '\u007f', '\u2028', '\ud800', '\udbff', '\udc00', '\udfff', '０', 'é', '中' })
            .ToArray();

    private static readonly string[] HostileJsonValues =
    {
        "\"\\ud800\"", "\"\\udc00x\"", "\"a\\udbff\"", "\"\\u0000\"", "\"\\n\"", "\"\"", "1", "null", "true", "{}", "[]", "[\"S-42\"]",
        "{\"a\":{\"b\":1}}", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"2026-06-01T01:59:00+08:00\"",
        "\"2026-02-30T00:00:00Z\"", "\"score-with-explanation\"", "\"GRADE\"", "\"AAAAAAAAAAAAAAAAAAAAAA==\"", "\"AAAAAAAAAAAAAAAAAAAAAB\"",
        "\"S-42\"", "\"venue-a\"", "\"healthcare\"", "\"grade\"", "\"2026-06-01T01:59:00Z\"", "\"2026-06-01T02:30:00Z\"", "\"AAAAAAAAAAAAAAAAAAAAAA\"",
        "\" S-42\"", new string('x', 300).Insert(0, "\"") + "\"",
    };

    private static readonly string[] Fields = { "sub", "aud", "pur", "scp", "iat", "exp", "nonce" };

    private static Gen<string> TextGen(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(cs => new string(cs));

    private static Gen<TokenCase> ArbitraryText =>
        Gen.OneOf(TextGen(80), TextGen(80).Select(t => "sdg1." + t), Gen.Constant(new string('A', GrantToken.MaxLength + 1)))
            .Select(t => new TokenCase("text", t, false));

    private static Gen<TokenCase> ArbitraryBytesInShape =>
        Gen.Choose(1, 6).SelectMany(parts => Gen.ArrayOf(Gen.Choose(0, 48).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)), parts))
            .Select(ps => new TokenCase("bytes", "sdg1." + string.Join(".", ps.Select(TokenText.B64)), false));

    /// <summary>The valid header and payload with one value (or one name) replaced, signed correctly, optionally with one byte of the JSON changed.</summary>
    private static Gen<TokenCase> HostileSignedJson =>
        from inHeader in Gen.Elements(true, false, false)
        from name in Gen.Elements(Fields)
        from value in Gen.Elements(HostileJsonValues)
        from renameInstead in Gen.Elements(false, false, true)
        from flip in Gen.Choose(-1, 200)
        from flipTo in Gen.Choose(0, 255)
        select Build(inHeader, name, value, renameInstead, flip, (byte)flipTo);

    private static TokenCase Build(bool inHeader, string field, string value, bool renameInstead, int flip, byte flipTo)
    {
        string header = TokenText.Header, payload = TokenText.Payload();
        if (inHeader)
        {
            header = field == "sub" ? $$"""{"alg":"HS256","kid":{{value}}}""" : renameInstead ? $$"""{"alg":"HS256",{{value}}:"k1"}""" : $$"""{"alg":{{value}},"kid":"k1"}""";
        }
        else
        {
            var start = payload.IndexOf($"\"{field}\":", StringComparison.Ordinal);
            var valueStart = start + field.Length + 3;
            var valueEnd = payload.IndexOf('"', valueStart + 1) + 1;
            payload = renameInstead
                ? payload.Substring(0, start) + value + payload.Substring(start + field.Length + 2)
                : payload.Substring(0, valueStart) + value + payload.Substring(valueEnd);
        }

        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        if (flip >= 0 && flip < payloadBytes.Length) payloadBytes[flip] = flipTo;
        return new TokenCase("signed-json", TokenText.Signed(Encoding.UTF8.GetBytes(header), payloadBytes), MayBeAccepted: true);
    }

    private static Gen<TokenCase> MutatedValidToken =>
        from op in Gen.Choose(0, 5)
        from at in Gen.Choose(0, ValidToken.Length - 1)
        from c in Gen.Elements(Alphabet)
        select Mutate(op, at, c);

    private static TokenCase Mutate(int op, int at, char c)
    {
        var parts = ValidToken.Split('.');
        var t = op switch
        {
            0 => ValidToken.Substring(0, at) + c + ValidToken.Substring(at + 1),
            1 => ValidToken.Remove(at, 1),
            2 => ValidToken.Insert(at, c.ToString()),
            3 => ValidToken.Substring(0, at),
            4 => string.Join(".", parts[0], parts[2], parts[1], parts[3]),
            _ => string.Join(".", parts[0], parts[1], parts[2], parts[3], parts[3]),
        };
        return new TokenCase("mutation", t, MayBeAccepted: t == ValidToken);
    }

    [Fact]
    public void Verify_AnyToken_NeverThrowsAndRefusesWithAKnownCode()
    {
        var gen = Gen.OneOf(ArbitraryText, ArbitraryBytesInShape, HostileSignedJson, MutatedValidToken);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var verifier = new GrantVerifier(new InMemoryGrantKeyProvider(new GrantKey[] { Key }), new InMemoryNonceStore(), new FakeClock(Now));
            var v = verifier.VerifyAsync(
                new GrantCheck { Token = c.Token, Grantee = "venue-a", AcceptablePurposes = ImmutableArray.Create("healthcare.priority-referral", "healthcare") },
                default).AsTask().GetAwaiter().GetResult();
            var codeIsKnown = v.IsAccepted ? c.MayBeAccepted : RefusalCodes.Contains(v.ReasonCode!);
            var kidIsBounded = v.KeyId is null || GrantKey.IsValidKeyId(v.KeyId);
            return codeIsKnown && kidIsBounded;
        }).Check(Replayable);
    }
}
