using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>A withdrawal as recorded.</summary>
/// <remarks>Immutable.</remarks>
public sealed class WithdrawalRecord
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>When the withdrawal was made.</summary>
    public required Instant At { get; init; }

    /// <summary>The day of withdrawal: from it on the citizen is not enrolled (the period's exclusive end).</summary>
    public required LocalDate WithdrawnOn { get; init; }

    /// <summary>Where.</summary>
    public required EnrolmentChannel Channel { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Subject} withdrawn on {WithdrawnOn:uuuu-MM-dd} via {ChannelNames.Of(Channel)}";
}

/// <summary>Enrolment (自愿加入) and withdrawal (退出).</summary>
public sealed partial class RightsWorkflows
{
    /// <summary>
    /// Enrols a citizen, recording their consent as data (who, when, channel, the consent text's version and
    /// hash). Checks, in order, each refusing with its code: the actor may act for the subject
    /// (<c>not-authorized</c>); not enrolled today (<c>already-enrolled</c>); the consent text is the
    /// policy's current one (<c>consent-text-unknown</c>, <c>consent-text-outdated</c>); the birth date, from
    /// the resident identity number or given (<c>resident-id-invalid</c>, <c>birth-date-mismatch</c>,
    /// <c>birth-date-missing</c>), reaches the minimum age today (<c>under-age</c>); the residence source says
    /// resident (<c>not-resident</c>, <c>residence-unknown</c>). On acceptance a period starting today is
    /// written to the theme database and an <c>enrolment-confirmed</c> notice is queued.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or one of its required members is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public Task<RightsResult<ConsentRecord>> EnrolAsync(EnrolmentRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var actor = request.Actor ?? throw new ArgumentNullException(nameof(request), "Actor is null.");
        if (request.ConsentTextVersion is null || request.ConsentTextHash is null) throw new ArgumentNullException(nameof(request), "The consent text's version and hash are required.");
        var subject = request.Subject;
        return StepAsync<ConsentRecord>(subject, "enrol", actor, async input =>
        {
            if (!actor.MayActFor(subject)) return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.NotAuthorized);
            var kept = await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
            if (kept.IsEnrolledOn(input.Today) || input.State.Enrolment.IsEnrolledOn(input.Today)) return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.AlreadyEnrolled);

            var shown = _policy.ConsentTexts.FirstOrDefault(t => string.Equals(t.Version, request.ConsentTextVersion, StringComparison.Ordinal));
            if (shown is null || !string.Equals(shown.ContentHash, request.ConsentTextHash, StringComparison.Ordinal))
            {
                return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.ConsentTextUnknown, details: w => w.String(PayloadNames.ConsentVersion, request.ConsentTextVersion));
            }

            if (!ReferenceEquals(shown, _policy.CurrentConsentText) && !shown.Equals(_policy.CurrentConsentText))
            {
                return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.ConsentTextOutdated, details: w => w.String(PayloadNames.ConsentVersion, shown.Version));
            }

            var (birth, birthSource, birthRefusal) = BirthDateOf(request, input.Today);
            if (birthRefusal is not null) return StepPlan<ConsentRecord>.Refuse(birthRefusal);
            if (!HasReachedAge(birth, _policy.MinimumAge, input.Today))
            {
                return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.UnderAge, details: w => w.String(PayloadNames.PolicyVersion, _policy.Version));
            }

            string residence = "not-required";
            if (_policy.RequireResidence)
            {
                var status = await _residence!.GetResidenceAsync(subject, input.Today, cancellationToken).ConfigureAwait(false);
                if (status == ResidenceStatus.NotResident) return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.NotResident);
                if (status != ResidenceStatus.Resident) return StepPlan<ConsentRecord>.Refuse(RightsRefusalCodes.ResidenceUnknown);
                residence = "resident";
            }

            var consent = new ConsentRecord
            {
                CaseId = $"enrolment-{input.Sequence}",
                Subject = subject,
                At = input.At,
                EnrolledOn = input.Today,
                Channel = request.Channel,
                TextVersion = shown.Version,
                TextHash = shown.ContentHash,
                PolicyVersion = _policy.Version,
            };
            return new StepPlan<ConsentRecord>
            {
                Kind = RightsEntryKinds.Enrolled,
                CaseId = consent.CaseId,
                Payload = PayloadWriter.Write(w => w
                    .Date(PayloadNames.EnrolledOn, consent.EnrolledOn)
                    .String(PayloadNames.Channel, ChannelNames.Of(consent.Channel))
                    .String(PayloadNames.ConsentVersion, consent.TextVersion)
                    .String(PayloadNames.ConsentHash, consent.TextHash)
                    .String(PayloadNames.PolicyVersion, consent.PolicyVersion)
                    .String(PayloadNames.BirthDateFrom, birthSource)
                    .String(PayloadNames.Residence, residence)),
                Value = consent,
                Messages = Notices.For(input.Sequence, input.At, subject, NotificationKinds.EnrolmentConfirmed, consent.CaseId, null, Notices.Enrolled(input.Today), new[] { subject.Value }),
                Effects = ImmutableArray.Create<Func<CancellationToken, ValueTask>>(t => OpenPeriodAsync(subject, input.Today, t)),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Withdraws a citizen: from today on no score is computed and no venue gets an answer about them (the
    /// theme database's period ends today, so a venue gateway finds them not enrolled; grants issued before
    /// are refused from then on). Their journal, history and query log stay readable; they may enrol again.
    /// Refusals: <c>not-authorized</c>, <c>not-enrolled</c>. Queues a <c>withdrawal-confirmed</c> notice.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its actor is null.</exception>
    /// <exception cref="InvalidOperationException">The journal kept moving under every attempt.</exception>
    public Task<RightsResult<WithdrawalRecord>> WithdrawAsync(WithdrawalRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var actor = request.Actor ?? throw new ArgumentNullException(nameof(request), "Actor is null.");
        var subject = request.Subject;
        return StepAsync<WithdrawalRecord>(subject, "withdraw", actor, async input =>
        {
            if (!actor.MayActFor(subject)) return StepPlan<WithdrawalRecord>.Refuse(RightsRefusalCodes.NotAuthorized);
            var kept = await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
            if (!kept.IsEnrolledOn(input.Today) && !input.State.Enrolment.IsEnrolledOn(input.Today)) return StepPlan<WithdrawalRecord>.Refuse(RightsRefusalCodes.NotEnrolled);

            var record = new WithdrawalRecord { Subject = subject, At = input.At, WithdrawnOn = input.Today, Channel = request.Channel };
            var caseId = input.State.Consents.LastOrDefault()?.CaseId;
            return new StepPlan<WithdrawalRecord>
            {
                Kind = RightsEntryKinds.Withdrawn,
                CaseId = caseId,
                Payload = PayloadWriter.Write(w => w
                    .Date(PayloadNames.WithdrawnOn, record.WithdrawnOn)
                    .String(PayloadNames.Channel, ChannelNames.Of(record.Channel))
                    .String(PayloadNames.Reason, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason)),
                Value = record,
                Messages = Notices.For(input.Sequence, input.At, subject, NotificationKinds.WithdrawalConfirmed, caseId, null, Notices.Withdrawn(input.Today), new[] { subject.Value }),
                Effects = ImmutableArray.Create<Func<CancellationToken, ValueTask>>(t => ClosePeriodAsync(subject, input.Today, t)),
            };
        }, cancellationToken);
    }

    /// <summary>
    /// Whether a person born on <paramref name="birthDate"/> is <paramref name="years"/> full years old (周岁) on
    /// <paramref name="day"/>: from the anniversary on; a 29 February birthday's anniversary in a common year is 1 March.
    /// </summary>
    public static bool HasReachedAge(LocalDate birthDate, int years, LocalDate day)
    {
        if (birthDate > day) return false;
        if (day.Year - birthDate.Year > years) return true;
        if (birthDate.Year + years > 9999) return false;
        var anniversary = birthDate.PlusYears(years);
        if (birthDate.Month == 2 && birthDate.Day == 29 && anniversary.Day == 28) anniversary = anniversary.PlusDays(1);
        return day >= anniversary;
    }

    private static (LocalDate Birth, string Source, string? Refusal) BirthDateOf(EnrolmentRequest request, LocalDate today)
    {
        if (request.ResidentId is { } id)
        {
            if (id.BirthDate > today) return (default, string.Empty, RightsRefusalCodes.ResidentIdInvalid);
            if (request.BirthDate is { } given && given != id.BirthDate) return (default, string.Empty, RightsRefusalCodes.BirthDateMismatch);
            return (id.BirthDate, "resident-id", null);
        }

        return request.BirthDate is { } b ? (b, "birth-date", null) : (default, string.Empty, RightsRefusalCodes.BirthDateMissing);
    }

    private async ValueTask OpenPeriodAsync(SubjectId subject, LocalDate today, CancellationToken cancellationToken)
    {
        var kept = await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
        if (kept.IsEnrolledOn(today)) return;
        var periods = kept.Periods.Where(p => p.EnrolledOn <= today).ToList();
        periods.Add(new EnrolmentPeriod(today));
        await _theme.SetEnrolmentAsync(subject, Enrolment.Of(periods), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ClosePeriodAsync(SubjectId subject, LocalDate today, CancellationToken cancellationToken)
    {
        var kept = await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!kept.IsEnrolledOn(today)) return;
        var periods = kept.Periods.Select(p => p.Contains(today) ? new EnrolmentPeriod(p.EnrolledOn, today) : p);
        await _theme.SetEnrolmentAsync(subject, Enrolment.Of(periods), cancellationToken).ConfigureAwait(false);
    }
}
