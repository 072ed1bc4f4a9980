using ShangdingScore;
using ShangdingScore.Adapters.ElderlyCare;
using ShangdingScore.Samples.Walkthrough;

// The admissions desk of a municipal public elderly-care home (市级公办养老机构): priority admission and the
// discount, both from the catalog terms. The Zhengzhou catalog sets priority tier 1 and no discount rate.
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue));

foreach (var citizen in SampleCity.Citizens)
{
    var grant = city.IssueGrant(citizen, SampleCity.ElderlyCareVenue, ElderlyCareAdmissionDesk.BenefitCode);
    var notice = await desk.CheckAdmissionAsync(grant, 3200.00m);
    Console.WriteLine($"== {citizen.Name} ==");
    Console.Write(notice.Render(Language.ZhCn));
    Console.Write(notice.Render(Language.En));
    Console.WriteLine();
}

// A catalog that sets a discount (8.5折) and tier 2: the desk applies the catalog's numbers, not its own.
var discounted = new ElderlyCareAdmissionDesk(city.GatewayFor(SampleCity.ElderlyCareVenue, SampleCatalogs.WithTerms(ElderlyCareAdmissionDesk.BenefitCode, """{"priorityLevel": 2, "chargeRate": 0.85}""")));
var n = await discounted.CheckAdmissionAsync(city.IssueGrant(SampleCity.Excellent, SampleCity.ElderlyCareVenue, ElderlyCareAdmissionDesk.BenefitCode), 3999.99m);
Console.Write(n.Render(Language.ZhCn));
Console.Write(n.Render(Language.En));
