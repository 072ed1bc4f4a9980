using System.Text;
using NodaTime;

namespace ShangdingScore.Authorization.Tests;

public class GrantTokenTests
{
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    [Fact]
    public void Create_DocumentedExample_IsByteForByteTheDocsToken()
    {
        var grant = new Grant
        {
            Subject = new SubjectId("zz-c-1001"),
            Grantee = "zz-library",
            Purpose = "public.library-card-deposit-free",
            Scope = DisclosureScope.Decision,
            IssuedAt = Instant.FromUtc(2026, 6, 1, 1, 59),
            ExpiresAt = Instant.FromUtc(2026, 6, 1, 2, 30),
            Nonce = GrantNonce.FromBytes(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()),
        };
        var token = GrantToken.Create(grant, Key);
        var parts = token.Split('.');
        Assert.Equal(4, parts.Length);
        Assert.Equal("sdg1", parts[0]);
        Assert.Equal("""{"alg":"HS256","kid":"k1"}""", Decode(parts[1]));
        Assert.Equal(
            """{"sub":"zz-c-1001","aud":"zz-library","pur":"public.library-card-deposit-free","scp":"decision","iat":"2026-06-01T01:59:00Z","exp":"2026-06-01T02:30:00Z","nonce":"AAECAwQFBgcICQoLDA0ODw"}""",
            Decode(parts[2]));
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "grants.md"));
        Assert.Contains(token, docs);
    }

    [Fact]
    public void Create_NonceTooShort_Throws() =>
        Assert.Throws<ArgumentException>(() => GrantToken.Create(GrantVerifierTests.NewGrant(nonce: "short"), Key));

    [Fact]
    public void Create_ExpiryNotAfterIssue_Throws()
    {
        var t = Instant.FromUtc(2026, 1, 1, 0, 0);
        Assert.Throws<ArgumentException>(() => GrantToken.Create(GrantVerifierTests.NewGrant(issuedAt: t, expiresAt: t), Key));
    }

    [Fact]
    public void Create_WithVerifyOnlyKey_Throws()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var key = EcdsaGrantKey.FromParameters("es", ecdsa.ExportParameters(false));
        Assert.Throws<ArgumentException>(() => GrantToken.Create(GrantVerifierTests.NewGrant(), key));
    }

    [Fact]
    public void EcdsaKey_NotP256_Throws()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => EcdsaGrantKey.FromParameters("es", ecdsa.ExportParameters(false)));
    }

    [Fact]
    public void HmacKey_ShortSecret_Throws() =>
        Assert.Throws<ArgumentException>(() => new HmacGrantKey("k", new byte[31]));

    [Fact]
    public void ScopeNames_RoundTrip()
    {
        foreach (DisclosureScope s in Enum.GetValues(typeof(DisclosureScope)))
        {
            Assert.True(DisclosureScopeNames.TryParse(DisclosureScopeNames.Of(s), out var back));
            Assert.Equal(s, back);
        }

        Assert.False(DisclosureScopeNames.TryParse("Decision", out _));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private static string Decode(string s) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4)));
}
