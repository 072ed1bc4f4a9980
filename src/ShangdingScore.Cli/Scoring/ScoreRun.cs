using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Cli.Scoring;

/// <summary>What a <c>score</c> run came to: counts per status and grade, lines set aside, the rules used.</summary>
internal sealed class ScoreRun
{
    private readonly Dictionary<string, long> _byGrade = new(StringComparer.Ordinal);

    public ScoreRun(ScoringPlan plan, Instant? knownAt, string source)
    {
        Plan = plan;
        KnownAt = knownAt;
        Source = source;
    }

    public ScoringPlan Plan { get; }

    public Instant? KnownAt { get; }

    public string Source { get; }

    public long Subjects { get; private set; }

    public long Scored { get; private set; }

    public long NotEnrolled { get; private set; }

    public long NotClean { get; private set; }

    public long LinesSetAside { get; set; }

    public long Records { get; set; }

    public string? Output { get; set; }

    public void Add(ScoreSummary summary)
    {
        Subjects++;
        if (summary.Status != EvaluationStatus.Scored)
        {
            NotEnrolled++;
            return;
        }

        Scored++;
        if (!summary.IsClean) NotClean++;
        var code = summary.Grade!.Code;
        _byGrade[code] = _byGrade.TryGetValue(code, out var n) ? n + 1 : 1;
    }

    public string ToText()
    {
        var rs = Plan.RuleSet;
        var sb = new StringBuilder();
        sb.Append("scored 已评分 ").Append(Scored).Append(" of ").Append(Subjects).Append(" subject(s) from ").Append(Source)
          .Append(" as of ").Append(LocalDatePattern.Iso.Format(Plan.AsOf))
          .Append(" with ").Append(rs.Id).Append(' ').Append(rs.Version).Append(Plan.InForce ? string.Empty : " (pinned, not in force)").Append('\n');
        sb.Append("  not enrolled 未加入: ").Append(NotEnrolled).Append(" · not clean 数据待核查: ").Append(NotClean)
          .Append(" · records: ").Append(Records).Append(" · lines set aside 搁置: ").Append(LinesSetAside).Append('\n');
        foreach (var g in GradesHighFirst())
        {
            sb.Append("  ").Append(g.Name.ZhCn).Append(' ').Append(g.Name.En).Append(": ").Append(_byGrade.GetValueOrDefault(g.Code)).Append('\n');
        }

        if (Output is not null) sb.Append("  written to ").Append(Output).Append('\n');
        return sb.ToString();
    }

    public string ToJson() => JsonOutput.Build(w =>
    {
        var rs = Plan.RuleSet;
        w.WriteStartObject();
        w.WriteString("source", Source);
        w.WriteString("asOf", LocalDatePattern.Iso.Format(Plan.AsOf));
        w.StringOrNull("knownAt", KnownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : null);
        w.WriteStartObject("ruleSet");
        w.WriteString("id", rs.Id);
        w.WriteString("version", rs.Version.ToString());
        w.WriteString("contentHash", rs.ContentHash);
        w.WriteBoolean("inForce", Plan.InForce);
        w.WriteEndObject();
        w.WriteNumber("subjects", Subjects);
        w.WriteNumber("scored", Scored);
        w.WriteNumber("notEnrolled", NotEnrolled);
        w.WriteNumber("notClean", NotClean);
        w.WriteNumber("records", Records);
        w.WriteNumber("linesSetAside", LinesSetAside);
        w.WriteStartObject("byGrade");
        foreach (var g in GradesHighFirst()) w.WriteNumber(g.Code, _byGrade.GetValueOrDefault(g.Code));
        w.WriteEndObject();
        w.StringOrNull("output", Output);
        w.WriteEndObject();
    });

    private IEnumerable<Rules.CreditGrade> GradesHighFirst() => Plan.RuleSet.Grades.Reverse();
}
