using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// One subject's delivered records prepared once against a rule set, for scoring them again and again
/// (every day, for every what-if <c>asOf</c>) with
/// <see cref="CreditEvaluator.Score(ScoringPlan, PreparedRecords, Enrolment, Instant?)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Preparation is load-time work, done with the evaluator's own code: copies merged (spec §3a
/// "Duplicates"), item codes resolved to indices, lifecycle events applied (§3a "Event order"),
/// each record's points computed and capped per record (§3 step 3) as exact values, and
/// occurrence and repair dates turned into day numbers. What is left for scoring is what depends on
/// <c>asOf</c>: comparisons of day numbers and the capped sums of step 4, in exact fixed-point
/// integers (spec §3a "Arithmetic": the sums are exact, and the published score is the same
/// <see cref="decimal"/>, value and scale, as on the decimal path).
/// </para>
/// <para>
/// The prepared form holds everything known: it serves a <c>knownAt</c> that is null or at or after
/// every instant in the records. For an earlier <c>knownAt</c>, and for a subject with a number that
/// does not fit the fixed-point form (<see cref="IsPrecomputed"/> is false), scoring runs the decimal
/// evaluator on <see cref="Records"/>: the same result, without the speed-up.
/// </para>
/// <para>Immutable and thread-safe: one instance may be scored from any number of threads. It holds no result.</para>
/// </remarks>
public sealed class PreparedRecords
{
    internal PreparedRecords(RuleSet ruleSet, SubjectId subject, ImmutableArray<CreditRecord> records, Instant? latest, PreparedRecord[]? candidates, bool clean)
    {
        RuleSet = ruleSet;
        Subject = subject;
        Records = records;
        Latest = latest;
        Candidates = candidates;
        Clean = clean;
    }

    /// <summary>The rule set the records were prepared against; score them only on a plan of this rule set.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>The subject the records are scored for.</summary>
    public SubjectId Subject { get; }

    /// <summary>The records as delivered (copies included), for the decimal path.</summary>
    public ImmutableArray<CreditRecord> Records { get; }

    /// <summary>
    /// Whether score-only scoring with every record known uses the prepared, fixed-point form; false when a
    /// date is not in the ISO calendar or a number does not fit (then scoring takes the decimal path).
    /// </summary>
    public bool IsPrecomputed => Candidates is not null;

    /// <summary>The latest instant in the records (a <c>recordedAt</c> or an event's); null when there are none.</summary>
    internal Instant? Latest { get; }

    /// <summary>The merged records that count on some <c>asOf</c>, in (occurredOn, id) order, the order step 4 allocates caps in; null when not precomputed.</summary>
    internal PreparedRecord[]? Candidates { get; }

    /// <summary>Whether no record was set aside for a data problem (unknown item, other subject, conflicting copies).</summary>
    internal bool Clean { get; }

    /// <summary>Prepares <paramref name="records"/> of <paramref name="subject"/> against <paramref name="ruleSet"/>.</summary>
    /// <param name="ruleSet">The rule set.</param>
    /// <param name="subject">The subject; records about another subject are set aside as on the decimal path.</param>
    /// <param name="records">The records as delivered, copies included, in any order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null, or <paramref name="records"/> is a default array.</exception>
    public static PreparedRecords Create(RuleSet ruleSet, SubjectId subject, ImmutableArray<CreditRecord> records)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        if (records.IsDefault) throw new ArgumentNullException(nameof(records));
        return CreditEvaluator.Prepare(ruleSet, subject, records);
    }
}

/// <summary>
/// One merged record that may count: whether it counts on a day is three comparisons of day numbers
/// (spec §3 step 2: occurred, window, repair), and its points after the per-record cap (step 3) are
/// exact as <see cref="Points"/> × 10^-Digits with the decimal scale <see cref="Scale"/>.
/// </summary>
internal readonly struct PreparedRecord
{
    public PreparedRecord(int itemIndex, int occurredDay, int repairedFromDay, long points, byte scale)
    {
        ItemIndex = itemIndex;
        OccurredDay = occurredDay;
        RepairedFromDay = repairedFromDay;
        Points = points;
        Scale = scale;
    }

    /// <summary>The item's index in the rule set.</summary>
    public int ItemIndex { get; }

    /// <summary><c>occurredOn</c> as a day number.</summary>
    public int OccurredDay { get; }

    /// <summary>The first day the record no longer counts because it was repaired; <see cref="int.MaxValue"/> when never.</summary>
    public int RepairedFromDay { get; }

    /// <summary>The magnitude of the points after the per-record cap, scaled by the rule set's fixed-point digits.</summary>
    public long Points { get; }

    /// <summary>The decimal scale of those points.</summary>
    public byte Scale { get; }
}
