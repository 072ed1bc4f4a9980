using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Serialization;
using Snapshooter;
using Snapshooter.Xunit;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// A dozen worked citizens on the test rules (TestRuleSets.Mini), each with its exact score and grade
/// worked by hand in the comments, and a snapshot of its explanation in zh-CN and English and its
/// result JSON — what a citizen, a clerk and an auditor read.
/// </summary>
public class WorkedCitizensTests
{
    private static readonly LocalDate AsOf = new(2024, 6, 30);
    private static readonly Instant Recorded = Instant.FromUtc(2024, 1, 2, 0, 0);

    public static TheoryData<string> Citizens => new(Cases.Keys);

    private static readonly Dictionary<string, (EvaluationRequest Request, decimal? Score, string? Grade)> Cases = new()
    {
        // Nothing counts: base 100 → Good.
        ["newcomer"] = (Req("S-01", Enrolment.Since(new LocalDate(2024, 1, 1))), 100m, "good"),

        // 40 h → 20 raw → record cap 10; 30 h → 15 → 10; 30 h → 10; 30 h → 10 but item cap 30 leaves 0. 100 + 30 = 130 → Outstanding.
        ["volunteer-over-caps"] = (Req("S-02", null,
            Rec("v1", "S-02", "volunteer.hours", 2024, 1, 10, 40), Rec("v2", "S-02", "volunteer.hours", 2024, 2, 10, 30),
            Rec("v3", "S-02", "volunteer.hours", 2024, 3, 10, 30), Rec("v4", "S-02", "volunteer.hours", 2024, 4, 10, 30)), 130m, "outstanding"),

        // Honours 4 × 15 = 60 → dimension cap 40; volunteer 30 (item cap); blood 2 × 5 = 10 → social morality 40 (cap 60).
        // Bonus 80 → 180 → Excellent.
        ["model-citizen"] = (Req("S-03", null,
            Rec("h1", "S-03", "honour.municipal", 2022, 1, 5), Rec("h2", "S-03", "honour.municipal", 2022, 9, 5),
            Rec("h3", "S-03", "honour.municipal", 2023, 3, 5), Rec("h4", "S-03", "honour.municipal", 2023, 8, 5),
            Rec("v1", "S-03", "volunteer.hours", 2023, 9, 1, 20), Rec("v2", "S-03", "volunteer.hours", 2024, 1, 1, 20), Rec("v3", "S-03", "volunteer.hours", 2024, 2, 1, 20),
            Rec("b1", "S-03", "blood.donation", 2023, 4, 1), Rec("b2", "S-03", "blood.donation", 2024, 4, 1)), 180m, "excellent"),

        // Honours 3 × 15 = 45 → cap 40; volunteer 2 × (40 h → 20 → record cap 10) = 20; blood 5. Bonus 65 → 165, Excellent band;
        // the 0-point warning is a counting negative record, so the grade is capped at Outstanding.
        ["excellent-with-warning"] = (Req("S-04", null,
            Rec("h1", "S-04", "honour.municipal", 2022, 1, 5), Rec("h2", "S-04", "honour.municipal", 2022, 9, 5),
            Rec("h3", "S-04", "honour.municipal", 2023, 3, 5), Rec("v1", "S-04", "volunteer.hours", 2024, 1, 1, 40),
            Rec("v2", "S-04", "volunteer.hours", 2024, 2, 1, 40), Rec("b1", "S-04", "blood.donation", 2024, 4, 1),
            Rec("w1", "S-04", "warning.only", 2024, 5, 1)), 165m, "outstanding"),

        // Three traffic violations −2.5 each = −7.5; one expired (2023-05-01 + P1Y ≤ asOf). 100 − 5 = 95 → Slightly untrustworthy.
        ["traffic-offender"] = (Req("S-05", null,
            Rec("t1", "S-05", "traffic.violation", 2023, 5, 1), Rec("t2", "S-05", "traffic.violation", 2024, 2, 1),
            Rec("t3", "S-05", "traffic.violation", 2024, 6, 30)), 95m, "slightly-untrustworthy"),

        // Judgment defaulter −30, volunteer +10: 80 → Poor by band (80 以下 includes 80) and by the serious requirement.
        ["serious-defaulter"] = (Req("S-06", null,
            Rec("c1", "S-06", "court.defaulter", 2023, 1, 1), Rec("v1", "S-06", "volunteer.hours", 2024, 3, 1, 20)), 80m, "poor"),

        // Dispute pending on the violation: suspended. Second violation: dispute rejected → counts. Third: upheld → never.
        // 100 − 2.5 = 97.5 → Slightly untrustworthy.
        ["disputes"] = (Req("S-07", null,
            Rec("d1", "S-07", "traffic.violation", 2024, 3, 1, 1, Ev(RecordEventType.Disputed, 2024, 3, 5)),
            Rec("d2", "S-07", "traffic.violation", 2024, 3, 2, 1, Ev(RecordEventType.Disputed, 2024, 3, 5), Ev(RecordEventType.DisputeRejected, 2024, 4, 1)),
            Rec("d3", "S-07", "traffic.violation", 2024, 3, 3, 1, Ev(RecordEventType.Disputed, 2024, 3, 5), Ev(RecordEventType.DisputeUpheld, 2024, 4, 1))), 97.5m, "slightly-untrustworthy"),

        // Defaulter repaired on 2024-05-20 (effectiveOn): stops counting from then; blood donation +5 → 105 → Good.
        ["repaired"] = (Req("S-08", null,
            Rec("c1", "S-08", "court.defaulter", 2022, 1, 1, 1, new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2024, 5, 21, 0, 0), new LocalDate(2024, 5, 20))),
            Rec("b1", "S-08", "blood.donation", 2024, 1, 1)), 105m, "good"),

        // Revoked and corrected-away records never count; a donation dated after asOf does not count yet. 100 → Good.
        ["revoked-corrected-future"] = (Req("S-09", null,
            Rec("r1", "S-09", "traffic.violation", 2024, 2, 1, 1, Ev(RecordEventType.Revoked, 2024, 2, 10)),
            Rec("r2", "S-09", "traffic.violation", 2024, 2, 2, 1, Ev(RecordEventType.Corrected, 2024, 2, 10)),
            Rec("r3", "S-09", "blood.donation", 2024, 7, 1)), 100m, "good"),

        // The same donation delivered twice (one copy), and a honour whose two copies disagree (latest wins, not clean).
        // 100 + 5 + 15 = 120 → Outstanding, not clean.
        ["duplicates"] = (Req("S-10", null,
            Rec("b1", "S-10", "blood.donation", 2024, 1, 1), Rec("b1", "S-10", "blood.donation", 2024, 1, 1),
            Rec("h1", "S-10", "honour.municipal", 2024, 1, 1),
            new CreditRecord("h1", new SubjectId("S-10"), "honour.municipal", new LocalDate(2024, 1, 2), "p2", Recorded.Plus(Duration.FromDays(1)))), 120m, "outstanding"),

        // An item code the rules do not know: shown, not counted, result not clean. 100 + 5 = 105 → Good.
        ["unknown-item"] = (Req("S-11", null,
            Rec("u1", "S-11", "garbage.sorting", 2024, 1, 1), Rec("b1", "S-11", "blood.donation", 2024, 2, 1)), 105m, "good"),

        // Withdrew on 2024-06-01: not enrolled on asOf, no score, records not looked at.
        ["withdrawn"] = (Req("S-12", Enrolment.Of(new[] { new EnrolmentPeriod(new LocalDate(2020, 1, 1), new LocalDate(2024, 6, 1)) }),
            Rec("b1", "S-12", "blood.donation", 2024, 2, 1)), null, null),
    };

    [Theory]
    [MemberData(nameof(Citizens))]
    public void Evaluate_WorkedCitizen_MatchesHandComputedScoreAndSnapshot(string citizen)
    {
        var (request, score, grade) = Cases[citizen];
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, request);

        Assert.Equal(score, result.Score);
        Assert.Equal(grade, result.Grade?.Code);
        var snapshot = new JObject
        {
            ["zh-CN"] = new JArray(ExplanationRenderer.Render(result, Language.ZhCn).TrimEnd('\n').Split('\n')),
            ["en"] = new JArray(ExplanationRenderer.Render(result, Language.En).TrimEnd('\n').Split('\n')),
            ["result"] = JToken.Parse(EvaluationJson.Serialize(result)),
        };
        Snapshot.Match(snapshot, SnapshotNameExtension.Create(citizen));
    }

    [Fact]
    public void Evaluate_DuplicateDelivery_IsNotCleanOnlyWhenContentDisagrees()
    {
        var (request, _, _) = Cases["duplicates"];
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, request);
        var flag = Assert.Single(result.Flags);
        Assert.Equal(EvaluationFlagKind.ConflictingCopies, flag.Kind);
        Assert.Equal("h1", flag.RecordId);
        Assert.False(result.IsClean);
        Assert.Equal(new LocalDate(2024, 1, 2), result.Records.Single(r => r.RecordId == "h1").OccurredOn);
    }

    [Fact]
    public void Evaluate_RepairedDefaulter_CountsBeforeRepairDate()
    {
        var (request, _, _) = Cases["repaired"];
        var before = new EvaluationRequest { Subject = request.Subject, Enrolment = request.Enrolment, Records = request.Records, AsOf = new LocalDate(2024, 5, 19) };
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, before);
        Assert.Equal(75m, result.Score);
        Assert.Equal("poor", result.Grade!.Code);
        Assert.Contains(result.Requirements, r => r.Code == "serious-negative-is-poor");
    }

    private static EvaluationRequest Req(string subject, Enrolment? enrolment, params CreditRecord[] records) => new()
    {
        Subject = new SubjectId(subject),
        Enrolment = enrolment ?? Enrolment.Since(new LocalDate(2019, 9, 1)),
        Records = records.ToImmutableArray(),
        AsOf = AsOf,
    };

    private static CreditRecord Rec(string id, string subject, string item, int y, int m, int d, decimal quantity = 1m, params RecordEvent[] events) =>
        new(id, new SubjectId(subject), item, new LocalDate(y, m, d), "provider-" + item.Split('.')[0], Recorded, quantity, events.ToImmutableArray());

    private static RecordEvent Ev(RecordEventType type, int y, int m, int d) => new(type, Instant.FromUtc(y, m, d, 2, 0));
}
