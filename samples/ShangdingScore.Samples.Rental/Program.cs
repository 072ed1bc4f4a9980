using ShangdingScore;
using ShangdingScore.Adapters.Rental;
using ShangdingScore.Samples.Walkthrough;

// A rental agency: lease without deposit and the agency commission at 60 % (6折), exact to the fen.
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new RentalAgencyDesk(city.GatewayFor(SampleCity.RentalVenue));
var amounts = new LeaseAmounts { DepositYuan = 2800.00m, CommissionYuan = 1400.05m };

foreach (var citizen in new[] { SampleCity.Excellent, SampleCity.Good, SampleCity.ExpiredGrant })
{
    // A grant for the public-services scenario covers both questions, once each.
    var grant = city.IssueGrant(citizen, SampleCity.RentalVenue, "public-services");
    var quote = await desk.QuoteLeaseAsync(grant, amounts);
    Console.WriteLine($"== {citizen.Name} ==");
    Console.Write(quote.Render(Language.ZhCn));
    Console.Write(quote.Render(Language.En));
    Console.WriteLine();
}
