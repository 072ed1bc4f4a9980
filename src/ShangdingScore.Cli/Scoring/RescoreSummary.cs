using System.Globalization;
using System.Text;
using NodaTime.Text;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Scoring;

/// <summary>What <c>shangding rescore</c> prints: the counts of a <see cref="BatchRescoreResult"/>, zh-CN first, or as JSON.</summary>
internal static class RescoreSummary
{
    public static string Text(BatchRescoreResult r, ScoringPlan plan, string store)
    {
        var sb = new StringBuilder();
        sb.Append("重新评分并保存 rescored and kept: ").Append(store)
          .Append(" · 计算日 as of ").Append(Fmt.Date(r.AsOf))
          .Append(" · ").Append(r.RuleSetId).Append(' ').Append(r.RuleSetVersion)
          .Append(r.RuleSetInForce ? "（现行 in force）" : "（指定版本，非现行 pinned, not in force）")
          .Append(" · 数据截至 known at: ").Append(r.KnownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : "全部已知数据 everything known").Append('\n');
        sb.Append("  主体 subjects: ").Append(r.Subjects)
          .Append(" · 已评分 scored: ").Append(r.Scored)
          .Append(" · 未加入 not enrolled: ").Append(r.NotEnrolled)
          .Append(" · 数据待核查 not clean: ").Append(r.NotClean).Append('\n');
        sb.Append("  已保存分数 scores kept: ").Append(r.ScoresWritten).Append('\n');
        foreach (var g in plan.RuleSet.Grades.Reverse())
        {
            sb.Append("  ").Append(g.Name.ZhCn).Append(' ').Append(g.Name.En).Append(": ").Append(r.ByGrade.GetValueOrDefault(g.Code)).Append('\n');
        }

        sb.Append("  用时 elapsed: ").Append(Seconds(r)).Append(" s（").Append(Math.Round(r.SubjectsPerSecond).ToString(CultureInfo.InvariantCulture)).Append(" 主体/秒 subjects/s）\n");
        return sb.ToString();
    }

    public static string Json(BatchRescoreResult r, ScoringPlan plan, string store) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("store", store);
        w.WriteString("asOf", Fmt.Date(r.AsOf));
        w.StringOrNull("knownAt", r.KnownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : null);
        w.WriteStartObject("ruleSet");
        w.WriteString("id", r.RuleSetId);
        w.WriteString("version", r.RuleSetVersion);
        w.WriteString("contentHash", r.RuleSetContentHash);
        w.WriteBoolean("inForce", r.RuleSetInForce);
        w.WriteEndObject();
        w.WriteNumber("subjects", r.Subjects);
        w.WriteNumber("scored", r.Scored);
        w.WriteNumber("notEnrolled", r.NotEnrolled);
        w.WriteNumber("notClean", r.NotClean);
        w.WriteNumber("scoresKept", r.ScoresWritten);
        w.WriteStartObject("byGrade");
        foreach (var g in plan.RuleSet.Grades.Reverse()) w.WriteNumber(g.Code, r.ByGrade.GetValueOrDefault(g.Code));
        w.WriteEndObject();
        w.WriteNumber("elapsedSeconds", Math.Round((decimal)r.Elapsed.TotalSeconds, 3));
        w.WriteEndObject();
    });

    private static string Seconds(BatchRescoreResult r) => Math.Round((decimal)r.Elapsed.TotalSeconds, 2).ToString("0.00", CultureInfo.InvariantCulture);
}
