using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>One generated evaluation: a rule set and a request on it.</summary>
/// <remarks>Immutable. <see cref="ToString"/> prints the rule set's JSON and every record, so a failing property shows its whole input.</remarks>
public sealed class EvaluationCase
{
    /// <summary>The rule set.</summary>
    public required RuleSet RuleSet { get; init; }

    /// <summary>The request.</summary>
    public required EvaluationRequest Request { get; init; }

    /// <summary>A plan for the request's <c>AsOf</c>.</summary>
    public ScoringPlan CreatePlan() => ScoringPlan.Create(RuleSet, Request.AsOf);

    /// <summary>Evaluates the case with a full explanation.</summary>
    public CreditEvaluation Evaluate() => CreditEvaluator.Evaluate(RuleSet, Request);

    /// <summary>The same case with other records.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    public EvaluationCase WithRecords(IEnumerable<CreditRecord> records) => new()
    {
        RuleSet = RuleSet,
        Request = new EvaluationRequest
        {
            Subject = Request.Subject,
            Enrolment = Request.Enrolment,
            Records = (records ?? throw new ArgumentNullException(nameof(records))).ToImmutableArray(),
            AsOf = Request.AsOf,
            KnownAt = Request.KnownAt,
        },
    };

    /// <summary>The rule set's JSON, <c>asOf</c>, <c>knownAt</c> and one line per record.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine().AppendLine(RuleSetJson.Write(RuleSet.Definition));
        sb.Append("asOf ").Append(Request.AsOf.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture))
          .Append(", knownAt ").Append(Request.KnownAt?.ToString() ?? "(all)")
          .Append(", subject ").Append(Request.Subject.Value)
          .Append(", ").Append(Request.Records.Length).AppendLine(" record(s):");
        foreach (var r in Request.Records)
        {
            sb.Append("  ").Append(r.Id).Append(' ').Append(r.Subject.Value).Append(' ').Append(r.ItemCode)
              .Append(" ×").Append(r.Quantity.ToString(CultureInfo.InvariantCulture))
              .Append(" on ").Append(r.OccurredOn.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture))
              .Append(" by ").Append(r.Provider).Append(" recorded ").Append(r.RecordedAt);
            foreach (var e in r.Events) sb.Append(" | ").Append(e);
            sb.AppendLine();
        }

        return sb.ToString();
    }
}
