using ShangdingScore.Authorization;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.Sports.Tests;

public class SportsVenueDeskTests
{
    private static async Task<SportsAdmissionQuote> Quote(SampleCitizen citizen, decimal fee, string purpose = SportsVenueDesk.BenefitCode, string venue = SampleCity.SportsVenue, DisclosureScope scope = DisclosureScope.Decision)
    {
        var city = new SampleCity();
        return await new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue)).QuoteAdmissionAsync(city.IssueGrant(citizen, venue, purpose, scope), fee);
    }

    [Fact]
    public void BenefitCode_IsTheCatalogsFreeSportsVenuesWithChargeRateZero()
    {
        var b = ShangdingScore.Benefits.DefaultBenefitCatalogs.Default.Find(SportsVenueDesk.BenefitCode)!;
        Assert.Equal(0m, b.Terms.ChargeRate);
    }

    [Fact]
    public async Task QuoteAdmission_ExcellentCitizen_UsesTheVenueFree()
    {
        var q = await Quote(SampleCity.Excellent, 30.00m);
        Assert.True(q.FreeOfCharge);
        Assert.Equal(0m, q.ChargeRate);
        Assert.Equal(0.00m, q.FeeDueYuan);
        Assert.Equal(30.00m, q.WaivedYuan);
        Assert.StartsWith("场馆使用：免费\n标准价：¥30.00\n减免：¥30.00\n应收：¥0.00\n原因：", q.Render(Language.ZhCn));
        Assert.Contains("Venue use: free of charge\nNormal fee: ¥30.00\nWaived: ¥30.00\nTo collect: ¥0.00\nReason: ", q.Render(Language.En));
        Assert.Contains("[granted]", q.Render(Language.En));
    }

    [Fact]
    public async Task QuoteAdmission_FamilyGrantForPublicServices_CoversFreeUse()
    {
        var q = await Quote(SampleCity.Excellent, 15.00m, "public-services");
        Assert.True(q.FreeOfCharge);
    }

    [Theory]
    [InlineData("25.05", "0.5", "12.53")]   // 12.525: half away from zero
    [InlineData("40.00", "0.8", "32.00")]
    [InlineData("0.01", "0.6", "0.01")]     // 0.006 rounds up to one fen
    public async Task QuoteAdmission_ChargeRateOfTheCatalogTerms_IsTheRateApplied(string fee, string rate, string due)
    {
        var city = new SampleCity();
        var catalog = SampleCatalogs.WithTerms(SportsVenueDesk.BenefitCode, $$"""{"chargeRate": {{rate}}}""");
        var desk = new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue, catalog));
        var q = await desk.QuoteAdmissionAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.SportsVenue, SportsVenueDesk.BenefitCode), D(fee));
        Assert.Equal(D(rate), q.ChargeRate);
        Assert.Equal(D(due), q.FeeDueYuan);
        Assert.False(q.FreeOfCharge);
        Assert.Contains("场馆使用：优惠\n", q.Render(Language.ZhCn));
        Assert.Contains($"To collect: ¥{due}\n", q.Render(Language.En));
    }

    [Theory]
    [InlineData("good", "grade-below-threshold")]
    [InlineData("poor", "grade-below-threshold")]
    [InlineData("none", "not-enrolled")]
    [InlineData("expired", "expired")]
    public async Task QuoteAdmission_NotQualifying_CollectsTheNormalFeeWithTheReason(string who, string reason)
    {
        var citizen = who switch { "good" => SampleCity.Good, "poor" => SampleCity.Poor, "none" => SampleCity.NotEnrolled, _ => SampleCity.ExpiredGrant };
        var q = await Quote(citizen, 30.00m);
        Assert.Equal(30.00m, q.FeeDueYuan);
        Assert.Null(q.ChargeRate);
        Assert.False(q.FreeOfCharge);
        Assert.Equal(reason, q.Decision.ReasonCode);
        Assert.Contains("场馆使用：按标准收费\n", q.Render(Language.ZhCn));
        Assert.Contains($"Venue use: normal fee\n", q.Render(Language.En));
        Assert.Contains($"[{reason}]", q.Render(Language.En));
    }

    [Fact]
    public async Task QuoteAdmission_GrantForAnotherVenue_RefusedAsWrongGrantee()
    {
        var q = await Quote(SampleCity.Excellent, 30.00m, venue: "zz-other-stadium");
        Assert.Equal(GrantRefusalCodes.WrongGrantee, q.Decision.ReasonCode);
        Assert.Equal(30.00m, q.FeeDueYuan);
    }

    [Fact]
    public async Task QuoteAdmission_GrantForTheLibraryCard_RefusedAsWrongPurpose()
    {
        var q = await Quote(SampleCity.Excellent, 30.00m, "public.library-card-deposit-free");
        Assert.Equal(GrantRefusalCodes.WrongPurpose, q.Decision.ReasonCode);
        Assert.Equal(QueryOutcome.Refused, q.Decision.Outcome);
    }

    [Fact]
    public async Task QuoteAdmission_SameGrantTwice_SecondIsReplayedAndFullFee()
    {
        var city = new SampleCity();
        var desk = new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue));
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.SportsVenue, SportsVenueDesk.BenefitCode);
        Assert.True((await desk.QuoteAdmissionAsync(grant, 30.00m)).FreeOfCharge);
        var again = await desk.QuoteAdmissionAsync(grant, 30.00m);
        Assert.Equal(GrantRefusalCodes.Replayed, again.Decision.ReasonCode);
        Assert.Equal(30.00m, again.FeeDueYuan);
    }

    [Fact]
    public async Task QuoteAdmission_GrantAllowingTheScore_AttendantSeesOnlyTheDecision()
    {
        var q = await Quote(SampleCity.Excellent, 30.00m, scope: DisclosureScope.ScoreWithExplanation);
        Assert.Equal(DisclosureScope.Decision, q.Decision.DisclosedScope);
        Assert.Null(q.Decision.Grade);
        Assert.Null(q.Decision.Score);
        Assert.Null(q.Decision.Explanation);
        Assert.DoesNotContain("166", q.Render(Language.ZhCn));
        Assert.DoesNotContain("Excellent", q.Render(Language.En));
    }

    [Theory]
    [InlineData("-1.00")]
    [InlineData("10.001")]
    public async Task QuoteAdmission_FeeNotToTheFen_Throws(string fee)
    {
        var city = new SampleCity();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue)).QuoteAdmissionAsync("t", D(fee)));
    }

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
