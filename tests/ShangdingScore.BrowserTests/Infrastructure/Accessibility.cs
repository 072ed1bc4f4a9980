using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>One axe-core violation on one element, as the failure message lists it.</summary>
/// <param name="RuleId">The axe rule id (<c>label</c>, <c>image-alt</c>, <c>color-contrast</c>, …).</param>
/// <param name="Impact">minor, moderate, serious or critical.</param>
/// <param name="Target">The element's CSS selector.</param>
/// <param name="Help">What the rule asks, in a sentence.</param>
/// <param name="HelpUrl">Deque's page on the rule.</param>
/// <param name="Html">The element's HTML, as axe quotes it.</param>
public sealed record AxeFinding(string RuleId, string Impact, string Target, string Help, string HelpUrl, string Html);

/// <summary>
/// The accessibility check of the browser tests: axe-core (Deque.AxeCore.Playwright, every rule axe runs by default —
/// WCAG 2.x A/AA and best practices) on the page as it is now; a violation not on the allow-list fails the test with a
/// readable list.
/// </summary>
public static class Accessibility
{
    /// <summary>Runs axe-core on the page and returns every violation, one per element, allowed or not.</summary>
    public static async Task<IReadOnlyList<AxeFinding>> FindViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        AxeResult result = await page.RunAxe().ConfigureAwait(false);
        return result.Violations
            .SelectMany(v => v.Nodes.Select(n => new AxeFinding(v.Id, v.Impact ?? n.Impact ?? "unknown", n.Target?.ToString() ?? "(page)", v.Help, v.HelpUrl, n.Html ?? string.Empty)))
            .ToList();
    }

    /// <summary>
    /// Fails unless the page has no axe-core violation beyond <paramref name="allowList"/> (<see cref="AxeAllowList.Project"/>
    /// when null). The message lists each violation: rule id, impact, target, help and its URL.
    /// </summary>
    /// <exception cref="XunitException">The page has violations the allow-list does not cover.</exception>
    public static async Task AssertAccessibleAsync(IPage page, AxeAllowList? allowList = null)
    {
        var allow = allowList ?? AxeAllowList.Project;
        var findings = await FindViolationsAsync(page).ConfigureAwait(false);
        var failing = findings.Where(f => !allow.Covers(f.RuleId, f.Target)).ToList();
        if (failing.Count == 0) return;
        throw new XunitException(Describe(page.Url, failing, findings.Count - failing.Count));
    }

    /// <summary>The failure message for a list of findings.</summary>
    public static string Describe(string url, IReadOnlyList<AxeFinding> failing, int allowed)
    {
        var sb = new StringBuilder();
        sb.Append("Accessibility check (axe-core) failed for ").Append(url).Append(": ")
          .Append(failing.Count).Append(failing.Count == 1 ? " violation" : " violations");
        if (allowed > 0) sb.Append(" (").Append(allowed).Append(" more on the allow-list)");
        sb.Append('\n');
        foreach (var f in failing.OrderBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Target, StringComparer.Ordinal))
        {
            sb.Append("- ").Append(f.RuleId).Append(" [").Append(f.Impact).Append("] ").Append(f.Help).Append('\n');
            sb.Append("    target: ").Append(f.Target).Append('\n');
            sb.Append("    html:   ").Append(f.Html.Length > 160 ? f.Html.Substring(0, 160) + "…" : f.Html).Append('\n');
            sb.Append("    help:   ").Append(f.HelpUrl).Append('\n');
        }

        return sb.ToString();
    }
}
