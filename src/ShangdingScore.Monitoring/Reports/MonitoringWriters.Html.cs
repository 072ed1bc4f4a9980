using System.Globalization;
using System.Text;
using ShangdingScore.Html;

namespace ShangdingScore.Monitoring;

public static partial class MonitoringWriters
{
    private static readonly string[] Palette = ["#b22222", "#e0a800", "#2e7d32", "#1565c0", "#6a1b9a", "#00838f", "#5d4037", "#9e9e9e"];

    /// <summary>A self-contained HTML page (no script, no external file): each table with its chart (grade distribution per district as stacked bars, monthly tables as a trend line), zh-CN first.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Html(MonitoringReport report)
    {
        if (report is null) throw new ArgumentNullException(nameof(report));
        var sb = new StringBuilder();
        string title = $"信用监测报告 Credit monitoring report — {report.AsOf:uuuu-MM-dd}";
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(HtmlText.Css)
          .Append("\n        td.n { text-align: right; font-variant-numeric: tabular-nums; }\n        svg { max-width: 100%; height: auto; }\n</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>").Append(Escape(title)).Append("</h1>\n<blockquote>");
        sb.Append(report.SuppressedBelow is { } t
            ? Escape($"可公开发布：少于 {t} 人的数已隐藏（“—”），并隐藏了可推算出它们的数。 Publishable: counts under {t} are suppressed (“—”), with the counts that would reveal them.")
            : Escape("内部资料，不得公开发布：含全部小数字。 INTERNAL — not for publication: small counts are shown."));
        sb.Append("<br>").Append(Escape($"规则 Rule set: {report.RuleSet.Id} {report.RuleSet.Version}; 区划 Districts: {report.Districts.Id} {report.Districts.Version}; 评分日 As of: {report.AsOf:uuuu-MM-dd}")).Append("</blockquote>\n");
        foreach (var table in report.Tables)
        {
            sb.Append("<h2 id=\"").Append(Escape(table.Id)).Append("\">").Append(Escape(table.Title.ZhCn)).Append(" <small>").Append(Escape(table.Title.En)).Append("</small></h2>\n");
            if (table.Id == MonitoringTableIds.Grades) StackedBars(sb, table);
            else if (table.Columns.Length > 0 && table.Columns[0].Code.Length == 7 && table.Columns[0].Code[4] == '-') Trend(sb, table);
            HtmlTable(sb, table);
        }

        sb.Append("<h2 id=\"dimensions\">各维度贡献（人均分） <small>Dimension contributions (mean points)</small></h2>\n<table>\n<tr><th>区域 District</th>");
        var dims = report.Dimensions.Select(d => (d.Dimension, d.Name)).Distinct().ToList();
        foreach (var d in dims) sb.Append("<th>").Append(Escape(d.Name.ZhCn)).Append("<br>").Append(Escape(d.Name.En)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var row in report.Dimensions.GroupBy(d => d.District))
        {
            sb.Append("<tr><td>").Append(Escape(Name(report, row.Key))).Append("</td>");
            foreach (var d in row) sb.Append("<td class=\"n\">").Append(d.Mean is { } m ? m.ToString("0.00", CultureInfo.InvariantCulture) : "—").Append("</td>");
            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n<footer>").Append(Escape("商鼎分 ShangdingScore.Monitoring — 市、区信用监测 city and district credit monitoring")).Append("</footer>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Name(MonitoringReport report, string code) =>
        report.Districts.Find(code) is { } d ? $"{d.Name.ZhCn} {d.Name.En}" : "未知区域 Unknown district";

    private static void HtmlTable(StringBuilder sb, MonitoringTable t)
    {
        sb.Append("<table>\n<tr><th></th>");
        foreach (var c in t.Columns) sb.Append("<th>").Append(Escape(c.Name.ZhCn)).Append("</th>");
        sb.Append("<th>合计 Total</th></tr>\n");
        for (int r = 0; r < t.Rows.Length; r++)
        {
            sb.Append("<tr><td>").Append(Escape(t.Rows[r].Name.ZhCn)).Append("</td>");
            for (int c = 0; c < t.Columns.Length; c++) Td(sb, t.Cell(r, c));
            Td(sb, t.RowTotal(r));
            sb.Append("</tr>\n");
        }

        sb.Append("<tr><th>合计 Total</th>");
        for (int c = 0; c < t.Columns.Length; c++) Td(sb, t.ColumnTotal(c));
        Td(sb, t.GrandTotal);
        sb.Append("</tr>\n</table>\n");
    }

    private static void Td(StringBuilder sb, long? n) =>
        sb.Append("<td class=\"n\">").Append(n?.ToString(CultureInfo.InvariantCulture) ?? "—").Append("</td>");

    /// <summary>One bar per row, split by column in proportion to the shown counts; a row with a suppressed count is drawn grey and labelled so.</summary>
    private static void StackedBars(StringBuilder sb, MonitoringTable t)
    {
        const int width = 640, label = 200, bar = 18, gap = 6;
        int height = ((t.Rows.Length + 1) * (bar + gap)) + 10;
        sb.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width + label + 10} {height}\" role=\"img\" aria-label=\"{Escape(t.Title.ZhCn)}\">\n"));
        for (int r = 0; r < t.Rows.Length; r++)
        {
            int y = r * (bar + gap);
            sb.Append(F($"<text x=\"{label - 6}\" y=\"{y + bar - 4}\" text-anchor=\"end\" font-size=\"12\">{Escape(t.Rows[r].Name.ZhCn)}</text>"));
            bool complete = Enumerable.Range(0, t.Columns.Length).All(c => t.Cell(r, c) is not null);
            long sum = Enumerable.Range(0, t.Columns.Length).Sum(c => t.Cell(r, c) ?? 0);
            if (!complete || sum == 0)
            {
                sb.Append(F($"<rect x=\"{label}\" y=\"{y}\" width=\"{width}\" height=\"{bar}\" fill=\"#eeeeee\"/><text x=\"{label + 6}\" y=\"{y + bar - 4}\" font-size=\"11\" fill=\"#666\">{(sum == 0 && complete ? "无 none" : "已隐藏 suppressed")}</text>\n"));
                continue;
            }

            double x = label;
            for (int c = 0; c < t.Columns.Length; c++)
            {
                double w = (double)t.Cell(r, c)!.Value / sum * width;
                sb.Append(F($"<rect x=\"{x:0.##}\" y=\"{y}\" width=\"{w:0.##}\" height=\"{bar}\" fill=\"{Palette[c % Palette.Length]}\"><title>{Escape(t.Columns[c].Name.ZhCn)} {t.Cell(r, c)}</title></rect>"));
                x += w;
            }

            sb.Append('\n');
        }

        int ly = t.Rows.Length * (bar + gap);
        for (int c = 0; c < t.Columns.Length; c++)
        {
            int lx = label + (c * 80);
            sb.Append(F($"<rect x=\"{lx}\" y=\"{ly + 4}\" width=\"10\" height=\"10\" fill=\"{Palette[c % Palette.Length]}\"/><text x=\"{lx + 14}\" y=\"{ly + 13}\" font-size=\"11\">{Escape(t.Columns[c].Name.ZhCn)}</text>"));
        }

        sb.Append("\n</svg>\n");
    }

    /// <summary>The city-wide total by month as a line; a suppressed month breaks the line.</summary>
    private static void Trend(StringBuilder sb, MonitoringTable t)
    {
        const int width = 640, height = 160, left = 50, bottom = 24;
        long max = Math.Max(1, Enumerable.Range(0, t.Columns.Length).Max(c => t.ColumnTotal(c) ?? 0));
        double step = t.Columns.Length > 1 ? (double)width / (t.Columns.Length - 1) : 0;
        sb.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width + left + 20} {height + bottom + 10}\" role=\"img\" aria-label=\"{Escape(t.Title.ZhCn)}\">\n"));
        sb.Append(F($"<line x1=\"{left}\" y1=\"{height}\" x2=\"{left + width}\" y2=\"{height}\" stroke=\"#999\"/><text x=\"{left - 4}\" y=\"12\" text-anchor=\"end\" font-size=\"11\">{max}</text><text x=\"{left - 4}\" y=\"{height}\" text-anchor=\"end\" font-size=\"11\">0</text>\n"));
        var points = new List<string>();
        for (int c = 0; c <= t.Columns.Length; c++)
        {
            long? v = c < t.Columns.Length ? t.ColumnTotal(c) : null;
            if (v is { } n)
            {
                double x = left + (c * step), y = height - ((double)n / max * (height - 10));
                points.Add(F($"{x:0.##},{y:0.##}"));
                sb.Append(F($"<circle cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"3\" fill=\"#b22222\"><title>{Escape(t.Columns[c].Code)} {n}</title></circle>"));
                continue;
            }

            if (points.Count > 1) sb.Append("<polyline fill=\"none\" stroke=\"#b22222\" stroke-width=\"2\" points=\"").Append(string.Join(" ", points)).Append("\"/>");
            points.Clear();
        }

        for (int c = 0; c < t.Columns.Length; c += Math.Max(1, t.Columns.Length / 6))
        {
            sb.Append(F($"<text x=\"{left + (c * step):0.##}\" y=\"{height + 16}\" text-anchor=\"middle\" font-size=\"11\">{Escape(t.Columns[c].Code)}</text>"));
        }

        sb.Append("\n</svg>\n");
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
