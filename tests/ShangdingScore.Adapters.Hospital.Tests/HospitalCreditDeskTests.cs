using ShangdingScore.Authorization;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.Hospital.Tests;

public class HospitalCreditDeskTests
{
    [Theory]
    [InlineData(HospitalService.FamilyDoctorSigning, "healthcare.family-doctor-priority")]
    [InlineData(HospitalService.PaymentAndPharmacy, "healthcare.priority-payment-pharmacy")]
    [InlineData(HospitalService.PrimaryCareReferral, "healthcare.priority-referral")]
    public void BenefitCodeOf_EachService_IsACatalogBenefit(HospitalService service, string code)
    {
        Assert.Equal(code, HospitalCreditDesk.BenefitCodeOf(service));
        Assert.NotNull(ShangdingScore.Benefits.DefaultBenefitCatalogs.Default.Find(code));
    }

    [Fact]
    public async Task CheckPriority_ExcellentPatientWithHealthcareGrant_PriorityLaneForEveryService()
    {
        var city = new SampleCity();
        var desk = new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue));
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.HospitalVenue, "healthcare");
        foreach (HospitalService s in Enum.GetValues(typeof(HospitalService)))
        {
            var n = await desk.CheckPriorityAsync(s, grant);
            Assert.True(n.PriorityGranted);
            Assert.Equal("Credit priority lane (tier 1)", n.Queue.En);
            Assert.Equal(new NodaTime.LocalDateTime(2026, 6, 2, 0, 0), n.ValidUntilLocal);
        }

        Assert.Equal(3, (await city.QueryLog.ReadForSubjectAsync(SampleCity.Excellent.Subject, default)).Length);
    }

    [Fact]
    public async Task CheckPriority_DecisionOnly_ClerkNeverSeesTheGrade()
    {
        var city = new SampleCity();
        var desk = new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue));
        var n = await desk.CheckPriorityAsync(HospitalService.PaymentAndPharmacy, city.IssueGrant(SampleCity.Excellent, SampleCity.HospitalVenue, "healthcare", DisclosureScope.ScoreWithExplanation));
        Assert.Null(n.Decision.Grade);
        Assert.Null(n.Decision.Score);
        Assert.DoesNotContain("166", n.Render(ShangdingScore.Language.ZhCn));
        Assert.DoesNotContain("Excellent", n.Render(ShangdingScore.Language.En));
    }

    [Fact]
    public async Task CheckPriority_PoorPatient_RegularQueueWithReasonInBothLanguages()
    {
        var city = new SampleCity();
        var n = await new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue)).CheckPriorityAsync(HospitalService.PrimaryCareReferral, city.IssueGrant(SampleCity.Poor, SampleCity.HospitalVenue, "healthcare"));
        Assert.False(n.PriorityGranted);
        Assert.Equal("普通窗口", n.Queue.ZhCn);
        Assert.Null(n.ValidUntilLocal);
        Assert.Contains("信用等级未达到该项激励的要求。 [grade-below-threshold]", n.Render(ShangdingScore.Language.ZhCn));
        Assert.Contains("The credit grade is below what this benefit requires. [grade-below-threshold]", n.Render(ShangdingScore.Language.En));
    }

    [Fact]
    public async Task CheckPriority_GrantForAnotherHospital_RefusedAsWrongGrantee()
    {
        var city = new SampleCity();
        var n = await new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue)).CheckPriorityAsync(HospitalService.FamilyDoctorSigning, city.IssueGrant(SampleCity.Excellent, "zz-other-hospital", "healthcare"));
        Assert.Equal(GrantRefusalCodes.WrongGrantee, n.Decision.ReasonCode);
        Assert.False(n.PriorityGranted);
    }
}
