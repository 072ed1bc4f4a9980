using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Cli.Diff;

/// <summary>Puts a <see cref="RuleChange"/> into words, in zh-CN or English.</summary>
internal static class DiffText
{
    private static readonly Dictionary<string, (string Zh, string En)> Sections = new(StringComparer.Ordinal)
    {
        ["ruleSet"] = ("规则集", "Rule set"),
        ["repair"] = ("信用修复", "Credit repair"),
        ["dimension"] = ("维度", "Dimension"),
        ["item"] = ("指标", "Item"),
        ["grade"] = ("等级", "Grade"),
        ["requirement"] = ("等级要求", "Grade requirement"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = ("标识", "id"),
        ["name"] = ("名称", "name"),
        ["effectiveFrom"] = ("生效日期", "effective from"),
        ["timeZone"] = ("时区", "time zone"),
        ["base"] = ("基础分", "base score"),
        ["min"] = ("最低分", "minimum score"),
        ["max"] = ("最高分", "maximum score"),
        ["maxBonus"] = ("加分总上限", "maximum bonus"),
        ["precision"] = ("精度（小数位）", "precision (decimal places)"),
        ["delay"] = ("修复后停止计分的延迟", "delay after repair"),
        ["positiveCap"] = ("加分上限", "positive cap"),
        ["dimension"] = ("所属维度", "dimension"),
        ["polarity"] = ("方向", "polarity"),
        ["severity"] = ("严重程度", "severity"),
        ["points"] = ("分值", "points"),
        ["pointsPerUnit"] = ("每单位分值", "points per unit"),
        ["recordCap"] = ("单条上限", "record cap"),
        ["itemCap"] = ("项目上限", "item cap"),
        ["countsFor"] = ("有效期", "window"),
        ["repairMinimumPeriod"] = ("申请信用修复的最短期限", "minimum period before repair"),
        ["lower"] = ("下限", "lower bound"),
        ["upper"] = ("上限", "upper bound"),
        ["when"] = ("条件", "condition"),
        ["capGradeAt"] = ("最高等级", "grade at most"),
    };

    private static readonly Dictionary<string, (string Zh, string En)> Values = new(StringComparer.Ordinal)
    {
        ["positive"] = ("加分", "positive"),
        ["negative"] = ("减分", "negative"),
        ["general"] = ("一般", "general"),
        ["serious"] = ("严重", "serious"),
        ["any-negative"] = ("有任一计分的减分记录", "any counting negative record"),
        ["any-serious-negative"] = ("有任一计分的严重失信记录", "any counting serious negative record"),
    };

    /// <summary>One line for <paramref name="change"/>.</summary>
    public static string Line(RuleChange change, Language language)
    {
        bool zh = language == Language.ZhCn;
        var (sectionZh, sectionEn) = Sections[change.Section];
        var who = new StringBuilder(zh ? sectionZh : sectionEn);
        if (change.Code is not null) who.Append(' ').Append(change.Code);
        if (change.Name is not null) who.Append(zh ? $"「{change.Name.ZhCn}」" : $" ({change.Name.En})");
        return change.Kind switch
        {
            ChangeKind.Added => zh ? $"新增{who}：{Summary(change.Entry, true)}" : $"Added {Lower(who.ToString())}: {Summary(change.Entry, false)}",
            ChangeKind.Removed => zh ? $"删除{who}（原为：{Summary(change.Entry, true)}）" : $"Removed {Lower(who.ToString())} (was: {Summary(change.Entry, false)})",
            _ => zh
                ? $"{who}：{Fields[change.Field!].Zh} {Value(change.Old, true)} → {Value(change.New, true)}"
                : $"{who}: {Fields[change.Field!].En} {Value(change.Old, false)} → {Value(change.New, false)}",
        };
    }

    /// <summary>The heading and the lines of a whole diff in one language.</summary>
    public static string Block(RuleSet a, RuleSet b, IReadOnlyList<RuleChange> changes, Language language)
    {
        bool zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh
            ? $"规则集 {a.Id} {a.Version}（{Infrastructure.Fmt.Date(a.EffectiveFrom)} 起）→ {b.Id} {b.Version}（{Infrastructure.Fmt.Date(b.EffectiveFrom)} 起）：{changes.Count} 处变化\n"
            : $"Rule set {a.Id} {a.Version} (from {Infrastructure.Fmt.Date(a.EffectiveFrom)}) → {b.Id} {b.Version} (from {Infrastructure.Fmt.Date(b.EffectiveFrom)}): {changes.Count} change(s)\n");
        if (changes.Count == 0)
        {
            sb.Append(zh ? "  评分规则没有变化。\n" : "  The scoring rules are the same.\n");
        }

        foreach (var c in changes) sb.Append("  ").Append(Line(c, language)).Append('\n');
        return sb.ToString();
    }

    private static string Value(string? value, bool zh)
    {
        if (value is null) return zh ? "无" : "none";
        return Values.TryGetValue(value, out var v) ? (zh ? v.Zh : v.En) : value;
    }

    private static string Summary(IReadOnlyList<KeyValuePair<string, string>> entry, bool zh) =>
        entry.Count == 0
            ? (zh ? "无" : "none")
            : string.Join(zh ? "，" : ", ", entry.Select(p => $"{(zh ? Fields[p.Key].Zh : Fields[p.Key].En)} {Value(p.Value, zh)}"));

    private static string Lower(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text.Substring(1);
}
