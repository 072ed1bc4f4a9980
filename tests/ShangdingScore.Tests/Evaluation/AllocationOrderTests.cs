using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// What a capped record gets is what is left under the cap, which carries the cap's decimal scale; so the
/// order caps are allocated in decides whether the score prints as 130 or 130.0. Every path allocates in
/// (occurredOn, id) order, whatever the order of delivery.
/// </summary>
public class AllocationOrderTests
{
    [Fact]
    public void Score_DeliveryOrderDifferentFromOccurrenceOrder_PrintsTheSameScoreOnEveryPath()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var subject = new SubjectId("S-order");
        var asOf = new LocalDate(2025, 6, 30);
        var recorded = Instant.FromUtc(2025, 6, 1, 0, 0);

        // Social morality is capped at 30: the two stem-cell donations fill it, the later 0.001 of charity gets nothing.
        // Delivered first, the charity record would be taken first, leaving 14.999 for the second donation.
        var records = ImmutableArray.Create(
            new CreditRecord("c", subject, "charity.donation", new LocalDate(2025, 6, 1), "p", recorded, 1m),
            new CreditRecord("a", subject, "stem-cell.donation", new LocalDate(2025, 1, 1), "p", recorded),
            new CreditRecord("b", subject, "stem-cell.donation", new LocalDate(2025, 2, 1), "p", recorded));
        var request = new EvaluationRequest { Subject = subject, Enrolment = Enrolment.Since(asOf), Records = records, AsOf = asOf };
        var plan = ScoringPlan.Create(rs, asOf);

        static string Text(decimal? d) => d!.Value.ToString(CultureInfo.InvariantCulture);
        Assert.Equal("130", Text(CreditEvaluator.Evaluate(plan, request).Score));
        Assert.Equal("130", Text(CreditEvaluator.Score(plan, request).Score));
        Assert.Equal("130", Text(CreditEvaluator.Score(plan, PreparedRecords.Create(rs, subject, records), request.Enrolment).Score));
    }
}
