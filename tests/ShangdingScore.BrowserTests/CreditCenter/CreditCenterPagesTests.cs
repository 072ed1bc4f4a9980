using Microsoft.Playwright;
using ShangdingScore.BrowserTests.Infrastructure;
using static ShangdingScore.BrowserTests.CreditCenter.PageSteps;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// The credit center's pages in a real browser, as a phone: a citizen signs in, reads the explanation and issues a
/// grant; the library's desk redeems it (granted) and then again (refused as replayed); the citizen files a dispute,
/// sees the record suspended and the library's queries in the query log. Every page passes axe and the phone layout check.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CreditCenterPagesTests : IClassFixture<CreditCenterSite>
{
    private readonly BrowserFixture _browser;
    private readonly CreditCenterSite _site;

    public CreditCenterPagesTests(BrowserFixture browser, CreditCenterSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task CitizenGrant_RedeemedAtTheDesk_IsGrantedOnceThenReplayed_AndADisputeSuspendsTheRecord()
    {
        var citizen = await WatchAsync(_browser.NewPhonePageAsync());
        var desk = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            // The portal asks for a sign-in first, then shows the score and the explanation in both languages.
            await citizen.GotoAsync(_site.Host.Url("/me"));
            Assert.EndsWith("/sign-in?returnUrl=%2Fme", citizen.Url, StringComparison.Ordinal);
            await CheckAsync(citizen);
            await SignInAsync(citizen, CreditCenterSite.Citizen);
            Assert.EndsWith("/me", citizen.Url, StringComparison.Ordinal);
            Assert.Matches(@"^\d+(\.\d+)?$", await citizen.Locator("#score").InnerTextAsync());
            Assert.Contains("商鼎分", await citizen.Locator("#explanation-zh").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Score", await citizen.Locator("#explanation-en").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("计入", await OutcomeOfAsync(citizen, CreditCenterSite.DisputedRecord), StringComparison.Ordinal);
            await CheckAsync(citizen);

            // A grant for the library: a QR code and the token to copy.
            await citizen.GotoAsync(_site.Host.Url("/me/grants"));
            await CheckAsync(citizen);
            await citizen.GetByLabel("场所").SelectOptionAsync(CreditCenterSite.Library);
            await citizen.GetByLabel("用途").SelectOptionAsync("public.library-card-deposit-free");
            await citizen.GetByLabel("可见范围").SelectOptionAsync("decision");
            await SubmitAsync(citizen, "生成授权");
            Assert.Equal(0, await citizen.Locator("#grant-error").CountAsync());
            var token = await citizen.Locator("#token").InputValueAsync();
            Assert.StartsWith("sdg1.", token, StringComparison.Ordinal);
            Assert.StartsWith("data:image/png;base64,", await citizen.Locator("img.qr").GetAttributeAsync("src"), StringComparison.Ordinal);
            Assert.Equal(1, await citizen.Locator("#grants > li").CountAsync());
            await CheckAsync(citizen);

            // The library's desk: granted, in the library's words; the same grant again is refused as replayed.
            await desk.GotoAsync(_site.Host.Url("/desk"));
            await SignInAsync(desk, CreditCenterSite.LibraryDesk);
            Assert.EndsWith("/desk", desk.Url, StringComparison.Ordinal);
            await CheckAsync(desk);
            await desk.GetByLabel("授权码").FillAsync(token);
            await SubmitAsync(desk, "核验");
            Assert.Equal(1, await desk.Locator("#decision.granted").CountAsync());
            Assert.Contains("办理读书证", await desk.Locator("#screen-zh").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("¥0.00", await desk.Locator("#screen-en").InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(desk);
            await desk.GetByLabel("授权码").FillAsync(token);
            await SubmitAsync(desk, "核验");
            Assert.Equal(1, await desk.Locator("#decision.refused").CountAsync());
            Assert.Equal(1, await desk.Locator("#decision-reasons [data-reason='replayed']").CountAsync());
            await CheckAsync(desk);

            // The citizen disputes the traffic violation: the case is pending with its deadline and the record is suspended.
            await citizen.GotoAsync(_site.Host.Url("/me/disputes?record=" + CreditCenterSite.DisputedRecord));
            await CheckAsync(citizen);
            Assert.Equal(CreditCenterSite.DisputedRecord, await citizen.GetByLabel("记录").InputValueAsync());
            await citizen.GetByLabel("理由").FillAsync("当日车辆已出借，违法行为非本人所为。");
            await SubmitAsync(citizen, "提出异议");
            Assert.Equal(1, await citizen.Locator("#case-result.granted").CountAsync());
            var dispute = citizen.Locator($"#disputes > li[data-record='{CreditCenterSite.DisputedRecord}']");
            Assert.Contains("处理中", await dispute.Locator(".status").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("暂停计分", await dispute.Locator(".suspends").InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(citizen);

            await citizen.GotoAsync(_site.Host.Url("/me"));
            Assert.Contains("异议处理中，暂停计分", await OutcomeOfAsync(citizen, CreditCenterSite.DisputedRecord), StringComparison.Ordinal);
            Assert.Contains("objection pending, suspended", await OutcomeOfAsync(citizen, CreditCenterSite.DisputedRecord), StringComparison.Ordinal);
            await CheckAsync(citizen);

            // The query log names the library twice: answered, then refused as replayed.
            await citizen.GotoAsync(_site.Host.Url("/me/queries"));
            var log = citizen.Locator("#queries > li");
            Assert.Equal(2, await log.CountAsync());
            Assert.Equal([CreditCenterSite.Library, CreditCenterSite.Library], await citizen.Locator("#queries .venue").AllInnerTextsAsync());
            var outcomes = string.Join("\n", await citizen.Locator("#queries .outcome").AllInnerTextsAsync());
            Assert.Contains("replayed", outcomes, StringComparison.Ordinal);
            Assert.Contains("已答复", outcomes, StringComparison.Ordinal);
            await CheckAsync(citizen);

            // Signing out ends the session: the portal asks for a sign-in again.
            var signOut = await FormSubmission.SubmitAsync(citizen, () => citizen.Locator("header nav").GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync());
            Assert.Equal(302, signOut.Status);
            await citizen.GotoAsync(_site.Host.Url("/me/queries"));
            Assert.Contains("/sign-in?returnUrl=", citizen.Url, StringComparison.Ordinal);
        }
        finally
        {
            await citizen.Context.CloseAsync();
            await desk.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task Console_ShowsTheQueueImportsVenuesAndImpact_AndIsClosedToCitizens()
    {
        var citizen = await WatchAsync(_browser.NewPhonePageAsync());
        var center = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            // A citizen may not open the console: the sign-in page says so.
            await citizen.GotoAsync(_site.Host.Url("/sign-in"));
            await SignInAsync(citizen, CreditCenterSite.SecondCitizen);
            await citizen.GotoAsync(_site.Host.Url("/console"));
            Assert.Contains("/sign-in?denied=1", citizen.Url, StringComparison.Ordinal);
            await CheckAsync(citizen);

            // A portal form posted without its anti-forgery token is refused.
            var forged = await citizen.APIRequest.PostAsync(_site.Host.Url("/me/grants?handler=Issue"), new()
            {
                Form = citizen.APIRequest.CreateFormData().Set("venueId", CreditCenterSite.Library).Set("purpose", "public-services"),
            });
            Assert.Equal(400, forged.Status);

            // The citizen disputes a record; the center's queue shows the case with its deadline.
            await citizen.GotoAsync(_site.Host.Url("/me/disputes?record=zz-tax-000320"));
            await citizen.GetByLabel("理由").FillAsync("纳税记录日期有误。");
            await SubmitAsync(citizen, "提出异议");
            Assert.Equal(1, await citizen.Locator("#case-result.granted").CountAsync());

            await center.GotoAsync(_site.Host.Url("/console"));
            await SignInAsync(center, CreditCenterSite.CenterStaff);
            Assert.EndsWith("/console", center.Url, StringComparison.Ordinal);
            var queue = await center.Locator("#pending-disputes > li").AllInnerTextsAsync();
            Assert.Contains(queue, c => c.Contains(CreditCenterSite.SecondCitizen, StringComparison.Ordinal) && c.Contains("zz-tax-000320", StringComparison.Ordinal));
            Assert.NotEqual(0, await center.Locator("#set-aside > li").CountAsync());
            Assert.Contains("records.jsonl", await center.Locator("#set-aside").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await center.Locator($"#venues > li[data-venue='{CreditCenterSite.Library}']").CountAsync());
            await CheckAsync(center);

            // Rule-set versions and the impact between two of them over every subject of the theme database.
            await center.GotoAsync(_site.Host.Url("/console/rule-sets"));
            await CheckAsync(center);
            await center.GetByLabel("计算日").FillAsync("2025-06-15");
            await center.Locator("main").GetByRole(AriaRole.Button, new() { Name = "计算影响" }).ClickAsync();
            await center.WaitForURLAsync(u => u.Contains("asOf=2025-06-15", StringComparison.Ordinal));
            Assert.Contains("2025-06-15", await center.Locator("#impact h3").First.InnerTextAsync(), StringComparison.Ordinal);
            Assert.NotEqual(0, await center.Locator("#impact-cells > li").CountAsync());
            await CheckAsync(center);

            // The monitoring report for one district: its row of each table beside the city's total, small counts shown (internal).
            await center.GotoAsync(_site.Host.Url($"/console/monitoring?district={CreditCenterSite.Jinshui}&asOf=2025-06-15&internal=true"));
            var enrolment = center.Locator("#tables > li[data-table='enrolment'] .total");
            Assert.Equal("3 / city 7", await enrolment.InnerTextAsync());
            Assert.Contains("金水区", await center.Locator("#report-title").InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(center);
            await center.GotoAsync(_site.Host.Url($"/console/monitoring?district={CreditCenterSite.Jinshui}&asOf=2025-06-15"));
            Assert.Equal("— / city —", await enrolment.InnerTextAsync());
            await CheckAsync(center);
        }
        finally
        {
            await citizen.Context.CloseAsync();
            await center.Context.CloseAsync();
        }
    }
}
