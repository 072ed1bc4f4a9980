using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using static ShangdingScore.Tests.Hints.HintTestData;

namespace ShangdingScore.Tests.Hints;

/// <summary>Each hint kind on the mini rule set, with hand-computed numbers (docs/hints.md).</summary>
public class ImprovementAdvisorTests
{
    [Fact]
    public void Advise_NoRecords_NextBandAndEveryPositiveItemByGain()
    {
        var hints = Advise();

        Assert.Equal(AdviceStatus.Advised, hints.Status);
        Assert.Equal(new[] { ImprovementHintKind.NextBand, ImprovementHintKind.PositiveItem, ImprovementHintKind.PositiveItem, ImprovementHintKind.PositiveItem }, hints.Hints.Select(h => h.Kind));
        var next = Assert.IsType<NextBandHint>(hints.Hints[0]);
        Assert.Equal(("good", "outstanding", 120m, 20m), (next.Band.Code, next.NextBand.Code, next.FirstScore, next.PointsNeeded));
        Assert.Equal(new[] { "$.grades[1].lower" }, next.Sources);
        Assert.Null(next.HeldBy);

        var items = hints.Of<PositiveItemHint>();
        Assert.Equal(new[] { "honour.municipal", "blood.donation", "volunteer.hours" }, items.Select(h => h.Item.Code));
        Assert.Equal(new[] { 15m, 5m, 0.5m }, items.Select(h => h.ScoreGain));
        Assert.Equal(new[] { 115m, 105m, 100.5m }, items.Select(h => h.After.Score!.Value));
        Assert.Equal(new[] { "$.items[0].points", "$.dimensions[0].positiveCap", "$.maxBonus" }, items[0].Sources);
        Assert.Equal(new[] { "$.items[1].pointsPerUnit", "$.items[1].recordCap", "$.items[1].itemCap", "$.dimensions[1].positiveCap", "$.maxBonus" }, items[2].Sources);
        Assert.True(items[2].PerUnit);
        Assert.Equal((30m, 60m, 100m), (items[2].ItemCapRoom!.Value, items[2].DimensionCapRoom!.Value, items[2].BonusRoom));
        Assert.All(items, h => Assert.Null(h.LimitedBy));
    }

    [Fact]
    public void Advise_ItemCapNearlyFull_OneMoreUnitAddsTheRoomLeftAndTheRoundedGain()
    {
        // 10 + 10 + 9.75 = 29.75 of the item cap 30: one more hour (0.5) adds 0.25; 129.75 publishes as 129.8, 130 as 130.
        var hints = Advise(R("v1", "volunteer.hours", 2025, 1, 10, 20m), R("v2", "volunteer.hours", 2025, 2, 10, 20m), R("v3", "volunteer.hours", 2025, 3, 10, 19.5m));

        var volunteer = hints.Of<PositiveItemHint>().Single(h => h.Item.Code == "volunteer.hours");
        Assert.Equal(129.8m, hints.Score);
        Assert.Equal(0.25m, volunteer.ItemCapRoom);
        Assert.Equal(0.25m, volunteer.PointsAdded);
        Assert.Equal("$.items[1].itemCap", volunteer.LimitedBy);
        Assert.Equal(0.2m, volunteer.ScoreGain);
        Assert.Equal(20.2m, Assert.IsType<NextBandHint>(hints.Hints[0]).PointsNeeded);
    }

    [Fact]
    public void Advise_DimensionCapNearlyFull_BloodDonationIsLimitedByTheDimensionCap()
    {
        var records = new List<CreditRecord> { R("v1", "volunteer.hours", 2025, 1, 10, 20m), R("v2", "volunteer.hours", 2025, 2, 10, 20m), R("v3", "volunteer.hours", 2025, 3, 10, 14m) };
        records.AddRange(Enumerable.Range(7, 6).Select(m => R("b" + m, "blood.donation", 2024, m, 1)));

        var hints = Advise(records.ToArray());

        Assert.Equal(157m, hints.Score); // 27 + 30 of social morality, cap 60
        Assert.DoesNotContain(hints.Hints, h => h is NextBandHint); // Excellent is the top band
        var items = hints.Of<PositiveItemHint>();
        Assert.Equal(new[] { "honour.municipal", "blood.donation", "volunteer.hours" }, items.Select(h => h.Item.Code));
        var blood = items[1];
        Assert.Equal((3m, 3m, "$.dimensions[1].positiveCap"), (blood.DimensionCapRoom!.Value, blood.PointsAdded, blood.LimitedBy));
        Assert.Equal(160m, blood.After.Score);
    }

    [Fact]
    public void Advise_DimensionCapFull_ItemIsNotListed()
    {
        var records = Enumerable.Range(1, 3).Select(m => R("h" + m, "honour.municipal", 2024, m, 1)).ToArray(); // 45 → honours cap 40

        var hints = Advise(records);

        Assert.DoesNotContain(hints.Of<PositiveItemHint>(), h => h.Item.Code == "honour.municipal");
        Assert.Equal(new[] { "blood.donation", "volunteer.hours" }, hints.Of<PositiveItemHint>().Select(h => h.Item.Code));
    }

    [Fact]
    public void Advise_TrafficViolation_NextBandWindowEndAndRepairApplication()
    {
        var hints = Advise(R("t1", "traffic.violation", 2025, 3, 1));

        Assert.Equal(97.5m, hints.Score);
        var next = Assert.IsType<NextBandHint>(hints.Hints[0]);
        Assert.Equal(("good", 100m, 2.5m), (next.NextBand.Code, next.FirstScore, next.PointsNeeded));
        Assert.Empty(hints.Of<RequirementHint>()); // the any-negative cap (Outstanding) is above the band

        var ends = Assert.Single(hints.Of<NegativeRecordEndsHint>());
        Assert.Equal(("t1", -2.5m, new LocalDate(2026, 3, 1), RecordEndCause.WindowEnds), (ends.RecordId, ends.Points, ends.StopsCountingOn, ends.Cause));
        Assert.Equal((100m, "good"), (ends.OnThatDay.Score!.Value, ends.OnThatDay.Grade!.Code));
        Assert.Equal(new[] { "$.items[3].countsFor" }, ends.Sources);

        var repair = Assert.Single(hints.Of<RepairApplicationHint>());
        Assert.Equal((new LocalDate(2025, 3, 1), AsOf, AsOf), (repair.EarliestApplication, repair.ApplyOn, repair.StopsCountingOn));
        Assert.Null(repair.MinimumPeriod);
        Assert.Equal(100m, repair.IfRepaired.Score);
        Assert.Equal(new[] { "$.repair.delay" }, repair.Sources);
        Assert.IsType<RepairApplicationHint>(hints.Hints[^1]);
    }

    [Fact]
    public void Advise_ItemWithMinimumRepairPeriod_RepairMayBeAppliedForAfterIt()
    {
        var rs = MiniWith(doc => Item(doc, "traffic.violation")["repairMinimumPeriod"] = "P3M");

        var repair = Assert.Single(Advise(rs, R("t1", "traffic.violation", 2025, 5, 10)).Of<RepairApplicationHint>());

        Assert.Equal(Period.FromMonths(3), repair.MinimumPeriod);
        Assert.Equal(new LocalDate(2025, 8, 10), repair.EarliestApplication);
        Assert.Equal(new LocalDate(2025, 8, 10), repair.ApplyOn);
        Assert.Equal(new LocalDate(2025, 8, 10), repair.StopsCountingOn);
        Assert.Equal(100m, repair.IfRepaired.Score);
        Assert.Equal(new[] { "$.items[3].repairMinimumPeriod", "$.repair.delay" }, repair.Sources);
        Assert.Contains("P3M", repair.Text.ZhCn, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_ZeroPointWarningCapsExcellent_RequirementLiftsWhenItExpires()
    {
        var hints = Advise(
            R("h1", "honour.municipal", 2024, 1, 1), R("h2", "honour.municipal", 2024, 2, 1),
            R("b1", "blood.donation", 2025, 1, 1), R("b2", "blood.donation", 2025, 2, 1), R("b3", "blood.donation", 2025, 3, 1), R("b4", "blood.donation", 2025, 4, 1),
            R("w1", "warning.only", 2025, 3, 1));

        Assert.Equal((150m, "excellent", "outstanding"), (hints.Score!.Value, hints.BandGrade!.Code, hints.Grade!.Code));
        Assert.Equal(ImprovementHintKind.Requirement, hints.Hints[0].Kind);
        var req = Assert.Single(hints.Of<RequirementHint>());
        Assert.Equal("excellent-requires-no-negative", req.Requirement.Code);
        Assert.Equal(new LocalDate(2025, 9, 1), req.LiftsOn);
        Assert.Equal((150m, "excellent"), (req.OnThatDay!.Score!.Value, req.OnThatDay.Grade!.Code));
        Assert.False(req.StillAppliesOnThatDay);
        Assert.Empty(req.WithoutEnd);
        Assert.Equal(new[] { "$.requirements[0].when", "$.requirements[0].capGradeAt", "$.items[4].countsFor" }, req.Sources);

        var ends = Assert.Single(hints.Of<NegativeRecordEndsHint>());
        Assert.Equal((0m, new LocalDate(2025, 9, 1), "excellent"), (ends.Points, ends.StopsCountingOn, ends.OnThatDay.Grade!.Code));
        var honour = hints.Of<PositiveItemHint>().First();
        Assert.Equal(("honour.municipal", 10m, "$.dimensions[0].positiveCap"), (honour.Item.Code, honour.PointsAdded, honour.LimitedBy));
    }

    [Fact]
    public void Advise_SeriousRecordThatNeverExpires_RequirementHasNoLiftDayAndHoldsTheNextBand()
    {
        var rs = MiniWith(doc => Item(doc, "court.defaulter").Remove("countsFor"));

        var hints = Advise(rs,
            R("h1", "honour.municipal", 2024, 1, 1), R("h2", "honour.municipal", 2024, 2, 1),
            R("b1", "blood.donation", 2025, 1, 1), R("b2", "blood.donation", 2025, 2, 1), R("b3", "blood.donation", 2025, 3, 1), R("b4", "blood.donation", 2025, 4, 1),
            R("c1", "court.defaulter", 2024, 1, 1));

        Assert.Equal((120m, "outstanding", "poor"), (hints.Score!.Value, hints.BandGrade!.Code, hints.Grade!.Code));
        var next = Assert.IsType<NextBandHint>(hints.Hints[0]);
        Assert.Equal(("excellent", 30m, "serious-negative-is-poor"), (next.NextBand.Code, next.PointsNeeded, next.HeldBy!.Code));
        Assert.Equal(new[] { "$.grades[0].lower", "$.requirements[1].capGradeAt" }, next.Sources);
        var req = Assert.Single(hints.Of<RequirementHint>());
        Assert.Equal("serious-negative-is-poor", req.Requirement.Code);
        Assert.Null(req.LiftsOn);
        Assert.Null(req.OnThatDay);
        Assert.Equal(new[] { "c1" }, req.WithoutEnd);
        Assert.Empty(hints.Of<NegativeRecordEndsHint>());
        var repair = Assert.Single(hints.Of<RepairApplicationHint>());
        Assert.Equal((150m, "excellent"), (repair.IfRepaired.Score!.Value, repair.IfRepaired.Grade!.Code));
    }

    [Fact]
    public void Advise_RepairEnteredWithDelay_RecordEndsWhenTheRepairTakesEffectAndNoRepairHint()
    {
        var rs = MiniWith(doc => doc["repair"]!["delay"] = "P1Y");

        var hints = Advise(rs, R("c1", "court.defaulter", 2024, 1, 1, 1m, new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2025, 5, 1, 2, 0))));

        var ends = Assert.Single(hints.Of<NegativeRecordEndsHint>());
        Assert.Equal((new LocalDate(2026, 5, 1), RecordEndCause.RepairTakesEffect), (ends.StopsCountingOn, ends.Cause));
        Assert.Equal(new[] { "$.repair.delay" }, ends.Sources);
        Assert.Equal(100m, ends.OnThatDay.Score);
        Assert.Empty(hints.Of<RepairApplicationHint>());
    }

    [Fact]
    public void Advise_NotEnrolled_NoHintsAndTheReason()
    {
        var request = Request(R("t1", "traffic.violation", 2025, 3, 1));
        var hints = ImprovementAdvisor.Advise(TestRuleSets.Mini, new EvaluationRequest { Subject = request.Subject, Enrolment = Enrolment.None, Records = request.Records, AsOf = AsOf });

        Assert.Equal(AdviceStatus.NotEnrolled, hints.Status);
        Assert.Empty(hints.Hints);
        Assert.Null(hints.Score);
        Assert.Contains("未加入商鼎分", ImprovementHintRenderer.Render(hints, Language.ZhCn), StringComparison.Ordinal);
        Assert.Contains("Not enrolled: no score, so no improvement hints.", ImprovementHintRenderer.Render(hints, Language.En), StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_RecordWithTheAssumedRecordsId_IsNotMergedWithIt()
    {
        var hints = Advise(new CreditRecord("hint.one-more.blood.donation", S, "blood.donation", new LocalDate(2025, 1, 1), "p", Instant.FromUtc(2025, 1, 2, 0, 0)));

        Assert.Equal(5m, hints.Of<PositiveItemHint>().Single(h => h.Item.Code == "blood.donation").ScoreGain);
    }

    [Fact]
    public void Advise_EarlyKnownAt_TheAssumedRecordIsInTheView()
    {
        var request = Request(R("t1", "traffic.violation", 2025, 3, 1));
        var early = new EvaluationRequest { Subject = S, Enrolment = request.Enrolment, Records = request.Records, AsOf = AsOf, KnownAt = Instant.FromUtc(2024, 12, 1, 0, 0) };

        var hints = ImprovementAdvisor.Advise(TestRuleSets.Mini, early);

        Assert.Equal(100m, hints.Score); // t1 was recorded (2025-01-01) after knownAt
        Assert.Equal(15m, hints.Of<PositiveItemHint>().First().ScoreGain);
    }

    [Fact]
    public void Render_NoRecords_NumberedLinesWithSourcesInBothLanguages()
    {
        var hints = Advise();

        var en = ImprovementHintRenderer.Render(hints, Language.En).Split('\n');
        var zh = ImprovementHintRenderer.Render(hints, Language.ZhCn).Split('\n');

        Assert.Contains("Score 100 · grade Good", en);
        Assert.Contains("  1. 20 points to Outstanding (120 and above; lowest publishable score 120); now 100, Good. [$.grades[1].lower]", en);
        Assert.Contains("  2. One more “Municipal honour” (15 each): +15 points, score 100 → 115 (Good). [$.items[0].points, $.dimensions[0].positiveCap, $.maxBonus]", en);
        Assert.Contains("  1. 距信用优秀（120 分及以上，最低可公布分数 120）还差 20 分（当前 100 分，属信用良好）。 [$.grades[1].lower]", zh);
        Assert.Equal(hints.Hints[0].Text, ImprovementHintRenderer.Describe(hints.Hints[0]));
    }
}
