using Microsoft.Playwright;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>
/// Submitting a form and waiting for the page it leads to. A form post always replaces the document (with the post's own
/// answer, or the page a 302 leads to), so the wait is for <em>a new document</em>, parsed: the current one is marked
/// before the click and the wait ends when the page's document no longer carries the mark. <c>WaitForLoadStateAsync</c>
/// right after the post's response is not that: it waits on whichever document is current when it is called (the old
/// one, when the new one is not committed yet; Playwright requires the navigation to be committed first), and its
/// default <c>load</c> state also waits for every subresource; it once timed out after 30 s in CI.
/// </summary>
public static class FormSubmission
{
    private const string MarkScript = "() => { window.__shangdingLeftBehind = true; }";

    private const string NewDocumentParsed = "() => window.__shangdingLeftBehind !== true && document.readyState !== 'loading'";

    /// <summary>Runs <paramref name="click"/>, waits for the POST it sends (the first whose response matches <paramref name="isThePost"/>, any POST when null) and then for the new document to be parsed.</summary>
    /// <returns>The POST's response.</returns>
    public static async Task<IResponse> SubmitAsync(IPage page, Func<Task> click, Func<IResponse, bool>? isThePost = null)
    {
        await page.EvaluateAsync(MarkScript);
        var response = await page.RunAndWaitForResponseAsync(click, r => r.Request.Method == "POST" && (isThePost is null || isThePost(r)));
        try
        {
            await page.WaitForFunctionAsync(NewDocumentParsed, null, new() { PollingInterval = 50, Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"POST {response.Url} answered {response.Status}, but no new page was parsed within 30 s (the page is at {page.Url}).", e);
        }

        return response;
    }
}
