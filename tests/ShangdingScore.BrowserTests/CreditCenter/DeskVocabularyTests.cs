using System.Text.Json;
using Microsoft.Playwright;
using ShangdingScore.BrowserTests.Infrastructure;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// The venue desk for each of the six venue kinds: a grant that would disclose the score and explanation is redeemed
/// at the desk, which shows the decision in the venue's own words and asks for the decision only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskVocabularyTests : IClassFixture<CreditCenterSite>
{
    private readonly BrowserFixture _browser;
    private readonly CreditCenterSite _site;

    public DeskVocabularyTests(BrowserFixture browser, CreditCenterSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserTheory]
    [InlineData("zz-central-library", "public.library-card-deposit-free", "办理读书证", "To collect: ¥0.00")]
    [InlineData("zz-central-hospital", "healthcare.priority-payment-pharmacy", "排队：", "Queue: ")]
    [InlineData("zz-rental-agency", "public-services", "佣金：", "Commission: ")]
    [InlineData("zz-service-hall", "government-services", "绿色通道", "Application: 企业开办")]
    [InlineData("zz-sports-centre", "public.sports-venues-free", "场馆使用：", "Venue use: ")]
    [InlineData("zz-elderly-care", "public.elderly-care-priority", "入住轮候：", "Waiting list: ")]
    public async Task Desk_ShowsTheDecisionInTheVenuesWords_AndAsksForTheDecisionOnly(string venueId, string purpose, string zhCn, string en)
    {
        var citizen = await _browser.Browser.NewContextAsync();
        var desk = await _browser.NewPhonePageAsync();
        try
        {
            // The citizen's grant, through the API, lets the venue see everything: score and explanation.
            var signIn = await citizen.APIRequest.PostAsync(_site.Host.Url("/api/account/sign-in"), new() { DataObject = new { userName = CreditCenterSite.TopCitizen, password = CreditCenterSite.Password } });
            Assert.Equal(200, signIn.Status);
            var issued = await citizen.APIRequest.PostAsync(_site.Host.Url("/api/me/grants"), new() { DataObject = new { venueId, purpose, scope = "score-with-explanation", validMinutes = 10 } });
            Assert.Equal(201, issued.Status);
            string token;
            using (var body = JsonDocument.Parse(await issued.TextAsync())) token = body.RootElement.GetProperty("token").GetString()!;

            await desk.GotoAsync(_site.Host.Url("/desk"));
            await desk.GetByLabel("账户名").FillAsync(CreditCenterSite.DeskOf(venueId));
            await desk.GetByLabel("密码").FillAsync(CreditCenterSite.Password);
            await ClickAsync(desk, "登录");
            Assert.EndsWith("/desk", desk.Url, StringComparison.Ordinal);
            await desk.GetByLabel("授权码").FillAsync(token);
            await ClickAsync(desk, "核验");

            Assert.Equal(1, await desk.Locator("#decision.granted").CountAsync());
            Assert.Contains(zhCn, await desk.Locator("#screen-zh").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(en, await desk.Locator("#screen-en").InnerTextAsync(), StringComparison.Ordinal);
            await Accessibility.AssertAccessibleAsync(desk);
            await Layout.AssertNoHorizontalScrollAsync(desk);

            // What the venue was told, from the citizen's query log: the decision only, for every benefit it asked about.
            var log = await citizen.APIRequest.GetAsync(_site.Host.Url("/api/me/queries"));
            using var entries = JsonDocument.Parse(await log.TextAsync());
            var mine = entries.RootElement.EnumerateArray().Where(e => e.GetProperty("venueId").GetString() == venueId).ToList();
            Assert.NotEmpty(mine);
            Assert.All(mine, e => Assert.Equal(["decision"], e.GetProperty("disclosed").EnumerateArray().Select(d => d.GetString()!).ToArray()));
        }
        finally
        {
            await citizen.CloseAsync();
            await desk.Context.CloseAsync();
        }
    }

    private static async Task ClickAsync(IPage page, string button)
    {
        await FormSubmission.SubmitAsync(page, () => page.Locator("main").GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
    }
}
