using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>Disputes (异议): filing suspends the record at once; the provider or the credit center decides; deadlines and the overdue queue.</summary>
public sealed partial class RightsWorkflows
{
    private static readonly ImmutableArray<string> DisputeKinds = ImmutableArray.Create(RightsEntryKinds.DisputeFiled, RightsEntryKinds.DisputeDecided, RightsEntryKinds.DisputeOverdue);

    /// <summary>
    /// Files a dispute of one record. Checks, in order: the actor may act for the subject (<c>not-authorized</c>);
    /// a reason is given (<c>reason-required</c>); the record exists (<c>record-not-found</c>) and still stands
    /// (<c>record-closed</c>); no dispute of it is pending (<c>dispute-pending</c>); after a rejected dispute of it,
    /// the policy's repeat rule (<c>no-new-grounds</c>, <c>repeat-dispute-not-allowed</c>). On acceptance the
    /// record is suspended at once by a <c>disputed</c> event at the filing instant — unless the item is positive,
    /// which keeps counting so that a pending dispute never lowers a score — the deadline is set to the filing day
    /// plus the policy's period, and the citizen and the provider are notified.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="filing"/> or one of its required members is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public Task<RightsResult<DisputeCase>> FileDisputeAsync(DisputeFiling filing, CancellationToken cancellationToken = default)
    {
        if (filing is null) throw new ArgumentNullException(nameof(filing));
        var actor = filing.Actor ?? throw new ArgumentNullException(nameof(filing), "Actor is null.");
        var recordId = filing.RecordId ?? throw new ArgumentNullException(nameof(filing), "RecordId is null.");
        var subject = filing.Subject;
        var evidence = filing.Evidence.IsDefault ? ImmutableArray<string>.Empty : filing.Evidence.Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.Ordinal).ToImmutableArray();
        void Details(PayloadWriter w) => w.String(PayloadNames.RecordId, recordId);
        return StepAsync<DisputeCase>(subject, "file-dispute", actor, async input =>
        {
            if (!actor.MayActFor(subject)) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.NotAuthorized, details: Details);
            if (string.IsNullOrWhiteSpace(filing.Reason)) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.ReasonRequired, details: Details);
            var records = await ReadRecordsAsync(subject, cancellationToken).ConfigureAwait(false);
            if (!records.TryGetValue(recordId, out var record)) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.RecordNotFound, details: Details);
            if (record.IsClosed) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.RecordClosed, details: Details);
            if (input.State.PendingDisputeOf(recordId) is not null || HasUndecidedDispute(record)) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.DisputePending, details: Details);

            var earlier = input.State.Disputes.Where(d => string.Equals(d.RecordId, recordId, StringComparison.Ordinal)).ToList();
            if (earlier.Any(d => d.Status == DisputeStatus.Rejected))
            {
                if (_policy.RepeatDispute == RepeatDisputeRule.NotAllowed) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.RepeatDisputeNotAllowed, details: Details);
                var presented = new HashSet<string>(earlier.SelectMany(d => d.Evidence), StringComparer.Ordinal);
                if (_policy.RepeatDispute == RepeatDisputeRule.NewEvidenceRequired && evidence.All(presented.Contains)) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.NoNewGrounds, details: Details);
            }

            var item = _rules.InForceOn(input.Today)?.FindItem(record.Latest.ItemCode);
            var dispute = new DisputeCase
            {
                CaseId = $"dispute-{input.Sequence}",
                Subject = subject,
                RecordId = recordId,
                Provider = record.Latest.Provider,
                ItemCode = record.Latest.ItemCode,
                Suspends = item?.Polarity != Polarity.Positive,
                Reason = filing.Reason,
                Evidence = evidence,
                FiledAt = input.At,
                FiledOn = input.Today,
                Deadline = input.Today.Plus(_policy.DisputeDecisionPeriod),
                Status = DisputeStatus.Pending,
            };
            var effects = dispute.Suspends
                ? ImmutableArray.Create<Func<CancellationToken, ValueTask>>(t => _theme.AppendRecordEventAsync(record.Latest, new RecordEvent(RecordEventType.Disputed, input.At), t))
                : ImmutableArray<Func<CancellationToken, ValueTask>>.Empty;
            return new StepPlan<DisputeCase>
            {
                Kind = RightsEntryKinds.DisputeFiled,
                CaseId = dispute.CaseId,
                Payload = PayloadWriter.Write(w => w
                    .String(PayloadNames.RecordId, recordId)
                    .String(PayloadNames.Provider, dispute.Provider)
                    .String(PayloadNames.ItemCode, dispute.ItemCode)
                    .Bool(PayloadNames.Suspends, dispute.Suspends)
                    .String(PayloadNames.Reason, dispute.Reason)
                    .Strings(PayloadNames.Evidence, evidence)
                    .Date(PayloadNames.FiledOn, dispute.FiledOn)
                    .Date(PayloadNames.Deadline, dispute.Deadline)
                    .String(PayloadNames.PolicyVersion, _policy.Version)),
                Value = dispute,
                Messages = Notices.For(input.Sequence, input.At, subject, NotificationKinds.DisputeFiled, dispute.CaseId, recordId, Notices.DisputeFiled(recordId, dispute.Deadline, dispute.Suspends), new[] { subject.Value, dispute.Provider }, w => w.Date(PayloadNames.Deadline, dispute.Deadline)),
                Effects = effects,
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Decides a dispute. Refusals: <c>case-not-found</c> (not recorded: no subject is known); the actor is the
    /// record's provider or the credit center (<c>not-authorized</c>); still pending (<c>case-closed</c>). The reasons
    /// are required in both languages. Upheld appends <c>dispute-upheld</c> (the record never counts
    /// again); rejected appends <c>dispute-rejected</c> (a suspended record counts again), both at the decision
    /// instant. A decision after the deadline is accepted and marked late.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> or one of its required members is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public async Task<RightsResult<DisputeCase>> DecideDisputeAsync(DisputeDecision decision, CancellationToken cancellationToken = default)
    {
        if (decision is null) throw new ArgumentNullException(nameof(decision));
        var actor = decision.Actor ?? throw new ArgumentNullException(nameof(decision), "Actor is null.");
        var caseId = decision.CaseId ?? throw new ArgumentNullException(nameof(decision), "CaseId is null.");
        var reason = decision.Reason ?? throw new ArgumentNullException(nameof(decision), "Reason is null.");
        var subject = await SubjectOfCaseAsync(caseId, RightsEntryKinds.DisputeFiled, cancellationToken).ConfigureAwait(false);
        if (subject is not { } s) return RightsResult<DisputeCase>.Refused(RightsRefusalCodes.CaseNotFound, RightsRefusalCodes.Describe(RightsRefusalCodes.CaseNotFound), null);

        return await StepAsync<DisputeCase>(s, "decide-dispute", actor, async input =>
        {
            var dispute = input.State.Disputes.First(d => d.CaseId == caseId);
            void Details(PayloadWriter w) => w.String(PayloadNames.RecordId, dispute.RecordId);
            bool mayDecide = actor.Role == RightsActorRoles.CreditCenter || (actor.Role == RightsActorRoles.Provider && actor.Id == dispute.Provider);
            if (!mayDecide) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.NotAuthorized, caseId, Details);
            if (dispute.Status != DisputeStatus.Pending) return StepPlan<DisputeCase>.Refuse(RightsRefusalCodes.CaseClosed, caseId, Details);

            var status = decision.Outcome == DisputeOutcome.Upheld ? DisputeStatus.Upheld : DisputeStatus.Rejected;
            bool late = input.Today > dispute.Deadline;
            var decided = new DisputeCase
            {
                CaseId = dispute.CaseId, Subject = dispute.Subject, RecordId = dispute.RecordId, Provider = dispute.Provider, ItemCode = dispute.ItemCode,
                Suspends = dispute.Suspends, Reason = dispute.Reason, Evidence = dispute.Evidence, FiledAt = dispute.FiledAt, FiledOn = dispute.FiledOn,
                Deadline = dispute.Deadline, OverdueNotedAt = dispute.OverdueNotedAt,
                Status = status, DecidedAt = input.At, DecidedBy = actor, DecisionReason = reason,
            };
            var effects = DecisionEvent(status, dispute.Suspends) is { } type
                ? ImmutableArray.Create<Func<CancellationToken, ValueTask>>(t => AppendEventAsync(s, dispute.RecordId, new RecordEvent(type, input.At), t))
                : ImmutableArray<Func<CancellationToken, ValueTask>>.Empty;
            return new StepPlan<DisputeCase>
            {
                Kind = RightsEntryKinds.DisputeDecided,
                CaseId = caseId,
                Payload = PayloadWriter.Write(w => w
                    .String(PayloadNames.RecordId, dispute.RecordId)
                    .String(PayloadNames.Outcome, status == DisputeStatus.Upheld ? PayloadNames.Upheld : PayloadNames.Rejected)
                    .Text(PayloadNames.Reason, reason)
                    .Bool(PayloadNames.Late, late)),
                Value = decided,
                Messages = Notices.For(input.Sequence, input.At, s, NotificationKinds.DisputeDecided, caseId, dispute.RecordId, Notices.DisputeDecided(dispute.RecordId, decision.Outcome, reason), new[] { s.Value, dispute.Provider }),
                Effects = effects,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The dispute queue: every dispute still pending, by deadline (so the overdue ones come first, oldest deadline
    /// first), then by case id (ordinal). Each such record stays suspended until it is decided.
    /// </summary>
    public async Task<ImmutableArray<DisputeCase>> ReadPendingDisputesAsync(CancellationToken cancellationToken = default)
    {
        var cases = await ReadAllDisputesAsync(cancellationToken).ConfigureAwait(false);
        return cases.Where(d => d.Status == DisputeStatus.Pending).OrderBy(d => d.Deadline).ThenBy(d => d.CaseId, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>
    /// The overdue queue: every dispute still pending after its deadline on <paramref name="today"/> (default: today
    /// in the rule set's time zone), oldest deadline first. Such a record stays suspended until it is decided.
    /// </summary>
    public async Task<ImmutableArray<DisputeCase>> ReadOverdueDisputesAsync(LocalDate? today = null, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var day = today ?? now.InZone(ZoneFor(now)).Date;
        var cases = await ReadAllDisputesAsync(cancellationToken).ConfigureAwait(false);
        return cases.Where(d => d.IsOverdueOn(day)).OrderBy(d => d.Deadline).ThenBy(d => d.CaseId, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>
    /// Notes every dispute that is overdue today and not yet noted: one <c>dispute-overdue</c> entry each (actor
    /// <c>system</c>), with a notice to the citizen, the provider and the credit center. Run it daily; running it
    /// twice notes nothing twice.
    /// </summary>
    /// <returns>The disputes noted by this call.</returns>
    public async Task<ImmutableArray<DisputeCase>> NoteOverdueDisputesAsync(CancellationToken cancellationToken = default)
    {
        var noted = ImmutableArray.CreateBuilder<DisputeCase>();
        foreach (var candidate in await ReadOverdueDisputesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (candidate.OverdueNotedAt is not null) continue;
            var result = await StepAsync<DisputeCase>(candidate.Subject, "note-overdue", RightsActor.System, input =>
            {
                var d = input.State.Disputes.First(x => x.CaseId == candidate.CaseId);
                if (!d.IsOverdueOn(input.Today) || d.OverdueNotedAt is not null) return new ValueTask<StepPlan<DisputeCase>>(StepPlan<DisputeCase>.Nothing());
                var overdue = new DisputeCase
                {
                    CaseId = d.CaseId, Subject = d.Subject, RecordId = d.RecordId, Provider = d.Provider, ItemCode = d.ItemCode, Suspends = d.Suspends,
                    Reason = d.Reason, Evidence = d.Evidence, FiledAt = d.FiledAt, FiledOn = d.FiledOn, Deadline = d.Deadline, Status = d.Status,
                    OverdueNotedAt = input.At,
                };
                return new ValueTask<StepPlan<DisputeCase>>(new StepPlan<DisputeCase>
                {
                    Kind = RightsEntryKinds.DisputeOverdue,
                    CaseId = d.CaseId,
                    Payload = PayloadWriter.Write(w => w.String(PayloadNames.RecordId, d.RecordId).Date(PayloadNames.Deadline, d.Deadline)),
                    Value = overdue,
                    Messages = Notices.For(input.Sequence, input.At, d.Subject, NotificationKinds.DisputeOverdue, d.CaseId, d.RecordId, Notices.DisputeOverdue(d.RecordId, d.Deadline), new[] { d.Subject.Value, d.Provider, Notices.CreditCenter }, w => w.Date(PayloadNames.Deadline, d.Deadline)),
                });
            }, cancellationToken).ConfigureAwait(false);
            if (result.IsAccepted) noted.Add(result.Value);
        }

        return noted.ToImmutable();
    }

    private async Task<List<DisputeCase>> ReadAllDisputesAsync(CancellationToken cancellationToken)
    {
        var bySubject = new Dictionary<SubjectId, List<RightsEntry>>();
        await foreach (var e in _store.ReadEntriesAsync(new RightsEntryQuery { Kinds = DisputeKinds }, cancellationToken).ConfigureAwait(false))
        {
            if (!bySubject.TryGetValue(e.Subject, out var list)) bySubject[e.Subject] = list = new List<RightsEntry>();
            list.Add(e);
        }

        return bySubject.SelectMany(kv => RightsFold.Fold(kv.Key, kv.Value, null).Disputes).ToList();
    }

    private async Task<SubjectId?> SubjectOfCaseAsync(string caseId, string openingKind, CancellationToken cancellationToken)
    {
        await foreach (var e in _store.ReadEntriesAsync(new RightsEntryQuery { CaseId = caseId, Kinds = ImmutableArray.Create(openingKind), Limit = 1 }, cancellationToken).ConfigureAwait(false))
        {
            return e.Subject;
        }

        return null;
    }

    private async ValueTask AppendEventAsync(SubjectId subject, string recordId, RecordEvent recordEvent, CancellationToken cancellationToken)
    {
        var records = await ReadRecordsAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!records.TryGetValue(recordId, out var record))
        {
            throw new InvalidOperationException($"The theme database no longer holds record '{recordId}' of {subject}; the {recordEvent.Type} event was not appended.");
        }

        await _theme.AppendRecordEventAsync(record.Latest, recordEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the record's own events (from a provider's delivery) show a dispute not decided yet.</summary>
    private static bool HasUndecidedDispute(FoundRecord record)
    {
        RecordEvent? last = null;
        foreach (var e in record.Events)
        {
            if (e.Type is not (RecordEventType.Disputed or RecordEventType.DisputeRejected or RecordEventType.DisputeUpheld)) continue;
            if (last is null || e.At > last.At || (e.At == last.At && e.Type != RecordEventType.Disputed)) last = e;
        }

        return last?.Type == RecordEventType.Disputed;
    }
}
