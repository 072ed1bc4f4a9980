using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>
/// One-call property tests for a rule set — typically a custom one — over generated records
/// (<see cref="ShangdingGen.EvaluationCases(RuleSet)"/>). For every generated case:
/// <list type="number">
/// <item>the score lies within [min, max] and on the precision grid;</item>
/// <item>the explanation adds up: <c>Publish(Base + Σ AppliedPoints) == Score</c>, the applied positive points sum to <c>Bonus</c> and the applied negative points to <c>−Deductions</c>;</item>
/// <item>the band grade is <c>GradeOf(Score)</c>, and requirements only lower the grade;</item>
/// <item>monotonicity: adding a counting positive record never lowers the score or the grade; adding a counting negative record never raises either;</item>
/// <item>the score-only path <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest)"/> agrees with <see cref="CreditEvaluator.Evaluate(ScoringPlan, EvaluationRequest)"/> on score, grade and cleanliness.</item>
/// </list>
/// </summary>
/// <example>
/// Three lines in an xunit test of a custom rule set:
/// <code>
/// var rules = RuleSetJson.Load(File.ReadAllText("my-rules.json")).GetValueOrThrow();
/// GradeScaleLaws.Verify(rules);
/// RuleSetLaws.Verify(rules);
/// </code>
/// </example>
/// <remarks>Stateless and thread-safe.</remarks>
public static class RuleSetLaws
{
    /// <summary>Runs the laws as an FsCheck property on <paramref name="ruleSet"/> and throws on the first failing case.</summary>
    /// <param name="ruleSet">The rule set under test.</param>
    /// <param name="options">How many cases; the default is <see cref="RuleSetLawOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    /// <exception cref="Exception">FsCheck's failure exception: a case breaks a law; its message names the law and prints the case.</exception>
    public static void Verify(RuleSet ruleSet, RuleSetLawOptions? options = null)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var o = options ?? RuleSetLawOptions.Default;
        var cases =
            from c in ShangdingGen.EvaluationCases(ruleSet)
            from positive in ShangdingGen.CountingRecord(c, Polarity.Positive)
            from negative in ShangdingGen.CountingRecord(c, Polarity.Negative)
            select new LawCase(c, positive, negative);
        Prop.ForAll(cases.ToArbitrary(), lawCase =>
            {
                var violations = Check(lawCase.Case, lawCase.Positive, lawCase.Negative);
                return Prop.Label(violations.IsEmpty, "broken laws:" + Environment.NewLine + string.Join(Environment.NewLine, violations));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(o.MaxTest).WithQuietOnSuccess(true));
    }

    /// <summary>Checks the laws on one case and returns every violation in English; empty when they hold.</summary>
    /// <param name="evaluationCase">The case.</param>
    /// <param name="countingPositive">A positive record that counts when added to the case (see <see cref="ShangdingGen.CountingRecord"/>), or null to skip that law.</param>
    /// <param name="countingNegative">A negative record that counts when added to the case, or null to skip that law.</param>
    /// <exception cref="ArgumentNullException"><paramref name="evaluationCase"/> is null.</exception>
    public static ImmutableArray<string> Check(EvaluationCase evaluationCase, CreditRecord? countingPositive = null, CreditRecord? countingNegative = null)
    {
        if (evaluationCase is null) throw new ArgumentNullException(nameof(evaluationCase));
        var v = ImmutableArray.CreateBuilder<string>();
        var rs = evaluationCase.RuleSet;
        var result = evaluationCase.Evaluate();
        if (result.Status != EvaluationStatus.Scored)
        {
            if (result.Score is not null || result.Grade is not null) v.Add("a subject who is not enrolled has a score or a grade.");
            return v.ToImmutable();
        }

        if (result.Score is not { } score || result.Grade is not { } grade || result.BandGrade is not { } band || result.Breakdown is not { } breakdown)
        {
            v.Add("a scored result lacks its score, grade, band grade or breakdown.");
            return v.ToImmutable();
        }

        // 1. Bounds and grid.
        if (score < rs.Min || score > rs.Max) v.Add($"bounds: score {score} is outside [{rs.Min}, {rs.Max}].");
        if (decimal.Round(score, rs.Precision) != score) v.Add($"grid: score {score} has more than {rs.Precision} decimal place(s).");

        // 2. The explanation adds up.
        decimal applied = result.Records.Sum(r => r.AppliedPoints);
        decimal positive = result.Records.Where(r => r.AppliedPoints > 0).Sum(r => r.AppliedPoints);
        decimal negative = result.Records.Where(r => r.AppliedPoints < 0).Sum(r => r.AppliedPoints);
        if (rs.Publish(breakdown.Base + applied) != score) v.Add($"explanation: Publish(base {breakdown.Base} + Σ applied {applied}) = {rs.Publish(breakdown.Base + applied)}, not the score {score}.");
        if (positive != breakdown.Bonus) v.Add($"explanation: applied positive points sum to {positive}, but the bonus is {breakdown.Bonus}.");
        if (negative != -breakdown.Deductions) v.Add($"explanation: applied negative points sum to {negative}, but the deductions are {breakdown.Deductions}.");
        if (breakdown.Published != score) v.Add($"explanation: the breakdown publishes {breakdown.Published}, the result {score}.");
        if (result.Records.Any(r => !r.Counted && r.AppliedPoints != 0m)) v.Add("explanation: a record that did not count has applied points.");

        // 3. Grades.
        var expectedBand = rs.GradeOf(score);
        if (!band.Equals(expectedBand)) v.Add($"band: the band grade is '{band.Code}' but GradeOf({score}) is '{expectedBand.Code}'.");
        if (grade.Rank > band.Rank) v.Add($"requirements: the grade '{grade.Code}' is above the band grade '{band.Code}'.");

        // 4. Monotonicity.
        if (countingPositive is not null) Monotonic(evaluationCase, countingPositive, score, grade, higher: true, v);
        if (countingNegative is not null) Monotonic(evaluationCase, countingNegative, score, grade, higher: false, v);

        // 5. The score-only path agrees.
        var summary = CreditEvaluator.Score(evaluationCase.CreatePlan(), evaluationCase.Request);
        if (summary.Score != score || !Equals(summary.Grade, grade) || summary.IsClean != result.IsClean)
        {
            v.Add($"score-only: Score() gives ({summary.Score}, {summary.Grade?.Code}, clean {summary.IsClean}), Evaluate() ({score}, {grade.Code}, clean {result.IsClean}).");
        }

        return v.ToImmutable();
    }

    private static void Monotonic(EvaluationCase c, CreditRecord extra, decimal score, CreditGrade grade, bool higher, ImmutableArray<string>.Builder v)
    {
        var with = c.WithRecords(c.Request.Records.Add(extra)).Evaluate();
        var line = with.Records.FirstOrDefault(r => r.RecordId == extra.Id);
        bool missing = line.Record is null; // the default line: no line for the record
        string kind = higher ? "positive" : "negative";
        if (missing || !line.Counted)
        {
            v.Add($"monotonicity: the {kind} record {extra} was meant to count but is {(missing ? "missing" : line.Outcome.ToString())}.");
            return;
        }

        if (with.Score is not { } s2 || with.Grade is not { } g2)
        {
            v.Add($"monotonicity: adding the {kind} record {extra} left no score.");
            return;
        }

        if (higher && (s2 < score || g2.Rank < grade.Rank))
        {
            v.Add($"monotonicity: adding the counting positive record {extra} moved ({score}, {grade.Code}) to ({s2}, {g2.Code}).");
        }

        if (!higher && (s2 > score || g2.Rank > grade.Rank))
        {
            v.Add($"monotonicity: adding the counting negative record {extra} moved ({score}, {grade.Code}) to ({s2}, {g2.Code}).");
        }
    }

    private sealed class LawCase
    {
        public LawCase(EvaluationCase c, CreditRecord? positive, CreditRecord? negative)
        {
            Case = c;
            Positive = positive;
            Negative = negative;
        }

        public EvaluationCase Case { get; }

        public CreditRecord? Positive { get; }

        public CreditRecord? Negative { get; }

        public override string ToString() =>
            $"{Case}with counting positive {Positive?.ToString() ?? "(none)"}, counting negative {Negative?.ToString() ?? "(none)"}";
    }
}

/// <summary>Options of <see cref="RuleSetLaws.Verify"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetLawOptions
{
    /// <summary>100 cases.</summary>
    public static RuleSetLawOptions Default { get; } = new();

    /// <summary>How many generated cases to check.</summary>
    /// <value>The default is 100.</value>
    public int MaxTest { get; init; } = 100;
}
