using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Properties;

/// <summary>Ways to compare evaluation results without JSON.</summary>
internal static class EvaluationFingerprint
{
    /// <summary>Score, grade codes and the sequence of (RecordId, Outcome, AppliedPoints).</summary>
    public static (decimal? Score, string? Band, string? Grade, bool Clean, (string, RecordOutcome, decimal)[] Lines) Core(CreditEvaluation e) =>
        (e.Score, e.BandGrade?.Code, e.Grade?.Code, e.IsClean, e.Records.Select(r => (r.RecordId, r.Outcome, r.AppliedPoints)).ToArray());

    /// <summary>Everything an auditor reads in a result, as one comparable text (decimals normalised).</summary>
    public static string Full(CreditEvaluation e)
    {
        static string D(decimal? d) => d is { } v ? (v / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
        var lines = new List<string>
        {
            $"{e.Status} {e.Subject} {e.RuleSet.Id} {e.RuleSet.Version} {e.RuleSet.ContentHash} {e.RuleSet.InForce} {e.AsOf} {e.KnownAt}",
            $"score {D(e.Score)} band {e.BandGrade?.Code} grade {e.Grade?.Code} clean {e.IsClean}",
        };
        if (e.Breakdown is { } b)
        {
            lines.Add($"breakdown {D(b.Base)} {D(b.PositiveBeforeCaps)} {D(b.Bonus)} {D(b.Deductions)} {D(b.Total)} {D(b.Published)}");
        }

        lines.AddRange(e.Dimensions.Select(d => $"dimension {d.Code} {D(d.BeforeCap)} {D(d.Cap)} {D(d.Points)}"));
        lines.AddRange(e.Requirements.Select(r => $"requirement {r.Code} {r.CapGradeAt.Code} {r.LowersGrade} [{string.Join(",", r.TriggeredBy)}]"));
        lines.AddRange(e.Records.Select(r =>
            $"record {r.RecordId} {r.Outcome} copies {r.Copies} expires {r.ExpiresOn} repaired {r.RepairedFrom} " +
            $"{D(r.RawPoints)} {D(r.AfterRecordCap)} {D(r.AfterItemCap)} {D(r.AfterDimensionCap)} {D(r.AppliedPoints)} " +
            $"| {r.Record.Subject} {r.Record.ItemCode} {r.Record.OccurredOn} {D(r.Record.Quantity)} {r.Record.Provider} {r.Record.RecordedAt} " +
            $"events [{string.Join(", ", r.Record.Events)}]"));
        lines.AddRange(e.Flags.Select(f => $"flag {f.Kind} {f.RecordId} {f.Message}"));
        return string.Join("\n", lines);
    }
}
