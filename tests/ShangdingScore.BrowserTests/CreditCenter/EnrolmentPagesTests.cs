using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShangdingScore.BrowserTests.Infrastructure;
using ShangdingScore.CreditCenter;
using ShangdingScore.Rights;
using static ShangdingScore.BrowserTests.CreditCenter.PageSteps;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// Enrolment and withdrawal in the portal, as a phone: a citizen who is not enrolled reads the consent text with its
/// version, is refused in both languages, enrols (recorded through the web channel), sees a score, withdraws after
/// confirming, and the portal says they are not enrolled. Every page passes axe and the phone layout check.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnrolmentPagesTests : IClassFixture<CreditCenterSite>
{
    private readonly BrowserFixture _browser;
    private readonly CreditCenterSite _site;

    public EnrolmentPagesTests(BrowserFixture browser, CreditCenterSite site)
    {
        _browser = browser;
        _site = site;
    }

    [BrowserFact]
    public async Task Enrol_ThenTheScoreShows_ThenWithdrawAfterConfirming_AndThePortalSaysNotEnrolled()
    {
        var consent = _site.Host.App.Services.GetRequiredService<IOptions<CreditCenterOptions>>().Value.RightsPolicy.CurrentConsentText;
        var citizen = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            // Not enrolled: the portal says so and points to the consent text.
            await citizen.GotoAsync(_site.Host.Url("/me"));
            await SignInAsync(citizen, CreditCenterSite.NotEnrolledCitizen);
            Assert.Equal(1, await citizen.Locator("#not-enrolled").CountAsync());
            Assert.Equal(0, await citizen.Locator("#score").CountAsync());
            await citizen.Locator("main").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "阅读同意书并加入" }).ClickAsync();
            await citizen.WaitForURLAsync(u => u.EndsWith("/me/enrolment", StringComparison.Ordinal));

            // The consent text, its version and hash, in both languages.
            Assert.Equal("false", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
            Assert.Equal(consent.Version, await citizen.Locator("#consent-text .version").InnerTextAsync());
            Assert.Equal(consent.ContentHash, await citizen.Locator("#consent-text .token").InnerTextAsync());
            Assert.Contains(Bilingual(consent.Text.ZhCn), await citizen.Locator("#consent-zh").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains(Bilingual(consent.Text.En), await citizen.Locator("#consent-en").InnerTextAsync(), StringComparison.Ordinal);
            await CheckAsync(citizen);

            // A refusal of the rights workflows, shown in zh-CN and English: under age.
            await citizen.GetByLabel("出生日期").FillAsync("2015-03-01");
            await citizen.GetByLabel("我已阅读并同意").CheckAsync();
            await SubmitAsync(citizen, "同意并加入");
            var refusal = await citizen.Locator("#enrolment-result.refused").InnerTextAsync();
            var underAge = RightsRefusalCodes.Describe(RightsRefusalCodes.UnderAge);
            Assert.Contains(underAge.ZhCn, refusal, StringComparison.Ordinal);
            Assert.Contains(underAge.En, refusal, StringComparison.Ordinal);
            Assert.Equal("false", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
            await CheckAsync(citizen);

            // Enrolled, through the web channel, with the version shown.
            await citizen.GetByLabel("出生日期").FillAsync("1990-05-20");
            await citizen.GetByLabel("我已阅读并同意").CheckAsync();
            await SubmitAsync(citizen, "同意并加入");
            Assert.Equal(1, await citizen.Locator("#enrolment-result.granted").CountAsync());
            Assert.Equal("true", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
            Assert.Equal(ChannelNames.CreditZhengzhouWeb, await citizen.Locator("#consent-record .channel").InnerTextAsync());
            Assert.Equal(consent.Version, await citizen.Locator("#consent-record .version").InnerTextAsync());
            await CheckAsync(citizen);

            await citizen.GotoAsync(_site.Host.Url("/me"));
            Assert.Matches(@"^\d+(\.\d+)?$", await citizen.Locator("#score").InnerTextAsync());
            Assert.Equal(0, await citizen.Locator("#not-enrolled").CountAsync());

            // Withdrawing asks first; only the confirmation withdraws.
            await citizen.GotoAsync(_site.Host.Url("/me/enrolment"));
            await SubmitAsync(citizen, "退出商鼎分");
            Assert.Equal(1, await citizen.Locator("#confirm-withdrawal").CountAsync());
            Assert.Equal("true", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
            await CheckAsync(citizen);
            await citizen.GetByLabel("退出原因").FillAsync("暂不需要。");
            await SubmitAsync(citizen, "确认退出");
            Assert.Equal(1, await citizen.Locator("#enrolment-result.granted").CountAsync());
            Assert.Equal("false", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
            await CheckAsync(citizen);

            await citizen.GotoAsync(_site.Host.Url("/me"));
            Assert.Equal(1, await citizen.Locator("#not-enrolled").CountAsync());
            Assert.Equal(0, await citizen.Locator("#score").CountAsync());
            await CheckAsync(citizen);

            // The journal says where it happened: the web portal's channel, both times.
            var journal = (IRightsStore)_site.Host.App.Services.GetRequiredService<ShangdingScore.Stores.ICreditStore>();
            var steps = new List<RightsEntry>();
            await foreach (var e in journal.ReadEntriesAsync(new RightsEntryQuery
            {
                Subject = new SubjectId(CreditCenterSite.NotEnrolledCitizen),
                Kinds = [RightsEntryKinds.Enrolled, RightsEntryKinds.Withdrawn],
            }))
            {
                steps.Add(e);
            }

            Assert.Equal([RightsEntryKinds.Enrolled, RightsEntryKinds.Withdrawn], steps.Select(e => e.Kind).ToArray());
            Assert.All(steps, e => Assert.Contains("\"" + ChannelNames.CreditZhengzhouWeb + "\"", e.Payload, StringComparison.Ordinal));
        }
        finally
        {
            await citizen.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task EnrolmentForms_WithoutTheAntiforgeryToken_AreRefused()
    {
        var citizen = await WatchAsync(_browser.NewPhonePageAsync());
        try
        {
            await citizen.GotoAsync(_site.Host.Url("/sign-in"));
            await SignInAsync(citizen, CreditCenterSite.TopCitizen);
            foreach (var handler in new[] { "Enrol", "Withdraw" })
            {
                var forged = await citizen.APIRequest.PostAsync(_site.Host.Url("/me/enrolment?handler=" + handler), new()
                {
                    Form = citizen.APIRequest.CreateFormData().Set("confirmed", "true").Set("accept", "true"),
                });
                Assert.Equal(400, forged.Status);
            }

            await citizen.GotoAsync(_site.Host.Url("/me/enrolment"));
            Assert.Equal("true", await citizen.Locator("#enrolment-status").GetAttributeAsync("data-enrolled"));
        }
        finally
        {
            await citizen.Context.CloseAsync();
        }
    }

    /// <summary>The first non-empty line of a text, as a page shows it in a paragraph.</summary>
    private static string Bilingual(string text) => text.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
}
