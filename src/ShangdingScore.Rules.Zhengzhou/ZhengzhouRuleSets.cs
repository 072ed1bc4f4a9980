using NodaTime;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Rules.Zhengzhou;

/// <summary>
/// The Zhengzhou 商鼎分 rule set (<c>zhengzhou.shangding</c>) in every version this package ships,
/// as embedded JSON documents named <c>zhengzhou.shangding-&lt;version&gt;.json</c>. The point values
/// are reference values; the credit center (郑州市信用中心) replaces them by shipping a new version
/// with a later <c>effectiveFrom</c> (docs/rule-sets.md, docs/rules-zhengzhou.md).
/// </summary>
/// <remarks>
/// Every document is validated by <see cref="RuleSetJson.Load(ReadOnlyMemory{byte}, string?, Packaging.JsonLoadOptions?)"/> when
/// first asked for, and its <c>id</c> and <c>version</c> must match its resource name. Loaded rule
/// sets are cached: every member is thread-safe and returns the same immutable instance each time.
/// </remarks>
public static class ZhengzhouRuleSets
{
    /// <summary>The rule set's id.</summary>
    public const string Id = "zhengzhou.shangding";

    private static readonly EmbeddedDocuments<RuleSet> Documents = new(
        typeof(ZhengzhouRuleSets).Assembly,
        "ShangdingScore.Rules.Zhengzhou.RuleSets.",
        Id,
        "rule set",
        "RuleSetJson.Load",
        (bytes, name) => RuleSetJson.Load(bytes, name).GetValueOrThrow(),
        r => (r.Id, r.Version));

    private static readonly Lazy<RuleSetHistory> HistoryLazy =
        new(() => RuleSetHistory.Create(Documents.Versions.Select(Load)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The version of the 2019 launch, <c>2019.1.0</c>, in force from 2019-08-01. A historical fact, not a
    /// default: code that scores "today" asks for <see cref="InForceOn(LocalDate)"/>; tests and what-if
    /// analyses that need this particular version pin it with <see cref="Load(RuleSetVersion)"/>.
    /// </summary>
    public static RuleSetVersion LaunchVersion { get; } = RuleSetVersion.Parse("2019.1.0");

    /// <summary>Every version this package ships, oldest first.</summary>
    public static IReadOnlyList<RuleSetVersion> AvailableVersions => Documents.Versions;

    /// <summary>
    /// The version in force on <paramref name="day"/>: the shipped version with the latest
    /// <c>effectiveFrom</c> on or before it (spec §3a). When the credit center ships a new version in a
    /// new release of this package, code that calls this gets it from its <c>effectiveFrom</c> on, with no change.
    /// </summary>
    /// <param name="day">The day scores are for (the evaluation's <c>asOf</c>).</param>
    /// <returns>The validated rule set; the same instance on every call for one version.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No shipped version is in force yet on <paramref name="day"/> (before the earliest <c>effectiveFrom</c>).</exception>
    /// <exception cref="RuleSetValidationException">A shipped document is invalid, or two share an <c>effectiveFrom</c> (a packaging error).</exception>
    public static RuleSet InForceOn(LocalDate day) =>
        History.InForceOn(day)
        ?? throw new ArgumentOutOfRangeException(nameof(day), day, $"No version of '{Id}' is in force on {day:uuuu-MM-dd}; the earliest shipped version takes effect on {History.Versions[0].EffectiveFrom:uuuu-MM-dd}.");

    /// <summary>Every shipped version as a history, for choosing the version in force on a day.</summary>
    /// <exception cref="RuleSetValidationException">A shipped document is invalid, or two share an <c>effectiveFrom</c> (a packaging error).</exception>
    public static RuleSetHistory History => HistoryLazy.Value;

    /// <summary>Loads and validates one shipped version.</summary>
    /// <param name="version">One of <see cref="AvailableVersions"/>.</param>
    /// <returns>The validated rule set; the same instance on every call.</returns>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>; the message lists the versions it ships.</exception>
    /// <exception cref="RuleSetValidationException">The shipped document is invalid (a packaging error).</exception>
    /// <exception cref="InvalidOperationException">The document's id or version does not match its resource name (a packaging error).</exception>
    public static RuleSet Load(RuleSetVersion version) => Documents.Load(version);

    /// <summary>The shipped JSON document of one version, exactly as embedded (UTF-8 decoded, byte-order mark removed).</summary>
    /// <param name="version">One of <see cref="AvailableVersions"/>.</param>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>.</exception>
    public static string GetJson(RuleSetVersion version) => Documents.ReadText(version);
}
