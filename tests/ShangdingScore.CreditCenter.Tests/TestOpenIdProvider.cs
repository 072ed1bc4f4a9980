using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>What the test provider gets wrong on purpose in the id tokens it issues.</summary>
public enum ProviderFault
{
    /// <summary>Nothing: a token the center must accept.</summary>
    None,

    /// <summary>Signed by another RSA key than the one the JWKS publishes (same <c>kid</c>).</summary>
    ForeignSigningKey,

    /// <summary>Issued for another client (<c>aud</c>).</summary>
    WrongAudience,

    /// <summary>Issued by another issuer (<c>iss</c>) than the discovery document names.</summary>
    WrongIssuer,

    /// <summary>Carries another nonce than the one the center sent with the authorization request.</summary>
    WrongNonce,

    /// <summary>Lacks the claim the center is configured to read the citizen's subject from.</summary>
    NoSubjectClaim,
}

/// <summary>
/// A minimal OpenID provider in the test process (a TestServer reached as <c>https://idp.test</c>): the discovery
/// document, a JWKS with a test RSA key, an authorize endpoint that approves one fixed user at once and answers with a
/// code (form_post or query, as the client asks), and a token endpoint that checks the client's secret, the code (once),
/// the redirect URI and the PKCE verifier, and returns an RS256-signed id token.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    /// <summary>The provider's issuer and authority.</summary>
    public const string Issuer = "https://idp.test";

    /// <summary>The center's client id at the provider.</summary>
    public const string ClientId = "shangding-center";

    /// <summary>The center's client secret at the provider.</summary>
    public const string ClientSecret = "test-client-secret-2026";

    /// <summary>The claim of the id token that names the citizen's subject id (the center is configured to read it).</summary>
    public const string SubjectClaim = "shangding_subject";

    /// <summary>The provider's own opaque <c>sub</c> of the fixed user: not a subject id of the center.</summary>
    public const string ProviderSubject = "idp-user-7781";

    private const string KeyId = "test-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string RedirectUri, string? Nonce, string Challenge)> _codes = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _tokensIssued;

    private TestOpenIdProvider()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", Discovery);
        _app.MapGet("/jwks", Jwks);
        _app.MapGet("/authorize", Authorize);
        _app.MapPost("/token", TokenAsync);
    }

    /// <summary>The subject id the fixed user's tokens name in <see cref="SubjectClaim"/>.</summary>
    public string CitizenSubject { get; set; } = "S-00002";

    /// <summary>What the next id tokens get wrong.</summary>
    public ProviderFault Fault { get; set; }

    /// <summary>How many id tokens the token endpoint issued.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Starts a provider.</summary>
    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var provider = new TestOpenIdProvider();
        await provider._app.StartAsync();
        return provider;
    }

    /// <summary>A handler that sends requests to the provider (the center's backchannel, the user agent's visits).</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _foreignKey.Dispose();
    }

    private static IResult Discovery() => Json(w =>
    {
        w.WriteString("issuer", Issuer);
        w.WriteString("authorization_endpoint", Issuer + "/authorize");
        w.WriteString("token_endpoint", Issuer + "/token");
        w.WriteString("jwks_uri", Issuer + "/jwks");
        Strings(w, "response_types_supported", "code");
        Strings(w, "response_modes_supported", "query", "form_post");
        Strings(w, "subject_types_supported", "public");
        Strings(w, "id_token_signing_alg_values_supported", "RS256");
        Strings(w, "code_challenge_methods_supported", "S256");
        Strings(w, "token_endpoint_auth_methods_supported", "client_secret_post");
        Strings(w, "scopes_supported", "openid", "profile");
    });

    private IResult Jwks()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return Json(w =>
        {
            w.WriteStartArray("keys");
            w.WriteStartObject();
            w.WriteString("kty", "RSA");
            w.WriteString("use", "sig");
            w.WriteString("alg", "RS256");
            w.WriteString("kid", KeyId);
            w.WriteString("n", Base64Url(p.Modulus!));
            w.WriteString("e", Base64Url(p.Exponent!));
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId) return Results.BadRequest("unknown client_id");
        if (q["response_type"] != "code") return Results.BadRequest("response_type must be code");
        if (!(q["scope"].ToString().Split(' ').Contains("openid"))) return Results.BadRequest("scope must include openid");
        if (q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"])) return Results.BadRequest("PKCE S256 required");
        var redirect = q["redirect_uri"].ToString();
        if (!Uri.TryCreate(redirect, UriKind.Absolute, out _)) return Results.BadRequest("redirect_uri must be absolute");

        // The fixed user approves at once.
        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[code] = (redirect, q["nonce"], q["code_challenge"].ToString());
        var state = q["state"].ToString();
        if (q["response_mode"] == "form_post")
        {
            var html = $"<!DOCTYPE html><html><body><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirect)}\">"
                + $"<input type=\"hidden\" name=\"code\" value=\"{WebUtility.HtmlEncode(code)}\">"
                + $"<input type=\"hidden\" name=\"state\" value=\"{WebUtility.HtmlEncode(state)}\">"
                + "</form></body></html>";
            return Results.Content(html, "text/html; charset=utf-8");
        }

        return Results.Redirect(redirect + (redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(state));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code") return TokenError("unsupported_grant_type");
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret) return TokenError("invalid_client");
        if (!_codes.TryRemove(form["code"].ToString(), out var issued)) return TokenError("invalid_grant");
        if (form["redirect_uri"] != issued.RedirectUri) return TokenError("invalid_grant");
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (challenge != issued.Challenge) return TokenError("invalid_grant");

        Interlocked.Increment(ref _tokensIssued);
        return Json(w =>
        {
            w.WriteString("access_token", Base64Url(RandomNumberGenerator.GetBytes(24)));
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", 300);
            w.WriteString("id_token", IdToken(issued.Nonce));
        });
    }

    private string IdToken(string? nonce)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var header = Encode(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("kid", KeyId);
            w.WriteString("typ", "JWT");
        });
        var payload = Encode(w =>
        {
            w.WriteString("iss", Fault == ProviderFault.WrongIssuer ? "https://other-idp.test" : Issuer);
            w.WriteString("aud", Fault == ProviderFault.WrongAudience ? "another-client" : ClientId);
            w.WriteString("sub", ProviderSubject);
            if (Fault != ProviderFault.NoSubjectClaim) w.WriteString(SubjectClaim, CitizenSubject);
            w.WriteNumber("iat", now);
            w.WriteNumber("nbf", now);
            w.WriteNumber("exp", now + 300);
            w.WriteString("nonce", Fault == ProviderFault.WrongNonce ? "not-the-nonce-the-center-sent" : nonce);
        });
        var input = Base64Url(header) + "." + Base64Url(payload);
        var signer = Fault == ProviderFault.ForeignSigningKey ? _foreignKey : _key;
        var signature = signer.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url(signature);
    }

    private static IResult TokenError(string error) =>
        Results.Text("{\"error\":\"" + error + "\"}", "application/json", statusCode: StatusCodes.Status400BadRequest);

    private static IResult Json(Action<Utf8JsonWriter> write) => Results.Bytes(Encode(write), "application/json");

    private static byte[] Encode(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, params string[] values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
