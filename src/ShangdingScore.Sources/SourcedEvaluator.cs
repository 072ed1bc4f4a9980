using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Sources;

/// <summary>An evaluation together with how complete its data was.</summary>
/// <remarks>Immutable.</remarks>
public sealed class SourcedEvaluation
{
    internal SourcedEvaluation(CreditEvaluation evaluation, ImmutableArray<SourceFailure> failures)
    {
        Evaluation = evaluation;
        Failures = failures;
    }

    /// <summary>The evaluation of the records that could be read (of a subject not enrolled when the enrolment source failed).</summary>
    public CreditEvaluation Evaluation { get; }

    /// <summary>The sources that failed or timed out.</summary>
    public ImmutableArray<SourceFailure> Failures { get; }

    /// <summary>Whether every source answered: an incomplete evaluation must not be used as if complete (benefit decisions fail closed on it).</summary>
    public bool IsComplete => Failures.IsEmpty;
}

/// <summary>
/// Composes sources and the pure evaluator: reads a subject's enrolment and records, chooses the
/// rule-set version in force on <c>asOf</c> (or a pinned one), and evaluates, marking the result
/// incomplete when a source failed. It takes <c>asOf</c> and <c>knownAt</c> from the caller: the
/// clock belongs to the application edge.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SourcedEvaluator
{
    /// <summary>The name under which a failure of the enrolment source appears in <see cref="SourcedEvaluation.Failures"/>.</summary>
    public const string EnrolmentSourceName = "enrolment";

    private readonly RuleSetHistory _rules;
    private readonly CompositeRecordSource _records;
    private readonly IEnrolmentSource _enrolments;

    /// <summary>Creates the evaluator.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SourcedEvaluator(RuleSetHistory rules, CompositeRecordSource records, IEnrolmentSource enrolments)
    {
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _enrolments = enrolments ?? throw new ArgumentNullException(nameof(enrolments));
        EnrolledSource = _enrolments is IEnrolledRecordSource both && ReferenceEquals(_records.OnlySource, both) ? both : null;
    }

    /// <summary>
    /// The source this evaluator reads a subject's enrolment and records from in one read: its enrolment source when that
    /// is also its only record source and an <see cref="IEnrolledRecordSource"/>; otherwise null.
    /// </summary>
    public IEnrolledRecordSource? EnrolledSource { get; }

    /// <summary>How long each source may take (the composite's <see cref="CompositeRecordSource.PerSourceTimeout"/>).</summary>
    public TimeSpan PerSourceTimeout => _records.PerSourceTimeout;

    /// <summary>Evaluates one subject.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="asOf">The day the score is for.</param>
    /// <param name="knownAt">The data view's instant; null for everything.</param>
    /// <param name="pinnedVersion">A rule-set version to use instead of the one in force (what-if).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <remarks>
    /// The enrolment source gets the composite's <see cref="CompositeRecordSource.PerSourceTimeout"/> too, and the
    /// same treatment: when it throws or does not answer in time it is named in <see cref="SourcedEvaluation.Failures"/>
    /// as <see cref="EnrolmentSourceName"/>, the records are not read, and the evaluation is of a subject not enrolled,
    /// marked incomplete (so a benefit decision fails closed on it). One call therefore takes at most twice the
    /// timeout: the enrolment, then the record sources concurrently. When the enrolment source is the composite's only
    /// source and reads both together (<see cref="IEnrolledRecordSource"/>), that one read is made instead, under one
    /// timeout, and the evaluation is the same; if it fails, both the enrolment and the source are named as failed.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No rule-set version is in force on <paramref name="asOf"/>, or the pinned one is unknown.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SourcedEvaluation> EvaluateAsync(SubjectId subject, LocalDate asOf, Instant? knownAt = null, RuleSetVersion? pinnedVersion = null, CancellationToken cancellationToken = default)
    {
        var plan = _rules.PlanFor(asOf, pinnedVersion);
        if (EnrolledSource is { } both) return await EvaluateEnrolledAsync(plan, both, subject, asOf, knownAt, cancellationToken).ConfigureAwait(false);

        var timeout = _records.PerSourceTimeout;
        var read = await Deadline.RunAsync(token => _enrolments.GetEnrolmentAsync(subject, token).AsTask(), timeout, cancellationToken).ConfigureAwait(false);
        var failure = read.TimedOut
            ? new SourceFailure(EnrolmentSourceName, SourceFailureKind.TimedOut, $"no answer within {timeout.TotalMilliseconds:0} ms.")
            : read.Error is { } error ? new SourceFailure(EnrolmentSourceName, SourceFailureKind.Failed, $"{error.GetType().Name}: {error.Message}")
            : read.Value is null ? new SourceFailure(EnrolmentSourceName, SourceFailureKind.Failed, "the enrolment source returned null.")
            : null;
        var enrolment = failure is null ? read.Value! : Enrolment.None;
        if (failure is not null || !enrolment.IsEnrolledOn(asOf))
        {
            // Not enrolled (or not known to be): the records are not looked at, so they are not read either.
            var failures = failure is null ? ImmutableArray<SourceFailure>.Empty : ImmutableArray.Create(failure);
            return Evaluate(plan, subject, asOf, knownAt, enrolment, ImmutableArray<CreditRecord>.Empty, failures);
        }

        var collection = await _records.CollectAsync(new RecordQuery { Subject = subject, KnownAt = knownAt }, cancellationToken).ConfigureAwait(false);
        return Evaluate(plan, subject, asOf, knownAt, enrolment, collection.Records, collection.Failures);
    }

    /// <summary>
    /// Evaluates <paramref name="query"/>'s subject from a read of <see cref="EnrolledSource"/> made elsewhere — along
    /// with a grant's status, for instance (<c>GrantVerifier.CheckAndReadAsync</c>) — as <see cref="EvaluateAsync"/>
    /// evaluates its own read of that source: the records checked (a record of another subject makes the read a
    /// failure, and the evaluation incomplete) and identical copies removed.
    /// </summary>
    /// <param name="read">The subject's enrolment and records, as <see cref="IEnrolledRecordSource.ReadEnrolledAsync"/> answered <paramref name="query"/>.</param>
    /// <param name="query">Whose records, as known when.</param>
    /// <param name="asOf">The day the score is for.</param>
    /// <param name="pinnedVersion">A rule-set version to use instead of the one in force (what-if).</param>
    /// <exception cref="ArgumentNullException"><paramref name="read"/> or <paramref name="query"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The evaluator has no <see cref="EnrolledSource"/>; no rule-set version is in force on <paramref name="asOf"/>, or the pinned one is unknown.</exception>
    public SourcedEvaluation Evaluate(EnrolledRecords read, RecordQuery query, LocalDate asOf, RuleSetVersion? pinnedVersion = null)
    {
        if (read is null) throw new ArgumentNullException(nameof(read));
        if (query is null) throw new ArgumentNullException(nameof(query));
        if (EnrolledSource is null) throw new InvalidOperationException("This evaluator does not read enrolments with records from one source; it has no read to take.");
        var plan = _rules.PlanFor(asOf, pinnedVersion);
        return Evaluated(plan, query.Subject, asOf, query.KnownAt, _records.CollectRead(read, query));
    }

    /// <summary>The evaluation from one read of the enrolment with the records; the same as from the two reads.</summary>
    private async Task<SourcedEvaluation> EvaluateEnrolledAsync(ScoringPlan plan, IEnrolledRecordSource source, SubjectId subject, LocalDate asOf, Instant? knownAt, CancellationToken cancellationToken)
    {
        var read = await _records.CollectEnrolledAsync(source, new RecordQuery { Subject = subject, KnownAt = knownAt }, cancellationToken).ConfigureAwait(false);
        return Evaluated(plan, subject, asOf, knownAt, read);
    }

    /// <summary>The evaluation of a read of the enrolment with the records: when it failed, the failure is the enrolment's too.</summary>
    private static SourcedEvaluation Evaluated(ScoringPlan plan, SubjectId subject, LocalDate asOf, Instant? knownAt, (Enrolment? Enrolment, RecordCollection Collection) read)
    {
        var (enrolment, collection) = read;
        var failures = enrolment is null
            ? collection.Failures.Select(f => new SourceFailure(EnrolmentSourceName, f.Kind, f.Reason)).Concat(collection.Failures).ToImmutableArray()
            : ImmutableArray<SourceFailure>.Empty;
        return Evaluate(plan, subject, asOf, knownAt, enrolment ?? Enrolment.None, collection.Records, failures);
    }

    /// <summary>
    /// Evaluates with <paramref name="records"/> when the subject is enrolled on <paramref name="asOf"/>; otherwise with
    /// none (the records of a subject not enrolled are not looked at).
    /// </summary>
    private static SourcedEvaluation Evaluate(ScoringPlan plan, SubjectId subject, LocalDate asOf, Instant? knownAt, Enrolment enrolment, ImmutableArray<CreditRecord> records, ImmutableArray<SourceFailure> failures)
    {
        var request = new EvaluationRequest
        {
            Subject = subject, Enrolment = enrolment, Records = enrolment.IsEnrolledOn(asOf) ? records : ImmutableArray<CreditRecord>.Empty,
            AsOf = asOf, KnownAt = knownAt,
        };
        return new SourcedEvaluation(CreditEvaluator.Evaluate(plan, request), failures);
    }
}
