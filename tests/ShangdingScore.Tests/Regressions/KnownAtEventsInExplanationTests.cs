using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Regressions;

/// <summary>
/// Spec §3a: events entered after knownAt are invisible, and the result at knownAt = T is the one
/// produced at T. The explanation used to show each record with every event delivered since,
/// including a revocation entered after knownAt (found by Evaluate_EventsEnteredAfterKnownAt_AreIgnored).
/// </summary>
public class KnownAtEventsInExplanationTests
{
    private static readonly SubjectId S = new("S-1");
    private static readonly Instant KnownAt = Instant.FromUtc(2024, 6, 1, 0, 0);

    private static CreditEvaluation Evaluate(params CreditRecord[] records) =>
        CreditEvaluator.Evaluate(TestRuleSets.Mini, new EvaluationRequest
        {
            Subject = S,
            Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)),
            Records = records.ToImmutableArray(),
            AsOf = new LocalDate(2024, 6, 1),
            KnownAt = KnownAt,
        });

    [Fact]
    public void Evaluate_EventEnteredAfterKnownAt_IsNotInTheExplainedRecord()
    {
        var disputed = new RecordEvent(RecordEventType.Disputed, KnownAt - Duration.FromDays(10));
        var rejected = new RecordEvent(RecordEventType.DisputeRejected, KnownAt - Duration.FromDays(5));
        var revokedLater = new RecordEvent(RecordEventType.Revoked, KnownAt + Duration.FromDays(1));
        var asKnown = new CreditRecord("b1", S, "blood.donation", new LocalDate(2024, 3, 1), "p", KnownAt - Duration.FromDays(60), 1m, ImmutableArray.Create(disputed, rejected));
        var withLater = asKnown.WithEvents(ImmutableArray.Create(disputed, rejected, revokedLater));

        var line = Assert.Single(Evaluate(withLater).Records);

        Assert.Equal(RecordOutcome.Counted, line.Outcome);
        Assert.Equal(new[] { disputed, rejected }, line.Record.Events);
        Assert.Equal(Assert.Single(Evaluate(asKnown).Records).Record, line.Record);
    }

    [Fact]
    public void Evaluate_CopyWithEventAfterKnownAt_MergesOnlyEventsKnownThen()
    {
        var recordedAt = KnownAt - Duration.FromDays(30);
        var first = new CreditRecord("t1", S, "traffic.violation", new LocalDate(2024, 4, 1), "p", recordedAt);
        var disputedLater = new RecordEvent(RecordEventType.Disputed, KnownAt + Duration.FromHours(1));
        var copy = first.WithEvents(ImmutableArray.Create(disputedLater));

        var line = Assert.Single(Evaluate(first, copy).Records);

        Assert.Equal(RecordOutcome.Counted, line.Outcome);
        Assert.Empty(line.Record.Events);
    }
}
