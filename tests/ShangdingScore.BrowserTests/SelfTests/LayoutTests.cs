using ShangdingScore.BrowserTests.Infrastructure;
using Xunit.Sdk;

namespace ShangdingScore.BrowserTests.SelfTests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests : IClassFixture<SelfTestSite>
{
    private readonly BrowserFixture _browser;
    private readonly SelfTestSite _site;

    public LayoutTests(BrowserFixture browser, SelfTestSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task PhonePage_ViewportIsAPhones()
    {
        var page = await _browser.NewPhonePageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/phone-fits"));
            Assert.Equal(390, await page.EvaluateAsync<int>("() => window.innerWidth"));
            Assert.Equal(844, await page.EvaluateAsync<int>("() => window.innerHeight"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertNoHorizontalScroll_PageThatWraps_Passes()
    {
        var page = await _browser.NewPhonePageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/phone-fits"));
            await Layout.AssertNoHorizontalScrollAsync(page);
            await Accessibility.AssertAccessibleAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertNoHorizontalScroll_FixedWidthTable_FailsNamingTheTable()
    {
        var page = await _browser.NewPhonePageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/phone-too-wide"));
            var ex = await Assert.ThrowsAsync<XunitException>(() => Layout.AssertNoHorizontalScrollAsync(page));
            Assert.Contains("scrolls sideways on a 390 px wide viewport", ex.Message);
            Assert.Contains("table#ledger.wide: 800 px wide", ex.Message);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertNoHorizontalScroll_SamePageOnADesktop_Passes()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/phone-too-wide"));
            await Layout.AssertNoHorizontalScrollAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
