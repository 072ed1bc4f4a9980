using System.Security.Claims;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// The rights steps as the center takes them, the one home of what both its API (<c>/api/me/…</c>,
/// <c>/api/center/…</c>) and its pages send to <see cref="RightsWorkflows"/>: a citizen acts for themself through the
/// web channel (<see cref="CitizenChannel"/>); a decision's actor is the signed-in member of the center's staff.
/// Every check and refusal is the workflows' own.
/// </summary>
internal static class RightsSteps
{
    /// <summary>The channel recorded for what a citizen does through the center, its API and its portal alike: the 信用郑州 website.</summary>
    public const EnrolmentChannel CitizenChannel = EnrolmentChannel.CreditZhengzhouWeb;

    public static Task<RightsResult<ConsentRecord>> EnrolAsync(this CreditCenterState state, SubjectId subject, string consentTextVersion, string consentTextHash, LocalDate? birthDate, CancellationToken cancellationToken) =>
        state.Rights.EnrolAsync(new EnrolmentRequest
        {
            Subject = subject, Actor = RightsActor.Citizen(subject), Channel = CitizenChannel,
            ConsentTextVersion = consentTextVersion, ConsentTextHash = consentTextHash, BirthDate = birthDate,
        }, cancellationToken);

    public static Task<RightsResult<WithdrawalRecord>> WithdrawAsync(this CreditCenterState state, SubjectId subject, string? reason, CancellationToken cancellationToken) =>
        state.Rights.WithdrawAsync(new WithdrawalRequest
        {
            Subject = subject, Actor = RightsActor.Citizen(subject), Channel = CitizenChannel, Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        }, cancellationToken);

    public static Task<RightsResult<DisputeCase>> DecideDisputeAsync(this CreditCenterState state, ClaimsPrincipal staff, string caseId, DisputeOutcome outcome, LocalizedText reason, CancellationToken cancellationToken) =>
        state.Rights.DecideDisputeAsync(new DisputeDecision { CaseId = caseId, Actor = Staff(staff), Outcome = outcome, Reason = reason }, cancellationToken);

    public static Task<RightsResult<RepairCase>> DecideRepairAsync(this CreditCenterState state, ClaimsPrincipal staff, string caseId, bool approve, LocalDate? effectiveOn, LocalizedText reason, CancellationToken cancellationToken) =>
        state.Rights.DecideRepairAsync(new RepairDecision { CaseId = caseId, Actor = Staff(staff), Approve = approve, EffectiveOn = approve ? effectiveOn : null, Reason = reason }, cancellationToken);

    /// <summary>The pending disputes: overdue first (oldest deadline first), then by deadline, then by case id.</summary>
    public static async Task<IReadOnlyList<DisputeCase>> PendingDisputesAsync(this CreditCenterState state, CancellationToken cancellationToken)
    {
        var today = state.Today();
        var pending = await state.Rights.ReadPendingDisputesAsync(cancellationToken).ConfigureAwait(false);
        return [.. pending.OrderByDescending(d => d.IsOverdueOn(today)).ThenBy(d => d.Deadline).ThenBy(d => d.CaseId, StringComparer.Ordinal)];
    }

    /// <summary><c>upheld</c> or <c>rejected</c>, as the API and the console's form name the outcomes.</summary>
    public static bool TryParseOutcome(string? name, out DisputeOutcome outcome)
    {
        switch (name)
        {
            case "upheld": outcome = DisputeOutcome.Upheld; return true;
            case "rejected": outcome = DisputeOutcome.Rejected; return true;
            default: outcome = default; return false;
        }
    }

    /// <summary>The staff member deciding: the credit center, by the signed-in name.</summary>
    public static RightsActor Staff(ClaimsPrincipal user) => RightsActor.CreditCenter(user.FindFirstValue(ClaimTypes.Name) ?? "center");
}
