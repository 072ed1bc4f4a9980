using System.Security.Cryptography;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Recognition.Tests;

/// <summary>A signing key of another city's center and its public point as a JWK writes it (what that center publishes).</summary>
internal sealed record CenterKey(EcdsaGrantKey Key, string X, string Y)
{
    public static CenterKey New(string kid)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ecdsa.ExportParameters(includePrivateParameters: true);
        return new CenterKey(EcdsaGrantKey.FromParameters(kid, p), B64(p.Q.X!), B64(p.Q.Y!));
    }

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Two other cities with ladders of different shape: Hangzhou-like points on a 350–1000 scale (grades by score range) and
/// a Suzhou-like A–D letter scale (no scores). Keys are generated per test; the agreements are JSON, as shipped.
/// </summary>
internal sealed class TwoCities
{
    public static readonly Instant Now = Instant.FromUtc(2027, 3, 1, 2, 0);

    public TwoCities()
    {
        Hangzhou = CenterKey.New("hz-2027");
        Suzhou = CenterKey.New("sz-1");
        Json = AgreementsJson(Hangzhou, Suzhou);
        Agreements = RecognitionAgreementsJson.Load(Json).GetValueOrThrow();
    }

    public CenterKey Hangzhou { get; }

    public CenterKey Suzhou { get; }

    public string Json { get; }

    public RecognitionAgreements Agreements { get; }

    public FakeClock Clock { get; } = new(Now);

    public InMemoryQueryLog Log { get; } = new();

    public RecognitionDesk Desk(RecognitionAgreements? agreements = null) => new(
        new RecognitionDeskOptions { VenueId = "zz-library" }, agreements ?? Agreements, ZhengzhouRuleSets.History, DefaultBenefitCatalogs.Default, Log, Clock);

    public string HangzhouToken(string grade, decimal? score, Instant? issuedAt = null, Duration? validFor = null, string scheme = "hangzhou.qianjiang-points", EcdsaGrantKey? key = null)
    {
        var iat = issuedAt ?? Now - Duration.FromDays(1);
        return GradeAttestationToken.Create(new GradeAttestation
        {
            Issuer = "hangzhou.credit-center", Holder = "HZ-88231", Scheme = scheme, Grade = grade, Score = score,
            IssuedAt = iat, ExpiresAt = iat + (validFor ?? Duration.FromDays(30)),
        }, key ?? Hangzhou.Key);
    }

    public string SuzhouToken(string grade) => GradeAttestationToken.Create(new GradeAttestation
    {
        Issuer = "suzhou.credit-center", Holder = "SZ-7", Scheme = "suzhou.guixiu", Grade = grade,
        IssuedAt = Now - Duration.FromHours(1), ExpiresAt = Now + Duration.FromDays(7),
    }, Suzhou.Key);

    public static string AgreementsJson(CenterKey hz, CenterKey sz) => $$"""
    {
      "schemaVersion": 1,
      "id": "zhengzhou.recognition",
      "version": "2027.1.0",
      "agreements": [
        {
          "city": "hangzhou", "cityName": { "zh-CN": "杭州", "en": "Hangzhou" },
          "issuer": "hangzhou.credit-center", "scheme": "hangzhou.qianjiang-points",
          "schemeName": { "zh-CN": "钱江分", "en": "Qianjiang points" },
          "effectiveFrom": "2027-01-01",
          "keys": [ { "kid": "{{hz.Key.KeyId}}", "kty": "EC", "crv": "P-256", "x": "{{hz.X}}", "y": "{{hz.Y}}" } ],
          "grades": [
            { "code": "excellent", "name": { "zh-CN": "信用极好", "en": "Excellent" }, "min": 900, "max": 1000, "mapsTo": "excellent" },
            { "code": "very-good", "name": { "zh-CN": "信用优秀", "en": "Very good" }, "min": 800, "max": 899, "mapsTo": "outstanding" },
            { "code": "good", "name": { "zh-CN": "信用良好", "en": "Good" }, "min": 650, "max": 799, "mapsTo": "good" },
            { "code": "fair", "name": { "zh-CN": "信用一般", "en": "Fair" }, "min": 350, "max": 649, "mapsTo": "slightly-untrustworthy" }
          ],
          "benefits": [ "public.library-card-deposit-free", "healthcare" ]
        },
        {
          "city": "suzhou", "cityName": { "zh-CN": "苏州", "en": "Suzhou" },
          "issuer": "suzhou.credit-center", "scheme": "suzhou.guixiu",
          "schemeName": { "zh-CN": "桂花分等级", "en": "Osmanthus grades" },
          "effectiveFrom": "2026-07-01", "effectiveUntil": "2028-07-01",
          "keys": [ { "kid": "{{sz.Key.KeyId}}", "kty": "EC", "crv": "P-256", "x": "{{sz.X}}", "y": "{{sz.Y}}" } ],
          "grades": [
            { "code": "A", "name": { "zh-CN": "A级", "en": "Grade A" }, "mapsTo": "outstanding" },
            { "code": "B", "name": { "zh-CN": "B级", "en": "Grade B" }, "mapsTo": "good" },
            { "code": "C", "name": { "zh-CN": "C级", "en": "Grade C" }, "mapsTo": "slightly-untrustworthy" },
            { "code": "D", "name": { "zh-CN": "D级", "en": "Grade D" }, "mapsTo": "poor" }
          ],
          "benefits": [ "public-services" ]
        }
      ]
    }
    """;
}
