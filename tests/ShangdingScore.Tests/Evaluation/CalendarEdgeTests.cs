using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// Spec §3a "Any valid input, any date": scoring answers on every <c>asOf</c> from 0001-01-01 to 9999-12-31,
/// and a record whose window would end after 9999-12-31 never expires.
/// </summary>
public class CalendarEdgeTests
{
    private static readonly SubjectId Subject = new("S-edge");

    private static CreditRecord Record(string id, string item, LocalDate on, decimal quantity = 1m, params RecordEvent[] events) =>
        new(id, Subject, item, on, "provider", Instant.FromUtc(1, 1, 1, 0, 0), quantity, events.ToImmutableArray());

    private static (decimal? Evaluated, decimal? Scored, decimal? Prepared, CreditEvaluation Evaluation) AllPaths(RuleSet rs, LocalDate asOf, params CreditRecord[] records)
    {
        var request = new EvaluationRequest { Subject = Subject, Enrolment = Enrolment.Since(LocalDate.MinIsoValue), Records = records.ToImmutableArray(), AsOf = asOf };
        var plan = ScoringPlan.Create(rs, asOf);
        var evaluation = CreditEvaluator.Evaluate(plan, request);
        var scored = CreditEvaluator.Score(plan, request).Score;
        var prepared = CreditEvaluator.Score(plan, PreparedRecords.Create(rs, Subject, request.Records), request.Enrolment).Score;
        return (evaluation.Score, scored, prepared, evaluation);
    }

    [Fact]
    public void Evaluate_AsOfLastDayOfTheCalendarWithWindowedRecords_CountsThemOnEveryPath()
    {
        var asOf = new LocalDate(9999, 12, 31);
        var (evaluated, scored, prepared, evaluation) = AllPaths(TestRuleSets.Mini, asOf,
            Record("t", "traffic.violation", new LocalDate(9999, 6, 1)),
            Record("h", "honour.municipal", new LocalDate(9997, 1, 1)));

        Assert.Equal(97.5m + 15m, evaluated);
        Assert.Equal(evaluated, scored);
        Assert.Equal(evaluated, prepared);
        Assert.All(evaluation.Records, r => Assert.Equal(RecordOutcome.Counted, r.Outcome));
        Assert.All(evaluation.Records, r => Assert.Null(r.ExpiresOn));
    }

    [Fact]
    public void Evaluate_AsOfFirstDayOfTheCalendar_AnswersOnEveryPath()
    {
        var asOf = new LocalDate(1, 1, 1);
        var (evaluated, scored, prepared, _) = AllPaths(TestRuleSets.Mini, asOf,
            Record("t", "traffic.violation", asOf),
            Record("v", "volunteer.hours", asOf, 4m),
            Record("later", "honour.municipal", new LocalDate(1, 1, 2)));

        Assert.Equal(100m - 2.5m + 2m, evaluated);
        Assert.Equal(evaluated, scored);
        Assert.Equal(evaluated, prepared);
    }

    [Theory]
    [InlineData("P2Y", 9998, 1, 1)]
    [InlineData("P1M", 9999, 12, 1)]
    [InlineData("P1D", 9999, 12, 31)]
    [InlineData("P9999Y", 1, 1, 1)]
    public void FirstCounting_OnTheLastDayOfTheCalendar_IsTheFirstDayWhoseWindowEndsBeyondIt(string window, int year, int month, int day)
    {
        var period = NodaTime.Text.PeriodPattern.Roundtrip.Parse(window).Value;
        Assert.Equal(new LocalDate(year, month, day), ScoringPlan.FirstCounting(new LocalDate(9999, 12, 31), period));
    }

    [Fact]
    public void Expires_WindowEndingAfterTheCalendar_IsNeverNotTheLastDay()
    {
        Assert.Null(ScoringPlan.Expires(new LocalDate(9998, 6, 1), Period.FromYears(2)));
        Assert.Equal(new LocalDate(9999, 12, 31), ScoringPlan.Expires(new LocalDate(9997, 12, 31), Period.FromYears(2)));
    }

    [Fact]
    public void Evaluate_RepairWhoseDelayEndsAfterTheCalendar_LeavesTheRecordCountingOnTheLastDay()
    {
        var json = TestRuleSets.MiniJson.Replace("\"repair\": { \"delay\": \"P0D\" }", "\"repair\": { \"delay\": \"P1M\" }");
        var rs = RuleSetJson.Load(json).GetValueOrThrow();
        var asOf = new LocalDate(9999, 12, 31);
        var repaired = new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(9999, 12, 20, 0, 0), new LocalDate(9999, 12, 15));
        var (evaluated, scored, prepared, evaluation) = AllPaths(rs, asOf, Record("t", "traffic.violation", new LocalDate(9999, 6, 1), 1m, repaired));

        Assert.Equal(97.5m, evaluated);
        Assert.Equal(evaluated, scored);
        Assert.Equal(evaluated, prepared);
        Assert.Null(Assert.Single(evaluation.Records).RepairedFrom);
    }
}
