using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;
using ShangdingScore.Stores;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// What every endpoint works with: the stores, the rights workflows, the rules and catalog, the signing keys, and one
/// <see cref="VenueGateway"/> per venue (a cache of immutable objects; all state stays in the stores).
/// </summary>
internal sealed class CreditCenterState
{
    private readonly ConcurrentDictionary<string, Lazy<Task<VenueGateway>>> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RegisteredVenue Venue, long ReadAt)> _venues = new(StringComparer.Ordinal);
    private readonly Lazy<Task<CenterSigningKeys>> _keys;
    private readonly ILoggerFactory _loggers;
    private readonly VenueTelemetry _telemetry;

    public CreditCenterState(IOptions<CreditCenterOptions> options, IServiceProvider services, IClock clock, IDataProtectionProvider protection, ILoggerFactory loggers, VenueTelemetry telemetry)
    {
        var o = options.Value;
        var problems = new List<string>();
        var creditStore = o.CreditStore ?? services.GetService<ICreditStore>();
        var serviceState = o.ServiceState ?? services.GetService<IServiceStateStore>();
        if (creditStore is null) problems.Add("CreditStore is required (or an ICreditStore in the container): the theme database.");
        if (serviceState is null) problems.Add("ServiceState is required (or an IServiceStateStore in the container): the service's shared state.");
        var grantState = o.GrantState ?? services.GetService<IGrantStateStore>() ?? creditStore as IGrantStateStore;
        var rightsStore = o.RightsStore ?? services.GetService<IRightsStore>() ?? creditStore as IRightsStore;
        if (grantState is null) problems.Add("GrantState is required when the credit store keeps no grant state (IGrantStateStore).");
        if (rightsStore is null) problems.Add("RightsStore is required when the credit store keeps no rights journal (IRightsStore).");
        if (string.IsNullOrWhiteSpace(o.CenterId)) problems.Add("CenterId must not be empty.");
        if (o.MaxGrantLifetime < Duration.FromMinutes(1)) problems.Add("MaxGrantLifetime must be at least one minute.");
        if (o.DecisionsPerMinute < 1 || o.SignInsPerMinute < 1) problems.Add("DecisionsPerMinute and SignInsPerMinute must be at least 1.");
        if (o.VenueCacheLifetime < Duration.Zero || o.VenueCacheLifetime > Duration.FromMinutes(1)) problems.Add("VenueCacheLifetime must be between zero and one minute.");
        if (!RuleSetVersion.TryParse(o.BenefitCatalogVersion, out var catalogVersion)) problems.Add($"BenefitCatalogVersion '{o.BenefitCatalogVersion}' is not a version.");
        if (problems.Count > 0) throw new InvalidOperationException("The credit center is not configured: " + string.Join(" ", problems));

        Options = o;
        CreditStore = creditStore!;
        ServiceState = serviceState!;
        GrantState = grantState!;
        Clock = clock;
        Rules = ZhengzhouRuleSets.History;
        Catalog = DefaultBenefitCatalogs.Load(catalogVersion);
        Theme = new CreditStoreThemeDatabase(CreditStore);
        Rights = new RightsWorkflows(new RightsWorkflowsOptions
        {
            Store = rightsStore!,
            ThemeDatabase = Theme,
            Rules = Rules,
            Clock = clock,
            Policy = o.RightsPolicy,
            Residence = o.Residence ?? services.GetService<IResidenceSource>(),
        });
        _loggers = loggers;
        _telemetry = telemetry;
        var protector = protection.CreateProtector("ShangdingScore.CreditCenter.SigningKeys");
        _keys = new Lazy<Task<CenterSigningKeys>>(() => CenterSigningKeys.LoadAsync(o, ServiceState.KeyRing, protector, clock));
    }

    public CreditCenterOptions Options { get; }

    public ICreditStore CreditStore { get; }

    public IServiceStateStore ServiceState { get; }

    public IGrantStateStore GrantState { get; }

    public IClock Clock { get; }

    public RuleSetHistory Rules { get; }

    public BenefitCatalog Catalog { get; }

    public IThemeDatabase Theme { get; }

    public RightsWorkflows Rights { get; }

    public Task<CenterSigningKeys> KeysAsync() => _keys.Value;

    /// <summary>Today in the time zone of the rule set in force now.</summary>
    public LocalDate Today()
    {
        var now = Clock.GetCurrentInstant();
        for (int i = Rules.Versions.Length - 1; i >= 0; i--)
        {
            var v = Rules.Versions[i];
            if (now.InZone(v.TimeZone).Date >= v.EffectiveFrom) return now.InZone(v.TimeZone).Date;
        }

        return now.InZone(Rules.Versions[0].TimeZone).Date;
    }

    /// <summary>
    /// The registered venue <paramref name="venueId"/> as read at most <see cref="CreditCenterOptions.VenueCacheLifetime"/>
    /// ago (by this instance; an unknown id is read every time), for authenticating venues on every request without a
    /// read of the registry each time. A rotation or disabling made through this instance is seen at once
    /// (<see cref="ForgetVenue"/>); one made through another instance within the lifetime.
    /// </summary>
    public async Task<RegisteredVenue?> FindVenueAsync(string venueId, CancellationToken cancellationToken)
    {
        var lifetime = Options.VenueCacheLifetime.ToTimeSpan();
        long now = Stopwatch.GetTimestamp();
        if (_venues.TryGetValue(venueId, out var cached) && Stopwatch.GetElapsedTime(cached.ReadAt, now) < lifetime) return cached.Venue;
        var venue = await ServiceState.Venues.FindAsync(venueId, cancellationToken).ConfigureAwait(false);
        if (venue is null || lifetime == TimeSpan.Zero) _venues.TryRemove(venueId, out _);
        else _venues[venueId] = (venue, now);
        return venue;
    }

    /// <summary>Drops the venue read for <paramref name="venueId"/>, after this instance changed it.</summary>
    public void ForgetVenue(string venueId) => _venues.TryRemove(venueId, out _);

    /// <summary>The gateway that decides for <paramref name="venueId"/> (its grants must name it as grantee).</summary>
    public Task<VenueGateway> GatewayForAsync(string venueId) =>
        _gateways.GetOrAdd(venueId, id => new Lazy<Task<VenueGateway>>(() => MakeGatewayAsync(id))).Value;

    private async Task<VenueGateway> MakeGatewayAsync(string venueId)
    {
        var keys = await KeysAsync().ConfigureAwait(false);
        var verifier = new GrantVerifier(
            new InMemoryGrantKeyProvider(keys.GrantVerificationKeys),
            GrantState.NonceStore,
            Clock,
            null,
            new IssuedGrantRevocationList(ServiceState.IssuedGrants));
        return new VenueGateway(
            new VenueGatewayOptions { VenueId = venueId },
            Rules,
            new CompositeRecordSource([CreditStore]),
            CreditStore,
            Catalog,
            GradeThresholdPolicy.Instance,
            verifier,
            GrantState.QueryLog,
            Clock,
            _loggers.CreateLogger<VenueGateway>(),
            _telemetry);
    }
}
