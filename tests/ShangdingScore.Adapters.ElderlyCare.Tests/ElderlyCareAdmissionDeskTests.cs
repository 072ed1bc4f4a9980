using ShangdingScore.Authorization;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.ElderlyCare.Tests;

public class ElderlyCareAdmissionDeskTests
{
    private static async Task<ElderlyCareAdmissionNotice> Check(SampleCitizen citizen, decimal fee, string purpose = ElderlyCareAdmissionDesk.BenefitCode, string venue = SampleCity.ElderlyCareVenue, DisclosureScope scope = DisclosureScope.Decision)
    {
        var city = new SampleCity();
        return await new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue)).CheckAdmissionAsync(city.IssueGrant(citizen, venue, purpose, scope), fee);
    }

    [Fact]
    public async Task CheckAdmission_ExcellentApplicant_PriorityListAtTheCatalogsTierAndNoDiscountTheCatalogDoesNotSet()
    {
        var terms = ShangdingScore.Benefits.DefaultBenefitCatalogs.Default.Find(ElderlyCareAdmissionDesk.BenefitCode)!.Terms;
        var n = await Check(SampleCity.Excellent, 3200.00m);
        Assert.True(n.PriorityAdmission);
        Assert.Equal(terms.PriorityLevel, n.PriorityLevel);
        Assert.Equal(1, n.PriorityLevel);
        Assert.Null(terms.ChargeRate);
        Assert.Null(n.ChargeRate);
        Assert.Equal(3200.00m, n.MonthlyFeeDueYuan);
        Assert.Equal(new NodaTime.LocalDateTime(2026, 6, 2, 0, 0), n.ValidUntilLocal);
        Assert.StartsWith("入住轮候：优先入住轮候（第1优先级）\n月费：¥3200.00 → ¥3200.00（目录条款未定折扣）\n", n.Render(Language.ZhCn));
        Assert.Contains("有效至：2026-06-02 00:00\n", n.Render(Language.ZhCn));
        Assert.Contains("Waiting list: Priority admission list (tier 1)\nMonthly fee: ¥3200.00 → ¥3200.00 (the catalog terms set no discount)\n", n.Render(Language.En));
        Assert.Contains("[granted]", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckAdmission_CatalogTermsWithTierAndRate_TheirNumbersAreTheOnesApplied()
    {
        var city = new SampleCity();
        var catalog = SampleCatalogs.WithTerms(ElderlyCareAdmissionDesk.BenefitCode, """{"priorityLevel": 2, "chargeRate": 0.85}""");
        var desk = new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue, catalog));
        var n = await desk.CheckAdmissionAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ElderlyCareVenue, "public-services"), 3999.99m);
        Assert.Equal(2, n.PriorityLevel);
        Assert.Equal(0.85m, n.ChargeRate);
        Assert.Equal(3399.99m, n.MonthlyFeeDueYuan);   // 3399.9915
        Assert.Contains("优先入住轮候（第2优先级）", n.Render(Language.ZhCn));
        Assert.Contains("月费：¥3999.99 → ¥3399.99（按8.5折）\n", n.Render(Language.ZhCn));
        Assert.Contains("Monthly fee: ¥3999.99 → ¥3399.99 (charged at 85 %)\n", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckAdmission_CatalogTermsWithoutTier_PriorityListWithoutATier()
    {
        var city = new SampleCity();
        var desk = new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue, SampleCatalogs.WithTerms(ElderlyCareAdmissionDesk.BenefitCode, """{"chargeRate": 0.9}""")));
        var n = await desk.CheckAdmissionAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ElderlyCareVenue, ElderlyCareAdmissionDesk.BenefitCode), 3000.00m);
        Assert.Null(n.PriorityLevel);
        Assert.Equal("Priority admission list", n.WaitingList.En);
        Assert.Equal(2700.00m, n.MonthlyFeeDueYuan);
        Assert.Contains("（按9折）", n.Render(Language.ZhCn));
    }

    [Theory]
    [InlineData("good", "grade-below-threshold")]
    [InlineData("poor", "grade-below-threshold")]
    [InlineData("none", "not-enrolled")]
    [InlineData("expired", "expired")]
    public async Task CheckAdmission_NotQualifying_RegularWaitingListAndFullFeeWithTheReason(string who, string reason)
    {
        var citizen = who switch { "good" => SampleCity.Good, "poor" => SampleCity.Poor, "none" => SampleCity.NotEnrolled, _ => SampleCity.ExpiredGrant };
        var n = await Check(citizen, 3200.00m);
        Assert.False(n.PriorityAdmission);
        Assert.Null(n.PriorityLevel);
        Assert.Null(n.ValidUntilLocal);
        Assert.Equal(3200.00m, n.MonthlyFeeDueYuan);
        Assert.Equal(reason, n.Decision.ReasonCode);
        Assert.Contains("入住轮候：按登记顺序轮候\n月费：¥3200.00 → ¥3200.00\n", n.Render(Language.ZhCn));
        Assert.Contains("Waiting list: Regular waiting list, in order of registration\n", n.Render(Language.En));
        Assert.Contains($"[{reason}]", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckAdmission_GrantForAnotherHome_RefusedAsWrongGrantee()
    {
        var n = await Check(SampleCity.Excellent, 3200.00m, venue: "zz-other-home");
        Assert.Equal(GrantRefusalCodes.WrongGrantee, n.Decision.ReasonCode);
        Assert.False(n.PriorityAdmission);
    }

    [Fact]
    public async Task CheckAdmission_GrantForHealthcare_RefusedAsWrongPurpose()
    {
        var n = await Check(SampleCity.Excellent, 3200.00m, "healthcare");
        Assert.Equal(GrantRefusalCodes.WrongPurpose, n.Decision.ReasonCode);
    }

    [Fact]
    public async Task CheckAdmission_SameGrantTwice_SecondIsReplayed()
    {
        var city = new SampleCity();
        var desk = new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue));
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.ElderlyCareVenue, ElderlyCareAdmissionDesk.BenefitCode);
        Assert.True((await desk.CheckAdmissionAsync(grant, 3200.00m)).PriorityAdmission);
        var again = await desk.CheckAdmissionAsync(grant, 3200.00m);
        Assert.Equal(GrantRefusalCodes.Replayed, again.Decision.ReasonCode);
        Assert.False(again.PriorityAdmission);
    }

    [Fact]
    public async Task CheckAdmission_GrantAllowingTheScore_OfficerSeesOnlyTheDecision()
    {
        var n = await Check(SampleCity.Excellent, 3200.00m, scope: DisclosureScope.ScoreWithExplanation);
        Assert.Equal(DisclosureScope.Decision, n.Decision.DisclosedScope);
        Assert.Null(n.Decision.Grade);
        Assert.Null(n.Decision.Score);
        Assert.Null(n.Decision.Explanation);
        Assert.DoesNotContain("166", n.Render(Language.ZhCn));
        Assert.DoesNotContain("Excellent", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckAdmission_FeeNotToTheFen_Throws()
    {
        var city = new SampleCity();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue)).CheckAdmissionAsync("t", 0.001m));
    }
}
