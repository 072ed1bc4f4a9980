using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// Writes improvement hints in zh-CN and English from their numbers: one sentence per hint
/// (<see cref="Describe"/>, what <see cref="ImprovementHint.Text"/> holds) and a plain-text page for the citizen
/// (<see cref="Render"/>). Text only: the numbers come from <see cref="ImprovementAdvisor"/>.
/// </summary>
/// <remarks>Pure and thread-safe; lines end with <c>\n</c> on every machine; numbers in invariant form.</remarks>
public static class ImprovementHintRenderer
{
    /// <summary>Renders the hints as a page: who and which rules, the score, then one numbered line per hint.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hints"/> is null.</exception>
    public static string Render(ImprovementHints hints, Language language)
    {
        if (hints is null) throw new ArgumentNullException(nameof(hints));
        bool zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        var known = hints.KnownAt is { } k ? InstantPattern.ExtendedIso.Format(k) : (zh ? "全部已知数据" : "everything known");
        Line(zh
            ? $"主体 {hints.Subject} · 计算日 {Date(hints.AsOf)} · 数据截至 {known}"
            : $"Subject {hints.Subject} · as of {Date(hints.AsOf)} · data as known at: {known}");
        Line(zh
            ? $"规则 {hints.RuleSet.Id} {hints.RuleSet.Version}（{hints.RuleSet.ContentHash}）"
            : $"Rules {hints.RuleSet.Id} {hints.RuleSet.Version} ({hints.RuleSet.ContentHash})");
        if (hints.Status == AdviceStatus.NotEnrolled)
        {
            Line(zh ? "未加入商鼎分：无分数，因此没有改进建议。" : "Not enrolled: no score, so no improvement hints.");
            return sb.ToString();
        }

        Line(zh
            ? $"商鼎分 {Num(hints.Score!.Value)} · 等级 {hints.Grade!.Name.ZhCn}"
            : $"Score {Num(hints.Score!.Value)} · grade {hints.Grade!.Name.En}");
        if (hints.Hints.IsEmpty)
        {
            Line(zh ? "改进建议：无（已在最高等级，且没有可计算的改进途径）。" : "Improvement hints: none (top band, and nothing the rules offer would change the result).");
        }
        else
        {
            Line(zh ? $"改进建议（{hints.Hints.Length} 条）：" : $"Improvement hints ({hints.Hints.Length}):");
            for (int i = 0; i < hints.Hints.Length; i++)
            {
                var h = hints.Hints[i];
                Line($"  {(i + 1).ToString(CultureInfo.InvariantCulture)}. {h.Text.In(language)} [{string.Join(", ", h.Sources)}]");
            }
        }

        Line(zh
            ? "以后日期的分数按同一版本规则和目前已知的记录计算；新的记录或规则版本可能改变结果。"
            : "Scores on later days use the same rule-set version and the records known now; new records or a new rule-set version may change them.");
        if (!hints.IsClean)
        {
            Line(zh ? "数据待核查：有记录因数据问题未计入，建议仅基于计入的记录。" : "Not clean: some records were set aside for data problems; the hints rest on the records that count.");
        }

        return sb.ToString();
    }

    /// <summary>One hint as a sentence in zh-CN and English.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hint"/> is null.</exception>
    /// <exception cref="ArgumentException">The hint is of a kind this renderer does not know.</exception>
    public static LocalizedText Describe(ImprovementHint hint) => hint switch
    {
        null => throw new ArgumentNullException(nameof(hint)),
        NextBandHint h => NextBand(h),
        RequirementHint h => Requirement(h),
        PositiveItemHint h => PositiveItem(h),
        NegativeRecordEndsHint h => NegativeEnds(h),
        RepairApplicationHint h => Repair(h),
        _ => throw new ArgumentException($"Unknown hint kind {hint.Kind}.", nameof(hint)),
    };

    private static LocalizedText NextBand(NextBandHint h)
    {
        var lower = h.NextBandLower;
        string boundZh = lower.Inclusive ? $"{Num(lower.Value)} 分及以上" : $"高于 {Num(lower.Value)} 分";
        string boundEn = lower.Inclusive ? $"{Num(lower.Value)} and above" : $"above {Num(lower.Value)}";
        var zh = $"距{h.NextBand.Name.ZhCn}（{boundZh}，最低可公布分数 {Num(h.FirstScore)}）还差 {Num(h.PointsNeeded)} 分（当前 {Num(h.Score)} 分，属{h.Band.Name.ZhCn}）。";
        var en = $"{Pts(h.PointsNeeded)} to {h.NextBand.Name.En} ({boundEn}; lowest publishable score {Num(h.FirstScore)}); now {Num(h.Score)}, {h.Band.Name.En}.";
        if (h.HeldBy is { } r)
        {
            zh += $"但在“{r.Name.ZhCn}”适用期间，等级最高为{r.CapGradeAt.Name.ZhCn}。";
            en += $" While “{r.Name.En}” applies, the grade stays at most {r.CapGradeAt.Name.En}.";
        }

        return new LocalizedText(zh, en);
    }

    private static LocalizedText Requirement(RequirementHint h)
    {
        var r = h.Requirement;
        var ids = string.Join(", ", r.TriggeredBy);
        var zh = $"等级要求“{r.Name.ZhCn}”使等级最高为{r.CapGradeAt.Name.ZhCn}（分数所在等级为{h.Band.Name.ZhCn}），由记录 {ids} 触发；";
        var en = $"The requirement “{r.Name.En}” holds the grade at {r.CapGradeAt.Name.En} (the score's band is {h.Band.Name.En}), because of record(s) {ids}; ";
        if (h.LiftsOn is not { } day)
        {
            var never = string.Join(", ", h.WithoutEnd);
            zh += $"记录 {never} 没有到期日，只有信用修复或异议成立才能解除。";
            en += $"record(s) {never} never expire: only a repair or an upheld objection lifts it.";
            return new LocalizedText(zh, en);
        }

        var then = h.OnThatDay!;
        zh += $"这些记录至 {Date(day)} 均不再计分，届时{Projected(then, true)}";
        en += $"they have all stopped counting by {Date(day)}, when {Projected(then, false)}";
        if (h.StillAppliesOnThatDay)
        {
            zh += "，但届时该要求仍因其他记录适用";
            en += ", but the requirement still applies then because of other records";
        }

        return new LocalizedText(zh + "。", en + ".");
    }

    private static LocalizedText PositiveItem(PositiveItemHint h)
    {
        var item = h.Item;
        var zh = h.PerUnit
            ? $"“{item.Name.ZhCn}”再增加 1 个单位（每单位 {Num(h.NominalPoints)} 分）：加 {Num(h.PointsAdded)} 分"
            : $"再获得一次“{item.Name.ZhCn}”（每次 {Num(h.NominalPoints)} 分）：加 {Num(h.PointsAdded)} 分";
        var en = h.PerUnit
            ? $"One more unit of “{item.Name.En}” ({Num(h.NominalPoints)} per unit): +{Pts(h.PointsAdded)}"
            : $"One more “{item.Name.En}” ({Num(h.NominalPoints)} each): +{Pts(h.PointsAdded)}";
        if (h.LimitedBy is { } limit)
        {
            var (capZh, capEn) = CapName(h, limit);
            zh += $"（受{capZh}限制）";
            en += $" (limited by {capEn})";
        }

        var after = h.After;
        if (h.ScoreGain == 0m)
        {
            zh += $"，公布的商鼎分仍为 {Num(h.Score)}（四舍五入或分数上限）。";
            en += $"; the published score stays {Num(h.Score)} (rounding or the maximum score).";
        }
        else
        {
            zh += $"，商鼎分 {Num(h.Score)} → {Num(after.Score!.Value)}（{after.Grade!.Name.ZhCn}）。";
            en += $", score {Num(h.Score)} → {Num(after.Score!.Value)} ({after.Grade!.Name.En}).";
        }

        return new LocalizedText(zh, en);
    }

    private static (string Zh, string En) CapName(PositiveItemHint h, string path)
    {
        if (path.EndsWith(".recordCap", StringComparison.Ordinal)) return ($"单条上限 {Num(h.RecordCap!.Value)} 分", $"the record cap of {Num(h.RecordCap!.Value)}");
        if (path.EndsWith(".itemCap", StringComparison.Ordinal)) return ($"单项上限，剩余 {Num(h.ItemCapRoom!.Value)} 分", $"the item cap, {Num(h.ItemCapRoom!.Value)} left");
        if (path.EndsWith(".positiveCap", StringComparison.Ordinal)) return ($"维度加分上限，剩余 {Num(h.DimensionCapRoom!.Value)} 分", $"the dimension cap, {Num(h.DimensionCapRoom!.Value)} left");
        return ($"加分总上限，剩余 {Num(h.BonusRoom)} 分", $"the maximum bonus, {Num(h.BonusRoom)} left");
    }

    private static LocalizedText NegativeEnds(NegativeRecordEndsHint h)
    {
        var (causeZh, causeEn) = h.Cause == RecordEndCause.WindowEnds ? ("有效期届满", "its window ends") : ("信用修复生效", "its repair takes effect");
        var zh = $"记录 {h.RecordId}“{h.Item.Name.ZhCn}”（{Signed(h.Points)} 分）自 {Date(h.StopsCountingOn)} 起不再计分（{causeZh}）；按目前已知的记录，届时{Projected(h.OnThatDay, true)}。";
        var en = $"Record {h.RecordId} “{h.Item.Name.En}” ({Signed(h.Points)}) stops counting on {Date(h.StopsCountingOn)} ({causeEn}); with the records known now, on that day {Projected(h.OnThatDay, false)}.";
        return new LocalizedText(zh, en);
    }

    private static LocalizedText Repair(RepairApplicationHint h)
    {
        string whenZh, whenEn;
        if (h.MinimumPeriod is { } p && !p.Equals(Period.Zero))
        {
            whenZh = $"最短期限 {PeriodText(p)}，自发生日 {Date(h.OccurredOn)} 起算，{Date(h.EarliestApplication)} 起可申请";
            whenEn = $"minimum period {PeriodText(p)} from {Date(h.OccurredOn)}, so from {Date(h.EarliestApplication)}";
        }
        else
        {
            whenZh = "该指标无最短期限";
            whenEn = "the item has no minimum period";
        }

        var zh = $"记录 {h.RecordId}“{h.Item.Name.ZhCn}”（{Signed(h.Points)} 分）：纠正失信行为后，可于 {Date(h.ApplyOn)} 申请信用修复（{whenZh}）；若当日修复，自 {Date(h.StopsCountingOn)} 起不再计分，届时{Projected(h.IfRepaired, true)}。";
        var en = $"Record {h.RecordId} “{h.Item.Name.En}” ({Signed(h.Points)}): once the conduct is corrected, a repair may be applied for on {Date(h.ApplyOn)} ({whenEn}); if repaired that day it stops counting on {Date(h.StopsCountingOn)}, when {Projected(h.IfRepaired, false)}.";
        return new LocalizedText(zh, en);
    }

    private static string Projected(ProjectedScore p, bool zh)
    {
        if (p.Status != EvaluationStatus.Scored) return zh ? "未加入商鼎分，没有分数" : "you are not enrolled: no score";
        return zh ? $"商鼎分为 {Num(p.Score!.Value)}（{p.Grade!.Name.ZhCn}）" : $"the score would be {Num(p.Score!.Value)} ({p.Grade!.Name.En})";
    }

    private static string PeriodText(Period p) => RuleSetJson.FormatPeriod(p);

    private static string Date(LocalDate d) => LocalDatePattern.Iso.Format(d);

    private static string Num(decimal d) => GradeScale.Fmt(d);

    private static string Pts(decimal d) => Num(d) + (d == 1m ? " point" : " points");

    private static string Signed(decimal d) => d > 0m ? "+" + Num(d) : d < 0m ? "-" + Num(-d) : "0";
}
