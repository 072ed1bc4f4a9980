using ShangdingScore;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Samples.Walkthrough;

// The city library's card desk: a reader with 信用优秀 or better gets a reader card without the deposit.
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new LibraryCardDesk(city.GatewayFor(SampleCity.LibraryVenue), new LibraryCardOptions { CardDepositYuan = 100.00m });

foreach (var citizen in SampleCity.Citizens)
{
    var grant = city.IssueGrant(citizen, SampleCity.LibraryVenue, LibraryCardDesk.BenefitCode);
    var quote = await desk.QuoteReaderCardAsync(grant);
    Console.WriteLine($"== {citizen.Name} ==");
    Console.Write(quote.Render(Language.ZhCn));
    Console.Write(quote.Render(Language.En));
    Console.WriteLine();
}
