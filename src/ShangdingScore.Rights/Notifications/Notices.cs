using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Rights;

/// <summary>Builds the outbox messages of the steps: who is told, and what, in zh-CN and English.</summary>
internal static class Notices
{
    /// <summary>The recipient id of the credit center's own queue.</summary>
    public const string CreditCenter = "credit-center";

    public static ImmutableArray<OutboxMessage> For(long sequence, Instant at, SubjectId subject, string kind, string? caseId, string? recordId, LocalizedText text, IEnumerable<string> recipients, Action<PayloadWriter>? extra = null)
    {
        var payload = PayloadWriter.Write(w =>
        {
            w.String("kind", kind).String("caseId", caseId).String(PayloadNames.RecordId, recordId).Text("text", text);
            extra?.Invoke(w);
        });
        return recipients.Distinct(StringComparer.Ordinal)
            .Select((r, i) => new OutboxMessage($"rights-{sequence}-{i + 1}", subject, r, kind, payload, at, sequence))
            .ToImmutableArray();
    }

    public static LocalizedText Enrolled(LocalDate on) =>
        new($"您已于{Zh(on)}开通商鼎分。您可以随时查询本人的信用信息和被查询记录，也可以随时退出。", $"You enrolled in the Shangding score on {En(on)}. You can read your credit information and the log of queries about you at any time, and withdraw at any time.");

    public static LocalizedText Withdrawn(LocalDate on) =>
        new($"您已于{Zh(on)}退出商鼎分。自当日起不再计算和提供您的商鼎分，此前的授权一律失效；您仍可查询本人的被查询记录和办理记录。", $"You withdrew from the Shangding score on {En(on)}. From that day no score is computed or disclosed, and earlier authorizations no longer work; you can still read your query log and your history.");

    public static LocalizedText DisputeFiled(string recordId, LocalDate deadline, bool suspends) => suspends
        ? new($"您对信用信息 {recordId} 提出的异议已受理，处理期间该信息暂停使用，将于{Zh(deadline)}前作出处理。", $"Your dispute of record {recordId} was received. The record is suspended while it is handled; a decision is due by {En(deadline)}.")
        : new($"您对信用信息 {recordId} 提出的异议已受理，将于{Zh(deadline)}前作出处理。", $"Your dispute of record {recordId} was received; a decision is due by {En(deadline)}.");

    public static LocalizedText DisputeDecided(string recordId, DisputeOutcome outcome, LocalizedText reason) => outcome == DisputeOutcome.Upheld
        ? new($"您对信用信息 {recordId} 的异议经核实成立，该信息已删除。理由：{reason.ZhCn}", $"Your dispute of record {recordId} was upheld; the record was removed. Reasons: {reason.En}")
        : new($"您对信用信息 {recordId} 的异议经核实不成立，该信息恢复使用。理由：{reason.ZhCn}", $"Your dispute of record {recordId} was rejected; the record counts again. Reasons: {reason.En}");

    public static LocalizedText DisputeOverdue(string recordId, LocalDate deadline) =>
        new($"对信用信息 {recordId} 的异议已超过处理期限（{Zh(deadline)}），该信息继续暂停使用，直至作出处理。", $"The dispute of record {recordId} passed its deadline ({En(deadline)}) undecided; the record stays suspended until it is decided.");

    public static LocalizedText RepairFiled(string recordId) =>
        new($"您对信用信息 {recordId} 的信用修复申请已受理，信用中心将审核您提交的材料。", $"Your application to repair record {recordId} was received; the credit center will review your evidence.");

    public static LocalizedText RepairDecided(string recordId, bool approved, LocalDate? effectiveOn, LocalizedText reason) => approved
        ? new($"您对信用信息 {recordId} 的信用修复申请已通过，自{Zh(effectiveOn!.Value)}起该信息不再计入商鼎分。理由：{reason.ZhCn}", $"Your application to repair record {recordId} was approved; from {En(effectiveOn!.Value)} it no longer counts. Reasons: {reason.En}")
        : new($"您对信用信息 {recordId} 的信用修复申请未通过。理由：{reason.ZhCn}", $"Your application to repair record {recordId} was refused. Reasons: {reason.En}");

    public static LocalizedText GrantUsed(string grantee, string purpose, Instant at) =>
        new($"{grantee} 已于 {InstantPattern.General.Format(at)} 依据您的授权查询了“{purpose}”。", $"{grantee} queried '{purpose}' under your authorization at {InstantPattern.General.Format(at)}.");

    private static string Zh(LocalDate d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string En(LocalDate d) => LocalDatePattern.Iso.Format(d);
}
