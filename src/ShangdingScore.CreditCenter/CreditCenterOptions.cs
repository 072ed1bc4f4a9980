using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Rights;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// Options of <see cref="CreditCenterServiceCollectionExtensions.AddShangdingCreditCenter"/>: the stores, the keys, the
/// limits. Settable, as the options pattern needs; checked once when the first request needs them (every problem listed).
/// </summary>
/// <remarks>Not thread-safe while being configured; read-only afterwards by convention.</remarks>
public sealed class CreditCenterOptions
{
    /// <summary>The center's id, for example <c>zz-credit-center</c> (the actor of its staff's decisions, the application name of its cookies).</summary>
    /// <value>The default is <c>zz-credit-center</c>.</value>
    public string CenterId { get; set; } = "zz-credit-center";

    /// <summary>The theme database: records, enrolment, scores, set-aside lines; null takes the container's <see cref="ICreditStore"/>.</summary>
    public ICreditStore? CreditStore { get; set; }

    /// <summary>The service's shared state (venues, issued grants, accounts, key ring); null takes the container's <see cref="IServiceStateStore"/>.</summary>
    public IServiceStateStore? ServiceState { get; set; }

    /// <summary>Used nonces and the query log; null takes the container's <see cref="IGrantStateStore"/>, else the credit store when it is one.</summary>
    public IGrantStateStore? GrantState { get; set; }

    /// <summary>The rights journal and outbox; null takes the container's <see cref="IRightsStore"/>, else the credit store when it is one.</summary>
    public IRightsStore? RightsStore { get; set; }

    /// <summary>Where residence is checked when the rights policy requires it (it does by default); null takes the container's <see cref="IResidenceSource"/>.</summary>
    public IResidenceSource? Residence { get; set; }

    /// <summary>The rights policy.</summary>
    /// <value>The default is <see cref="Rights.RightsPolicy.Default"/>.</value>
    public RightsPolicy RightsPolicy { get; set; } = RightsPolicy.Default;

    /// <summary>The benefit-catalog version (<c>zhengzhou.benefits</c>) venues are decided with.</summary>
    /// <value>The default is <c>2019.1.0</c>.</value>
    public string BenefitCatalogVersion { get; set; } = "2019.1.0";

    /// <summary>The key that signs the grants citizens issue through the center; null: one kept in the key ring (purpose <c>grant-signing</c>), made on first use.</summary>
    public EcdsaGrantKey? GrantSigningKey { get; set; }

    /// <summary>The key that signs decisions given to venues; null: one kept in the key ring (purpose <c>decision-signing</c>), made on first use.</summary>
    public EcdsaGrantKey? DecisionSigningKey { get; set; }

    /// <summary>The longest a citizen may make a grant last.</summary>
    /// <value>The default is 7 days.</value>
    public Duration MaxGrantLifetime { get; set; } = Duration.FromDays(7);

    /// <summary>Venue decisions allowed per venue per minute, in each instance (the limiter is per instance).</summary>
    /// <value>The default is 6000.</value>
    public int DecisionsPerMinute { get; set; } = 6000;

    /// <summary>
    /// How long an instance authenticates a venue with the registration it read (credential hash, disabled or not)
    /// before reading it again; a rotation or disabling through another instance takes effect there within this time,
    /// through the same instance at once. Zero reads the registry on every request.
    /// </summary>
    /// <value>The default is 5 seconds; at most one minute.</value>
    public Duration VenueCacheLifetime { get; set; } = Duration.FromSeconds(5);

    /// <summary>Sign-in attempts allowed per client address per minute, in each instance.</summary>
    /// <value>The default is 10.</value>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>OpenID Connect sign-in for citizens; off while <see cref="OpenIdConnectOptions.Authority"/> is null.</summary>
    public OpenIdConnectOptions OpenIdConnect { get; } = new();

    /// <summary>Citizen sign-in through an OpenID Connect provider.</summary>
    public sealed class OpenIdConnectOptions
    {
        /// <summary>The provider's authority URL; null (the default) leaves OpenID Connect off.</summary>
        public string? Authority { get; set; }

        /// <summary>The client id registered with the provider.</summary>
        public string? ClientId { get; set; }

        /// <summary>The client secret registered with the provider.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>The provider's claim that holds the citizen's subject id (opaque, never a resident identity number).</summary>
        /// <value>The default is <c>sub</c>.</value>
        public string SubjectClaim { get; set; } = "sub";
    }
}

/// <summary>The claim types and roles the center issues and reads.</summary>
public static class CreditCenterClaims
{
    /// <summary>The citizen's subject id.</summary>
    public const string Subject = "shangding:subject";

    /// <summary>The venue's id.</summary>
    public const string Venue = "shangding:venue";

    /// <summary>The role of citizens.</summary>
    public const string CitizenRole = "citizen";

    /// <summary>The role of venues (and venue staff).</summary>
    public const string VenueRole = "venue";

    /// <summary>The role of the credit center's staff.</summary>
    public const string CenterRole = "center";
}
