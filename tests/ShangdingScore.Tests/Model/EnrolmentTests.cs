using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Model;

/// <summary>Spec §3: enrolment periods are [enrolledOn, withdrawnOn); one withdrawn on the day it began is empty but valid.</summary>
public class EnrolmentTests
{
    private static readonly LocalDate D = new(2024, 3, 1);

    [Fact]
    public void EnrolmentPeriod_WithdrawnOnTheDayItBegan_IsEmptyButValid()
    {
        var period = new EnrolmentPeriod(D, D);

        Assert.Equal(D, period.EnrolledOn);
        Assert.Equal(D, period.WithdrawnOn);
        Assert.False(period.Contains(D));
        Assert.False(period.Contains(D.PlusDays(-1)));
        Assert.False(period.Contains(D.PlusDays(1)));
        Assert.Equal("[2024-03-01, 2024-03-01)", period.ToString());
    }

    [Fact]
    public void EnrolmentPeriod_WithdrawnBeforeEnrolment_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EnrolmentPeriod(D, D.PlusDays(-1)));
    }

    [Fact]
    public void Enrolment_OnlyAnEmptyPeriod_IsNotEnrolledOnThatDayOrAnyOther()
    {
        var enrolment = Enrolment.Of(new[] { new EnrolmentPeriod(D, D) });

        Assert.Single(enrolment.Periods);
        Assert.False(enrolment.IsEnrolledOn(D));
        Assert.False(enrolment.IsEnrolledOn(D.PlusDays(1)));
    }

    [Fact]
    public void Evaluate_SubjectWithOnlyAnEmptyPeriod_IsNotEnrolledOnThatDay()
    {
        var subject = new SubjectId("S-1");
        var request = new EvaluationRequest
        {
            Subject = subject,
            Enrolment = Enrolment.Of(new[] { new EnrolmentPeriod(D, D) }),
            AsOf = D,
            Records = System.Collections.Immutable.ImmutableArray.Create(
                new CreditRecord("r", subject, "blood.donation", D.PlusDays(-10), "p", Instant.FromUtc(2024, 2, 21, 0, 0))),
        };

        var evaluation = CreditEvaluator.Evaluate(TestRuleSets.Mini, request);

        Assert.Equal(EvaluationStatus.NotEnrolled, evaluation.Status);
        Assert.Null(evaluation.Score);
        Assert.Null(evaluation.Grade);
    }

    [Fact]
    public void Enrolment_EmptyPeriodThenEnrolAgainSameDay_IsEnrolledFromThatDayInAnyInputOrder()
    {
        var empty = new EnrolmentPeriod(D, D);
        var again = new EnrolmentPeriod(D);

        var forward = Enrolment.Of(new[] { empty, again });
        var backward = Enrolment.Of(new[] { again, empty });

        Assert.Equal(new[] { empty, again }, forward.Periods.ToArray());
        Assert.Equal(new[] { empty, again }, backward.Periods.ToArray());
        Assert.True(backward.IsEnrolledOn(D));
    }

    [Fact]
    public void Enrolment_EmptyPeriodsBesideOthers_DoNotOverlapAtTheirEdges()
    {
        var history = Enrolment.Of(new[] { new EnrolmentPeriod(D, D), new EnrolmentPeriod(D.PlusDays(-30), D), new EnrolmentPeriod(D, D) });

        Assert.Equal(3, history.Periods.Length);
        Assert.True(history.IsEnrolledOn(D.PlusDays(-1)));
        Assert.False(history.IsEnrolledOn(D));
    }

    [Fact]
    public void Enrolment_EmptyPeriodInsideAnotherPeriod_IsAnOverlap()
    {
        Assert.Throws<ArgumentException>(() => Enrolment.Of(new[] { new EnrolmentPeriod(D.PlusDays(-30), D.PlusDays(30)), new EnrolmentPeriod(D, D) }));
        Assert.Throws<ArgumentException>(() => Enrolment.Of(new[] { new EnrolmentPeriod(D.PlusDays(-30)), new EnrolmentPeriod(D, D) }));
    }
}
