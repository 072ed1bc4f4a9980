using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using ShangdingScore.Rights;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>What the citizen portal reads and does, on the center's state in-process (the same steps as the citizen API).</summary>
internal sealed class PortalService(CreditCenterState state)
{
    public CreditCenterState State => state;

    /// <summary>The citizen's evaluation today, as known now; null when no rule set is in force.</summary>
    public async Task<CreditEvaluation?> EvaluateAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        var day = state.Today();
        var ruleSet = state.Rules.InForceOn(day);
        if (ruleSet is null) return null;
        return await state.Rights.EvaluateAsync(ruleSet, subject, day, state.Clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The improvement hints today; null when no rule set is in force.</summary>
    public async Task<ImprovementHints?> HintsAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        var day = state.Today();
        var ruleSet = state.Rules.InForceOn(day);
        if (ruleSet is null) return null;
        var at = state.Clock.GetCurrentInstant();
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        await foreach (var r in state.Theme.ReadRecordsAsync(subject, at, cancellationToken).ConfigureAwait(false)) records.Add(r);
        var enrolment = await state.Rights.GetEnrolmentAsync(subject, at, cancellationToken).ConfigureAwait(false);
        return ImprovementAdvisor.Advise(ruleSet, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records.ToImmutable(), AsOf = day, KnownAt = at });
    }

    /// <summary>The citizen's records as known now (what a dispute or a repair can name).</summary>
    public async Task<IReadOnlyList<CreditRecord>> RecordsAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        var records = new List<CreditRecord>();
        await foreach (var r in state.Theme.ReadRecordsAsync(subject, state.Clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false)) records.Add(r);
        return [.. records.OrderByDescending(r => r.OccurredOn).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<QueryLogEntry>> QueriesAsync(SubjectId subject, CancellationToken cancellationToken) =>
        [.. (await state.GrantState.QueryLog.ReadForSubjectAsync(subject, cancellationToken).ConfigureAwait(false)).OrderByDescending(e => e.At)];

    public async Task<IReadOnlyList<IssuedGrant>> GrantsAsync(SubjectId subject, CancellationToken cancellationToken) =>
        [.. (await state.ServiceState.IssuedGrants.ListForSubjectAsync(subject, cancellationToken).ConfigureAwait(false)).OrderByDescending(g => g.IssuedAt)];

    public async Task<IReadOnlyList<RegisteredVenue>> VenuesAsync(CancellationToken cancellationToken) =>
        [.. (await state.ServiceState.Venues.ListAsync(cancellationToken).ConfigureAwait(false)).Where(v => v.DisabledAt is null)];

    /// <summary>
    /// Issues a grant as <c>POST /api/me/grants</c> does: a registered, enabled venue; a purpose of the catalog; a
    /// lifetime between one minute and the center's maximum. Refused with the center's reason, naming the field.
    /// </summary>
    public async Task<(string? Token, IssuedGrant? Grant, string? Field, LocalizedText? Refusal)> IssueGrantAsync(
        SubjectId subject, string? venueId, string? purpose, string? scopeName, int? validMinutes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(venueId)) return Refuse("venueId", CenterReasonCodes.UnknownVenue);
        if (string.IsNullOrWhiteSpace(purpose)) return Refuse("purpose", CenterReasonCodes.UnknownPurpose);
        if (!DisclosureScopeNames.TryParse(scopeName ?? DisclosureScopeNames.Decision, out var scope)) return Refuse("scope", CenterReasonCodes.InvalidRequest);
        var issue = await state.IssueGrantAsync(subject, venueId, purpose, scope, validMinutes, cancellationToken).ConfigureAwait(false);
        return issue.ReasonCode is null ? (issue.Token, issue.Grant, null, null) : Refuse(issue.Field!, issue.ReasonCode);

        static (string?, IssuedGrant?, string?, LocalizedText?) Refuse(string field, string code) => (null, null, field, CenterReasonCodes.Describe(code));
    }

    public async Task<bool> RevokeAsync(SubjectId subject, string nonce, CancellationToken cancellationToken) =>
        await state.ServiceState.IssuedGrants.RevokeAsync(subject, nonce, state.Clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);

    public Task<CitizenRightsState> RightsAsync(SubjectId subject, CancellationToken cancellationToken) => state.Rights.GetStateAsync(subject, null, cancellationToken);

    public Task<RightsResult<DisputeCase>> DisputeAsync(SubjectId subject, string recordId, string reason, CancellationToken cancellationToken) =>
        state.Rights.FileDisputeAsync(new DisputeFiling { Subject = subject, RecordId = recordId, Actor = RightsActor.Citizen(subject), Reason = reason, Evidence = [] }, cancellationToken);

    public Task<RightsResult<RepairCase>> RepairAsync(SubjectId subject, string recordId, string reason, CancellationToken cancellationToken) =>
        state.Rights.ApplyForRepairAsync(new RepairApplication { Subject = subject, RecordId = recordId, Actor = RightsActor.Citizen(subject), Reason = reason, Evidence = [] }, cancellationToken);

    /// <summary>The consent text a citizen accepts to enrol: the rights policy's current one.</summary>
    public ConsentText ConsentText => state.Rights.Policy.CurrentConsentText;

    /// <summary>Whether the citizen is enrolled today.</summary>
    public async Task<bool> IsEnrolledAsync(SubjectId subject, CancellationToken cancellationToken) =>
        (await state.Rights.GetEnrolmentAsync(subject, null, cancellationToken).ConfigureAwait(false)).IsEnrolledOn(state.Today());

    /// <summary>Enrols through the portal, the same step as <c>POST /api/me/enrolment</c> (<see cref="RightsSteps"/>).</summary>
    public Task<RightsResult<ConsentRecord>> EnrolAsync(SubjectId subject, string consentTextVersion, string consentTextHash, LocalDate? birthDate, CancellationToken cancellationToken) =>
        state.EnrolAsync(subject, consentTextVersion, consentTextHash, birthDate, cancellationToken);

    /// <summary>Withdraws through the portal, the same step as <c>POST /api/me/withdrawal</c> (<see cref="RightsSteps"/>).</summary>
    public Task<RightsResult<WithdrawalRecord>> WithdrawAsync(SubjectId subject, string? reason, CancellationToken cancellationToken) =>
        state.WithdrawAsync(subject, reason, cancellationToken);

    public LocalDate Today() => state.Today();
}
