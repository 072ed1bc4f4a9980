using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Serialization;

namespace ShangdingScore.Samples.Rights;

/// <summary>
/// One citizen's path through their rights in June 2026 (docs/rights.md, "Walkthrough"), on in-memory state and
/// the embedded Zhengzhou rules pinned at their launch version: enrol through the i郑州 app, read the score with
/// its explanation, dispute a record (suspended at once), the provider rejects the dispute, apply to repair
/// another record, the credit center approves it; the grade read each evening, and at the end every evening's
/// result evaluated again at its <c>knownAt</c> and compared byte for byte.
/// </summary>
public static class RightsWalkthrough
{
    /// <summary>The citizen, 刘洋 (Liu Yang).</summary>
    public static SubjectId Citizen { get; } = new("zz-c-2001");

    /// <summary>The fare-evasion record the citizen disputes.</summary>
    public const string FareEvasion = "zz-metro-2026-0214-77";

    /// <summary>The administrative-penalty record the citizen has repaired.</summary>
    public const string Penalty = "zz-amr-2025-1101-15";

    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant Recorded = Instant.FromUtc(2026, 5, 1, 0, 0);

    /// <summary>Runs the walkthrough, writing to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rules = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var clock = new FakeClock(At(1, 9));
        var store = new InMemoryRightsStore();
        var rights = new RightsWorkflows(new RightsWorkflowsOptions
        {
            Store = store,
            ThemeDatabase = new InMemoryThemeDatabase(Records()),
            Rules = RuleSetHistory.Create(new[] { rules }),
            Clock = clock,
            Residence = new InMemoryResidenceSource(new Dictionary<SubjectId, ResidenceStatus> { [Citizen] = ResidenceStatus.Resident }),
            RepairMinimumPeriods = new FixedRepairMinimumPeriods(Period.FromMonths(3), Period.FromYears(1)),
        });
        var me = RightsActor.Citizen(Citizen);
        var steps = new Dictionary<int, Func<Task<string>>>
        {
            [1] = async () => Say(await rights.EnrolAsync(new EnrolmentRequest
            {
                Subject = Citizen,
                Actor = me,
                Channel = EnrolmentChannel.IZhengzhouApp,
                ConsentTextVersion = rights.Policy.CurrentConsentText.Version,
                ConsentTextHash = rights.Policy.CurrentConsentText.ContentHash,
                BirthDate = new LocalDate(1990, 4, 12),
            }, cancellationToken).ConfigureAwait(false), "开通 enrol (i郑州)"),
            [3] = async () => Say(await rights.FileDisputeAsync(new DisputeFiling
            {
                Subject = Citizen,
                RecordId = FareEvasion,
                Actor = me,
                Reason = "当日持有效月票乘车，闸机故障未能刷卡。 I held a valid monthly pass; the gate failed to read it.",
                Evidence = ImmutableArray.Create("monthly-pass-2026-02.pdf"),
            }, cancellationToken).ConfigureAwait(false), "异议 dispute " + FareEvasion),
            [15] = async () => Say(await rights.DecideDisputeAsync(new DisputeDecision
            {
                CaseId = (await rights.GetStateAsync(Citizen, cancellationToken: cancellationToken).ConfigureAwait(false)).Disputes[0].CaseId,
                Actor = RightsActor.Provider("zz-metro"),
                Outcome = DisputeOutcome.Rejected,
                Reason = new LocalizedText("闸机记录显示该卡当日未在进站时刷卡，月票不能补登。", "The gate log shows the card was not tapped at entry that day; a pass cannot be added afterwards."),
            }, cancellationToken).ConfigureAwait(false), "驳回 rejected by zz-metro"),
            [18] = async () => Say(await rights.ApplyForRepairAsync(new RepairApplication
            {
                Subject = Citizen,
                RecordId = Penalty,
                Actor = me,
                Reason = "罚款已缴清，整改已完成。 The fine is paid and the breach corrected.",
                Evidence = ImmutableArray.Create("fine-receipt-2025-11.pdf"),
            }, cancellationToken).ConfigureAwait(false), "申请修复 apply to repair " + Penalty),
            [25] = async () => Say(await rights.DecideRepairAsync(new RepairDecision
            {
                CaseId = (await rights.GetStateAsync(Citizen, cancellationToken: cancellationToken).ConfigureAwait(false)).Repairs[0].CaseId,
                Actor = RightsActor.CreditCenter("zzcc-0042"),
                Approve = true,
                Reason = new LocalizedText("已核实缴款凭证，符合修复条件。", "The receipt is verified; the repair conditions are met."),
            }, cancellationToken).ConfigureAwait(false), "修复通过 repair approved"),
        };

        await output.WriteLineAsync($"== 刘洋 (Liu Yang) · {Citizen} · {rules.Id} {rules.Version} · Asia/Shanghai ==").ConfigureAwait(false);
        var evenings = new List<(LocalDate AsOf, Instant KnownAt, string Json)>();
        var stepInstants = new List<Instant>();
        for (int day = 1; day <= 30; day++)
        {
            clock.Reset(At(day, 10));
            if (steps.TryGetValue(day, out var step))
            {
                stepInstants.Add(clock.GetCurrentInstant());
                await output.WriteLineAsync($"{Iso(day)} 10:00  {await step().ConfigureAwait(false)}").ConfigureAwait(false);
            }

            clock.Reset(At(day, 20));
            var knownAt = clock.GetCurrentInstant();
            var evaluation = await rights.EvaluateAsync(rules, Citizen, Date(day), knownAt, cancellationToken).ConfigureAwait(false);
            evenings.Add((Date(day), knownAt, EvaluationJson.Serialize(evaluation, indented: false)));
            await output.WriteLineAsync($"{Iso(day)} 20:00  {Standing(evaluation)}").ConfigureAwait(false);
            if (day is 1 or 3)
            {
                foreach (var line in ExplanationRenderer.Render(evaluation, Language.ZhCn).Split('\n').Concat(ExplanationRenderer.Render(evaluation, Language.En).Split('\n')))
                {
                    if (line.TrimStart().StartsWith('[')) await output.WriteLineAsync("             " + line.Trim()).ConfigureAwait(false);
                }
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("== 重现 replay: each evening's result evaluated again now at its knownAt ==").ConfigureAwait(false);
        foreach (var (asOf, knownAt, json) in evenings)
        {
            var again = await rights.EvaluateAsync(rules, Citizen, asOf, knownAt, cancellationToken).ConfigureAwait(false);
            var same = EvaluationJson.Serialize(again, indented: false) == json;
            await output.WriteLineAsync($"{InstantPattern.General.Format(knownAt)}  {Standing(again)}  {(same ? "identical 一致" : "DIFFERENT 不一致")}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("== 步骤前后 each step's day, as known just before the step and at it ==").ConfigureAwait(false);
        foreach (var at in stepInstants)
        {
            var day = at.InZone(Zone).Date;
            var before = await rights.EvaluateAsync(rules, Citizen, day, at - Duration.Epsilon, cancellationToken).ConfigureAwait(false);
            var after = await rights.EvaluateAsync(rules, Citizen, day, at, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{InstantPattern.General.Format(at)}  before {Standing(before)}  ·  at {Standing(after)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        var audit = await new RightsAudit(store).VerifyAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"== 审计 audit trail: {audit} ==").ConfigureAwait(false);
        foreach (var e in store.Entries)
        {
            await output.WriteLineAsync($"#{e.Sequence} {InstantPattern.General.Format(e.At)} {e.Kind,-16} {e.CaseId ?? "-",-12} {e.ActorRole}:{e.ActorId}").ConfigureAwait(false);
        }

        await output.WriteLineAsync("== 通知 outbox ==").ConfigureAwait(false);
        await foreach (var m in store.ReadOutboxAsync(OutboxQuery.All, cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"{m.Message.Id,-12} {m.Message.Kind,-20} → {m.Message.Recipient}").ConfigureAwait(false);
        }
    }

    /// <summary>The citizen's records in the theme database on 1 June 2026: two good records and two negative ones.</summary>
    public static ImmutableArray<CreditRecord> Records() => ImmutableArray.Create(
        new CreditRecord("zz-blood-2025-0901-03", Citizen, "blood.donation", new LocalDate(2025, 9, 1), "zz-blood-center", Recorded),
        new CreditRecord("zz-tax-2026-0301-11", Citizen, "law.tax-on-time", new LocalDate(2026, 3, 1), "zz-tax-bureau", Recorded),
        new CreditRecord(Penalty, Citizen, "law.administrative-penalty", new LocalDate(2025, 11, 1), "zz-market-regulation", Recorded),
        new CreditRecord(FareEvasion, Citizen, "social.fare-evasion", new LocalDate(2026, 2, 14), "zz-metro", Recorded));

    private static string Say<T>(RightsResult<T> result, string what)
        where T : class =>
        result.IsAccepted ? $"{what}: #{result.EntrySequence} {result.Value}" : $"{what}: refused [{result.RefusalCode}] {result.Reason}";

    private static string Standing(CreditEvaluation e) => e.Grade is { } g
        ? $"{e.Score!.Value.ToString("0.0", CultureInfo.InvariantCulture),5} {g.Name.ZhCn} {g.Name.En}"
        : "未开通 not enrolled";

    private static LocalDate Date(int day) => new(2026, 6, day);

    private static string Iso(int day) => LocalDatePattern.Iso.Format(Date(day));

    private static Instant At(int day, int hour) => new LocalDateTime(2026, 6, day, hour, 0).InZoneStrictly(Zone).ToInstant();
}
