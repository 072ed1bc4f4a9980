using System.Collections.Immutable;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Evaluation;
using ShangdingScore.Identity;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Rights.Tests;

/// <summary>
/// A small city for rights tests: one citizen with two good and two negative records, a fake clock at
/// 2026-06-01 10:00 Asia/Shanghai, the in-memory theme database and rights store, and workflows on the
/// Zhengzhou launch rules (minimum repair periods 3 months general, 1 year serious).
/// </summary>
public sealed class RightsCity
{
    public static readonly SubjectId Citizen = new("zz-c-2001");
    public static readonly SubjectId Other = new("zz-c-2002");
    public static readonly SubjectId Minor = new("zz-c-2003");
    public const string Blood = "blood-1";
    public const string Tax = "tax-1";
    public const string Penalty = "penalty-1";
    public const string Fare = "fare-1";
    public const string Defaulter = "defaulter-1";
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    public static readonly Instant Start = At(2026, 6, 1, 10);
    private static readonly Instant Recorded = Instant.FromUtc(2026, 5, 1, 0, 0);

    public RightsCity(RightsPolicy? policy = null, Action<InMemoryThemeDatabase>? seed = null, IRightsStore? store = null, IThemeDatabase? theme = null, IEnumerable<SubjectId>? residents = null)
    {
        var residence = new Dictionary<SubjectId, ResidenceStatus>
        {
            [Citizen] = ResidenceStatus.Resident,
            [Minor] = ResidenceStatus.Resident,
            [Other] = ResidenceStatus.NotResident,
        };
        foreach (var r in residents ?? Enumerable.Empty<SubjectId>()) residence[r] = ResidenceStatus.Resident;
        Theme = new InMemoryThemeDatabase(Records());
        seed?.Invoke(Theme);
        Store = store ?? new InMemoryRightsStore();
        Rights = new RightsWorkflows(new RightsWorkflowsOptions
        {
            Store = Store,
            ThemeDatabase = theme ?? Theme,
            Rules = History,
            Clock = Clock,
            Policy = policy ?? RightsPolicy.Default,
            Residence = new InMemoryResidenceSource(residence),
            RepairMinimumPeriods = new FixedRepairMinimumPeriods(Period.FromMonths(3), Period.FromYears(1)),
        });
    }

    public static RuleSet Rules { get; } = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);

    public static RuleSetHistory History { get; } = RuleSetHistory.Create(new[] { Rules });

    public FakeClock Clock { get; } = new(Start);

    public InMemoryThemeDatabase Theme { get; }

    public IRightsStore Store { get; }

    public RightsWorkflows Rights { get; }

    public static ImmutableArray<CreditRecord> Records() => ImmutableArray.Create(
        new CreditRecord(Blood, Citizen, "blood.donation", new LocalDate(2025, 9, 1), "zz-blood-center", Recorded),
        new CreditRecord(Tax, Citizen, "law.tax-on-time", new LocalDate(2026, 3, 1), "zz-tax-bureau", Recorded),
        new CreditRecord(Penalty, Citizen, "law.administrative-penalty", new LocalDate(2025, 11, 1), "zz-market-regulation", Recorded),
        new CreditRecord(Fare, Citizen, "social.fare-evasion", new LocalDate(2026, 4, 14), "zz-metro", Recorded),
        new CreditRecord(Defaulter, Other, "law.judgment-defaulter", new LocalDate(2025, 12, 1), "zz-court", Recorded));

    public static Instant At(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Zone).ToInstant();

    public LocalDate Today => Clock.GetCurrentInstant().InZone(Zone).Date;

    public void AdvanceDays(int days) => Clock.Advance(Duration.FromDays(days));

    public EnrolmentRequest Enrolment(SubjectId? subject = null, RightsActor? actor = null, LocalDate? birthDate = null, ResidentIdNumber? residentId = null, ConsentText? consent = null)
    {
        var s = subject ?? Citizen;
        var text = consent ?? Rights.Policy.CurrentConsentText;
        return new EnrolmentRequest
        {
            Subject = s,
            Actor = actor ?? RightsActor.Citizen(s),
            Channel = EnrolmentChannel.IZhengzhouApp,
            ConsentTextVersion = text.Version,
            ConsentTextHash = text.ContentHash,
            BirthDate = residentId is null ? birthDate ?? new LocalDate(1990, 4, 12) : birthDate,
            ResidentId = residentId,
        };
    }

    public async Task<ConsentRecord> EnrolAsync(SubjectId? subject = null)
    {
        var result = await Rights.EnrolAsync(Enrolment(subject));
        Assert.True(result.IsAccepted, result.ToString());
        return result.Value;
    }

    public Task<RightsResult<DisputeCase>> DisputeAsync(string recordId, SubjectId? subject = null, params string[] evidence) =>
        Rights.FileDisputeAsync(new DisputeFiling
        {
            Subject = subject ?? Citizen,
            RecordId = recordId,
            Actor = RightsActor.Citizen(subject ?? Citizen),
            Reason = "这条记录不是我的。 This record is not mine.",
            Evidence = evidence.ToImmutableArray(),
        });

    public Task<RightsResult<DisputeCase>> DecideAsync(string caseId, DisputeOutcome outcome, RightsActor? actor = null) =>
        Rights.DecideDisputeAsync(new DisputeDecision
        {
            CaseId = caseId,
            Actor = actor ?? RightsActor.Provider("zz-metro"),
            Outcome = outcome,
            Reason = new LocalizedText("经核实。", "Checked."),
        });

    public Task<RightsResult<RepairCase>> ApplyForRepairAsync(string recordId, SubjectId? subject = null) =>
        Rights.ApplyForRepairAsync(new RepairApplication
        {
            Subject = subject ?? Citizen,
            RecordId = recordId,
            Actor = RightsActor.Citizen(subject ?? Citizen),
            Reason = "已整改。 Corrected.",
            Evidence = ImmutableArray.Create("receipt.pdf"),
        });

    public Task<RightsResult<RepairCase>> DecideRepairAsync(string caseId, bool approve, LocalDate? effectiveOn = null, RightsActor? actor = null) =>
        Rights.DecideRepairAsync(new RepairDecision
        {
            CaseId = caseId,
            Actor = actor ?? RightsActor.CreditCenter("zzcc-1"),
            Approve = approve,
            EffectiveOn = effectiveOn,
            Reason = new LocalizedText("材料齐全。", "The evidence is complete."),
        });

    /// <summary>The citizen's evaluation today as known now.</summary>
    public Task<CreditEvaluation> EvaluateNowAsync(SubjectId? subject = null) =>
        Rights.EvaluateAsync(Rules, subject ?? Citizen, Today, Clock.GetCurrentInstant());

    public async Task<ImmutableArray<RightsEntry>> EntriesAsync(RightsEntryQuery? query = null)
    {
        var list = ImmutableArray.CreateBuilder<RightsEntry>();
        await foreach (var e in Store.ReadEntriesAsync(query ?? RightsEntryQuery.All)) list.Add(e);
        return list.ToImmutable();
    }

    public async Task<ImmutableArray<OutboxItem>> OutboxAsync(OutboxQuery? query = null)
    {
        var list = ImmutableArray.CreateBuilder<OutboxItem>();
        await foreach (var i in Store.ReadOutboxAsync(query ?? OutboxQuery.All)) list.Add(i);
        return list.ToImmutable();
    }

    public async Task<CreditRecord> RecordAsync(string id, SubjectId? subject = null)
    {
        await foreach (var r in Theme.ReadRecordsAsync(subject ?? Citizen, null, default))
        {
            if (r.Id == id) return r;
        }

        throw new InvalidOperationException($"no record {id}");
    }
}
