using ShangdingScore.Authorization;
using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.Rental.Tests;

public class RentalAgencyDeskTests
{
    private static readonly LeaseAmounts Lease = new() { DepositYuan = 2800.00m, CommissionYuan = 1400.05m };

    [Fact]
    public async Task QuoteLease_ExcellentTenantWithFamilyGrant_NoDepositAndCommissionAtSixtyPercent()
    {
        var city = new SampleCity();
        var desk = new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue));
        var q = await desk.QuoteLeaseAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.RentalVenue, "public-services"), Lease);
        Assert.Equal(0.00m, q.DepositDueYuan);
        Assert.Equal(840.03m, q.CommissionDueYuan);
        Assert.True(q.DepositDecision.IsGranted);
        Assert.True(q.CommissionDecision.IsGranted);
        Assert.Contains("¥1400.05 → ¥840.03", q.Render(ShangdingScore.Language.En));
        Assert.Contains("佣金：¥1400.05 → ¥840.03", q.Render(ShangdingScore.Language.ZhCn));
    }

    [Fact]
    public async Task QuoteLease_GoodTenant_PaysEverything()
    {
        var city = new SampleCity();
        var q = await new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue)).QuoteLeaseAsync(city.IssueGrant(SampleCity.Good, SampleCity.RentalVenue, "public-services"), Lease);
        Assert.Equal(2800.00m, q.DepositDueYuan);
        Assert.Equal(1400.05m, q.CommissionDueYuan);
        Assert.Equal("grade-below-threshold", q.CommissionDecision.ReasonCode);
    }

    [Fact]
    public async Task QuoteLease_GrantForTheDepositOnly_CommissionRefusedAsWrongPurpose()
    {
        var city = new SampleCity();
        var q = await new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue)).QuoteLeaseAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.RentalVenue, RentalAgencyDesk.DepositFreeBenefit), Lease);
        Assert.Equal(0.00m, q.DepositDueYuan);
        Assert.Equal(QueryOutcome.Refused, q.CommissionDecision.Outcome);
        Assert.Equal(GrantRefusalCodes.WrongPurpose, q.CommissionDecision.ReasonCode);
        Assert.Equal(1400.05m, q.CommissionDueYuan);
    }

    [Fact]
    public async Task QuoteLease_SameGrantTwice_SecondIsReplayedAndFullPrice()
    {
        var city = new SampleCity();
        var desk = new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue));
        var grant = city.IssueGrant(SampleCity.Excellent, SampleCity.RentalVenue, "public-services");
        await desk.QuoteLeaseAsync(grant, Lease);
        var again = await desk.QuoteLeaseAsync(grant, Lease);
        Assert.Equal(GrantRefusalCodes.Replayed, again.DepositDecision.ReasonCode);
        Assert.Equal(2800.00m, again.DepositDueYuan);
        Assert.Equal(1400.05m, again.CommissionDueYuan);
    }

    [Fact]
    public async Task QuoteLease_AmountNotToTheFen_Throws()
    {
        var city = new SampleCity();
        var desk = new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => desk.QuoteLeaseAsync("x", new LeaseAmounts { DepositYuan = 1m, CommissionYuan = 0.005m }));
    }
}
