using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>Spec §3a "What events mean over time" and "Event order", one behaviour per test (TestRuleSets.Mini, Asia/Shanghai).</summary>
public class EventSemanticsTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant Recorded = Instant.FromUtc(2024, 1, 2, 0, 0);

    private static RecordExplanation Line(LocalDate asOf, Instant? knownAt, params RecordEvent[] events)
    {
        var record = new CreditRecord("t1", S, "traffic.violation", new LocalDate(2024, 1, 1), "p", Recorded, 1m, events.ToImmutableArray());
        var result = CreditEvaluator.Evaluate(TestRuleSets.Mini, new EvaluationRequest
        {
            Subject = S, Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)), Records = ImmutableArray.Create(record), AsOf = asOf, KnownAt = knownAt,
        });
        return Assert.Single(result.Records);
    }

    [Fact]
    public void Repair_WithoutEffectiveOn_TakesTheEventDateInTheRuleSetZone()
    {
        // 2024-05-20T20:00Z is 2024-05-21 04:00 in Asia/Shanghai: the repair date is the 21st.
        var repair = new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2024, 5, 20, 20, 0));
        Assert.Equal(new LocalDate(2024, 5, 21), Line(new LocalDate(2024, 6, 1), null, repair).RepairedFrom);
        Assert.Equal(RecordOutcome.Counted, Line(new LocalDate(2024, 5, 20), null, repair).Outcome);
        Assert.Equal(RecordOutcome.Repaired, Line(new LocalDate(2024, 5, 21), null, repair).Outcome);
    }

    [Fact]
    public void Revocation_RemovesTheRecordAlsoForDaysBeforeIt()
    {
        var revoked = new RecordEvent(RecordEventType.Revoked, Instant.FromUtc(2024, 5, 1, 0, 0));
        Assert.Equal(RecordOutcome.Revoked, Line(new LocalDate(2024, 2, 1), null, revoked).Outcome);
    }

    [Fact]
    public void DisputeAndRejectionAtOneInstant_DisputeFirstSoTheRecordCounts()
    {
        var at = Instant.FromUtc(2024, 3, 1, 0, 0);
        var line = Line(new LocalDate(2024, 6, 1), null, new RecordEvent(RecordEventType.DisputeRejected, at), new RecordEvent(RecordEventType.Disputed, at));
        Assert.Equal(RecordOutcome.Counted, line.Outcome);
    }

    [Fact]
    public void Dispute_SeenBeforeItsDecision_SuspendsAndAfterItCounts()
    {
        var disputed = new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2024, 3, 1, 0, 0));
        var rejected = new RecordEvent(RecordEventType.DisputeRejected, Instant.FromUtc(2024, 3, 10, 0, 0));
        Assert.Equal(RecordOutcome.DisputePending, Line(new LocalDate(2024, 6, 1), Instant.FromUtc(2024, 3, 5, 0, 0), disputed, rejected).Outcome);
        Assert.Equal(RecordOutcome.Counted, Line(new LocalDate(2024, 6, 1), Instant.FromUtc(2024, 3, 10, 0, 0), disputed, rejected).Outcome);
    }

    [Fact]
    public void Events_AfterAFinalEvent_AreIgnored()
    {
        var upheld = new RecordEvent(RecordEventType.DisputeUpheld, Instant.FromUtc(2024, 3, 1, 0, 0));
        var rejectedLater = new RecordEvent(RecordEventType.DisputeRejected, Instant.FromUtc(2024, 4, 1, 0, 0));
        Assert.Equal(RecordOutcome.DisputeUpheld, Line(new LocalDate(2024, 6, 1), null, upheld, rejectedLater).Outcome);
    }
}
