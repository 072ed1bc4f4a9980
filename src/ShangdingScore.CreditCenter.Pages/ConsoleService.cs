using NodaTime;
using ShangdingScore.Records;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>What the center console reads, on the center's state in-process (the same reads as the center API).</summary>
internal sealed class ConsoleService(CreditCenterState state)
{
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

    /// <summary>The pending disputes: overdue first, then by deadline.</summary>
    public async Task<IReadOnlyList<DisputeCase>> PendingDisputesAsync(CancellationToken cancellationToken)
    {
        var today = state.Today();
        var pending = await state.Rights.ReadPendingDisputesAsync(cancellationToken).ConfigureAwait(false);
        return [.. pending.OrderByDescending(d => d.IsOverdueOn(today)).ThenBy(d => d.Deadline).ThenBy(d => d.CaseId, StringComparer.Ordinal)];
    }

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
