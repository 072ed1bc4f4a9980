using ShangdingScore;
using ShangdingScore.Adapters.Sports;
using ShangdingScore.Samples.Walkthrough;

// A municipal sports centre's ticket desk: a citizen with 信用优秀 or better uses the venue free of charge
// (市级体育场馆免费); the fee due comes from the catalog terms' charge rate (0 in the Zhengzhou catalog).
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue));

foreach (var citizen in SampleCity.Citizens)
{
    var grant = city.IssueGrant(citizen, SampleCity.SportsVenue, SportsVenueDesk.BenefitCode);
    var quote = await desk.QuoteAdmissionAsync(grant, 30.00m);
    Console.WriteLine($"== {citizen.Name} ==");
    Console.Write(quote.Render(Language.ZhCn));
    Console.Write(quote.Render(Language.En));
    Console.WriteLine();
}

// A catalog whose terms charge half (5折) changes the fee without a code change.
var halfPrice = new SportsVenueDesk(city.GatewayFor(SampleCity.SportsVenue, SampleCatalogs.WithTerms(SportsVenueDesk.BenefitCode, """{"chargeRate": 0.5}""")));
var half = await halfPrice.QuoteAdmissionAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.SportsVenue, SportsVenueDesk.BenefitCode), 25.05m);
Console.Write(half.Render(Language.En));
