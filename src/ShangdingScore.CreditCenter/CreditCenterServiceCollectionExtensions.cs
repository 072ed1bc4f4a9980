using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Claims;
using System.Text.Json.Serialization.Metadata;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter;

/// <summary>Registers the credit center's services on an ASP.NET Core host (docs/service.md).</summary>
public static class CreditCenterServiceCollectionExtensions
{
    /// <summary>
    /// Registers what <see cref="CreditCenterApplicationExtensions.MapShangdingCreditCenter"/> needs: the center's state
    /// over the configured stores; ASP.NET Core Identity over <see cref="Stores.IAccountStore"/> (no Entity Framework)
    /// with the session cookie, the venue authentication scheme (<c>ShangdingVenue</c>) and, when an authority is set,
    /// OpenID Connect; authorization policies; Data Protection keys kept in the key ring; the rate limiter; problem
    /// details; anti-forgery; the OpenAPI document. The clock is the system clock unless an <see cref="IClock"/> is registered.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options. The stores not set there are taken from the container (<see cref="Stores.ICreditStore"/>, <see cref="Stores.IServiceStateStore"/>, …) when first needed.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddShangdingCreditCenter(this IServiceCollection services, Action<CreditCenterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<CreditCenterOptions>().Configure(configure);

        // Whether OpenID Connect is on decides which schemes exist, so that is read now; everything else is read when used.
        var options = new CreditCenterOptions();
        configure(options);
#pragma warning disable RS0030 // Banned API: the application edge chooses the system clock unless one is registered.
        services.TryAddSingleton<IClock>(NodaTime.SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton(sp => new VenueTelemetry(sp.GetService<IMeterFactory>()));
        services.AddSingleton<CreditCenterState>();
        services.AddHttpContextAccessor();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, JsonTypeInfoResolver.Combine(CenterJsonContext.Default, CreditCenterWire.TypeInfoResolver)));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Problems the framework writes (binding failures, anti-forgery, 404, 415) carry a reason code too.
            if (c.ProblemDetails.Extensions.ContainsKey("reasonCode")) return;
            var code = c.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized => CenterReasonCodes.Unauthenticated,
                StatusCodes.Status403Forbidden => CenterReasonCodes.Forbidden,
                StatusCodes.Status404NotFound => CenterReasonCodes.NotFound,
                StatusCodes.Status429TooManyRequests => CenterReasonCodes.RateLimited,
                >= 400 and < 500 => CenterReasonCodes.InvalidRequest,
                _ => null,
            };
            if (code is null) return;
            var reason = CenterReasonCodes.Describe(code);
            c.ProblemDetails.Extensions["reasonCode"] = code;
            c.ProblemDetails.Extensions["reason"] = new Dictionary<string, string> { ["zhCn"] = reason.ZhCn, ["en"] = reason.En };
        });
        services.AddOpenApi();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "shangding-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Data Protection (cookies, anti-forgery, the signing keys' protection): keys in the key ring, shared by every instance.
        // They are encrypted at rest with the configured certificate (docs/service.md); MapShangdingCreditCenter checks there is an encryptor.
        DataProtectionKeyEncryption.Configure(services.AddDataProtection().SetApplicationName(options.CenterId), options.DataProtectionKeys);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((km, sp) =>
            km.XmlRepository = new KeyRingXmlRepository(
                (sp.GetRequiredService<IOptions<CreditCenterOptions>>().Value.ServiceState ?? sp.GetService<Stores.IServiceStateStore>()
                    ?? throw new InvalidOperationException("The credit center needs an IServiceStateStore (CreditCenterOptions.ServiceState or the container's) for its key ring.")).KeyRing,
                sp.GetRequiredService<IClock>()));

        AddIdentity(services, options);
        AddLimits(services);
        return services;
    }

    private static void AddIdentity(IServiceCollection services, CreditCenterOptions options)
    {
        services.AddIdentityCore<CenterUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Password.RequiredLength = 10;
                // Length over composition (NIST SP 800-63B): 10 characters with a digit, no other rules.
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddUserStore<AccountUserStore>()
            .AddClaimsPrincipalFactory<CenterClaimsFactory>()
            .AddSignInManager();

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
        });
        auth.AddCookie(IdentityConstants.ApplicationScheme, o =>
        {
            o.Cookie.Name = "shangding-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
            o.SlidingExpiration = true;
            // A local account's cookie is checked against its security stamp; a citizen signed in through OpenID Connect
            // has no local account (the provider vouches for them), so theirs is not.
            o.Events.OnValidatePrincipal = c => c.Principal?.Identity?.AuthenticationType == Endpoints.OidcScheme
                ? Task.CompletedTask
                : SecurityStampValidator.ValidatePrincipalAsync(c);

            // The API answers 401/403 as problems; it never redirects to a sign-in page.
            o.Events.OnRedirectToLogin = c => Problems.Write(c.HttpContext, StatusCodes.Status401Unauthorized, CenterReasonCodes.Unauthenticated);
            o.Events.OnRedirectToAccessDenied = c => Problems.Write(c.HttpContext, StatusCodes.Status403Forbidden, CenterReasonCodes.Forbidden);
        });
        auth.AddCookie(IdentityConstants.ExternalScheme);
        auth.AddCookie(IdentityConstants.TwoFactorUserIdScheme);
        auth.AddScheme<AuthenticationSchemeOptions, VenueAuthenticationHandler>(VenueCredentials.Scheme, null);

        if (options.OpenIdConnect.Authority is { } authority)
        {
            auth.AddOpenIdConnect(Endpoints.OidcScheme, o =>
            {
                o.Authority = authority;
                o.ClientId = options.OpenIdConnect.ClientId;
                o.ClientSecret = options.OpenIdConnect.ClientSecret;
                o.ResponseType = "code";
                o.SignInScheme = IdentityConstants.ApplicationScheme;
                o.MapInboundClaims = false;
                o.Events.OnTokenValidated = c =>
                {
                    // The configured claim names the citizen; without it the sign-in fails.
                    var subject = c.Principal?.FindFirst(options.OpenIdConnect.SubjectClaim)?.Value;
                    if (subject is null || !SubjectId.IsValid(subject))
                    {
                        c.Fail($"The provider's token has no valid '{options.OpenIdConnect.SubjectClaim}' claim to name the citizen.");
                        return Task.CompletedTask;
                    }

                    var identity = new ClaimsIdentity(
                        [new Claim(ClaimTypes.Name, subject), new Claim(ClaimTypes.Role, CreditCenterClaims.CitizenRole), new Claim(CreditCenterClaims.Subject, subject)],
                        Endpoints.OidcScheme);
                    c.Principal = new ClaimsPrincipal(identity);
                    return Task.CompletedTask;
                };

                // A provider's refusal, or an answer that does not validate (signature, issuer, audience, nonce, the
                // subject claim), is the center's 401 problem, not an exception page.
                o.Events.OnRemoteFailure = c =>
                {
                    c.HandleResponse();
                    return Problems.Write(c.HttpContext, StatusCodes.Status401Unauthorized, CenterReasonCodes.ExternalSignInFailed);
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Endpoints.VenuePolicy, p => p.AddAuthenticationSchemes(VenueCredentials.Scheme).RequireAuthenticatedUser().RequireClaim(CreditCenterClaims.Venue).RequireRole(CreditCenterClaims.VenueRole))
            .AddPolicy(Endpoints.CitizenPolicy, p => p.RequireAuthenticatedUser().RequireClaim(CreditCenterClaims.Subject).RequireRole(CreditCenterClaims.CitizenRole))
            .AddPolicy(Endpoints.CenterPolicy, p => p.RequireAuthenticatedUser().RequireRole(CreditCenterClaims.CenterRole));
    }

    private static void AddLimits(IServiceCollection services)
    {
        static CreditCenterOptions Of(HttpContext c) => c.RequestServices.GetRequiredService<IOptions<CreditCenterOptions>>().Value;

        // Per instance: each instance counts its own requests (docs/service.md).
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (c, _) => new ValueTask(Problems.Write(c.HttpContext, StatusCodes.Status429TooManyRequests, CenterReasonCodes.RateLimited));
            o.AddPolicy(Endpoints.DecisionsRateLimit, c => RateLimitPartition.GetFixedWindowLimiter(
                "venue:" + (VenueCredentials.TryParseHeader(c.Request.Headers.Authorization.ToString(), out var venue, out _) ? venue : Address(c)),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Of(c).DecisionsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(Endpoints.SignInRateLimit, c => RateLimitPartition.GetFixedWindowLimiter(
                "sign-in:" + Address(c),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Of(c).SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();
}
