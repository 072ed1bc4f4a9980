using Microsoft.Playwright;
using NodaTime;
using ShangdingScore.BrowserTests.Infrastructure;
using ShangdingScore.Rights;
using static ShangdingScore.BrowserTests.CreditCenter.PageSteps;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// Disputes decided in the console, as a phone: two citizens dispute a record each, 25 days apart (the site's clock is
/// advanced), so the first is overdue and heads the queue with its tag; the center upholds one and rejects the other with
/// reasons in both languages; a stale form deciding a decided case is refused in both languages; each citizen's page
/// shows the decision and its reasons.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleDecisionPagesTests : IClassFixture<CreditCenterSite>
{
    private const string TaxRecord = "zz-tax-000320";
    private readonly BrowserFixture _browser;
    private readonly CreditCenterSite _site;

    public ConsoleDecisionPagesTests(BrowserFixture browser, CreditCenterSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task DisputesFiledByCitizens_AreDecidedInTheConsole_OverdueFirst_AndTheCitizensSeeTheDecisions()
    {
        var first = await WatchAsync(_browser.NewPhonePageAsync());
        var second = await WatchAsync(_browser.NewPhonePageAsync());
        var center = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            await FileDisputeAsync(first, CreditCenterSite.Citizen, CreditCenterSite.DisputedRecord, "当日车辆已出借，违法行为非本人所为。");
            _site.Clock.Advance(Duration.FromDays(25));
            await FileDisputeAsync(second, CreditCenterSite.SecondCitizen, TaxRecord, "纳税记录日期有误。");

            // The queue: the first dispute is past its 20-day deadline and comes first, tagged; the second is not overdue.
            await center.GotoAsync(_site.Host.Url("/console"));
            await SignInAsync(center, CreditCenterSite.CenterStaff);
            var queue = center.Locator("#pending-disputes > li");
            Assert.Equal(2, await queue.CountAsync());
            Assert.Contains(CreditCenterSite.DisputedRecord, await queue.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await queue.Nth(0).Locator(".tag.overdue").CountAsync());
            Assert.Contains(TaxRecord, await queue.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await queue.Nth(1).Locator(".tag.overdue").CountAsync());
            var overdueCase = await queue.Nth(0).GetAttributeAsync("data-case");
            var laterCase = await queue.Nth(1).GetAttributeAsync("data-case");
            await CheckAsync(center);

            // A second tab keeps the form of the overdue case.
            var stale = await WatchAsync(center.Context.NewPageAsync());
            await stale.GotoAsync(_site.Host.Url("/console"));

            // Upheld, with reasons in both languages.
            await DecideAsync(center, overdueCase!, "异议成立", "经核实，当日驾驶人非本人。", "Verified: the citizen was not the driver that day.");
            var done = await center.Locator("#decision-result.granted").InnerTextAsync();
            Assert.Contains("异议成立", done, StringComparison.Ordinal);
            Assert.Contains("upheld", done, StringComparison.Ordinal);
            Assert.Equal(1, await queue.CountAsync());
            await CheckAsync(center);

            // Rejected.
            await DecideAsync(center, laterCase!, "异议不成立", "税务机关确认记录无误。", "The tax office confirmed the record.");
            Assert.Contains("rejected", await center.Locator("#decision-result.granted").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await queue.CountAsync());
            await CheckAsync(center);

            // The stale form of a decided case is refused, in both languages.
            await DecideAsync(stale, overdueCase!, "异议不成立", "重复处理。", "Decided twice.");
            var refusal = await stale.Locator("#decision-result.refused").InnerTextAsync();
            var closed = RightsRefusalCodes.Describe(RightsRefusalCodes.CaseClosed);
            Assert.Contains(closed.ZhCn, refusal, StringComparison.Ordinal);
            Assert.Contains(closed.En, refusal, StringComparison.Ordinal);
            await CheckAsync(stale);

            // A console form without its anti-forgery token is refused.
            var forged = await center.APIRequest.PostAsync(_site.Host.Url("/console?handler=DecideDispute"), new()
            {
                Form = center.APIRequest.CreateFormData().Set("caseId", laterCase!).Set("outcome", "upheld").Set("reasonZhCn", "伪造").Set("reasonEn", "forged"),
            });
            Assert.Equal(400, forged.Status);

            // Each citizen's page shows the decision and its reasons.
            await first.GotoAsync(_site.Host.Url("/me/disputes"));
            var upheld = first.Locator($"#disputes > li[data-record='{CreditCenterSite.DisputedRecord}']");
            Assert.Contains("异议成立", await upheld.Locator(".status").InnerTextAsync(), StringComparison.Ordinal);
            var why = await upheld.InnerTextAsync();
            Assert.Contains("经核实，当日驾驶人非本人。", why, StringComparison.Ordinal);
            Assert.Contains("Verified: the citizen was not the driver that day.", why, StringComparison.Ordinal);
            await CheckAsync(first);
            await first.GotoAsync(_site.Host.Url("/me"));
            Assert.DoesNotContain("暂停计分", await first.Locator("#records").InnerTextAsync(), StringComparison.Ordinal);

            await second.GotoAsync(_site.Host.Url("/me/disputes"));
            var rejected = second.Locator($"#disputes > li[data-record='{TaxRecord}']");
            Assert.Contains("异议不成立", await rejected.Locator(".status").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("The tax office confirmed the record.", await rejected.InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(second);
        }
        finally
        {
            await first.Context.CloseAsync();
            await second.Context.CloseAsync();
            await center.Context.CloseAsync();
        }
    }

    private async Task FileDisputeAsync(IPage page, string citizen, string recordId, string reason)
    {
        await page.GotoAsync(_site.Host.Url("/me/disputes?record=" + recordId));
        await SignInAsync(page, citizen);
        await page.WaitForURLAsync(u => u.Contains("/me/disputes", StringComparison.Ordinal));
        await page.GetByLabel("理由").FillAsync(reason);
        await SubmitAsync(page, "提出异议");
        Assert.Equal(1, await page.Locator("#case-result.granted").CountAsync());
    }

    private static async Task DecideAsync(IPage page, string caseId, string outcome, string zhCn, string en)
    {
        var card = page.Locator($"#pending-disputes > li[data-case='{caseId}']");
        await card.GetByLabel(outcome, new() { Exact = false }).CheckAsync();
        await card.GetByLabel("处理意见（中文）").FillAsync(zhCn);
        await card.GetByLabel("处理意见（英文）").FillAsync(en);
        await SubmitAsync(card, page, "提交异议处理");
    }
}
