using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// Authenticates venues by <c>Authorization: ShangdingVenue &lt;venueId&gt;:&lt;secret&gt;</c> against the registered venues
/// (<see cref="IVenueRegistry"/>, read again after <see cref="CreditCenterOptions.VenueCacheLifetime"/>): the venue must
/// exist, not be disabled, and the secret must hash to its credential.
/// A failed or missing credential is answered 401 with a problem (<c>invalid-venue-credentials</c>).
/// </summary>
internal sealed class VenueAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly CreditCenterState _state;

    public VenueAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CreditCenterState state)
        : base(options, logger, encoder) => _state = state;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0 || !header.StartsWith(VenueCredentials.Scheme + " ", StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        if (!VenueCredentials.TryParseHeader(header, out var venueId, out var secret)) return AuthenticateResult.Fail("The ShangdingVenue credentials are not of the form <venueId>:<secret>.");
        var venue = await _state.FindVenueAsync(venueId, Context.RequestAborted).ConfigureAwait(false);

        // Hash even for an unknown venue, so the answer takes as long whether or not the id exists.
        var matches = VenueCredentials.Matches(secret, venue?.CredentialHash ?? UnknownVenueHash);
        if (venue is null || venue.DisabledAt is not null || !matches) return AuthenticateResult.Fail("The venue credentials are not valid.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, venue.VenueId),
                new Claim(ClaimTypes.Name, venue.VenueId),
                new Claim(ClaimTypes.Role, CreditCenterClaims.VenueRole),
                new Claim(CreditCenterClaims.Venue, venue.VenueId),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = VenueCredentials.Scheme;
        return Problems.Write(Context, StatusCodes.Status401Unauthorized, CenterReasonCodes.InvalidVenueCredentials);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, CenterReasonCodes.Forbidden);

    private static readonly string UnknownVenueHash = VenueCredentials.Hash(VenueCredentials.NewSecret());
}
