using System.Globalization;
using System.Text;
using NodaTime;

namespace ShangdingScore.Rules;

/// <summary>
/// Writes a rule set as a bilingual (zh-CN and English) Markdown page: its scale, dimensions with
/// their caps, the whole item table, the grade bands, the grade requirements and the repair policy —
/// the published indicator system (向社会公开指标体系) generated from the JSON, so the page can never
/// disagree with the rules that score.
/// </summary>
/// <remarks>
/// Pure: the output depends only on the rule set, uses <c>\n</c> line ends and invariant number
/// formatting, and is the same on every machine. Thread-safe.
/// </remarks>
public static class RuleSetDocumentation
{
    /// <summary>The file name of a version's page beside the index: <c>&lt;id&gt;-&lt;version&gt;.md</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static string PageName(RuleSet ruleSet) =>
        (ruleSet ?? throw new ArgumentNullException(nameof(ruleSet))).Id + "-" + ruleSet.Version + ".md";

    /// <summary>
    /// Writes the bilingual index of every version in <paramref name="history"/>, newest first: its
    /// <c>effectiveFrom</c>, the day it stops being in force (the next version's <c>effectiveFrom</c>),
    /// its content hash and a link to its page (<paramref name="pageFolder"/>/<see cref="PageName"/>).
    /// </summary>
    /// <param name="history">The versions.</param>
    /// <param name="pageFolder">The folder of the version pages relative to the index, without a trailing slash.</param>
    /// <returns>The page, ending with a single line feed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string ToIndexMarkdown(RuleSetHistory history, string pageFolder)
    {
        if (history is null) throw new ArgumentNullException(nameof(history));
        if (pageFolder is null) throw new ArgumentNullException(nameof(pageFolder));
        var newest = history.Versions[history.Versions.Length - 1];
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        Line($"# {newest.Name.ZhCn} · {newest.Name.En}: 各版本 · versions");
        Line();
        Line("<!-- Generated from the shipped rule-set JSON by RuleSetDocumentation.ToIndexMarkdown; do not edit by hand. -->");
        Line();
        Line($"规则集 `{history.Id}` 的每个发布版本。某一天适用的版本是生效日期不晚于当天的最新版本。");
        Line($"Every shipped version of rule set `{history.Id}`. The version in force on a day is the latest whose effective date is on or before it.");
        Line();
        Line("| 版本 Version | 生效 In force from | 失效 In force until (exclusive) | 内容哈希 Content hash | 指标表 Indicator table |");
        Line("|---|---|---|---|---|");
        for (int i = history.Versions.Length - 1; i >= 0; i--)
        {
            var v = history.Versions[i];
            string until = i + 1 < history.Versions.Length ? D(history.Versions[i + 1].EffectiveFrom) : "—";
            string page = (pageFolder.Length == 0 ? string.Empty : pageFolder + "/") + PageName(v);
            Line($"| `{v.Version}` | {D(v.EffectiveFrom)} | {until} | `{v.ContentHash}` | [{PageName(v)}]({page}) |");
        }

        return sb.ToString();
    }

    /// <summary>Writes the Markdown page of <paramref name="ruleSet"/>.</summary>
    /// <param name="ruleSet">The rule set to describe.</param>
    /// <returns>The page, ending with a single line feed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static string ToMarkdown(RuleSet ruleSet)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var rs = ruleSet;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# {rs.Name.ZhCn} · {rs.Name.En}");
        Line();
        Line("<!-- Generated from the rule-set JSON by RuleSetDocumentation.ToMarkdown; do not edit by hand. -->");
        Line();
        Line($"> **参考分值 · Reference values.** 本页所列分值、上限与有效期均为参考值，由规则集 `{rs.Id}` {rs.Version} 的 JSON 生成。"
            + "信用中心调整指标体系时，不修改代码，而是发布一个新版本的规则集（新的 `version` 与更晚的 `effectiveFrom`）替换这些数值。");
        Line(">");
        Line($"> The point values, caps and windows on this page are reference values, generated from the JSON of rule set `{rs.Id}` {rs.Version}. "
            + "The credit center replaces them by shipping a new rule-set version (a new `version` with a later `effectiveFrom`), never by changing code.");
        Line();

        Line("## 概要 · Summary");
        Line();
        Line("| 项 Field | 值 Value |");
        Line("|---|---|");
        Line($"| 规则集 Rule set | `{rs.Id}` |");
        Line($"| 版本 Version | `{rs.Version}` |");
        Line($"| 生效日期 Effective from | {rs.EffectiveFrom.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} |");
        Line($"| 时区 Time zone | `{rs.TimeZone.Id}` |");
        Line($"| 基础分 Base | {N(rs.Base)} |");
        Line($"| 分值范围 Range | [{N(rs.Min)}, {N(rs.Max)}] |");
        Line($"| 加分上限 Maximum bonus | {N(rs.MaxBonus)} |");
        Line($"| 精度 Precision | {rs.Precision} 位小数 decimal place(s), 四舍五入 half away from zero |");
        Line($"| 内容哈希 Content hash | `{rs.ContentHash}` |");
        Line();
        Line($"分数 = 基础分 + 加分（各维度加分上限后合计不超过 {N(rs.MaxBonus)}）− 扣分，限定在 [{N(rs.Min)}, {N(rs.Max)}] 内并四舍五入到 {rs.Precision} 位小数。");
        Line($"Score = base + bonus (after the dimension caps, at most {N(rs.MaxBonus)} in total) − deductions, clamped to [{N(rs.Min)}, {N(rs.Max)}] and rounded half away from zero to {rs.Precision} decimal place(s).");
        Line();

        Line("## 维度 · Dimensions");
        Line();
        Line("| 代码 Code | 中文名 | English name | 加分上限 Positive cap | 指标数 Items |");
        Line("|---|---|---|---|---|");
        foreach (var d in rs.Dimensions)
        {
            int count = rs.Items.Count(i => string.Equals(i.Dimension, d.Code, StringComparison.Ordinal));
            Line($"| `{d.Code}` | {Cell(d.Name.ZhCn)} | {Cell(d.Name.En)} | {(d.PositiveCap is { } cap ? N(cap) : "无 none")} | {count} |");
        }

        Line();
        Line("## 指标 · Items");
        Line();
        Line("分值为绝对值：加分项增加、减分项扣除。单条上限作用于一条记录，项目上限作用于该指标在有效期内的全部记录（加分项与减分项均适用）。有效期为 ISO 8601 期间，记录在 发生日 + 有效期 之前有效。");
        Line("Points are magnitudes: positive items add them, negative items deduct them. The record cap binds one record; the item cap binds all counting records of the item (positive and negative items alike). A record counts while occurredOn + window > asOf.");
        Line();
        Line("| 代码 Code | 中文名 | English name | 维度 Dimension | 方向 Polarity | 严重程度 Severity | 分值 Points | 单条上限 Record cap | 项目上限 Item cap | 有效期 Window |");
        Line("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in rs.Dimensions)
        {
            foreach (var i in rs.Items.Where(i => string.Equals(i.Dimension, d.Code, StringComparison.Ordinal)))
            {
                string polarity = i.Polarity == Polarity.Positive ? "加分 positive" : "减分 negative";
                string severity = i.Polarity == Polarity.Positive ? "—" : i.Severity == Severity.Serious ? "严重 serious" : "一般 general";
                string points = i.Points is { } p ? N(p) : $"{N(i.PointsPerUnit ?? 0m)} / 单位 per unit";
                Line($"| `{i.Code}` | {Cell(i.Name.ZhCn)} | {Cell(i.Name.En)} | {Cell(d.Name.ZhCn)} {Cell(d.Name.En)} | {polarity} | {severity} | {points} | {Cap(i.RecordCap)} | {Cap(i.ItemCap)} | {Window(i.CountsFor)} |");
            }
        }

        Line();
        Line("## 信用等级 · Grade bands");
        Line();
        Line("等级按公布（四舍五入后）的分数确定，各等级区间覆盖全部可公布分数，不重不漏。");
        Line("The grade is taken from the published (rounded) score; the bands give exactly one grade to every publishable score.");
        Line();
        Line("| 代码 Code | 中文名 | English name | 分数区间 Score range | 区间 Interval |");
        Line("|---|---|---|---|---|");
        foreach (var g in Enumerable.Reverse(rs.Scale.Bands))
        {
            string range = $"{N(g.Lower.Value)} {(g.Lower.Inclusive ? "≤" : "<")} s {(g.Upper.Inclusive ? "≤" : "<")} {N(g.Upper.Value)}";
            string interval = $"{(g.Lower.Inclusive ? "[" : "(")}{N(g.Lower.Value)}, {N(g.Upper.Value)}{(g.Upper.Inclusive ? "]" : ")")}";
            Line($"| `{g.Code}` | {Cell(g.Name.ZhCn)} | {Cell(g.Name.En)} | {range} | {interval} |");
        }

        Line();
        Line("## 等级要求 · Grade requirements");
        Line();
        if (rs.Requirements.IsEmpty)
        {
            Line("无。None.");
        }
        else
        {
            Line("条件成立时，等级不高于所列等级；多条成立时取最低者。");
            Line("When a condition holds, the grade is at most the one listed; when several hold, the lowest applies.");
            Line();
            Line("| 代码 Code | 中文名 | English name | 条件 Condition | 最高等级 Grade at most |");
            Line("|---|---|---|---|---|");
            foreach (var r in rs.Requirements)
            {
                string when = r.When == RequirementCondition.AnyNegative
                    ? "有任一计分的减分记录（含 0 分）any counting negative record (even of 0 points)"
                    : "有任一计分的严重失信记录 any counting serious negative record";
                var cap = rs.Grades.First(g => string.Equals(g.Code, r.CapGradeAt, StringComparison.Ordinal));
                Line($"| `{r.Code}` | {Cell(r.Name.ZhCn)} | {Cell(r.Name.En)} | {when} | {Cell(cap.Name.ZhCn)} {Cell(cap.Name.En)} (`{cap.Code}`) |");
            }
        }

        Line();
        Line("## 信用修复 · Credit repair");
        Line();
        var delay = rs.Repair.Delay;
        if (delay.Equals(Period.Zero))
        {
            Line("已修复的减分记录自修复之日起不再计分（延迟 `P0D`）。");
            Line("A repaired negative record stops counting on its repair date (delay `P0D`).");
        }
        else
        {
            Line($"已修复的减分记录自修复之日起经过 {Window(delay)} 后不再计分。");
            Line($"A repaired negative record stops counting {Window(delay)} after its repair date.");
        }

        var waiting = rs.Items.Where(i => i.RepairMinimumPeriod is { } p && !p.Equals(Period.Zero)).ToList();
        if (waiting.Count > 0)
        {
            Line();
            Line("以下减分项的记录自发生之日起经过最短期限后，方可申请信用修复；未列出的减分项可随时申请。");
            Line("A record of the negative items below may be put forward for repair only once the minimum period after the day it occurred has passed; the other negative items may be repaired at any time.");
            Line();
            Line("| 代码 Code | 中文名 | English name | 严重程度 Severity | 最短期限 Minimum period |");
            Line("|---|---|---|---|---|");
            foreach (var i in waiting)
            {
                string severity = i.Severity == Severity.Serious ? "严重 serious" : "一般 general";
                Line($"| `{i.Code}` | {Cell(i.Name.ZhCn)} | {Cell(i.Name.En)} | {severity} | {Window(i.RepairMinimumPeriod)} |");
            }
        }

        return sb.ToString();
    }

    private static string N(decimal value) => GradeScale.Fmt(value);

    private static string D(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    private static string Cap(decimal? cap) => cap is { } c ? N(c) : "—";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private static string Window(Period? period)
    {
        if (period is not { } p) return "长期 never expires";
        if (p.Equals(Period.Zero)) return "`P0D`";
        var zh = new StringBuilder();
        var en = new List<string>();
        void Part(int n, string zhUnit, string enUnit)
        {
            if (n == 0) return;
            zh.Append(n.ToString(CultureInfo.InvariantCulture)).Append(zhUnit);
            en.Add($"{n.ToString(CultureInfo.InvariantCulture)} {enUnit}{(n == 1 ? string.Empty : "s")}");
        }

        Part(p.Years, "年", "year");
        Part(p.Months, "个月", "month");
        Part(p.Weeks, "周", "week");
        Part(p.Days, "天", "day");
        return $"`{RuleSetJson.FormatPeriod(p)}` {zh} {string.Join(" ", en)}";
    }
}
