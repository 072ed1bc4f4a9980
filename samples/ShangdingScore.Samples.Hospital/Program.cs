using ShangdingScore;
using ShangdingScore.Adapters.Hospital;
using ShangdingScore.Authorization;
using ShangdingScore.Samples.Walkthrough;

// A municipal hospital's credit desk. The patient taps "authorize" in the i郑州 app for the hospital and
// the healthcare scenario; the cashier scans the code and sees which queue the patient goes to.
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new HospitalCreditDesk(city.GatewayFor(SampleCity.HospitalVenue));

foreach (var citizen in new[] { SampleCity.Excellent, SampleCity.Good })
{
    Console.WriteLine($"== {citizen.Name} ==");

    // One grant for the whole healthcare family answers each service once.
    var grant = city.IssueGrant(citizen, SampleCity.HospitalVenue, "healthcare");
    foreach (var service in new[] { HospitalService.FamilyDoctorSigning, HospitalService.PaymentAndPharmacy, HospitalService.PrimaryCareReferral })
    {
        var notice = await desk.CheckPriorityAsync(service, grant);
        Console.Write(notice.Render(Language.ZhCn));
        Console.Write(notice.Render(Language.En));
        Console.WriteLine();
    }
}

// Presenting the same grant twice for the same service is refused, and the patient can see both queries.
var once = city.IssueGrant(SampleCity.Excellent, SampleCity.HospitalVenue, "healthcare");
await desk.CheckPriorityAsync(HospitalService.PaymentAndPharmacy, once);
var replay = await desk.CheckPriorityAsync(HospitalService.PaymentAndPharmacy, once);
Console.Write(replay.Render(Language.En));
