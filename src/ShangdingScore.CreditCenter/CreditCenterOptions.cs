using System.Security.Cryptography.X509Certificates;
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

    /// <summary>How Data Protection's own keys, kept in the key ring, are encrypted at rest (docs/service.md, "Keys").</summary>
    public DataProtectionKeyOptions DataProtectionKeys { get; } = new();

    /// <summary>OpenID Connect sign-in for citizens; off while <see cref="OpenIdConnectOptions.Authority"/> is null.</summary>
    public OpenIdConnectOptions OpenIdConnect { get; } = new();

    /// <summary>
    /// The encryption at rest of Data Protection's keys (which protect the session cookies, the anti-forgery tokens and
    /// the signing keys): a certificate with its private key, the same for every instance. Read when the services are
    /// registered. Without a certificate or another XML encryptor the center refuses to start outside Development unless
    /// <see cref="AllowUnencrypted"/> is set; in Development it logs a warning.
    /// </summary>
    public sealed class DataProtectionKeyOptions
    {
        /// <summary>The certificate that encrypts the keys (with its private key, to read them back); or use <see cref="CertificatePath"/>.</summary>
        public X509Certificate2? Certificate { get; set; }

        /// <summary>A PKCS #12 (.pfx) file holding the certificate and its private key; or use <see cref="Certificate"/>.</summary>
        public string? CertificatePath { get; set; }

        /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
        public string? CertificatePassword { get; set; }

        /// <summary>Certificates used before a rotation: the keys they encrypted can still be read.</summary>
        public IList<X509Certificate2> PreviousCertificates { get; } = new List<X509Certificate2>();

        /// <summary>Keeps the keys unencrypted outside Development (the database is protected by other means): an explicit opt-out.</summary>
        /// <value>The default is false.</value>
        public bool AllowUnencrypted { get; set; }
    }

    /// <summary>Citizen sign-in through an OpenID Connect provider.</summary>
    public sealed class OpenIdConnectOptions
    {
        /// <summary>
        /// The authentication scheme's name: a host sets further provider settings (scopes, response mode, events) with
        /// <c>Configure&lt;Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions&gt;(Scheme, …)</c>.
        /// </summary>
        public const string Scheme = "shangding-oidc";

        /// <summary>The provider's authority URL; null (the default) leaves OpenID Connect off.</summary>
        public string? Authority { get; set; }

        /// <summary>The client id registered with the provider.</summary>
        public string? ClientId { get; set; }

        /// <summary>The client secret registered with the provider.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>
        /// The claim of the provider's id token that holds the citizen's subject id (opaque, never a resident identity
        /// number); a token without it, or with a value that is no subject id, signs nobody in.
        /// </summary>
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
