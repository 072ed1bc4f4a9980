using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using ShangdingScore.Monitoring;
using ShangdingScore.Records;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>What the center console reads, on the center's state in-process (the same reads as the center API).</summary>
internal sealed class ConsoleService(CreditCenterState state, IServiceProvider services)
{
    /// <summary>Where the monitoring report places subjects; null when the host registered no <see cref="IDistrictResidenceSource"/>.</summary>
    public IDistrictResidenceSource? DistrictResidence => services.GetService<IDistrictResidenceSource>();

    /// <summary>The districts counted by: the host's <see cref="DistrictCatalog"/>, else the embedded Zhengzhou document.</summary>
    public DistrictCatalog Districts => services.GetService<DistrictCatalog>() ?? ZhengzhouDistricts.Latest;

    /// <summary>
    /// The monitoring report (issue 13) over the whole theme database, the query log and the rights journal, on a day;
    /// publishable (small counts suppressed) unless <paramref name="threshold"/> is null.
    /// </summary>
    public async Task<MonitoringReport> MonitoringAsync(IDistrictResidenceSource residence, LocalDate asOf, int? threshold, CancellationToken cancellationToken)
    {
        var ruleSet = state.Rules.InForceOn(asOf) ?? throw new InvalidOperationException($"No rule set is in force on {asOf:uuuu-MM-dd}.");
        var knownAt = state.Clock.GetCurrentInstant();
        var families = state.Catalog.Benefits.ToImmutableDictionary(b => b.Code, b => b.Family, StringComparer.Ordinal);
        var rights = state.Options.RightsStore ?? services.GetService<IRightsStore>() ?? state.CreditStore as IRightsStore;
        var queries = state.GrantState.QueryLog as IDurableQueryLog;
        var report = await MonitoringReportBuilder.BuildAsync(
            state.CreditStore.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }, cancellationToken),
            Evaluation.ScoringPlan.Create(ruleSet, asOf),
            Districts,
            residence,
            queries?.ReadAllAsync(cancellationToken),
            rights,
            new MonitoringOptions { KnownAt = knownAt, BenefitFamilies = families },
            cancellationToken).ConfigureAwait(false);
        return threshold is { } t ? report.ToPublishable(t) : report;
    }

    public LocalDate Today() => state.Today();

    public RuleSetHistory Rules => state.Rules;

    public Task<StoreCounts> CountsAsync(CancellationToken cancellationToken) => state.CreditStore.CountAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordLineRejection>> SetAsideAsync(int limit, CancellationToken cancellationToken)
    {
        var lines = new List<RecordLineRejection>();
        await foreach (var r in state.CreditStore.ReadRejectsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (lines.Count == limit) break;
            lines.Add(r);
        }

        return lines;
    }

    /// <summary>The pending disputes: overdue first, then by deadline (as <c>GET /api/center/disputes</c>).</summary>
    public Task<IReadOnlyList<DisputeCase>> PendingDisputesAsync(CancellationToken cancellationToken) => state.PendingDisputesAsync(cancellationToken);

    /// <summary>The pending repair applications, oldest first (as <c>GET /api/center/repairs</c>).</summary>
    public async Task<IReadOnlyList<RepairCase>> PendingRepairsAsync(CancellationToken cancellationToken) =>
        [.. await state.Rights.ReadPendingRepairsAsync(cancellationToken).ConfigureAwait(false)];

    /// <summary>Decides a dispute, the same step as <c>POST /api/center/disputes/{caseId}/decision</c> (<see cref="RightsSteps"/>).</summary>
    public Task<RightsResult<DisputeCase>> DecideDisputeAsync(ClaimsPrincipal staff, string caseId, DisputeOutcome outcome, LocalizedText reason, CancellationToken cancellationToken) =>
        state.DecideDisputeAsync(staff, caseId, outcome, reason, cancellationToken);

    /// <summary>Decides a repair, the same step as <c>POST /api/center/repairs/{caseId}/decision</c> (<see cref="RightsSteps"/>).</summary>
    public Task<RightsResult<RepairCase>> DecideRepairAsync(ClaimsPrincipal staff, string caseId, bool approve, LocalDate? effectiveOn, LocalizedText reason, CancellationToken cancellationToken) =>
        state.DecideRepairAsync(staff, caseId, approve, effectiveOn, reason, cancellationToken);

    public async Task<IReadOnlyList<RegisteredVenue>> VenuesAsync(CancellationToken cancellationToken) =>
        [.. await state.ServiceState.Venues.ListAsync(cancellationToken).ConfigureAwait(false)];

    /// <summary>The impact of moving from one version to another on a day, over every subject, as <c>GET /api/center/impact</c>.</summary>
    public async Task<RuleSetImpactReport> ImpactAsync(RuleSet from, RuleSet to, LocalDate asOf, CancellationToken cancellationToken)
    {
        var knownAt = state.Clock.GetCurrentInstant();
        return await RuleSetImpactAnalyzer.AnalyzeAsync(
            state.CreditStore.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }, cancellationToken),
            Evaluation.ScoringPlan.Create(from, asOf),
            Evaluation.ScoringPlan.Create(to, asOf),
            new RuleSetImpactOptions { KnownAt = knownAt },
            cancellationToken).ConfigureAwait(false);
    }
}
