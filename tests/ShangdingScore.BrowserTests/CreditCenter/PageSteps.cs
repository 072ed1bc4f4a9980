using Microsoft.Playwright;
using ShangdingScore.BrowserTests.Infrastructure;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>What the credit center's page tests do on every page: sign in, submit a form, and check the page (no browser error, zh-CN, axe, no sideways scroll on the phone).</summary>
internal static class PageSteps
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> ConsoleErrors = [];

    /// <summary>Signs in on the sign-in page the browser is on.</summary>
    public static async Task SignInAsync(IPage page, string userName)
    {
        await page.GetByLabel("账户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(CreditCenterSite.Password);
        await SubmitAsync(page, "登录");
    }

    /// <summary>Presses the button named <paramref name="button"/> in the page's <c>main</c> and waits for the post's answer (200 or a redirect) and the page it leads to.</summary>
    public static Task SubmitAsync(IPage page, string button) => SubmitAsync(page.Locator("main"), page, button);

    /// <summary>Presses the button named <paramref name="button"/> inside <paramref name="scope"/> and waits for the post's answer and the page it leads to.</summary>
    public static async Task SubmitAsync(ILocator scope, IPage page, string button)
    {
        var response = await FormSubmission.SubmitAsync(page, () => scope.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync());
        Assert.True(response.Status is 200 or 302, $"POST {response.Url} answered {response.Status}.");
    }

    public static Task<string> OutcomeOfAsync(IPage page, string recordId) =>
        page.Locator($"#records > li[data-record='{recordId}'] .outcome").InnerTextAsync();

    /// <summary>Records the browser console's errors (a content-security-policy refusal is one) for <see cref="CheckAsync"/>.</summary>
    public static async Task<IPage> WatchAsync(Task<IPage> opening)
    {
        var page = await opening;
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error") lock (errors) errors.Add(m.Text);
        };
        ConsoleErrors.Add(page, errors);
        return page;
    }

    /// <summary>No browser error so far, <c>lang="zh-CN"</c>, axe finds nothing, and no sideways scroll.</summary>
    public static async Task CheckAsync(IPage page)
    {
        if (ConsoleErrors.TryGetValue(page, out var errors))
        {
            lock (errors) Assert.True(errors.Count == 0, $"{page.Url}: the browser reported errors (a content security policy refusal?):\n" + string.Join("\n", errors));
        }

        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await Accessibility.AssertAccessibleAsync(page);
        await Layout.AssertNoHorizontalScrollAsync(page);
    }
}
