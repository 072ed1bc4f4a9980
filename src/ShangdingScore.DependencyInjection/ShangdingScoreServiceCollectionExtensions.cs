using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;
using ShangdingScore.Venues;

namespace ShangdingScore.DependencyInjection;

/// <summary>Registers the Shangding score venue services (docs/venues.md).</summary>
public static class ShangdingScoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VenueGateway"/> and what it needs, each with <c>TryAdd</c> (so calling twice,
    /// or registering your own implementation first, is fine). All registrations are singletons:
    /// <see cref="IClock"/> (the system clock unless you registered one), <see cref="INonceStore"/> and
    /// <see cref="IQueryLog"/> (in memory unless you registered shared ones, or call <see cref="UseGrantState"/>:
    /// the in-memory ones are for tests and samples, as they forget every used grant and every query
    /// when the process ends), <see cref="IBenefitPolicy"/>
    /// (<see cref="GradeThresholdPolicy"/>), <see cref="RuleSetHistory"/> and <see cref="BenefitCatalog"/>
    /// (by the versions in the options), <see cref="GrantVerifier"/>, <see cref="VenueTelemetry"/> and the
    /// gateway. You register the <see cref="ICreditRecordSource"/>s, the <see cref="IEnrolmentSource"/> and
    /// the <see cref="IGrantKeyProvider"/>. Options are validated at start-up with every problem in one
    /// <see cref="OptionsValidationException"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="ShangdingScoreOptions.VenueId"/> is required.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddShangdingScore(this IServiceCollection services, Action<ShangdingScoreOptions> configure)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (configure is null) throw new ArgumentNullException(nameof(configure));
        services.AddOptions<ShangdingScoreOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShangdingScoreOptions>, ShangdingScoreOptionsValidator>());

        // The application edge: the one place in src/ that chooses the system clock. A registered IClock
        // (FakeClock in tests, a sample's fixed clock) wins, because of TryAdd.
#pragma warning disable RS0030 // Banned API: SystemClock.Instance is allowed here only, as the DI default.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.TryAddSingleton<INonceStore, InMemoryNonceStore>();
        services.TryAddSingleton<IQueryLog, InMemoryQueryLog>();
        services.TryAddSingleton<IBenefitPolicy>(GradeThresholdPolicy.Instance);
        // Every shipped version: the one in force on each day decides, unless the options pin one (flagged when not in force).
        services.TryAddSingleton(_ => ZhengzhouRuleSets.History);
        services.TryAddSingleton(sp => DefaultBenefitCatalogs.Load(RuleSetVersion.Parse(sp.GetRequiredService<IOptions<ShangdingScoreOptions>>().Value.BenefitCatalogVersion)));
        services.TryAddSingleton(sp => new VenueTelemetry(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new GrantVerifier(
            sp.GetRequiredService<IGrantKeyProvider>(),
            sp.GetRequiredService<INonceStore>(),
            sp.GetRequiredService<IClock>(),
            new GrantVerifierOptions { ClockSkew = Duration.FromTimeSpan(sp.GetRequiredService<IOptions<ShangdingScoreOptions>>().Value.GrantClockSkew) }));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ShangdingScoreOptions>>().Value;
            return new VenueGateway(
                new VenueGatewayOptions { VenueId = o.VenueId, PolicyTimeout = o.PolicyTimeout, PinnedRuleSetVersion = o.RuleSetVersion is { } pin ? RuleSetVersion.Parse(pin) : null },
                sp.GetRequiredService<RuleSetHistory>(),
                new CompositeRecordSource(sp.GetServices<ICreditRecordSource>(), new CompositeRecordSourceOptions { PerSourceTimeout = o.PerSourceTimeout }),
                sp.GetRequiredService<IEnrolmentSource>(),
                sp.GetRequiredService<BenefitCatalog>(),
                sp.GetRequiredService<IBenefitPolicy>(),
                sp.GetRequiredService<GrantVerifier>(),
                sp.GetRequiredService<IQueryLog>(),
                sp.GetRequiredService<IClock>(),
                sp.GetService<ILogger<VenueGateway>>(),
                sp.GetRequiredService<VenueTelemetry>());
        });
        services.TryAddSingleton<IVenueDecider>(sp => sp.GetRequiredService<VenueGateway>());
        return services;
    }

    /// <summary>
    /// Makes the venue ask the credit center instead of deciding from local record sources (docs/service.md): registers
    /// a <see cref="CreditCenterClient"/> as <see cref="ICreditCenterClient"/> and as the <see cref="IVenueDecider"/> the
    /// adapters take (replacing the local gateway there), so no record source, enrolment source or grant key is needed.
    /// The client verifies every decision with <paramref name="centerKey"/> (the center's decision key, pinned). Set
    /// <see cref="ShangdingScoreOptions.VenueId"/> to the same <paramref name="venueId"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="centerUri">The center's base address.</param>
    /// <param name="venueId">This venue's id, as the center registered it.</param>
    /// <param name="secret">The secret the center gave at registration.</param>
    /// <param name="centerKey">The center's decision-signing public key.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="venueId"/> or <paramref name="secret"/> is empty.</exception>
    public static IServiceCollection UseCreditCenter(this IServiceCollection services, Uri centerUri, string venueId, string secret, GrantKey centerKey)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        var options = new CreditCenterClientOptions
        {
            CenterUri = centerUri ?? throw new ArgumentNullException(nameof(centerUri)),
            VenueId = venueId ?? throw new ArgumentNullException(nameof(venueId)),
            Secret = secret ?? throw new ArgumentNullException(nameof(secret)),
            CenterKey = centerKey ?? throw new ArgumentNullException(nameof(centerKey)),
        };
        if (string.IsNullOrWhiteSpace(venueId)) throw new ArgumentException("The venue id must not be empty.", nameof(venueId));
        if (string.IsNullOrWhiteSpace(secret)) throw new ArgumentException("The secret must not be empty.", nameof(secret));
#pragma warning disable RS0030 // Banned API: SystemClock.Instance is allowed here only, as the DI default.
        services.TryAddSingleton<IClock>(SystemClock.Instance);
#pragma warning restore RS0030
        services.Replace(ServiceDescriptor.Singleton<ICreditCenterClient>(sp => new CreditCenterClient(options, sp.GetRequiredService<IClock>())));
        services.Replace(ServiceDescriptor.Singleton<IVenueDecider>(sp => sp.GetRequiredService<ICreditCenterClient>()));
        return services;
    }

    /// <summary>
    /// Makes the gateway keep its grant state durably: <paramref name="nonceStore"/> (used nonces, shared
    /// by every process serving the venue, so a grant answers once across them and across restarts)
    /// and <paramref name="queryLog"/> (the queries the citizen reads). They replace whatever was
    /// registered for <see cref="INonceStore"/> and <see cref="IQueryLog"/>, the in-memory defaults of
    /// <see cref="AddShangdingScore"/> included, so call it before or after that. With a theme database:
    /// <c>services.AddShangdingScore(o =&gt; o.VenueId = "zz-library").UseGrantState(store.NonceStore, store.QueryLog);</c>
    /// (ShangdingScore.Store.Sqlite or .Postgres). The container does not own them: dispose the store after it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="nonceStore">The shared nonce store.</param>
    /// <param name="queryLog">The durable query log.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection UseGrantState(this IServiceCollection services, INonceStore nonceStore, IQueryLog queryLog)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        if (nonceStore is null) throw new ArgumentNullException(nameof(nonceStore));
        if (queryLog is null) throw new ArgumentNullException(nameof(queryLog));
        services.Replace(ServiceDescriptor.Singleton(nonceStore));
        services.Replace(ServiceDescriptor.Singleton(queryLog));
        return services;
    }
}
