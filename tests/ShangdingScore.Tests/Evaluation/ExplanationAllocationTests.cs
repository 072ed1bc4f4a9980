using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// Issue 12's regression test for the explanation path: <c>Evaluate</c> with the full explanation of one subject with
/// 50 delivered records allocates at most 4 KB (docs/performance.md, "Explanation path"), that is at most
/// <see cref="BudgetBytesPerRecord"/> bytes a delivered record. Not timed: it counts the bytes the calling thread allocates.
/// </summary>
public class ExplanationAllocationTests
{
    /// <summary>4 000 bytes for 50 records (the 4 KB target, with room for the result's fixed part): 80 bytes a record.</summary>
    private const int BudgetBytesPerRecord = 80;

    private const int Records = 50;

    [Fact]
    public void Evaluate_FiftyRecordsFullExplanationAfterWarmUp_AllocatesAtMost80BytesPerRecord()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var asOf = new LocalDate(2025, 6, 30);
        var plan = ScoringPlan.Create(rs, asOf);
        var request = Subject(asOf);

        // Warm-up: JIT, static state and the thread's scratch.
        CreditEvaluation evaluation = null!;
        for (int i = 0; i < 20; i++) evaluation = CreditEvaluator.Evaluate(plan, request);
        Assert.Equal(Records - 1, evaluation.Records.Length); // one record was delivered twice
        Assert.Contains(evaluation.Records, r => r.Counted && r.AppliedPoints < r.AfterRecordCap); // a cap cut part of an amount
        Assert.Contains(evaluation.Records, r => !r.Counted);

        const int Calls = 10;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) evaluation = CreditEvaluator.Evaluate(plan, request);
        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        GC.KeepAlive(evaluation);

        double perRecord = (double)perCall / Records;
        Assert.True(perRecord <= BudgetBytesPerRecord,
            $"Evaluate of {Records} records allocated {perCall} bytes a call, {perRecord:F1} bytes a record; the budget is {BudgetBytesPerRecord} bytes a record ({BudgetBytesPerRecord * Records} bytes for {Records} records, issue 12).");
    }

    /// <summary>
    /// 50 deliveries of one subject on the default rules, like the benchmark's: hours and donations priced per unit,
    /// fixed-points items, deductions, an expired record, a pending dispute, a revoked record, a repaired deduction,
    /// an unknown item code and a record delivered twice; volunteer hours over their item cap.
    /// </summary>
    private static EvaluationRequest Subject(LocalDate asOf)
    {
        var subject = new SubjectId("S-alloc");
        string[] positive = ["volunteer.service-hours", "law.tax-on-time", "charity.donation", "blood.donation", "law.social-insurance-on-time"];
        string[] negative = ["law.traffic-violation", "social.fare-evasion", "social.utility-arrears"];
        var records = ImmutableArray.CreateBuilder<CreditRecord>(Records);
        for (int n = 0; records.Count < Records; n++)
        {
            bool isNegative = n % 7 == 3;
            string item = n == 11 ? "social.retired-item" : isNegative ? negative[n % negative.Length] : positive[n % positive.Length];
            var occurred = asOf.PlusDays(-((n * 37) % 1400));
            var recorded = occurred.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(5);
            decimal quantity = item == "volunteer.service-hours" ? 20m + (n % 5) / 2m : item == "charity.donation" ? 100 + n : 1m;
            var events = n switch
            {
                5 => ImmutableArray.Create(new RecordEvent(RecordEventType.Disputed, recorded + Duration.FromDays(3))),
                9 => ImmutableArray.Create(new RecordEvent(RecordEventType.Revoked, recorded + Duration.FromDays(3))),
                17 => ImmutableArray.Create(new RecordEvent(RecordEventType.Repaired, recorded + Duration.FromDays(3))),
                _ => ImmutableArray<RecordEvent>.Empty,
            };
            var record = new CreditRecord($"{subject.Value}-{n:D4}", subject, item, occurred, "zz.provider", recorded, quantity, events);
            records.Add(record);
            if (n == 2) records.Add(new CreditRecord(record.Id, subject, item, occurred, "zz.provider", recorded + Duration.FromHours(3), quantity));
        }

        return new EvaluationRequest { Subject = subject, Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = records.MoveToImmutable(), AsOf = asOf };
    }
}
