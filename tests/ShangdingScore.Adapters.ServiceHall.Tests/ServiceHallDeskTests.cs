using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.ServiceHall.Tests;

public class ServiceHallDeskTests
{
    private const string Application = "企业开办 / Business registration";

    private static (SampleCity City, ServiceHallDesk Desk) Hall()
    {
        var city = new SampleCity();
        return (city, new ServiceHallDesk(city.GatewayFor(SampleCity.ServiceHallVenue)));
    }

    [Theory]
    [InlineData(HallFacilitation.GreenChannel, "government.green-channel")]
    [InlineData(HallFacilitation.NotificationCommitment, "government.notification-commitment")]
    [InlineData(HallFacilitation.PendingDocumentsAcceptance, "government.pending-documents-acceptance")]
    [InlineData(HallFacilitation.ExpeditedHandling, "government.expedited-handling")]
    public void BenefitCodeOf_EachFacilitation_IsABenefitOfTheGovernmentServicesFamily(HallFacilitation f, string code)
    {
        Assert.Equal(code, ServiceHallDesk.BenefitCodeOf(f));
        Assert.Equal(ServiceHallDesk.FamilyCode, DefaultBenefitCatalogs.Default.Find(code)!.Family);
    }

    [Fact]
    public void AllFacilitations_AreEveryBenefitOfTheFamily_InCatalogOrder()
    {
        var family = DefaultBenefitCatalogs.Default.Benefits.Where(b => b.Family == ServiceHallDesk.FamilyCode).Select(b => b.Code);
        Assert.Equal(family, ServiceHallDesk.AllFacilitations.Select(ServiceHallDesk.BenefitCodeOf));
    }

    [Fact]
    public async Task CheckApplication_ExcellentCitizenWithFamilyGrant_AllFourApplyWithTheCatalogsTiers()
    {
        var (city, desk) = Hall();
        var n = await desk.CheckApplicationAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode), Application);
        Assert.True(n.AnyApplies);
        Assert.Equal(ServiceHallDesk.AllFacilitations, n.Lines.Select(l => l.Facilitation));
        foreach (var line in n.Lines)
        {
            Assert.True(line.Applies);
            Assert.Equal(line.Decision.BenefitName, line.Name);
            Assert.Equal(line.Decision.Terms!.PriorityLevel, line.PriorityLevel);
            Assert.Equal(new NodaTime.LocalDateTime(2026, 6, 2, 0, 0), line.ValidUntilLocal);
        }

        Assert.Equal(1, n.Find(HallFacilitation.GreenChannel)!.PriorityLevel);
        Assert.Null(n.Find(HallFacilitation.NotificationCommitment)!.PriorityLevel);
        var zh = n.Render(Language.ZhCn);
        Assert.Contains("事项：企业开办 / Business registration\n可走绿色通道（第1优先级）\n  原因：", zh);
        Assert.Contains("可适用告知承诺\n", zh);
        Assert.Contains("可容缺受理\n", zh);
        Assert.Contains("可加急办理（第1优先级）\n", zh);
        Assert.Contains("  有效至：2026-06-02 00:00\n", zh);
        var en = n.Render(Language.En);
        Assert.Contains("Green channel: yes (priority tier 1)\n", en);
        Assert.Contains("Notification and commitment: yes\n", en);
        Assert.Contains("Acceptance with documents pending: yes\n", en);
        Assert.Contains("Expedited handling: yes (priority tier 1)\n", en);
        Assert.Contains("[granted]", en);
        Assert.Equal(4, (await city.QueryLog.ReadForSubjectAsync(SampleCity.Excellent.Subject, default)).Length);
    }

    [Fact]
    public async Task CheckApplication_TierInTheCatalogTerms_IsTheTierShown()
    {
        var city = new SampleCity();
        var desk = new ServiceHallDesk(city.GatewayFor(SampleCity.ServiceHallVenue, SampleCatalogs.WithTerms("government.green-channel", """{"priorityLevel": 3}""")));
        var n = await desk.CheckApplicationAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode), Application, new[] { HallFacilitation.GreenChannel });
        Assert.Equal(3, n.Lines.Single().PriorityLevel);
        Assert.Contains("可走绿色通道（第3优先级）", n.Render(Language.ZhCn));
        Assert.Contains("Green channel: yes (priority tier 3)", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckApplication_SameFamilyGrantForASecondApplication_EveryFacilitationRefusedAsReplayed()
    {
        var (city, desk) = Hall();
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode);
        await desk.CheckApplicationAsync(grant, Application);
        var again = await desk.CheckApplicationAsync(grant, "不动产登记 / Real-estate registration");
        Assert.False(again.AnyApplies);
        Assert.All(again.Lines, l => Assert.Equal(GrantRefusalCodes.Replayed, l.Decision.ReasonCode));
        Assert.Contains("不走绿色通道，按常规窗口排队\n", again.Render(Language.ZhCn));
        Assert.Contains("Green channel: no (regular window)\n", again.Render(Language.En));
    }

    [Fact]
    public async Task CheckApplication_FacilitationsAskedInTwoSteps_EachAnsweredOnceOnOneGrant()
    {
        var (city, desk) = Hall();
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode);
        var first = await desk.CheckApplicationAsync(grant, Application, new[] { HallFacilitation.GreenChannel, HallFacilitation.ExpeditedHandling });
        Assert.Equal(2, first.Lines.Length);
        Assert.Null(first.Find(HallFacilitation.NotificationCommitment));
        var second = await desk.CheckApplicationAsync(grant, Application, new[] { HallFacilitation.NotificationCommitment, HallFacilitation.GreenChannel });
        Assert.True(second.Find(HallFacilitation.NotificationCommitment)!.Applies);
        Assert.Equal(GrantRefusalCodes.Replayed, second.Find(HallFacilitation.GreenChannel)!.Decision.ReasonCode);
    }

    [Fact]
    public async Task CheckApplication_GrantForTheGreenChannelOnly_OthersRefusedAsWrongPurposeWithoutUsingTheGrantUp()
    {
        var (city, desk) = Hall();
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, "government.green-channel");
        var n = await desk.CheckApplicationAsync(grant, Application, new[] { HallFacilitation.ExpeditedHandling, HallFacilitation.GreenChannel });
        Assert.Equal(GrantRefusalCodes.WrongPurpose, n.Find(HallFacilitation.ExpeditedHandling)!.Decision.ReasonCode);
        Assert.Equal(QueryOutcome.Refused, n.Find(HallFacilitation.ExpeditedHandling)!.Decision.Outcome);
        Assert.True(n.Find(HallFacilitation.GreenChannel)!.Applies);
        Assert.Contains("Expedited handling: no (regular time limit)\n  Reason: ", n.Render(Language.En));
        Assert.Contains("不可加急，按常规时限办理\n", n.Render(Language.ZhCn));
    }

    [Theory]
    [InlineData("good", "grade-below-threshold")]
    [InlineData("poor", "grade-below-threshold")]
    [InlineData("none", "not-enrolled")]
    [InlineData("expired", "expired")]
    public async Task CheckApplication_NotQualifying_NoFacilitationWithTheReason(string who, string reason)
    {
        var citizen = who switch { "good" => SampleCity.Good, "poor" => SampleCity.Poor, "none" => SampleCity.NotEnrolled, _ => SampleCity.ExpiredGrant };
        var (city, desk) = Hall();
        var n = await desk.CheckApplicationAsync(city.IssueGrant(citizen, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode), Application);
        Assert.False(n.AnyApplies);
        Assert.All(n.Lines, l =>
        {
            Assert.Equal(reason, l.Decision.ReasonCode);
            Assert.Null(l.PriorityLevel);
            Assert.Null(l.ValidUntilLocal);
        });
        Assert.Contains("不适用告知承诺，需提交全部证明材料\n", n.Render(Language.ZhCn));
        Assert.Contains("不可容缺受理，材料齐全后受理\n", n.Render(Language.ZhCn));
        Assert.Contains("Acceptance with documents pending: no (accepted once complete)\n", n.Render(Language.En));
        Assert.Contains($"[{reason}]", n.Render(Language.En));
        Assert.DoesNotContain("有效至", n.Render(Language.ZhCn));
    }

    [Fact]
    public async Task CheckApplication_GrantForAnotherHall_RefusedAsWrongGrantee()
    {
        var (city, desk) = Hall();
        var n = await desk.CheckApplicationAsync(city.IssueGrant(SampleCity.Excellent, "zz-other-hall", ServiceHallDesk.FamilyCode), Application);
        Assert.All(n.Lines, l => Assert.Equal(GrantRefusalCodes.WrongGrantee, l.Decision.ReasonCode));
    }

    [Fact]
    public async Task CheckApplication_GrantAllowingTheScore_ClerkStillSeesOnlyTheDecision()
    {
        var (city, desk) = Hall();
        var n = await desk.CheckApplicationAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode, DisclosureScope.ScoreWithExplanation), Application);
        Assert.All(n.Lines, l =>
        {
            Assert.Equal(DisclosureScope.Decision, l.Decision.DisclosedScope);
            Assert.Null(l.Decision.Grade);
            Assert.Null(l.Decision.Score);
            Assert.Null(l.Decision.Explanation);
        });
        Assert.DoesNotContain("166", n.Render(Language.ZhCn));
        Assert.DoesNotContain("极好", n.Render(Language.ZhCn));
        Assert.DoesNotContain("Excellent", n.Render(Language.En));
    }

    [Fact]
    public async Task CheckApplication_FacilitationNamedTwice_ThrowsBeforeAnyQuery()
    {
        var (city, desk) = Hall();
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => desk.CheckApplicationAsync(grant, Application, new[] { HallFacilitation.GreenChannel, HallFacilitation.GreenChannel }));
        Assert.Contains("GreenChannel is named twice", ex.Message);
        Assert.Empty(await city.QueryLog.ReadForSubjectAsync(SampleCity.Excellent.Subject, default));
    }

    [Fact]
    public async Task CheckApplication_BadArguments_Throw()
    {
        var (_, desk) = Hall();
        await Assert.ThrowsAsync<ArgumentException>(() => desk.CheckApplicationAsync("t", Application, Array.Empty<HallFacilitation>()));
        await Assert.ThrowsAsync<ArgumentException>(() => desk.CheckApplicationAsync("t", "  "));
        await Assert.ThrowsAsync<ArgumentNullException>(() => desk.CheckApplicationAsync(null!, Application));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => desk.CheckApplicationAsync("t", Application, new[] { (HallFacilitation)9 }));
    }
}
