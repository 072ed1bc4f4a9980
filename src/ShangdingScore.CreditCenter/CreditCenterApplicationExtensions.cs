using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ShangdingScore.CreditCenter;

/// <summary>Puts the credit center on an ASP.NET Core application (docs/service.md).</summary>
public static class CreditCenterApplicationExtensions
{
    /// <summary>
    /// Adds the center's middleware, in order — security headers; outside Development, HSTS and the redirect to HTTPS;
    /// status-code problems; authentication; the rate limiter; authorization; anti-forgery — and maps its endpoints
    /// under <c>/api</c>, the form sign-in under <c>/account</c>, and the OpenAPI document at <c>/openapi/v1.json</c>.
    /// Call it once, after <see cref="CreditCenterServiceCollectionExtensions.AddShangdingCreditCenter"/>, before mapping your own pages.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// Outside Development, Data Protection's keys would be kept unencrypted: no certificate
    /// (<see cref="CreditCenterOptions.DataProtectionKeys"/>) nor other XML encryptor, and no explicit opt-out.
    /// </exception>
    public static WebApplication MapShangdingCreditCenter(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        DataProtectionKeyEncryption.CheckAtStart(app.Services, app.Environment);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // A request the framework cannot bind (a form without its anti-forgery token, a bad form field) is the caller's
        // error: its own status (400), not 500, also in Development where binding failures throw.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        Endpoints.Map(app);
        return app;
    }

    /// <summary>
    /// Creates a local account (ASP.NET Core Identity, kept in the service state's accounts): a citizen with their
    /// subject, venue staff with their venue, or center staff.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="userName">The sign-in name.</param>
    /// <param name="password">The password (at least 10 characters).</param>
    /// <param name="role"><c>citizen</c>, <c>venue</c> or <c>center</c> (<see cref="CreditCenterClaims"/>).</param>
    /// <param name="subject">For a citizen, their subject id.</param>
    /// <param name="venueId">For venue staff, their venue.</param>
    /// <returns>Identity's result: failed when the name is taken or the password too weak.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The role is not one of the three, or a citizen has no subject.</exception>
    public static async Task<IdentityResult> CreateCenterAccountAsync(this IServiceProvider services, string userName, string password, string role, SubjectId? subject = null, string? venueId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (role is not (CreditCenterClaims.CitizenRole or CreditCenterClaims.VenueRole or CreditCenterClaims.CenterRole)) throw new ArgumentException($"'{role}' is not a role: citizen, venue or center.", nameof(role));
        if (role == CreditCenterClaims.CitizenRole && subject is null) throw new ArgumentException("A citizen's account names their subject.", nameof(subject));
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CenterUser>>();
        var user = new CenterUser { UserName = userName, Role = role, Subject = subject?.Value, VenueId = venueId };
        return await users.CreateAsync(user, password).ConfigureAwait(false);
    }
}

/// <summary>Security headers on every answer: a strict content security policy (no framing), no MIME sniffing, no referrer.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
