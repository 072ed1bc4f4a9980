using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using ShangdingScore.CreditCenter.Client;

namespace ShangdingScore.CreditCenter;

/// <summary>Sign-in and sign-out (local accounts, cookie), the public keys, the consent text.</summary>
internal static partial class Endpoints
{
    public const string OidcScheme = CreditCenterOptions.OpenIdConnectOptions.Scheme;

    /// <summary>Where the OpenID Connect sign-in lands before going on to its return address (same-site, so the session cookie goes along).</summary>
    public const string OidcSignedInPath = "/account/oidc/signed-in";

    private static void MapAccount(IEndpointRouteBuilder root, IEndpointRouteBuilder api)
    {
        api.MapGet("/keys", KeysAsync)
            .Produces<WireKeySet>()
            .WithTags("keys")
            .WithSummary("The center's public keys (ES256, JWK-style x/y): use grant verifies grants, use decision verifies decisions.");

        api.MapPost("/account/sign-in", SignInAsync)
            .RequireRateLimiting(SignInRateLimit)
            .Accepts<SignInRequest>("application/json")
            .Produces<SignedInResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("account")
            .WithSummary("Signs in with a local account; sets the session cookie.");

        api.MapPost("/account/sign-out", async (HttpContext context) =>
            {
                await context.SignOutAsync(IdentityConstants.ApplicationScheme).ConfigureAwait(false);
                return Results.NoContent();
            })
            .WithTags("account")
            .WithSummary("Signs out.");

        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Results.Json(new Dictionary<string, string> { ["formFieldName"] = tokens.FormFieldName, ["token"] = tokens.RequestToken! }, CenterJsonContext.Default.DictionaryStringString);
            })
            .WithTags("account")
            .WithSummary("An anti-forgery token for the form posts (sets its cookie).");

        // The form sign-in of the pages: anti-forgery checked (UseAntiforgery) because it takes a form.
        root.MapPost("/account/sign-in", SignInFormAsync)
            .RequireRateLimiting(SignInRateLimit)
            .WithTags("account")
            .WithSummary("Signs in from an HTML form (anti-forgery token required).");

        root.MapGet("/account/oidc", (HttpContext context, CreditCenterState state, string? returnUrl) =>
                state.Options.OpenIdConnect.Authority is null
                    ? Problems.Result(StatusCodes.Status404NotFound, CenterReasonCodes.NotFound, detail: "OpenID Connect is not configured.")
                    : Results.Challenge(new AuthenticationProperties { RedirectUri = OidcSignedInPath + "?returnUrl=" + Uri.EscapeDataString(IsLocalPath(returnUrl) ? returnUrl : "/") }, [OidcScheme]))
            .WithTags("account")
            .WithSummary("Signs a citizen in through the configured OpenID Connect provider, then goes to returnUrl (a local path; default /).");

        // The provider posts back cross-site (form_post), and a browser does not send the SameSite=Strict session cookie
        // on the redirects that follow such a post. This page moves on by itself (a meta refresh, no script), from this
        // site, so the next page is requested with the session cookie.
        root.MapGet(OidcSignedInPath, (string? returnUrl) =>
            {
                var next = System.Net.WebUtility.HtmlEncode(IsLocalPath(returnUrl) ? returnUrl : "/");
                return Results.Content(
                    "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=" + next + "\">"
                    + "<title>已登录 Signed in</title></head><body><main><p>已登录。<a href=\"" + next + "\">继续 <span lang=\"en\">Continue</span></a></p></main></body></html>",
                    "text/html; charset=utf-8");
            })
            .ExcludeFromDescription();

        api.MapGet("/consent-text", (CreditCenterState state) =>
            {
                var c = state.Rights.Policy.CurrentConsentText;
                return Results.Json(new ConsentTextView(c.Version, c.ContentHash, new WireText { ZhCn = c.Text.ZhCn, En = c.Text.En }), CenterJsonContext.Default.ConsentTextView);
            })
            .WithTags("citizen")
            .WithSummary("The consent text a citizen accepts to enrol.");
    }

    private static async Task<IResult> KeysAsync(CreditCenterState state)
    {
        var keys = await state.KeysAsync().ConfigureAwait(false);
        var set = new WireKeySet();
        set.Keys.AddRange(keys.GrantKeys.Select(k => Jwk(k, CreditCenterKeys.GrantUse)));
        set.Keys.AddRange(keys.DecisionKeys.Select(k => Jwk(k, CreditCenterKeys.DecisionUse)));
        return Results.Json(set, CenterJsonContext.Default.WireKeySet);
    }

    private static WireKey Jwk(Authorization.EcdsaGrantKey k, string use) => new() { Kid = k.KeyId, Use = use, X = k.PublicX, Y = k.PublicY };

    private static async Task<IResult> SignInAsync(HttpContext context, SignInManager<CenterUser> signIn)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.SignInRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request!.UserName)) return Problems.Invalid("userName", "userName is required.");
        if (string.IsNullOrEmpty(request.Password)) return Problems.Invalid("password", "password is required.");
        return await PasswordSignInAsync(signIn, request.UserName, request.Password).ConfigureAwait(false);
    }

    private static async Task<IResult> SignInFormAsync([FromForm(Name = "userName")] string? userName, [FromForm(Name = "password")] string? password, SignInManager<CenterUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(userName)) return Problems.Invalid("userName", "userName is required.");
        if (string.IsNullOrEmpty(password)) return Problems.Invalid("password", "password is required.");
        return await PasswordSignInAsync(signIn, userName, password).ConfigureAwait(false);
    }

    private static async Task<IResult> PasswordSignInAsync(SignInManager<CenterUser> signIn, string userName, string password)
    {
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.IsLockedOut) return Problems.Result(StatusCodes.Status401Unauthorized, CenterReasonCodes.LockedOut);
        if (!result.Succeeded) return Problems.Result(StatusCodes.Status401Unauthorized, CenterReasonCodes.InvalidSignIn);
        var user = await signIn.UserManager.FindByNameAsync(userName).ConfigureAwait(false);
        return Results.Json(new SignedInResponse(user!.UserName, user.Role, user.Subject), CenterJsonContext.Default.SignedInResponse);
    }

    /// <summary>A path of this site (<c>/me</c>), never another site's address (<c>//evil.example</c>, <c>/\evil.example</c>, <c>https://…</c>).</summary>
    private static bool IsLocalPath([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private static string? SubjectOf(ClaimsPrincipal user) => user.FindFirstValue(CreditCenterClaims.Subject);
}
