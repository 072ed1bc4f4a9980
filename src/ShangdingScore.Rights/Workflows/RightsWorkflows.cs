using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Rights;

/// <summary>What <see cref="RightsWorkflows"/> works on.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RightsWorkflowsOptions
{
    /// <summary>Where the journal and the outbox are kept.</summary>
    public required IRightsStore Store { get; init; }

    /// <summary>Where records, their lifecycle events and the enrolment periods are kept.</summary>
    public required IThemeDatabase ThemeDatabase { get; init; }

    /// <summary>The rule-set versions: the one in force on the day gives the time zone and the items' polarity.</summary>
    public required RuleSetHistory Rules { get; init; }

    /// <summary>The clock every step reads its instant from.</summary>
    public required IClock Clock { get; init; }

    /// <summary>The rights policy.</summary>
    /// <value>The default is <see cref="RightsPolicy.Default"/>.</value>
    public RightsPolicy Policy { get; init; } = RightsPolicy.Default;

    /// <summary>The residence source; required when the policy requires residence.</summary>
    public IResidenceSource? Residence { get; init; }

    /// <summary>The items' minimum periods before repair.</summary>
    /// <value>The default is <see cref="FixedRepairMinimumPeriods.None"/> (until the rule set carries them).</value>
    public IRepairMinimumPeriods RepairMinimumPeriods { get; init; } = FixedRepairMinimumPeriods.None;

    /// <summary>How many times a step is tried when other writers keep appending first.</summary>
    /// <value>The default is 32.</value>
    public int MaxAppendAttempts { get; init; } = 32;
}

/// <summary>
/// The citizen's rights as workflows (docs/rights.md): enrolment with consent and withdrawal, disputes with
/// deadlines, repairs, each step appended to the hash-chained journal with the notifications it causes, in
/// one store call, and mirrored into the theme database as lifecycle events and enrolment periods. Every
/// step reads as the plan's own flow: read the citizen's state, check the rules in order (the first that
/// fails refuses with its code), append, apply to the theme database.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe, and safe with other processes on the same store: a step appends only if the journal did not
/// move since it read it, and otherwise reads again and re-checks (so two decisions of one dispute never both
/// succeed). A refused step is recorded too (kind <c>refused</c>), except when its subject is unknown.
/// </para>
/// <para>
/// If the theme database fails after the journal append, the step stands (it is recorded and its
/// notifications are queued) and the result carries <see cref="RightsResult{T}.SyncFailure"/>;
/// <see cref="ReconcileAsync"/> re-applies the journal to the theme database (idempotent).
/// </para>
/// </remarks>
public sealed partial class RightsWorkflows
{
    private readonly IRightsStore _store;
    private readonly IThemeDatabase _theme;
    private readonly RuleSetHistory _rules;
    private readonly IClock _clock;
    private readonly RightsPolicy _policy;
    private readonly IResidenceSource? _residence;
    private readonly IRepairMinimumPeriods _repairPeriods;
    private readonly int _maxAttempts;

    /// <summary>Creates the workflows.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or a required member is null.</exception>
    /// <exception cref="ArgumentException">The policy is invalid (every problem listed), residence is required with no source, or the attempts are below 1.</exception>
    public RightsWorkflows(RightsWorkflowsOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        _store = options.Store ?? throw new ArgumentNullException(nameof(options), "Store is null.");
        _theme = options.ThemeDatabase ?? throw new ArgumentNullException(nameof(options), "ThemeDatabase is null.");
        _rules = options.Rules ?? throw new ArgumentNullException(nameof(options), "Rules is null.");
        _clock = options.Clock ?? throw new ArgumentNullException(nameof(options), "Clock is null.");
        _policy = options.Policy ?? throw new ArgumentNullException(nameof(options), "Policy is null.");
        _repairPeriods = options.RepairMinimumPeriods ?? throw new ArgumentNullException(nameof(options), "RepairMinimumPeriods is null.");
        var problems = _policy.Validate();
        if (!problems.IsEmpty) throw new ArgumentException($"The rights policy '{_policy.Version}' is invalid: {string.Join("; ", problems)}.", nameof(options));
        if (_policy.RequireResidence && options.Residence is null) throw new ArgumentException($"The rights policy '{_policy.Version}' requires residence, and no residence source was given.", nameof(options));
        _residence = options.Residence;
        _maxAttempts = options.MaxAppendAttempts >= 1 ? options.MaxAppendAttempts : throw new ArgumentException("MaxAppendAttempts must be at least 1.", nameof(options));
    }

    /// <summary>The policy the workflows decide under.</summary>
    public RightsPolicy Policy => _policy;

    /// <summary>The citizen's rights as the journal says they stood at <paramref name="knownAt"/> (null: now, everything).</summary>
    /// <exception cref="InvalidOperationException">An entry's payload cannot be read (written by a newer version, or damaged).</exception>
    public async Task<CitizenRightsState> GetStateAsync(SubjectId subject, Instant? knownAt = null, CancellationToken cancellationToken = default) =>
        RightsFold.Fold(subject, await ReadSubjectAsync(subject, cancellationToken).ConfigureAwait(false), knownAt);

    /// <summary>
    /// The subject's enrolment as known at <paramref name="knownAt"/>: the periods the journal opened and
    /// closed by then, or, for a subject who never used the workflows, the theme database's periods. Evaluate
    /// with it to reproduce a past result exactly, also on the day of a withdrawal.
    /// </summary>
    public async Task<Enrolment> GetEnrolmentAsync(SubjectId subject, Instant? knownAt = null, CancellationToken cancellationToken = default)
    {
        var entries = await ReadSubjectAsync(subject, cancellationToken).ConfigureAwait(false);
        if (!entries.Any(e => e.Kind is RightsEntryKinds.Enrolled or RightsEntryKinds.Withdrawn))
        {
            return await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
        }

        return RightsFold.Fold(subject, entries, knownAt).Enrolment;
    }

    /// <summary>
    /// Evaluates the subject as the data stood at <paramref name="knownAt"/>: the theme database's records and
    /// events entered by then, and the enrolment as known then (<see cref="GetEnrolmentAsync"/>). With the
    /// <c>knownAt</c> of a past result this gives that result again, byte for byte, whatever happened since
    /// (disputes, decisions, repairs, a withdrawal).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public async Task<CreditEvaluation> EvaluateAsync(RuleSet ruleSet, SubjectId subject, LocalDate asOf, Instant knownAt, CancellationToken cancellationToken = default)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        await foreach (var r in _theme.ReadRecordsAsync(subject, knownAt, cancellationToken).ConfigureAwait(false)) records.Add(r);
        var enrolment = await GetEnrolmentAsync(subject, knownAt, cancellationToken).ConfigureAwait(false);
        return CreditEvaluator.Evaluate(ruleSet, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records.ToImmutable(), AsOf = asOf, KnownAt = knownAt });
    }

    /// <summary>
    /// Re-applies the subject's journal to the theme database: every record event a step caused, and the
    /// enrolment periods. Idempotent; use it after a step reported <see cref="RightsResult{T}.SyncFailure"/>.
    /// </summary>
    /// <returns>How many record events were (re-)applied.</returns>
    public async Task<int> ReconcileAsync(SubjectId subject, CancellationToken cancellationToken = default)
    {
        var state = await GetStateAsync(subject, null, cancellationToken).ConfigureAwait(false);
        var records = await ReadRecordsAsync(subject, cancellationToken).ConfigureAwait(false);
        int applied = 0;
        foreach (var (recordId, recordEvent) in RecordEventsOf(state))
        {
            if (!records.TryGetValue(recordId, out var found)) continue;
            await _theme.AppendRecordEventAsync(found.Latest, recordEvent, cancellationToken).ConfigureAwait(false);
            applied++;
        }

        if (state.Consents.Length > 0)
        {
            var kept = await _theme.GetEnrolmentAsync(subject, cancellationToken).ConfigureAwait(false);
            var merged = MergeEnrolment(kept, state.Enrolment);
            if (!merged.Periods.SequenceEqual(kept.Periods)) await _theme.SetEnrolmentAsync(subject, merged, cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>The record events the journal's steps cause, in journal order.</summary>
    internal static IEnumerable<(string RecordId, RecordEvent Event)> RecordEventsOf(CitizenRightsState state)
    {
        foreach (var d in state.Disputes)
        {
            if (d.Suspends) yield return (d.RecordId, new RecordEvent(RecordEventType.Disputed, d.FiledAt));
            if (d.DecidedAt is { } at && DecisionEvent(d.Status, d.Suspends) is { } type) yield return (d.RecordId, new RecordEvent(type, at));
        }

        foreach (var r in state.Repairs)
        {
            if (r.Status == RepairStatus.Approved && r.DecidedAt is { } at) yield return (r.RecordId, new RecordEvent(RecordEventType.Repaired, at, r.EffectiveOn));
        }
    }

    /// <summary>The record event of a dispute's decision: upheld removes the record; rejected reopens a suspended one (a record that was not suspended needs nothing).</summary>
    internal static RecordEventType? DecisionEvent(DisputeStatus status, bool suspended) => status switch
    {
        DisputeStatus.Upheld => RecordEventType.DisputeUpheld,
        DisputeStatus.Rejected when suspended => RecordEventType.DisputeRejected,
        _ => null,
    };

    private static Enrolment MergeEnrolment(Enrolment kept, Enrolment journal)
    {
        // The journal's periods, plus kept periods it does not overlap (set by other means).
        var periods = journal.Periods.ToList();
        foreach (var p in kept.Periods)
        {
            if (!journal.Periods.Any(j => Overlaps(j, p)) && !periods.Contains(p)) periods.Add(p);
        }

        return Enrolment.Of(periods);
    }

    private static bool Overlaps(EnrolmentPeriod a, EnrolmentPeriod b) =>
        a.EnrolledOn < (b.WithdrawnOn ?? LocalDate.MaxIsoValue) && b.EnrolledOn < (a.WithdrawnOn ?? LocalDate.MaxIsoValue) || a.EnrolledOn == b.EnrolledOn;

    private async Task<ImmutableArray<RightsEntry>> ReadSubjectAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        var entries = ImmutableArray.CreateBuilder<RightsEntry>();
        await foreach (var e in _store.ReadEntriesAsync(new RightsEntryQuery { Subject = subject }, cancellationToken).ConfigureAwait(false)) entries.Add(e);
        return entries.ToImmutable();
    }

    private DateTimeZone ZoneFor(Instant at)
    {
        for (int i = _rules.Versions.Length - 1; i >= 0; i--)
        {
            var v = _rules.Versions[i];
            if (at.InZone(v.TimeZone).Date >= v.EffectiveFrom) return v.TimeZone;
        }

        return _rules.Versions[0].TimeZone;
    }
}
