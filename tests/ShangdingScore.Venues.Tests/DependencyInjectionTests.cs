using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.DependencyInjection;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

public class DependencyInjectionTests
{
    private static ServiceCollection Services(Action<ShangdingScoreOptions> configure, bool withClock = true)
    {
        var services = new ServiceCollection();
        if (withClock) services.AddSingleton<IClock>(new FakeClock(TestCity.Now));
        services.AddSingleton<ICreditRecordSource>(new InMemoryRecordSource("theme-db", Array.Empty<CreditRecord>()));
        services.AddSingleton<IEnrolmentSource>(new InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment>()));
        services.AddSingleton<IGrantKeyProvider>(new InMemoryGrantKeyProvider(new GrantKey[] { TestCity.Key }));
        services.AddShangdingScore(configure);
        return services;
    }

    [Fact]
    public async Task AddShangdingScore_ValidOptions_ResolvesAWorkingGateway()
    {
        using var sp = Services(o => o.VenueId = TestCity.Venue).BuildServiceProvider();
        sp.GetRequiredService<IStartupValidator>().Validate();
        var gateway = sp.GetRequiredService<VenueGateway>();
        Assert.Equal(TestCity.Venue, gateway.VenueId);
        Assert.Same(gateway, sp.GetRequiredService<VenueGateway>());
        Assert.Equal("2019.1.0", sp.GetRequiredService<BenefitCatalog>().Version.ToString());

        var city = new TestCity();
        var d = await gateway.DecideAsync(city.Token(TestCity.Outstanding), "healthcare.priority-referral");
        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.Equal(BenefitReasonCodes.NotEnrolled, d.ReasonCode);
        Assert.Single(sp.GetRequiredService<IQueryLog>() is InMemoryQueryLog log ? log.Entries : default);
    }

    [Fact]
    public void AddShangdingScore_BadOptions_OneExceptionAtStartListingEveryProblem()
    {
        using var sp = Services(o =>
        {
            o.VenueId = " ";
            o.RuleSetVersion = "9.9.9";
            o.BenefitCatalogVersion = "latest";
            o.GrantClockSkew = TimeSpan.FromHours(1);
            o.PerSourceTimeout = TimeSpan.Zero;
            o.PolicyTimeout = TimeSpan.FromSeconds(-1);
        }).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(6, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("VenueId", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("RuleSetVersion 9.9.9 is not shipped", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BenefitCatalogVersion 'latest'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("GrantClockSkew", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("PerSourceTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("PolicyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void AddShangdingScore_MissingSourcesAndKeys_ReportedAtStartWithTheOptions()
    {
        var services = new ServiceCollection();
        services.AddShangdingScore(o => o.VenueId = "");
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("ICreditRecordSource", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("IEnrolmentSource", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("IGrantKeyProvider", StringComparison.Ordinal));
    }

    [Fact]
    public void AddShangdingScore_UnknownCatalogVersion_FailsAtStartNotAtFirstRequest()
    {
        using var sp = Services(o => { o.VenueId = "v"; o.BenefitCatalogVersion = "2099.1.0"; }).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("2019.1.0", Assert.Single(ex.Failures));
    }

    /// <summary>The shipped 2019.1.0 and a fixture 2026.1.0 in force from 2026-01-01 (TestCity.Now is 2026-06-01).</summary>
    private static Rules.RuleSetHistory TwoVersions()
    {
        var launch = Rules.Zhengzhou.ZhengzhouRuleSets.Load(Rules.Zhengzhou.ZhengzhouRuleSets.LaunchVersion);
        var next = Rules.RuleSetJson.Load(Rules.Zhengzhou.ZhengzhouRuleSets.GetJson(launch.Version)
            .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2026.1.0\"", StringComparison.Ordinal)
            .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2026-01-01\"", StringComparison.Ordinal)).GetValueOrThrow();
        return Rules.RuleSetHistory.Create(new[] { launch, next });
    }

    private static async Task<VenueDecision> DecideWith(string? pin)
    {
        var city = new TestCity();
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(city.Clock);
        services.AddSingleton(TwoVersions());
        services.AddSingleton<ICreditRecordSource>(city.Records);
        services.AddSingleton<IEnrolmentSource>(city.Enrolments);
        services.AddSingleton<IGrantKeyProvider>(new InMemoryGrantKeyProvider(new GrantKey[] { TestCity.Key }));
        services.AddShangdingScore(o => { o.VenueId = TestCity.Venue; o.RuleSetVersion = pin; });
        using var sp = services.BuildServiceProvider();
        sp.GetRequiredService<IStartupValidator>().Validate();
        return await sp.GetRequiredService<VenueGateway>().DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation), "healthcare.priority-referral");
    }

    [Fact]
    public async Task AddShangdingScore_NoPin_DecidesWithTheVersionInForceToday()
    {
        var d = await DecideWith(pin: null);

        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.Equal(("2026.1.0", true), (d.RuleSet!.Version, d.RuleSet.InForce));
    }

    [Fact]
    public async Task AddShangdingScore_PinnedVersionNotInForce_DecidesWithItAndFlagsIt()
    {
        var d = await DecideWith(pin: "2019.1.0");

        Assert.Equal(QueryOutcome.Answered, d.Outcome);
        Assert.Equal(("2019.1.0", false), (d.RuleSet!.Version, d.RuleSet.InForce));
        Assert.Contains("not the version in force", d.Explanation!.En, StringComparison.Ordinal);
        Assert.Contains("非计算日生效版本", d.Explanation.ZhCn, StringComparison.Ordinal);
    }

    [Fact]
    public void AddShangdingScore_Default_RegistersEveryShippedVersion()
    {
        using var sp = Services(o => { o.VenueId = "v"; o.RuleSetVersion = "2019.1.0"; }).BuildServiceProvider();
        sp.GetRequiredService<IStartupValidator>().Validate();
        Assert.Same(Rules.Zhengzhou.ZhengzhouRuleSets.History, sp.GetRequiredService<Rules.RuleSetHistory>());
    }

    [Fact]
    public void AddShangdingScore_CalledTwice_RegistersEachServiceOnce()
    {
        var services = Services(o => o.VenueId = "v");
        services.AddShangdingScore(o => o.VenueId = "w");
        foreach (var type in new[] { typeof(VenueGateway), typeof(GrantVerifier), typeof(IQueryLog), typeof(INonceStore), typeof(IBenefitPolicy), typeof(BenefitCatalog), typeof(VenueTelemetry), typeof(IClock), typeof(IValidateOptions<ShangdingScoreOptions>) })
        {
            Assert.Single(services, d => d.ServiceType == type);
        }

        // Both configure actions run, in order, like any options registration.
        using var sp = services.BuildServiceProvider();
        Assert.Equal("w", sp.GetRequiredService<VenueGateway>().VenueId);
    }

    [Fact]
    public void AddShangdingScore_RegisteredClockAndLog_AreKept()
    {
        var mine = new InMemoryQueryLog();
        var services = new ServiceCollection();
        services.AddSingleton<IQueryLog>(mine);
        services.AddShangdingScore(o => o.VenueId = "v");
        using var sp = services.BuildServiceProvider();
        Assert.Same(mine, sp.GetRequiredService<IQueryLog>());
        Assert.Same(SystemClockDefault(), sp.GetRequiredService<IClock>());
    }

#pragma warning disable RS0030 // Tests check the edge default is the system clock.
    private static IClock SystemClockDefault() => SystemClock.Instance;
#pragma warning restore RS0030
}
