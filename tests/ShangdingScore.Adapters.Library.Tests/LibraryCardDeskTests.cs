using ShangdingScore.Samples.Walkthrough;

namespace ShangdingScore.Adapters.Library.Tests;

public class LibraryCardDeskTests
{
    private static async Task<ReaderCardQuote> Quote(SampleCitizen citizen, decimal deposit)
    {
        var city = new SampleCity();
        var desk = new LibraryCardDesk(city.GatewayFor(SampleCity.LibraryVenue), new LibraryCardOptions { CardDepositYuan = deposit });
        return await desk.QuoteReaderCardAsync(city.IssueGrant(citizen, SampleCity.LibraryVenue, LibraryCardDesk.BenefitCode));
    }

    [Fact]
    public async Task QuoteReaderCard_ExcellentReader_IssuedWithoutDeposit()
    {
        var q = await Quote(SampleCity.Excellent, 100.00m);
        Assert.True(q.IssuedWithoutDeposit);
        Assert.Equal(100.00m, q.DepositWaivedYuan);
        Assert.Equal(0.00m, q.DepositDueYuan);
        Assert.Contains("应收：¥0.00", q.Render(ShangdingScore.Language.ZhCn));
        Assert.Contains("To collect: ¥0.00", q.Render(ShangdingScore.Language.En));
    }

    [Fact]
    public async Task QuoteReaderCard_DepositAboveTheCatalogCap_WaivesOnlyTheCap()
    {
        var q = await Quote(SampleCity.Excellent, 150.50m);
        Assert.Equal(100.00m, q.DepositWaivedYuan);
        Assert.Equal(50.50m, q.DepositDueYuan);
        Assert.False(q.IssuedWithoutDeposit);
    }

    [Fact]
    public async Task QuoteReaderCard_DepositBelowTheCap_WaivesTheWholeDeposit()
    {
        var q = await Quote(SampleCity.Excellent, 30.00m);
        Assert.Equal(30.00m, q.DepositWaivedYuan);
        Assert.True(q.IssuedWithoutDeposit);
    }

    [Theory]
    [InlineData("good", "grade-below-threshold")]
    [InlineData("poor", "grade-below-threshold")]
    [InlineData("none", "not-enrolled")]
    [InlineData("expired", "expired")]
    public async Task QuoteReaderCard_NotQualifying_TakesTheFullDepositWithTheReason(string who, string reason)
    {
        var citizen = who switch { "good" => SampleCity.Good, "poor" => SampleCity.Poor, "none" => SampleCity.NotEnrolled, _ => SampleCity.ExpiredGrant };
        var q = await Quote(citizen, 100.00m);
        Assert.Equal(100.00m, q.DepositDueYuan);
        Assert.Equal(reason, q.Decision.ReasonCode);
        Assert.Contains($"[{reason}]", q.Render(ShangdingScore.Language.En));
    }

    [Fact]
    public void Constructor_DepositNotToTheFen_Throws()
    {
        var city = new SampleCity();
        Assert.Throws<ArgumentOutOfRangeException>(() => new LibraryCardDesk(city.GatewayFor("x"), new LibraryCardOptions { CardDepositYuan = 1.001m }));
    }
}
