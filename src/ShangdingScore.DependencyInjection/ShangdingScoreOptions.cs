using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;

namespace ShangdingScore.DependencyInjection;

/// <summary>
/// Options of <see cref="ShangdingScoreServiceCollectionExtensions.AddShangdingScore"/>. Settable, as the
/// options pattern needs; validated once at start-up (<c>ValidateOnStart</c>) with one report of every problem.
/// </summary>
/// <remarks>Not thread-safe while being configured; read-only afterwards by convention.</remarks>
public sealed class ShangdingScoreOptions
{
    /// <summary>This venue's id: grants must name it as their grantee. Required.</summary>
    /// <value>The default is empty (invalid).</value>
    public string VenueId { get; set; } = string.Empty;

    /// <summary>
    /// A Zhengzhou rule-set version to pin, for example <c>2019.1.0</c>; null (the default, and what a venue
    /// normally wants) decides with the version in force on each day, so a newer rules package takes effect on
    /// its <c>effectiveFrom</c> without a code change. A pinned version decides every query, and every answer
    /// that it decides on a day it is not in force is flagged (<see cref="Venues.VenueDecision.RuleSet"/>,
    /// <c>InForce</c> false, and the explanation says so). A version the package does not ship fails at start-up.
    /// </summary>
    /// <value>The default is null.</value>
    public string? RuleSetVersion { get; set; }

    /// <summary>The benefit-catalog version (<c>zhengzhou.benefits</c>). A version the package does not ship fails at start-up.</summary>
    /// <value>The default is <c>2019.1.0</c>.</value>
    public string BenefitCatalogVersion { get; set; } = "2019.1.0";

    /// <summary>The clock skew allowed when checking a grant's <c>iat</c> and <c>exp</c>.</summary>
    /// <value>The default is 2 minutes; at most 10 minutes.</value>
    public TimeSpan GrantClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long each record source, and the enrolment source, may take before the evaluation is marked incomplete
    /// (a source that ignores cancellation is abandoned at this timeout, not awaited).
    /// </summary>
    /// <value>The default is 5 seconds; it must be positive.</value>
    public TimeSpan PerSourceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the benefit policy may take before the query fails as <c>policy-failed</c>.</summary>
    /// <value>The default is 5 seconds; it must be positive.</value>
    public TimeSpan PolicyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Validates <see cref="ShangdingScoreOptions"/>, reporting every problem at once. Built by the container,
/// it also reports the services the application must register and did not (record sources, the
/// enrolment source, the grant key provider), so that they fail at start-up too.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ShangdingScoreOptionsValidator : IValidateOptions<ShangdingScoreOptions>
{
    private readonly IServiceProviderIsService? _services;

    /// <summary>Creates the validator.</summary>
    /// <param name="services">The container's registration check; null checks the options only.</param>
    public ShangdingScoreOptionsValidator(IServiceProviderIsService? services = null) => _services = services;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ShangdingScoreOptions options)
    {
        if (options is null) return ValidateOptionsResult.Fail("ShangdingScoreOptions is null.");
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.VenueId)) failures.Add("VenueId is required: the venue id that grants name as their grantee.");
        if (options.RuleSetVersion is { } rv)
        {
            if (!Rules.RuleSetVersion.TryParse(rv, out var v)) failures.Add($"RuleSetVersion '{rv}' is not a Semantic Versioning version.");
            else if (!ZhengzhouRuleSets.AvailableVersions.Contains(v)) failures.Add($"RuleSetVersion {rv} is not shipped; available: {string.Join(", ", ZhengzhouRuleSets.AvailableVersions)}.");
        }

        if (!Rules.RuleSetVersion.TryParse(options.BenefitCatalogVersion, out var cv)) failures.Add($"BenefitCatalogVersion '{options.BenefitCatalogVersion}' is not a Semantic Versioning version.");
        else if (!DefaultBenefitCatalogs.AvailableVersions.Contains(cv)) failures.Add($"BenefitCatalogVersion {options.BenefitCatalogVersion} is not shipped; available: {string.Join(", ", DefaultBenefitCatalogs.AvailableVersions)}.");
        if (options.GrantClockSkew < TimeSpan.Zero || options.GrantClockSkew > GrantVerifierOptions.MaxClockSkew.ToTimeSpan()) failures.Add($"GrantClockSkew {options.GrantClockSkew} must be between 0 and {GrantVerifierOptions.MaxClockSkew.ToTimeSpan()}.");
        if (options.PerSourceTimeout <= TimeSpan.Zero) failures.Add($"PerSourceTimeout {options.PerSourceTimeout} must be positive.");
        if (options.PolicyTimeout <= TimeSpan.Zero) failures.Add($"PolicyTimeout {options.PolicyTimeout} must be positive.");
        // A venue that asks the credit center (UseCreditCenter) holds no records and no grant keys.
        if (_services is not null && !_services.IsService(typeof(ICreditCenterClient)))
        {
            if (!_services.IsService(typeof(ICreditRecordSource))) failures.Add("No ICreditRecordSource is registered: register at least one record source.");
            if (!_services.IsService(typeof(IEnrolmentSource))) failures.Add("No IEnrolmentSource is registered.");
            if (!_services.IsService(typeof(IGrantKeyProvider))) failures.Add("No IGrantKeyProvider is registered: the gateway cannot verify grants without keys.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
