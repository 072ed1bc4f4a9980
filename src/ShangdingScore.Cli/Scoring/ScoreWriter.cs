using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Cli.Scoring;

/// <summary>The output formats of <c>score</c>.</summary>
internal enum ScoreFormat
{
    Csv,
    Jsonl,
}

/// <summary>
/// Writes one line per subject, as CSV (RFC 4180, header first) or JSON Lines, each carrying the
/// rule set's id, version and content hash so a score can be traced to its exact rules.
/// </summary>
internal sealed class ScoreWriter
{
    private const string Header = "subject,status,score,grade,clean,records,ruleSetId,ruleSetVersion,ruleSetContentHash,ruleSetInForce,asOf,knownAt";
    private readonly TextWriter _out;
    private readonly ScoreFormat _format;
    private readonly ScoringPlan _plan;
    private readonly string _asOf;
    private readonly string _knownAt;

    public ScoreWriter(TextWriter output, ScoreFormat format, ScoringPlan plan, Instant? knownAt)
    {
        _out = output;
        _format = format;
        _plan = plan;
        _asOf = LocalDatePattern.Iso.Format(plan.AsOf);
        _knownAt = knownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : string.Empty;
        if (format == ScoreFormat.Csv) _out.Write(Header + "\n");
    }

    public void Write(SubjectId subject, ScoreSummary summary, int records)
    {
        var rs = _plan.RuleSet;
        string status = summary.Status == EvaluationStatus.Scored ? "scored" : "not-enrolled";
        if (_format == ScoreFormat.Csv)
        {
            var sb = new StringBuilder();
            sb.Append(Csv(subject.Value)).Append(',').Append(status).Append(',')
              .Append(summary.Score is { } s ? Fmt.Num(s) : string.Empty).Append(',')
              .Append(Csv(summary.Grade?.Code ?? string.Empty)).Append(',')
              .Append(summary.IsClean ? "true" : "false").Append(',')
              .Append(records.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Csv(rs.Id)).Append(',').Append(rs.Version).Append(',').Append(rs.ContentHash).Append(',')
              .Append(_plan.InForce ? "true" : "false").Append(',').Append(_asOf).Append(',').Append(_knownAt).Append('\n');
            _out.Write(sb.ToString());
            return;
        }

        _out.Write(JsonOutput.Build(
            w =>
            {
                w.WriteStartObject();
                w.WriteString("subject", subject.Value);
                w.WriteString("status", status);
                w.Number("score", summary.Score);
                w.StringOrNull("grade", summary.Grade?.Code);
                w.WriteBoolean("clean", summary.IsClean);
                w.WriteNumber("records", records);
                w.WriteString("ruleSetId", rs.Id);
                w.WriteString("ruleSetVersion", rs.Version.ToString());
                w.WriteString("ruleSetContentHash", rs.ContentHash);
                w.WriteBoolean("ruleSetInForce", _plan.InForce);
                w.WriteString("asOf", _asOf);
                w.StringOrNull("knownAt", _knownAt.Length == 0 ? null : _knownAt);
                w.WriteEndObject();
            },
            indented: false) + "\n");
    }

    /// <summary>A CSV field: quoted when it holds a comma, a quote or a line break; quotes doubled.</summary>
    internal static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
