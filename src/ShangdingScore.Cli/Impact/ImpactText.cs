using System.Globalization;
using System.Text;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Impact;

/// <summary>
/// The impact report in words: a first line that says whether it may be published, then one block per
/// language (zh-CN first, then English, or only the one asked for): the totals, the grade migration
/// matrix, the benefits gained and lost, the items that move people and, in the internal report only,
/// the sample subjects of each cell with both explanations.
/// </summary>
internal static class ImpactText
{
    /// <summary>The mark of a suppressed count.</summary>
    public const string Suppressed = "*";

    /// <summary>The first line of every report, in both languages: internal, or publishable with its threshold.</summary>
    public static string Notice(RuleSetImpactReport report) => report.SuppressedBelow is { } t
        ? $"可公开发布：少于 {t} 人的数已隐藏（含互补隐藏），不含任何个人 · Publishable: counts under {t} suppressed (with complementary suppression), no individual"
        : "内部资料，不得公开发布：含个人样本与小于阈值的人数 · INTERNAL — not for publication: contains individual samples and small counts";

    public static string Render(RuleSetImpactReport report, ImpactContext context, Language? only)
    {
        var sb = new StringBuilder().Append(Notice(report)).Append('\n');
        var languages = only is { } l ? new[] { l } : new[] { Language.ZhCn, Language.En };
        for (int i = 0; i < languages.Length; i++)
        {
            sb.Append('\n');
            Block(sb, report, context, languages[i]);
        }

        return sb.ToString();
    }

    private static void Block(StringBuilder sb, RuleSetImpactReport r, ImpactContext context, Language l)
    {
        bool zh = l == Language.ZhCn;
        string T(string zhText, string enText) => zh ? zhText : enText;
        sb.Append(T("规则集影响 ", "Rule-set impact ")).Append(r.From.Id).Append(' ').Append(r.From.Version).Append(" → ").Append(r.To.Id).Append(' ').Append(r.To.Version)
          .Append(T(" · 计算日 ", " · as of ")).Append(Fmt.Date(r.AsOf))
          .Append(T(" · 数据截至 ", " · data as known at: ")).Append(r.KnownAt is { } k ? k.ToString() : T("全部已知数据", "everything known")).Append('\n');
        sb.Append(T("数据来源 ", "Source ")).Append(context.Source).Append(T(" · 搁置行 ", " · lines set aside ")).Append(context.LinesSetAside).Append('\n');
        sb.Append(T("主体 ", "Subjects ")).Append(r.Subjects).Append(T(" · 已评分 ", " · scored ")).Append(r.Scored)
          .Append(T(" · 分数上升 ", " · score up ")).Append(r.ScoreUp).Append(T(" · 分数下降 ", " · score down ")).Append(r.ScoreDown)
          .Append(T(" · 分数不变 ", " · unchanged ")).Append(r.Scored - r.ScoreUp - r.ScoreDown).Append('\n');

        sb.Append('\n').Append(T("等级迁移（行：原等级，列：新等级；人数（占已评分的比例））：", "Grade migration (rows: old grade, columns: new grade; subjects (share of the scored)):")).Append('\n');
        var rows = new List<string[]> { new[] { T("原 \\ 新", "old \\ new") }.Concat(r.ToGrades.Select(g => Name(g.Name, l))).ToArray() };
        for (int i = 0; i < r.FromGrades.Length; i++)
        {
            var row = new string[r.ToGrades.Length + 1];
            row[0] = Name(r.FromGrades[i].Name, l);
            for (int j = 0; j < r.ToGrades.Length; j++) row[j + 1] = Cell(r.Cells[(i * r.ToGrades.Length) + j]);
            rows.Add(row);
        }

        Table(sb, rows);

        sb.Append('\n').Append(T("守信激励（目录 ", "Benefits (catalog ")).Append(context.Catalog).Append(T("）：", "):")).Append('\n');
        foreach (var b in r.Benefits)
        {
            var grade = r.ToGrades.FirstOrDefault(g => g.Code == b.Benefit.MinimumGrade);
            sb.Append("  ").Append(b.Benefit.Code).Append(' ').Append(Name(b.Benefit.Name, l))
              .Append(T("（", " (")).Append(grade is null ? b.Benefit.MinimumGrade : Name(grade.Name, l)).Append(T("及以上）：", " or better): "))
              .Append(T("新获得 ", "gained ")).Append(Count(b.Gained)).Append(T(" · 失去 ", " · lost ")).Append(Count(b.Lost))
              .Append(T(" · 保持 ", " · kept ")).Append(Count(b.Kept)).Append('\n');
        }

        sb.Append('\n').Append(T("引起分数变化的指标：", "Items that move people:")).Append('\n');
        if (r.Items.IsEmpty) sb.Append(T("  （无）", "  (none)")).Append('\n');
        foreach (var item in r.Items)
        {
            sb.Append("  ").Append(item.Code).Append(' ').Append(item.Name is { } n ? Name(n, l) : string.Empty)
              .Append(T("：上升 ", ": up ")).Append(Count(item.SubjectsUp)).Append(T(" 人 · 下降 ", " · down ")).Append(Count(item.SubjectsDown))
              .Append(T(" 人 · 分值变化合计 ", " · points changed in all ")).Append(item.SubjectsUp is null || item.SubjectsDown is null ? Suppressed : Signed(item.PointsDelta)).Append('\n');
        }

        if (r.SuppressedBelow is { } t)
        {
            sb.Append('\n').Append(T($"{Suppressed}：已隐藏（少于 {t} 人，或为使其不能由合计推出）", $"{Suppressed}: suppressed (under {t}, or so that one cannot be derived from the totals)")).Append('\n');
            return;
        }

        var withSamples = r.Cells.Where(c => !c.Samples.IsEmpty).ToList();
        if (withSamples.Count == 0) return;
        sb.Append('\n').Append(T("样本（内部资料；每格按主体编号取前几位）：", "Samples (internal; the lowest subject ids of each cell):")).Append('\n');
        foreach (var cell in withSamples)
        {
            string from = Name(r.FromGrades.First(g => g.Code == cell.From).Name, l), to = Name(r.ToGrades.First(g => g.Code == cell.To).Name, l);
            foreach (var s in cell.Samples)
            {
                sb.Append("  ").Append(from).Append(" → ").Append(to).Append(" · ").Append(s.Subject.ToString())
                  .Append(": ").Append(Score(s.Before)).Append(" → ").Append(Score(s.After)).Append('\n');
                Indented(sb, T("旧 ", "old ") + r.From.Version, ExplanationRenderer.Render(s.Before, l));
                Indented(sb, T("新 ", "new ") + r.To.Version, ExplanationRenderer.Render(s.After, l));
            }
        }
    }

    private static void Indented(StringBuilder sb, string title, string text)
    {
        sb.Append("    ").Append(title).Append(":\n");
        foreach (var line in text.TrimEnd('\n').Split('\n')) sb.Append("      ").Append(line).Append('\n');
    }

    private static void Table(StringBuilder sb, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(row => Width(row[c]))).ToArray();
        foreach (var row in rows)
        {
            sb.Append("  ");
            for (int c = 0; c < row.Length; c++)
            {
                sb.Append(row[c]).Append(' ', widths[c] - Width(row[c]));
                if (c < row.Length - 1) sb.Append(" | ");
            }

            sb.Append('\n');
        }
    }

    /// <summary>The width of a text in a monospaced terminal: CJK and full-width characters take two columns.</summary>
    private static int Width(string text) => text.Sum(ch => ch >= '\u2E80' && ch <= '\uFFEF' ? 2 : 1);

    private static string Cell(ImpactCell c) => c.Count is { } n
        ? $"{n} ({(c.Share ?? 0d).ToString("P1", CultureInfo.InvariantCulture).Replace(" ", string.Empty, StringComparison.Ordinal)})"
        : Suppressed;

    private static string Count(long? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : Suppressed;

    private static string Signed(decimal d) => (d > 0 ? "+" : string.Empty) + Fmt.Num(d);

    private static string Score(CreditEvaluation e) => e.Score is { } s ? Fmt.Num(s) : "—";

    internal static string Name(LocalizedText text, Language l) => l == Language.ZhCn ? text.ZhCn : text.En;
}

/// <summary>Where the population came from and what was counted with it, for the report's header.</summary>
internal sealed record ImpactContext(string Source, long LinesSetAside, string Catalog);
