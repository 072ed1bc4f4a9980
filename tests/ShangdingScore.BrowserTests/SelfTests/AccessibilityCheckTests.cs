using ShangdingScore.BrowserTests.Infrastructure;
using Xunit.Sdk;

namespace ShangdingScore.BrowserTests.SelfTests;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityCheckTests : IClassFixture<SelfTestSite>
{
    private readonly BrowserFixture _browser;
    private readonly SelfTestSite _site;

    public AccessibilityCheckTests(BrowserFixture browser, SelfTestSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task AssertAccessible_BilingualPageWithLabelsAltTextAndContrast_Passes()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            var response = await page.GotoAsync(_site.Host.Url("/good"));
            Assert.Equal(200, response!.Status);
            Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
            Assert.Equal("en", await page.GetAttributeAsync("h1 span", "lang"));
            Assert.Empty(await Accessibility.FindViolationsAsync(page));
            await Accessibility.AssertAccessibleAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertAccessible_MissingLabelAltTextAndLowContrast_FailsNamingEachRule()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/faulty"));
            var findings = await Accessibility.FindViolationsAsync(page);
            Assert.Contains(findings, f => f.RuleId == "label" && f.Target == "input" && f.Html.Contains("name=\"q\"", StringComparison.Ordinal));
            Assert.Contains(findings, f => f.RuleId == "image-alt" && f.Target == "img");
            Assert.Contains(findings, f => f.RuleId == "color-contrast");
            var ex = await Assert.ThrowsAsync<XunitException>(() => Accessibility.AssertAccessibleAsync(page));
            Assert.Contains("Accessibility check (axe-core) failed for " + _site.Host.Url("/faulty"), ex.Message);
            Assert.Contains("- label [critical] ", ex.Message);
            Assert.Contains("    target: input\n    html:   <input type=\"text\" name=\"q\">\n", ex.Message);
            Assert.Contains("- image-alt [critical] Images must have alternative text\n", ex.Message);
            Assert.Contains("- color-contrast [serious] ", ex.Message);
            Assert.Contains("    help:   https://dequeuniversity.com/rules/axe/", ex.Message);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertAccessible_AllowListCoveringSomeFindings_FailsOnlyOnTheOthers()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/faulty"));
            var partial = new AxeAllowList(new[]
            {
                new AxeAllowance("image-alt", "img", "self-test: the allow-list covers one element"),
                new AxeAllowance("color-contrast", null, "self-test: the allow-list covers a rule everywhere"),
            });
            var ex = await Assert.ThrowsAsync<XunitException>(() => Accessibility.AssertAccessibleAsync(page, partial));
            Assert.Contains("- label [critical]", ex.Message);
            Assert.DoesNotContain("image-alt", ex.Message);
            Assert.DoesNotContain("color-contrast", ex.Message);
            Assert.Contains("more on the allow-list", ex.Message);

            var all = new AxeAllowList(partial.Entries.Add(new AxeAllowance("label", "input", "self-test")));
            await Accessibility.AssertAccessibleAsync(page, all);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AssertAccessible_AllowanceForAnotherElement_DoesNotCoverTheFinding()
    {
        var page = await _browser.NewPageAsync();
        try
        {
            await page.GotoAsync(_site.Host.Url("/faulty"));
            var other = new AxeAllowList(new[] { new AxeAllowance("label", "input[name=\"other\"]", "self-test") });
            var ex = await Assert.ThrowsAsync<XunitException>(() => Accessibility.AssertAccessibleAsync(page, other));
            Assert.Contains("- label [critical]", ex.Message);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
