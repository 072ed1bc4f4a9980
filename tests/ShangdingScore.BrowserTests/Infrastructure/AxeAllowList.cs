using System.Collections.Immutable;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>
/// One accepted axe-core finding: a rule on one element (or on every element, when <see cref="Target"/> is null), with
/// the reason it is accepted and where its fix is tracked. Keep the list small and each entry narrow.
/// </summary>
public sealed class AxeAllowance
{
    /// <summary>Creates an entry.</summary>
    /// <param name="ruleId">The axe rule id, for example <c>color-contrast</c>.</param>
    /// <param name="target">The CSS selector axe reports for the element (the <c>target:</c> line of a failure), or null for every element.</param>
    /// <param name="reason">Why the finding is accepted and where its fix is tracked (an issue number); required.</param>
    /// <exception cref="ArgumentException">The rule id or the reason is empty.</exception>
    public AxeAllowance(string ruleId, string? target, string reason)
    {
        if (string.IsNullOrWhiteSpace(ruleId)) throw new ArgumentException("An allowance names the axe rule id.", nameof(ruleId));
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException($"The allowance for '{ruleId}' must say why it is accepted and where the fix is tracked.", nameof(reason));
        RuleId = ruleId;
        Target = target;
        Reason = reason;
    }

    /// <summary>The axe rule id.</summary>
    public string RuleId { get; }

    /// <summary>The element's selector as axe reports it; null for every element.</summary>
    public string? Target { get; }

    /// <summary>Why it is accepted.</summary>
    public string Reason { get; }

    /// <summary>Whether this entry covers rule <paramref name="ruleId"/> on the element <paramref name="target"/>.</summary>
    public bool Covers(string ruleId, string target) =>
        string.Equals(RuleId, ruleId, StringComparison.Ordinal) && (Target is null || string.Equals(Target, target, StringComparison.Ordinal));
}

/// <summary>The findings an accessibility check accepts (docs/browser-tests.md, "The allow-list").</summary>
public sealed class AxeAllowList
{
    /// <summary>
    /// The project's allow-list, used by <see cref="Accessibility.AssertAccessibleAsync"/> when none is given. Empty: every
    /// page passes axe-core with no exception. An entry added here needs a reason naming the issue that removes it.
    /// </summary>
    public static AxeAllowList Project { get; } = new(ImmutableArray<AxeAllowance>.Empty);

    /// <summary>Creates a list.</summary>
    public AxeAllowList(IEnumerable<AxeAllowance> entries) => Entries = (entries ?? throw new ArgumentNullException(nameof(entries))).ToImmutableArray();

    /// <summary>The entries.</summary>
    public ImmutableArray<AxeAllowance> Entries { get; }

    /// <summary>Whether some entry covers rule <paramref name="ruleId"/> on <paramref name="target"/>.</summary>
    public bool Covers(string ruleId, string target) => Entries.Any(e => e.Covers(ruleId, target));
}
