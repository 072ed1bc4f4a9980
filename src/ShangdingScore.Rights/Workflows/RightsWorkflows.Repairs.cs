using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Rights;

/// <summary>Credit repair (信用修复): the citizen applies once the item's minimum period has passed; the credit center approves or refuses.</summary>
public sealed partial class RightsWorkflows
{
    private static readonly ImmutableArray<string> RepairKinds = ImmutableArray.Create(RightsEntryKinds.RepairApplied, RightsEntryKinds.RepairDecided);

    /// <summary>
    /// Applies to repair a negative record. Checks, in order: the actor may act for the subject
    /// (<c>not-authorized</c>); a reason is given (<c>reason-required</c>); the record exists
    /// (<c>record-not-found</c>) and still stands (<c>record-closed</c>); its item is negative under the rule set
    /// in force today (<c>not-negative</c>); not repaired yet (<c>already-repaired</c>); no repair
    /// (<c>repair-pending</c>) or dispute (<c>dispute-pending</c>) of it pending; the item's minimum period has
    /// passed since it occurred (<c>repair-too-early</c>, whose reason names the first possible day). Notifies the
    /// citizen and the credit center.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="application"/> or one of its required members is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public Task<RightsResult<RepairCase>> ApplyForRepairAsync(RepairApplication application, CancellationToken cancellationToken = default)
    {
        if (application is null) throw new ArgumentNullException(nameof(application));
        var actor = application.Actor ?? throw new ArgumentNullException(nameof(application), "Actor is null.");
        var recordId = application.RecordId ?? throw new ArgumentNullException(nameof(application), "RecordId is null.");
        var subject = application.Subject;
        var evidence = application.Evidence.IsDefault ? ImmutableArray<string>.Empty : application.Evidence.Where(e => !string.IsNullOrWhiteSpace(e)).Distinct(StringComparer.Ordinal).ToImmutableArray();
        void Details(PayloadWriter w) => w.String(PayloadNames.RecordId, recordId);
        return StepAsync<RepairCase>(subject, "apply-repair", actor, async input =>
        {
            if (!actor.MayActFor(subject)) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.NotAuthorized, details: Details);
            if (string.IsNullOrWhiteSpace(application.Reason)) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.ReasonRequired, details: Details);
            var records = await ReadRecordsAsync(subject, cancellationToken).ConfigureAwait(false);
            if (!records.TryGetValue(recordId, out var record)) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.RecordNotFound, details: Details);
            if (record.IsClosed) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.RecordClosed, details: Details);
            var ruleSet = _rules.InForceOn(input.Today);
            var item = ruleSet?.FindItem(record.Latest.ItemCode);
            if (ruleSet is null || item is null || item.Polarity != Polarity.Negative) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.NotNegative, details: Details);
            bool approvedBefore = input.State.Repairs.Any(r => r.Status == RepairStatus.Approved && string.Equals(r.RecordId, recordId, StringComparison.Ordinal));
            if (record.IsRepaired || approvedBefore) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.AlreadyRepaired, details: Details);
            if (input.State.PendingRepairOf(recordId) is not null) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.RepairPending, details: Details);
            if (input.State.PendingDisputeOf(recordId) is not null || HasUndecidedDispute(record)) return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.DisputePending, details: Details);

            var eligibleFrom = EligibleFrom(record.Latest.OccurredOn, _repairPeriods.MinimumPeriodFor(ruleSet, item));
            if (input.Today < eligibleFrom)
            {
                var day = LocalDatePattern.Iso.Format(eligibleFrom);
                var reason = new LocalizedText(
                    $"尚未达到该类信息的最短公示期限，{eligibleFrom.Year}年{eligibleFrom.Month}月{eligibleFrom.Day}日起可以申请信用修复。",
                    $"The minimum period before this kind of record can be repaired has not passed; you can apply from {day}.");
                return StepPlan<RepairCase>.Refuse(RightsRefusalCodes.RepairTooEarly, details: w => w.String(PayloadNames.RecordId, recordId).Date(PayloadNames.EligibleFrom, eligibleFrom), reason: reason);
            }

            var repair = new RepairCase
            {
                CaseId = $"repair-{input.Sequence}",
                Subject = subject,
                RecordId = recordId,
                ItemCode = record.Latest.ItemCode,
                Reason = application.Reason,
                Evidence = evidence,
                AppliedAt = input.At,
                EligibleFrom = eligibleFrom,
                Status = RepairStatus.Pending,
            };
            return new StepPlan<RepairCase>
            {
                Kind = RightsEntryKinds.RepairApplied,
                CaseId = repair.CaseId,
                Payload = PayloadWriter.Write(w => w
                    .String(PayloadNames.RecordId, recordId)
                    .String(PayloadNames.ItemCode, repair.ItemCode)
                    .String(PayloadNames.Reason, repair.Reason)
                    .Strings(PayloadNames.Evidence, evidence)
                    .Date(PayloadNames.EligibleFrom, eligibleFrom)
                    .String(PayloadNames.PolicyVersion, _policy.Version)),
                Value = repair,
                Messages = Notices.For(input.Sequence, input.At, subject, NotificationKinds.RepairFiled, repair.CaseId, recordId, Notices.RepairFiled(recordId), new[] { subject.Value, Notices.CreditCenter }),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// The credit center's review of a repair. Refusals: <c>case-not-found</c> (not recorded); the actor is the
    /// credit center (<c>not-authorized</c>); still pending (<c>case-closed</c>); an approval's effective date is
    /// not before the record became repairable (<c>invalid-effective-date</c>). An approval appends a
    /// <c>repaired</c> event at the decision instant with its <c>effectiveOn</c> (default: the day of the
    /// decision), from which the record stops counting. Notifies the citizen.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> or one of its required members is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public async Task<RightsResult<RepairCase>> DecideRepairAsync(RepairDecision decision, CancellationToken cancellationToken = default)
    {
        if (decision is null) throw new ArgumentNullException(nameof(decision));
        var actor = decision.Actor ?? throw new ArgumentNullException(nameof(decision), "Actor is null.");
        var caseId = decision.CaseId ?? throw new ArgumentNullException(nameof(decision), "CaseId is null.");
        var reason = decision.Reason ?? throw new ArgumentNullException(nameof(decision), "Reason is null.");
        var subject = await SubjectOfCaseAsync(caseId, RightsEntryKinds.RepairApplied, cancellationToken).ConfigureAwait(false);
        if (subject is not { } s) return RightsResult<RepairCase>.Refused(RightsRefusalCodes.CaseNotFound, RightsRefusalCodes.Describe(RightsRefusalCodes.CaseNotFound), null);

        return await StepAsync<RepairCase>(s, "decide-repair", actor, input =>
        {
            var repair = input.State.Repairs.First(r => r.CaseId == caseId);
            void Details(PayloadWriter w) => w.String(PayloadNames.RecordId, repair.RecordId);
            if (actor.Role != RightsActorRoles.CreditCenter) return Plan(StepPlan<RepairCase>.Refuse(RightsRefusalCodes.NotAuthorized, caseId, Details));
            if (repair.Status != RepairStatus.Pending) return Plan(StepPlan<RepairCase>.Refuse(RightsRefusalCodes.CaseClosed, caseId, Details));
            LocalDate? effectiveOn = decision.Approve ? decision.EffectiveOn ?? input.Today : null;
            if (effectiveOn is { } on && on < repair.EligibleFrom) return Plan(StepPlan<RepairCase>.Refuse(RightsRefusalCodes.InvalidEffectiveDate, caseId, w => w.String(PayloadNames.RecordId, repair.RecordId).Date(PayloadNames.EffectiveOn, on)));

            var decided = new RepairCase
            {
                CaseId = repair.CaseId, Subject = repair.Subject, RecordId = repair.RecordId, ItemCode = repair.ItemCode, Reason = repair.Reason,
                Evidence = repair.Evidence, AppliedAt = repair.AppliedAt, EligibleFrom = repair.EligibleFrom,
                Status = decision.Approve ? RepairStatus.Approved : RepairStatus.Refused,
                DecidedAt = input.At, DecidedBy = actor, EffectiveOn = effectiveOn, DecisionReason = reason,
            };
            var effects = effectiveOn is { } effective
                ? ImmutableArray.Create<Func<CancellationToken, ValueTask>>(t => AppendEventAsync(s, repair.RecordId, new RecordEvent(RecordEventType.Repaired, input.At, effective), t))
                : ImmutableArray<Func<CancellationToken, ValueTask>>.Empty;
            return Plan(new StepPlan<RepairCase>
            {
                Kind = RightsEntryKinds.RepairDecided,
                CaseId = caseId,
                Payload = PayloadWriter.Write(w => w
                    .String(PayloadNames.RecordId, repair.RecordId)
                    .String(PayloadNames.Outcome, decision.Approve ? PayloadNames.Approved : PayloadNames.Refused)
                    .Date(PayloadNames.EffectiveOn, effectiveOn)
                    .Text(PayloadNames.Reason, reason)),
                Value = decided,
                Messages = Notices.For(input.Sequence, input.At, s, NotificationKinds.RepairDecided, caseId, repair.RecordId, Notices.RepairDecided(repair.RecordId, decision.Approve, effectiveOn, reason), new[] { s.Value }),
                Effects = effects,
            });
        }, cancellationToken).ConfigureAwait(false);

        static ValueTask<StepPlan<RepairCase>> Plan(StepPlan<RepairCase> plan) => new(plan);
    }

    /// <summary>
    /// The repair queue: every repair application still pending, oldest application first, then by case id (ordinal).
    /// </summary>
    public async Task<ImmutableArray<RepairCase>> ReadPendingRepairsAsync(CancellationToken cancellationToken = default)
    {
        var bySubject = new Dictionary<SubjectId, List<RightsEntry>>();
        await foreach (var e in _store.ReadEntriesAsync(new RightsEntryQuery { Kinds = RepairKinds }, cancellationToken).ConfigureAwait(false))
        {
            if (!bySubject.TryGetValue(e.Subject, out var list)) bySubject[e.Subject] = list = new List<RightsEntry>();
            list.Add(e);
        }

        return bySubject.SelectMany(kv => RightsFold.Fold(kv.Key, kv.Value, null).Repairs)
            .Where(r => r.Status == RepairStatus.Pending)
            .OrderBy(r => r.AppliedAt).ThenBy(r => r.CaseId, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>The first day a record that occurred on <paramref name="occurredOn"/> can be repaired; a period that would run past 9999-12-31 means never (the last ISO day).</summary>
    private static LocalDate EligibleFrom(LocalDate occurredOn, Period? minimum)
    {
        if (minimum is null || minimum.Equals(Period.Zero)) return occurredOn;
        try
        {
            return occurredOn.Plus(minimum);
        }
        catch (OverflowException)
        {
            return LocalDate.MaxIsoValue;
        }
        catch (ArgumentOutOfRangeException)
        {
            return LocalDate.MaxIsoValue;
        }
    }
}
