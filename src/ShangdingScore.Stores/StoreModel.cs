using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Stores;

/// <summary>What <see cref="ICreditStore.MigrateAsync"/> did.</summary>
/// <remarks>Immutable.</remarks>
public sealed class StoreMigrationResult
{
    /// <summary>Creates a result.</summary>
    public StoreMigrationResult(int fromVersion, int toVersion, ImmutableArray<int> applied)
    {
        FromVersion = fromVersion;
        ToVersion = toVersion;
        Applied = applied.IsDefault ? ImmutableArray<int>.Empty : applied;
    }

    /// <summary>The schema version found; 0 for an empty database.</summary>
    public int FromVersion { get; }

    /// <summary>The schema version now in place.</summary>
    public int ToVersion { get; }

    /// <summary>The migrations applied by this call, in order; empty when the schema was current.</summary>
    public ImmutableArray<int> Applied { get; }
}

/// <summary>One subject's enrolment history, to write with <see cref="ICreditStore.SetEnrolmentsAsync"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class SubjectEnrolment
{
    /// <summary>Creates an entry.</summary>
    /// <exception cref="ArgumentException"><paramref name="subject"/> is the default value.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="enrolment"/> is null.</exception>
    public SubjectEnrolment(SubjectId subject, Enrolment enrolment)
    {
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        Subject = subject;
        Enrolment = enrolment ?? throw new ArgumentNullException(nameof(enrolment));
    }

    /// <summary>The subject.</summary>
    public SubjectId Subject { get; }

    /// <summary>The subject's periods.</summary>
    public Enrolment Enrolment { get; }
}

/// <summary>What <see cref="ICreditStore.ReadAllSubjectsAsync"/> reads.</summary>
/// <remarks>Immutable. New fields may be added; implementers receive them without a signature change.</remarks>
public sealed class SubjectScan
{
    /// <summary>Everything, at every instant.</summary>
    public static SubjectScan All { get; } = new();

    /// <summary>The view's instant: copies recorded after it and events entered after it are left out. Null: everything.</summary>
    /// <value>The default is null.</value>
    public Instant? KnownAt { get; init; }
}

/// <summary>One subject as kept in a store: enrolment and records (copies with their events) in one view.</summary>
/// <remarks>Immutable.</remarks>
public sealed class SubjectSnapshot
{
    /// <summary>Creates a snapshot.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="enrolment"/> is null.</exception>
    public SubjectSnapshot(SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records)
    {
        Subject = subject;
        Enrolment = enrolment ?? throw new ArgumentNullException(nameof(enrolment));
        Records = records.IsDefault ? ImmutableArray<CreditRecord>.Empty : records;
    }

    /// <summary>The subject.</summary>
    public SubjectId Subject { get; }

    /// <summary>The enrolment history; <see cref="Enrolment.None"/> when never enrolled.</summary>
    public Enrolment Enrolment { get; }

    /// <summary>The record copies in view, ordered by record id then <c>recordedAt</c> (<see cref="SubjectOrder"/> order of the id).</summary>
    public ImmutableArray<CreditRecord> Records { get; }
}

/// <summary>Which scores <see cref="ICreditStore.ReadScoresAsync"/> returns; every field set narrows the result.</summary>
/// <remarks>Immutable. New fields may be added.</remarks>
public sealed class ScoreQuery
{
    /// <summary>Every score kept.</summary>
    public static ScoreQuery All { get; } = new();

    /// <summary>Only this subject's scores.</summary>
    /// <value>The default is null (every subject).</value>
    public SubjectId? Subject { get; init; }

    /// <summary>Only scores for this day.</summary>
    /// <value>The default is null (every day).</value>
    public LocalDate? AsOf { get; init; }

    /// <summary>Only scores under this rule set (its id, for example <c>zhengzhou.shangding</c>).</summary>
    /// <value>The default is null (every rule set).</value>
    public string? RuleSetId { get; init; }

    /// <summary>Only scores under this version of the rule set (for example <c>2019.1.0</c>).</summary>
    /// <value>The default is null (every version).</value>
    public string? RuleSetVersion { get; init; }
}

/// <summary>
/// A score as kept in a store: what batch rescoring computed for one subject, and under which rule
/// set, for which day, from which view of the data. The key is (subject, rule-set id, version,
/// as-of, known-at).
/// </summary>
/// <remarks>Immutable; value equality over every field.</remarks>
public sealed class StoredScore : IEquatable<StoredScore>
{
    private readonly ImmutableArray<decimal> _dimensionPoints = ImmutableArray<decimal>.Empty;

    /// <summary>Creates a score.</summary>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException">The subject is the default value, or a score and grade are missing for a scored subject (or present for one not enrolled).</exception>
    public StoredScore(
        SubjectId subject,
        string ruleSetId,
        string ruleSetVersion,
        string ruleSetContentHash,
        bool ruleSetInForce,
        LocalDate asOf,
        Instant? knownAt,
        EvaluationStatus status,
        decimal? score,
        string? gradeCode,
        bool isClean,
        bool isComplete)
    {
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        if ((status == EvaluationStatus.Scored) != (score is not null && gradeCode is not null))
        {
            throw new ArgumentException("A scored subject has a score and a grade; one not enrolled has neither.", nameof(status));
        }

        if (status == EvaluationStatus.NotEnrolled && (score is not null || gradeCode is not null))
        {
            throw new ArgumentException("A subject not enrolled has no score and no grade.", nameof(status));
        }

        Subject = subject;
        RuleSetId = ruleSetId ?? throw new ArgumentNullException(nameof(ruleSetId));
        RuleSetVersion = ruleSetVersion ?? throw new ArgumentNullException(nameof(ruleSetVersion));
        RuleSetContentHash = ruleSetContentHash ?? throw new ArgumentNullException(nameof(ruleSetContentHash));
        RuleSetInForce = ruleSetInForce;
        AsOf = asOf;
        KnownAt = knownAt;
        Status = status;
        Score = score;
        GradeCode = gradeCode;
        IsClean = isClean;
        IsComplete = isComplete;
    }

    /// <summary>The subject.</summary>
    public SubjectId Subject { get; }

    /// <summary>The rule set's id, for example <c>zhengzhou.shangding</c>.</summary>
    public string RuleSetId { get; }

    /// <summary>The rule set's version, for example <c>2019.1.0</c>.</summary>
    public string RuleSetVersion { get; }

    /// <summary>The rule set's content hash: the exact rules that produced the score.</summary>
    public string RuleSetContentHash { get; }

    /// <summary>Whether that version was in force on <see cref="AsOf"/> (false for a pinned what-if version).</summary>
    public bool RuleSetInForce { get; }

    /// <summary>The day the score is for.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The data view's instant; null for everything known.</summary>
    public Instant? KnownAt { get; }

    /// <summary>Scored, or not enrolled (then no score and no grade).</summary>
    public EvaluationStatus Status { get; }

    /// <summary>The published score; null when not enrolled.</summary>
    public decimal? Score { get; }

    /// <summary>The final grade's code (for example <c>good</c>); null when not enrolled.</summary>
    public string? GradeCode { get; }

    /// <summary>Whether no record was set aside for a data problem (unknown item, disagreeing copies).</summary>
    public bool IsClean { get; }

    /// <summary>Whether every source answered; an incomplete score must not be used as if complete.</summary>
    public bool IsComplete { get; }

    /// <summary>
    /// Each dimension's points in the rule set's dimension order (the figures of the full evaluation's dimension subtotals),
    /// as the monitoring report sums them; empty when not kept (a subject not scored, or a score written without them).
    /// </summary>
    /// <value>The default is empty.</value>
    /// <exception cref="ArgumentException">The value is not empty for a subject that is not scored.</exception>
    public ImmutableArray<decimal> DimensionPoints
    {
        get => _dimensionPoints;
        init
        {
            var points = value.IsDefault ? ImmutableArray<decimal>.Empty : value;
            if (points.Length > 0 && Status != EvaluationStatus.Scored) throw new ArgumentException("Only a scored subject has dimension points.", nameof(value));
            _dimensionPoints = points;
        }
    }

    /// <summary>A stored score from a <see cref="ScoreSummary"/> computed on <paramref name="plan"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public static StoredScore From(ScoringPlan plan, SubjectId subject, ScoreSummary summary, Instant? knownAt, bool isComplete = true)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        var rules = plan.RuleSet;
        return new StoredScore(subject, rules.Id, rules.Version.ToString(), rules.ContentHash, plan.InForce, plan.AsOf, knownAt, summary.Status, summary.Score, summary.Grade?.Code, summary.IsClean, isComplete);
    }

    /// <summary>
    /// A stored score with its dimensions' points from <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest, Span{decimal})"/>
    /// computed on <paramref name="plan"/> (the points are kept only for a scored subject).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dimensionPoints"/> does not have one value per dimension of the plan's rule set.</exception>
    public static StoredScore From(ScoringPlan plan, SubjectId subject, ScoreSummary summary, ReadOnlySpan<decimal> dimensionPoints, Instant? knownAt, bool isComplete = true)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (dimensionPoints.Length != plan.RuleSet.Dimensions.Length) throw new ArgumentException($"Expected {plan.RuleSet.Dimensions.Length} dimension points, one per dimension; got {dimensionPoints.Length}.", nameof(dimensionPoints));
        var rules = plan.RuleSet;
        return new StoredScore(subject, rules.Id, rules.Version.ToString(), rules.ContentHash, plan.InForce, plan.AsOf, knownAt, summary.Status, summary.Score, summary.Grade?.Code, summary.IsClean, isComplete)
        {
            DimensionPoints = summary.Status == EvaluationStatus.Scored ? ImmutableArray.Create(dimensionPoints.ToArray()) : ImmutableArray<decimal>.Empty,
        };
    }

    /// <inheritdoc />
    public bool Equals(StoredScore? other) =>
        other is not null
        && Subject == other.Subject
        && string.Equals(RuleSetId, other.RuleSetId, StringComparison.Ordinal)
        && string.Equals(RuleSetVersion, other.RuleSetVersion, StringComparison.Ordinal)
        && string.Equals(RuleSetContentHash, other.RuleSetContentHash, StringComparison.Ordinal)
        && RuleSetInForce == other.RuleSetInForce
        && AsOf == other.AsOf
        && KnownAt == other.KnownAt
        && Status == other.Status
        && Score == other.Score
        && string.Equals(GradeCode, other.GradeCode, StringComparison.Ordinal)
        && IsClean == other.IsClean
        && IsComplete == other.IsComplete
        && DimensionPoints.AsSpan().SequenceEqual(other.DimensionPoints.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StoredScore);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Subject, StringComparer.Ordinal.GetHashCode(RuleSetVersion), AsOf, KnownAt, Score, Status);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Subject} {RuleSetId}@{RuleSetVersion} {AsOf:uuuu-MM-dd}: {(Status == EvaluationStatus.Scored ? $"{Score} {GradeCode}" : "not enrolled")}{(IsClean ? string.Empty : " (not clean)")}{(IsComplete ? string.Empty : " (incomplete)")}";
}

/// <summary>What a store keeps, counted.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct StoreCounts : IEquatable<StoreCounts>
{
    /// <summary>Creates counts.</summary>
    public StoreCounts(long subjects, long copies, long events, long enrolmentPeriods, long rejects, long scores)
    {
        Subjects = subjects;
        Copies = copies;
        Events = events;
        EnrolmentPeriods = enrolmentPeriods;
        Rejects = rejects;
        Scores = scores;
    }

    /// <summary>Distinct subjects with a copy or an enrolment period.</summary>
    public long Subjects { get; }

    /// <summary>Record copies (distinct deliveries).</summary>
    public long Copies { get; }

    /// <summary>Lifecycle events.</summary>
    public long Events { get; }

    /// <summary>Enrolment periods.</summary>
    public long EnrolmentPeriods { get; }

    /// <summary>Lines set aside.</summary>
    public long Rejects { get; }

    /// <summary>Scores kept.</summary>
    public long Scores { get; }

    /// <inheritdoc />
    public bool Equals(StoreCounts other) =>
        Subjects == other.Subjects && Copies == other.Copies && Events == other.Events && EnrolmentPeriods == other.EnrolmentPeriods && Rejects == other.Rejects && Scores == other.Scores;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StoreCounts other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Subjects, Copies, Events, EnrolmentPeriods, Rejects, Scores);

    /// <inheritdoc />
    public override string ToString() =>
        $"{Subjects} subjects, {Copies} copies, {Events} events, {EnrolmentPeriods} enrolment periods, {Rejects} rejects, {Scores} scores";
}
