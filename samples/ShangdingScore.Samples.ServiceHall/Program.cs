using ShangdingScore;
using ShangdingScore.Adapters.ServiceHall;
using ShangdingScore.Samples.Walkthrough;

// The municipal government service hall (政务服务大厅). The citizen taps "authorize" in the i郑州 app for the
// hall and the government-services scenario; the clerk handling the application scans the code and sees which
// facilitations apply: 绿色通道, 告知承诺, 容缺受理, 加急办理.
Console.OutputEncoding = System.Text.Encoding.UTF8;
var city = new SampleCity();
var desk = new ServiceHallDesk(city.GatewayFor(SampleCity.ServiceHallVenue));

foreach (var citizen in new[] { SampleCity.Excellent, SampleCity.Good })
{
    Console.WriteLine($"== {citizen.Name} ==");

    // One grant for the government-services family answers each of the four facilitations once: one application.
    var grant = city.IssueGrant(citizen, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode);
    var notice = await desk.CheckApplicationAsync(grant, "企业开办 / Business registration");
    Console.Write(notice.Render(Language.ZhCn));
    Console.Write(notice.Render(Language.En));
    Console.WriteLine();
}

// The same grant for a second application is refused as replayed: the citizen authorizes again.
var once = city.IssueGrant(SampleCity.Excellent, SampleCity.ServiceHallVenue, ServiceHallDesk.FamilyCode);
await desk.CheckApplicationAsync(once, "不动产登记 / Real-estate registration", new[] { HallFacilitation.GreenChannel });
var replay = await desk.CheckApplicationAsync(once, "不动产登记 / Real-estate registration", new[] { HallFacilitation.GreenChannel });
Console.Write(replay.Render(Language.En));
