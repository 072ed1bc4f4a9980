using ShangdingScore.BrowserTests.Infrastructure;

namespace ShangdingScore.BrowserTests.SelfTests;

[Collection(BrowserCollection.Name)]
public sealed class AntiforgeryTests : IClassFixture<SelfTestSite>
{
    private readonly BrowserFixture _browser;
    private readonly SelfTestSite _site;

    public AntiforgeryTests(BrowserFixture browser, SelfTestSite site)
    {
        _browser = browser;
        _site = site;
    }

    private static Task<Microsoft.Playwright.IResponse> SubmitAsync(Microsoft.Playwright.IPage page) =>
        FormSubmission.SubmitAsync(
            page,
            () => page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "提交" }).ClickAsync(),
            r => r.Url.EndsWith("/form", StringComparison.Ordinal));

    [BrowserFact]
    public async Task FormPost_WithTheAntiforgeryTokenAndCookie_IsAccepted()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/form"));
            await page.GetByLabel("姓名").FillAsync("张伟 <b>");
            var response = await SubmitAsync(page);
            Assert.Equal(200, response.Status);
            Assert.Equal("已收到：张伟 <b>", await page.Locator("#received").InnerTextAsync());
            await Accessibility.AssertAccessibleAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task FormPost_WithoutTheToken_IsRefusedWith400()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/form-without-token"));
            Assert.NotEmpty(await page.Context.CookiesAsync());   // the antiforgery cookie alone is not enough
            await page.GetByLabel("姓名").FillAsync("张伟");
            var response = await SubmitAsync(page);
            Assert.Equal(400, response.Status);
            Assert.Equal(0, await page.Locator("#received").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task FormPost_TokenFromAnotherBrowserSession_IsRefusedWith400()
    {
        var victim = await _browser.NewPageAsync();
        var attacker = await _browser.NewPageAsync();
        try
        {
            await victim.GotoAsync(_site.Host.Url("/form"));
            var stolenToken = await victim.Locator("input[type=hidden]").GetAttributeAsync("value");
            var fieldName = await victim.Locator("input[type=hidden]").GetAttributeAsync("name");
            await attacker.GotoAsync(_site.Host.Url("/form-without-token"));
            var response = await attacker.APIRequest.PostAsync(_site.Host.Url("/form"), new()
            {
                Form = attacker.APIRequest.CreateFormData().Set(fieldName!, stolenToken!).Set("name", "x"),
            });
            Assert.Equal(400, response.Status);

            // The same request with the victim's own cookie passes: what failed was the pairing, not the request's shape.
            var own = await victim.APIRequest.PostAsync(_site.Host.Url("/form"), new()
            {
                Form = victim.APIRequest.CreateFormData().Set(fieldName!, stolenToken!).Set("name", "x"),
            });
            Assert.Equal(200, own.Status);
        }
        finally
        {
            await victim.Context.CloseAsync();
            await attacker.Context.CloseAsync();
        }
    }
}
