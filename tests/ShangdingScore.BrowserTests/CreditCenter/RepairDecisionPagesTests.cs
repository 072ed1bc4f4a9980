using Microsoft.Playwright;
using ShangdingScore.BrowserTests.Infrastructure;
using static ShangdingScore.BrowserTests.CreditCenter.PageSteps;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// A repair decided in the console, as a phone: the citizen applies to repair the traffic violation on their record; the
/// center sees the application in its queue with the day it may take effect from, approves it from that day with reasons
/// in both languages; the queue empties, and the citizen's page shows the approval and its reasons.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RepairDecisionPagesTests : IClassFixture<CreditCenterSite>
{
    private readonly BrowserFixture _browser;
    private readonly CreditCenterSite _site;

    public RepairDecisionPagesTests(BrowserFixture browser, CreditCenterSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task RepairAppliedForByTheCitizen_IsApprovedInTheConsole_AndTheCitizenSeesTheApproval()
    {
        var citizen = await WatchAsync(_browser.NewPhonePageAsync());
        var center = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            // The citizen applies for a repair of the negative record.
            await citizen.GotoAsync(_site.Host.Url("/me/disputes?record=" + CreditCenterSite.DisputedRecord));
            await SignInAsync(citizen, CreditCenterSite.Citizen);
            await citizen.WaitForURLAsync(u => u.Contains("/me/disputes", StringComparison.Ordinal));
            await citizen.GetByLabel("理由").FillAsync("已缴纳罚款并完成交通安全学习。");
            await SubmitAsync(citizen, "申请信用修复");
            Assert.Contains("修复申请已受理", await citizen.Locator("#case-result.granted").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("处理中", await citizen.Locator("#repairs > li").InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(citizen);

            // The center's queue shows it, with the earliest day a repair may take effect.
            await center.GotoAsync(_site.Host.Url("/console"));
            await SignInAsync(center, CreditCenterSite.CenterStaff);
            var queue = center.Locator("#pending-repairs > li");
            Assert.Equal(1, await queue.CountAsync());
            var card = queue.Nth(0);
            var text = await card.InnerTextAsync();
            Assert.Contains(CreditCenterSite.DisputedRecord, text, StringComparison.Ordinal);
            Assert.Contains(CreditCenterSite.Citizen, text, StringComparison.Ordinal);
            var caseId = await card.GetAttributeAsync("data-case");
            var eligibleFrom = await card.Locator("input[name=effectiveOn]").GetAttributeAsync("min");
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", eligibleFrom);
            await CheckAsync(center);

            // Approved from the earliest day, with reasons in both languages.
            await card.GetByLabel("批准修复", new() { Exact = false }).CheckAsync();
            await card.GetByLabel("修复生效日", new() { Exact = false }).FillAsync(eligibleFrom!);
            await card.GetByLabel("处理意见（中文）").FillAsync("整改到位，准予修复。");
            await card.GetByLabel("处理意见（英文）").FillAsync("Put right; repair approved.");
            await SubmitAsync(card, center, "提交修复处理");
            var done = await center.Locator("#decision-result.granted").InnerTextAsync();
            Assert.Contains($"案件 {caseId}：已批准修复，自 {eligibleFrom} 起不再计分。", done, StringComparison.Ordinal);
            Assert.Contains($"the record stops counting from {eligibleFrom}", done, StringComparison.Ordinal);
            Assert.Equal(0, await center.Locator("#pending-repairs > li").CountAsync());
            await CheckAsync(center);

            // The citizen's page shows the approval and its reasons.
            await citizen.GotoAsync(_site.Host.Url("/me/disputes"));
            var mine = await citizen.Locator("#repairs > li").InnerTextAsync();
            Assert.Contains("已批准", mine, StringComparison.Ordinal);
            Assert.Contains("approved", mine, StringComparison.Ordinal);
            Assert.Contains("整改到位，准予修复。", mine, StringComparison.Ordinal);
            Assert.Contains("Put right; repair approved.", mine, StringComparison.Ordinal);
            await CheckAsync(citizen);
        }
        finally
        {
            await citizen.Context.CloseAsync();
            await center.Context.CloseAsync();
        }
    }
}
