using System.Globalization;
using System.Text;
using NodaTime.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// Renders a <see cref="CreditEvaluation"/> as plain text in zh-CN or English for the citizen, the
/// venue clerk and the auditor: the score and grade, how it adds up, every record with its points
/// before and after each cap or why it did not count, the requirements applied and the flags.
/// </summary>
/// <remarks>Pure and thread-safe; lines end with <c>\n</c> on every machine.</remarks>
public static class ExplanationRenderer
{
    /// <summary>Renders the explanation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    public static string Render(CreditEvaluation evaluation, Language language)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        var known = evaluation.KnownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : (zh ? "全部已知数据" : "everything known");
        Line(sb, zh
            ? $"主体 {evaluation.Subject} · 计算日 {Date(evaluation.AsOf)} · 数据截至 {known}"
            : $"Subject {evaluation.Subject} · as of {Date(evaluation.AsOf)} · data as known at: {known}");
        var rs = evaluation.RuleSet;
        Line(sb, zh
            ? $"规则 {rs.Id} {rs.Version}（{rs.ContentHash}）{(rs.InForce ? string.Empty : " · 非计算日生效版本（假设分析）")}"
            : $"Rules {rs.Id} {rs.Version} ({rs.ContentHash}){(rs.InForce ? string.Empty : " · not the version in force on that day (what-if)")}");

        if (evaluation.Status == EvaluationStatus.NotEnrolled)
        {
            Line(sb, zh ? "未加入商鼎分：无分数，无等级，未查看记录。" : "Not enrolled: no score, no grade; records were not looked at.");
            return sb.ToString();
        }

        var b = evaluation.Breakdown!;
        var grade = evaluation.Grade!;
        var band = evaluation.BandGrade!;
        Line(sb, zh
            ? $"商鼎分 {Num(b.Published)} · 等级 {grade.Name.ZhCn}{(grade.Equals(band) ? string.Empty : $"（分数段为{band.Name.ZhCn}，因等级要求调整）")}"
            : $"Score {Num(b.Published)} · grade {grade.Name.En}{(grade.Equals(band) ? string.Empty : $" (the score's band is {band.Name.En}; lowered by a grade requirement)")}");
        var capped = b.PositiveBeforeCaps != b.Bonus ? (zh ? $"（封顶前 {Num(b.PositiveBeforeCaps)}）" : $" (before caps {Num(b.PositiveBeforeCaps)})") : string.Empty;
        var clamp = b.Total != b.Published ? (zh ? $" → 限定范围并四舍五入为 {Num(b.Published)}" : $" → clamped and rounded to {Num(b.Published)}") : string.Empty;
        Line(sb, zh
            ? $"计算：基础分 {Num(b.Base)} + 加分 {Num(b.Bonus)}{capped} − 扣分 {Num(b.Deductions)} = {Num(b.Total)}{clamp}"
            : $"Computation: base {Num(b.Base)} + bonus {Num(b.Bonus)}{capped} − deductions {Num(b.Deductions)} = {Num(b.Total)}{clamp}");

        if (evaluation.Dimensions.Any(d => d.BeforeCap != 0m))
        {
            var parts = evaluation.Dimensions.Where(d => d.BeforeCap != 0m).Select(d =>
                $"{d.Name.In(language)} {Num(d.Points)}{(d.Cap is { } cap ? (zh ? $"（上限 {Num(cap)}）" : $" (cap {Num(cap)})") : string.Empty)}");
            Line(sb, (zh ? "维度加分：" : "Bonus by dimension: ") + string.Join(zh ? "；" : "; ", parts));
        }

        Line(sb, zh ? $"记录（{evaluation.Records.Length} 条）：" : $"Records ({evaluation.Records.Length}):");
        foreach (var r in evaluation.Records)
        {
            Line(sb, "  " + RecordLine(r, zh));
        }

        foreach (var req in evaluation.Requirements)
        {
            var triggers = string.Join(", ", req.TriggeredBy);
            Line(sb, zh
                ? $"等级要求：{req.Name.ZhCn} → 最高{req.CapGradeAt.Name.ZhCn}（触发记录 {triggers}）{(req.LowersGrade ? "【已降低等级】" : "【未影响等级】")}"
                : $"Grade requirement: {req.Name.En} → at most {req.CapGradeAt.Name.En} (records {triggers}){(req.LowersGrade ? " [lowered the grade]" : " [grade unaffected]")}");
        }

        foreach (var f in evaluation.Flags)
        {
            Line(sb, (zh ? "提示：" : "Note: ") + FlagText(f, zh));
        }

        if (!evaluation.IsClean)
        {
            Line(sb, zh ? "数据待核查：有记录因数据问题未计入，结果仅供参考。" : "Not clean: some records were set aside for data problems; check them.");
        }

        return sb.ToString();
    }

    private static string RecordLine(RecordExplanation r, bool zh)
    {
        var name = r.ItemName?.In(zh ? Language.ZhCn : Language.En) ?? r.ItemCode;
        var qty = r.Item?.PointsPerUnit is not null ? $" ×{Num(r.Quantity)}" : string.Empty;
        var head = $"{Date(r.OccurredOn)} {r.RecordId} {name}{qty}";
        var copies = r.Copies > 1 ? (zh ? $"（{r.Copies} 份副本合并）" : $" ({r.Copies} copies merged)") : string.Empty;
        if (r.Outcome != RecordOutcome.Counted)
        {
            var extra = r.Outcome switch
            {
                RecordOutcome.Expired when r.ExpiresOn is { } ex => zh ? $"，{Date(ex)} 起不再计分" : $", no longer counts from {Date(ex)}",
                RecordOutcome.Repaired when r.RepairedFrom is { } rf => zh ? $"，{Date(rf)} 起不再计分" : $", no longer counts from {Date(rf)}",
                _ => string.Empty,
            };
            var worth = r.Item is not null && r.Outcome is not RecordOutcome.OtherSubject ? (zh ? $"（本可计 {Signed(r.AfterRecordCap)}）" : $" (would be {Signed(r.AfterRecordCap)})") : string.Empty;
            return zh
                ? $"[未计入：{OutcomeText(r.Outcome, true)}{extra}] {head}{worth}{copies}"
                : $"[not counted: {OutcomeText(r.Outcome, false)}{extra}] {head}{worth}{copies}";
        }

        var steps = new List<string> { (zh ? "原始 " : "raw ") + Signed(r.RawPoints) };
        if (r.AfterRecordCap != r.RawPoints) steps.Add((zh ? "单条上限后 " : "after record cap ") + Signed(r.AfterRecordCap));
        if (r.AfterItemCap != r.AfterRecordCap) steps.Add((zh ? "单项上限后 " : "after item cap ") + Signed(r.AfterItemCap));
        if (r.AfterDimensionCap != r.AfterItemCap) steps.Add((zh ? "维度上限后 " : "after dimension cap ") + Signed(r.AfterDimensionCap));
        if (r.AppliedPoints != r.AfterDimensionCap) steps.Add((zh ? "加分总上限后 " : "after maxBonus ") + Signed(r.AppliedPoints));
        var until = r.ExpiresOn is { } e ? (zh ? $"；{Date(e)} 起不再计分" : $"; counts until the day before {Date(e)}") : string.Empty;
        return zh
            ? $"[计入 {Signed(r.AppliedPoints)}] {head}：{string.Join(" → ", steps)}{until}{copies}"
            : $"[counted {Signed(r.AppliedPoints)}] {head}: {string.Join(" → ", steps)}{until}{copies}";
    }

    /// <summary>The zh-CN or English text of an outcome.</summary>
    public static string OutcomeText(RecordOutcome outcome, bool chinese) => outcome switch
    {
        RecordOutcome.Counted => chinese ? "计入" : "counted",
        RecordOutcome.OtherSubject => chinese ? "非本人记录" : "about another subject",
        RecordOutcome.UnknownItem => chinese ? "指标体系中无此指标" : "item code not in the rule set",
        RecordOutcome.Revoked => chinese ? "已撤销" : "revoked",
        RecordOutcome.Corrected => chinese ? "已更正" : "corrected",
        RecordOutcome.DisputeUpheld => chinese ? "异议成立" : "objection upheld",
        RecordOutcome.DisputePending => chinese ? "异议处理中，暂停计分" : "objection pending, suspended",
        RecordOutcome.NotYetOccurred => chinese ? "发生于计算日之后" : "occurs after the as-of date",
        RecordOutcome.Expired => chinese ? "已过有效期" : "expired",
        RecordOutcome.Repaired => chinese ? "已信用修复" : "repaired",
        _ => outcome.ToString(),
    };

    private static string FlagText(EvaluationFlag f, bool zh)
    {
        if (!zh) return f.Message;
        var id = f.RecordId;
        return f.Kind switch
        {
            EvaluationFlagKind.UnknownItem => $"记录 {id} 的指标不在指标体系中，未计入。",
            EvaluationFlagKind.ConflictingCopies => $"记录 {id} 的多份副本内容不一致，已采用最新一份。",
            EvaluationFlagKind.OtherSubject => $"记录 {id} 不属于本主体，未计入。",
            EvaluationFlagKind.RuleSetNotInForce => "所用规则版本并非计算日生效版本。",
            EvaluationFlagKind.RepairOfPositiveIgnored => $"记录 {id} 为守信记录，其信用修复事件已忽略。",
            _ => f.Message,
        };
    }

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');

    private static string Date(NodaTime.LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static string Num(decimal d) => GradeScale.Fmt(d);

    private static string Signed(decimal d) => d > 0m ? "+" + Num(d) : d < 0m ? "-" + Num(-d) : "0";
}
