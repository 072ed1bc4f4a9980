using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>Puts the credit center's pages on an ASP.NET Core application (docs/portal.md).</summary>
public static class CreditCenterPagesExtensions
{
    /// <summary>The path of the pages' style sheet.</summary>
    public const string StyleSheetPath = "/_shangding/pages.css";

    /// <summary>The sign-in page.</summary>
    public const string SignInPath = "/sign-in";

    /// <summary>The rate-limit policy of the sign-in page: its posts count against the center's <see cref="CreditCenterOptions.SignInsPerMinute"/> per client address.</summary>
    public const string SignInRateLimitPolicy = "shangding-pages-sign-in";

    /// <summary>
    /// Registers the pages: Razor Pages from this library, the pages' authorization policies, a sign-in redirect for
    /// pages (the API keeps answering 401 and 403 as problems), and an HTML encoder that leaves Chinese as text. Call it after
    /// <see cref="CreditCenterServiceCollectionExtensions.AddShangdingCreditCenter"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddShangdingCreditCenterPages(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Me", PagePolicies.Citizen);
            o.Conventions.AuthorizeFolder("/Desk", PagePolicies.VenueStaff);
            o.Conventions.AuthorizeFolder("/Console", PagePolicies.Center);
        }).ConfigureApplicationPartManager(m =>
        {
            // A host whose entry assembly does not reference this library (a test runner) would not find the pages.
            var assembly = typeof(CreditCenterPagesExtensions).Assembly;
            if (m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) return;
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly)) m.ApplicationParts.Add(part);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PagePolicies.Citizen, p => p.RequireAuthenticatedUser().RequireClaim(CreditCenterClaims.Subject).RequireRole(CreditCenterClaims.CitizenRole))
            .AddPolicy(PagePolicies.VenueStaff, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().RequireClaim(CreditCenterClaims.Venue).RequireRole(CreditCenterClaims.VenueRole))
            .AddPolicy(PagePolicies.Center, p => p.RequireAuthenticatedUser().RequireRole(CreditCenterClaims.CenterRole));
        services.AddRateLimiter(o => o.AddPolicy(SignInRateLimitPolicy, c => HttpMethods.IsPost(c.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(
                "pages-sign-in:" + (c.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = c.RequestServices.GetRequiredService<IOptions<CreditCenterOptions>>().Value.SignInsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
            : RateLimitPartition.GetNoLimiter("pages-sign-in:read")));
        // Chinese is written as text, not as &#x…; references (the default encoder escapes everything past Basic Latin).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<PortalService>();
        services.AddSingleton<DeskService>();
        services.AddSingleton<ConsoleService>();

        // The session cookie answers the API with problems; a page asks the browser to sign in instead.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var apiLogin = o.Events.OnRedirectToLogin;
            var apiDenied = o.Events.OnRedirectToAccessDenied;
            o.Events.OnRedirectToLogin = c =>
            {
                if (IsApi(c.Request)) return apiLogin(c);
                c.Response.Redirect(SignInPath + "?returnUrl=" + Uri.EscapeDataString(c.Request.PathBase + c.Request.Path + c.Request.QueryString));
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = c =>
            {
                if (IsApi(c.Request)) return apiDenied(c);
                c.Response.Redirect(SignInPath + "?denied=1");
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>
    /// Maps the pages — the citizen portal under <c>/me</c>, the venue desk at <c>/desk</c>, the center console under
    /// <c>/console</c>, sign-in at <c>/sign-in</c>, the home page at <c>/</c> — and the style sheet. Call it after
    /// <see cref="CreditCenterApplicationExtensions.MapShangdingCreditCenter"/> (its middleware serves the pages too).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static WebApplication MapShangdingCreditCenterPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(StyleSheetPath, PageStyles.Serve).ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The pages' authorization policies (the session cookie, by role).</summary>
internal static class PagePolicies
{
    public const string Citizen = "shangding-pages-citizen";
    public const string VenueStaff = "shangding-pages-venue-staff";
    public const string Center = "shangding-pages-center";
}
