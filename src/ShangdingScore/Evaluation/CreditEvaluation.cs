using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// The result of an evaluation, explaining itself: the score, the band grade and the final grade,
/// the requirements applied, one line per record in view, flags, and which rules produced it
/// (spec §3 step 8). Produced only by <see cref="CreditEvaluator"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. Invariant: <c>Publish(Base + Σ Records.AppliedPoints) == Score</c>.</remarks>
public sealed class CreditEvaluation
{
    internal CreditEvaluation(
        EvaluationStatus status,
        SubjectId subject,
        RuleSetReference ruleSet,
        LocalDate asOf,
        Instant? knownAt,
        decimal? score,
        CreditGrade? bandGrade,
        CreditGrade? grade,
        ScoreBreakdown? breakdown,
        ImmutableArray<DimensionSubtotal> dimensions,
        ImmutableArray<AppliedRequirement> requirements,
        ImmutableArray<RecordExplanation> records,
        ImmutableArray<EvaluationFlag> flags)
    {
        Status = status;
        Subject = subject;
        RuleSet = ruleSet;
        AsOf = asOf;
        KnownAt = knownAt;
        Score = score;
        BandGrade = bandGrade;
        Grade = grade;
        Breakdown = breakdown;
        Dimensions = dimensions;
        Requirements = requirements;
        Records = records;
        Flags = flags;
    }

    /// <summary>Whether the subject was scored or is not enrolled.</summary>
    public EvaluationStatus Status { get; }

    /// <summary>The subject evaluated.</summary>
    public SubjectId Subject { get; }

    /// <summary>The rule set's id, version and content hash, and whether it was in force on <see cref="AsOf"/>.</summary>
    public RuleSetReference RuleSet { get; }

    /// <summary>The day the score is for.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The instant of the data view; null when everything was seen.</summary>
    public Instant? KnownAt { get; }

    /// <summary>The published score (clamped and rounded); null when not enrolled.</summary>
    public decimal? Score { get; }

    /// <summary>The grade of the band holding <see cref="Score"/>, before requirements.</summary>
    public CreditGrade? BandGrade { get; }

    /// <summary>The final grade: the band grade, lowered by every requirement that applies.</summary>
    public CreditGrade? Grade { get; }

    /// <summary>How the score adds up; null when not enrolled.</summary>
    public ScoreBreakdown? Breakdown { get; }

    /// <summary>Positive points per dimension, before and after its cap.</summary>
    public ImmutableArray<DimensionSubtotal> Dimensions { get; }

    /// <summary>Every requirement whose condition holds, marked when it lowers the grade.</summary>
    public ImmutableArray<AppliedRequirement> Requirements { get; }

    /// <summary>One line per record in view at <see cref="KnownAt"/>, by occurrence date then id.</summary>
    public ImmutableArray<RecordExplanation> Records { get; }

    /// <summary>What the caller must know about the input.</summary>
    public ImmutableArray<EvaluationFlag> Flags { get; }

    /// <summary>False when any record was set aside for a data problem (unknown item, conflicting copies, another subject).</summary>
    public bool IsClean => !Flags.Any(f => f.MakesUnclean);
}

/// <summary>Which rules produced a result.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetReference
{
    /// <summary>Names the rules of a result: id, version, content hash and whether the version was in force on the day.</summary>
    /// <exception cref="ArgumentNullException">A string is null.</exception>
    public RuleSetReference(string id, string version, string contentHash, bool inForce)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        if (version is null) throw new ArgumentNullException(nameof(version));
        if (contentHash is null) throw new ArgumentNullException(nameof(contentHash));
        Id = id;
        Version = version;
        ContentHash = contentHash;
        InForce = inForce;
    }

    /// <summary>The rule set's id.</summary>
    public string Id { get; }

    /// <summary>The version text.</summary>
    public string Version { get; }

    /// <summary>The SHA-256 of the canonical rules.</summary>
    public string ContentHash { get; }

    /// <summary>Whether this version was the one in force on <c>asOf</c> (false for a pinned what-if).</summary>
    public bool InForce { get; }
}

/// <summary>How the score adds up (spec §3 steps 4–5).</summary>
/// <remarks>Immutable.</remarks>
public sealed class ScoreBreakdown
{
    internal ScoreBreakdown(decimal @base, decimal positiveBeforeCaps, decimal bonus, decimal deductions, decimal total, decimal published)
    {
        Base = @base;
        PositiveBeforeCaps = positiveBeforeCaps;
        Bonus = bonus;
        Deductions = deductions;
        Total = total;
        Published = published;
    }

    /// <summary>The rule set's base.</summary>
    public decimal Base { get; }

    /// <summary>Positive points after per-record and per-item caps, before dimension caps and <c>maxBonus</c>.</summary>
    public decimal PositiveBeforeCaps { get; }

    /// <summary>Positive points added, after every cap.</summary>
    public decimal Bonus { get; }

    /// <summary>Points deducted (a non-negative number), after per-record and per-item caps.</summary>
    public decimal Deductions { get; }

    /// <summary><c>Base + Bonus − Deductions</c>, before clamping and rounding.</summary>
    public decimal Total { get; }

    /// <summary>The published score: <see cref="Total"/> clamped to [min, max] and rounded half away from zero.</summary>
    public decimal Published { get; }
}

/// <summary>One dimension's positive points.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DimensionSubtotal
{
    internal DimensionSubtotal(string code, LocalizedText name, decimal beforeCap, decimal? cap, decimal points)
    {
        Code = code;
        Name = name;
        BeforeCap = beforeCap;
        Cap = cap;
        Points = points;
    }

    /// <summary>The dimension's code.</summary>
    public string Code { get; }

    /// <summary>The dimension's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>Positive points after item caps, before the dimension cap.</summary>
    public decimal BeforeCap { get; }

    /// <summary>The dimension cap, if any.</summary>
    public decimal? Cap { get; }

    /// <summary>Positive points added by the dimension after its cap and <c>maxBonus</c>.</summary>
    public decimal Points { get; }
}

/// <summary>A grade requirement whose condition holds.</summary>
/// <remarks>Immutable.</remarks>
public sealed class AppliedRequirement
{
    internal AppliedRequirement(string code, LocalizedText name, RequirementCondition when, CreditGrade capGradeAt, bool lowersGrade, ImmutableArray<string> triggeredBy)
    {
        Code = code;
        Name = name;
        When = when;
        CapGradeAt = capGradeAt;
        LowersGrade = lowersGrade;
        TriggeredBy = triggeredBy;
    }

    /// <summary>The requirement's code.</summary>
    public string Code { get; }

    /// <summary>The requirement's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>Its condition.</summary>
    public RequirementCondition When { get; }

    /// <summary>The highest grade it allows.</summary>
    public CreditGrade CapGradeAt { get; }

    /// <summary>Whether its cap is below the band grade, so it lowered the grade.</summary>
    public bool LowersGrade { get; }

    /// <summary>The ids of the counting records that make the condition hold.</summary>
    public ImmutableArray<string> TriggeredBy { get; }
}

/// <summary>Something the caller must know about the input.</summary>
/// <remarks>Immutable.</remarks>
public sealed class EvaluationFlag
{
    internal EvaluationFlag(EvaluationFlagKind kind, string? recordId, string message)
    {
        Kind = kind;
        RecordId = recordId;
        Message = message;
    }

    /// <summary>What kind of problem.</summary>
    public EvaluationFlagKind Kind { get; }

    /// <summary>The record concerned, if any.</summary>
    public string? RecordId { get; }

    /// <summary>A description in English.</summary>
    public string Message { get; }

    /// <summary>Whether this flag makes the result not clean.</summary>
    [JsonIgnore]
    public bool MakesUnclean => Kind is EvaluationFlagKind.UnknownItem or EvaluationFlagKind.ConflictingCopies or EvaluationFlagKind.OtherSubject;
}
