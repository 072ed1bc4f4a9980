using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>Layout checks for small screens (open the page with <see cref="BrowserFixture.NewPhonePageAsync"/>).</summary>
public static class Layout
{
    // The page's scroll width against its viewport, and the elements that stick out to the right (at most five, widest first).
    private const string MeasureScript = """
        () => {
          const doc = document.documentElement;
          const vw = doc.clientWidth;
          const over = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > vw + 0.5) {
              let name = el.tagName.toLowerCase();
              if (el.id) name += '#' + el.id;
              if (el.classList.length) name += '.' + Array.from(el.classList).join('.');
              over.push({ name, right: Math.round(r.right), width: Math.round(r.width) });
            }
          }
          over.sort((a, b) => b.right - a.right);
          return JSON.stringify({ scrollWidth: doc.scrollWidth, viewport: vw, over: over.slice(0, 5) });
        }
        """;

    /// <summary>
    /// Fails when the page scrolls sideways: the document is wider than the viewport. The message names the viewport,
    /// the document's width and the elements that stick out.
    /// </summary>
    /// <exception cref="XunitException">The page is wider than its viewport.</exception>
    public static async Task AssertNoHorizontalScrollAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<string>(MeasureScript).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var scrollWidth = root.GetProperty("scrollWidth").GetInt32();
        var viewport = root.GetProperty("viewport").GetInt32();
        if (scrollWidth <= viewport) return;
        var over = string.Join("\n", root.GetProperty("over").EnumerateArray().Select(o =>
            $"  {o.GetProperty("name").GetString()}: {o.GetProperty("width").GetInt32()} px wide, right edge at {o.GetProperty("right").GetInt32()} px"));
        throw new XunitException($"{page.Url} scrolls sideways on a {viewport} px wide viewport: the document is {scrollWidth} px wide.\nElements past the right edge:\n{over}");
    }
}
