using System.Security.Cryptography;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>The outcome of issuing a grant: the token and what is remembered, or the field at fault and the center's reason code.</summary>
internal readonly record struct GrantIssue(string? Token, IssuedGrant? Grant, string? Field, string? ReasonCode);

/// <summary>
/// Issuing a grant for a citizen, the one home of the rules both <c>POST /api/me/grants</c> and the portal's form
/// follow: a registered, enabled venue; a purpose of the catalog (a benefit or a family); a lifetime between one
/// minute and the center's maximum; signed with the center's grant key and remembered in the service state.
/// </summary>
internal static class GrantIssuing
{
    public static async Task<GrantIssue> IssueGrantAsync(this CreditCenterState state, SubjectId subject, string venueId, string purpose, DisclosureScope scope, int? validMinutes, CancellationToken cancellationToken)
    {
        var venue = await state.ServiceState.Venues.FindAsync(venueId, cancellationToken).ConfigureAwait(false);
        if (venue is null || venue.DisabledAt is not null) return Refuse("venueId", CenterReasonCodes.UnknownVenue);
        if (state.Catalog.Find(purpose) is null && state.Catalog.FindFamily(purpose) is null) return Refuse("purpose", CenterReasonCodes.UnknownPurpose);
        var lifetime = Duration.FromMinutes(validMinutes ?? 10);
        if (lifetime < Duration.FromMinutes(1) || lifetime > state.Options.MaxGrantLifetime) return Refuse("validMinutes", CenterReasonCodes.GrantLifetime);

        // Signed instants travel to the second.
        var now = Instant.FromUnixTimeSeconds(state.Clock.GetCurrentInstant().ToUnixTimeSeconds());
        var grant = new Grant
        {
            Subject = subject, Grantee = venue.VenueId, Purpose = purpose, Scope = scope,
            IssuedAt = now, ExpiresAt = now + lifetime, Nonce = GrantNonce.FromBytes(RandomNumberGenerator.GetBytes(16)),
        };
        var keys = await state.KeysAsync().ConfigureAwait(false);
        var token = GrantToken.Create(grant, keys.GrantSigner);
        var issued = new IssuedGrant { Nonce = grant.Nonce, Subject = subject, Grantee = grant.Grantee, Purpose = purpose, Scope = scope, IssuedAt = grant.IssuedAt, ExpiresAt = grant.ExpiresAt };
        if (!await state.ServiceState.IssuedGrants.AddAsync(issued, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("A fresh 16-byte nonce was already remembered.");
        }

        return new GrantIssue(token, issued, null, null);

        static GrantIssue Refuse(string field, string code) => new(null, null, field, code);
    }
}
