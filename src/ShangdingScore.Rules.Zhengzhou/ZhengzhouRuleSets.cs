using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Rules.Zhengzhou;

/// <summary>
/// The Zhengzhou 商鼎分 rule set (<c>zhengzhou.shangding</c>) in every version this package ships,
/// as embedded JSON documents named <c>zhengzhou.shangding-&lt;version&gt;.json</c>. The point values
/// are reference values; the credit center (郑州市信用中心) replaces them by shipping a new version
/// with a later <c>effectiveFrom</c> (docs/rule-sets.md, docs/rules-zhengzhou.md).
/// </summary>
/// <remarks>
/// Every document is validated by <see cref="RuleSetJson.Load(ReadOnlyMemory{byte}, string?)"/> when
/// first asked for, and its <c>id</c> and <c>version</c> must match its resource name. Loaded rule
/// sets are cached: every member is thread-safe and returns the same immutable instance each time.
/// </remarks>
public static class ZhengzhouRuleSets
{
    /// <summary>The rule set's id.</summary>
    public const string Id = "zhengzhou.shangding";

    private const string ResourcePrefix = "ShangdingScore.Rules.Zhengzhou.RuleSets." + Id + "-";
    private const string ResourceSuffix = ".json";

    private static readonly Assembly ThisAssembly = typeof(ZhengzhouRuleSets).Assembly;

    private static readonly ImmutableSortedDictionary<RuleSetVersion, string> Resources = FindResources();

    private static readonly ImmutableDictionary<RuleSetVersion, Lazy<RuleSet>> Cache =
        Resources.ToImmutableDictionary(kv => kv.Key, kv => new Lazy<RuleSet>(() => LoadResource(kv.Key, kv.Value), LazyThreadSafetyMode.ExecutionAndPublication));

    private static readonly Lazy<RuleSetHistory> HistoryLazy =
        new(() => RuleSetHistory.Create(Resources.Keys.Select(Load)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The version of the 2019 launch: <c>2019.1.0</c>, in force from 2019-08-01.</summary>
    public static RuleSetVersion DefaultVersion { get; } = RuleSetVersion.Parse("2019.1.0");

    /// <summary>Every version this package ships, oldest first.</summary>
    public static IReadOnlyList<RuleSetVersion> AvailableVersions { get; } = Resources.Keys.ToImmutableArray();

    /// <summary>The rule set of <see cref="DefaultVersion"/>.</summary>
    /// <exception cref="RuleSetValidationException">The shipped document is invalid (a packaging error).</exception>
    public static RuleSet Default => Load(DefaultVersion);

    /// <summary>Every shipped version as a history, for choosing the version in force on a day.</summary>
    /// <exception cref="RuleSetValidationException">A shipped document is invalid, or two share an <c>effectiveFrom</c> (a packaging error).</exception>
    public static RuleSetHistory History => HistoryLazy.Value;

    /// <summary>Loads and validates one shipped version.</summary>
    /// <param name="version">One of <see cref="AvailableVersions"/>.</param>
    /// <returns>The validated rule set; the same instance on every call.</returns>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>; the message lists the versions it ships.</exception>
    /// <exception cref="RuleSetValidationException">The shipped document is invalid (a packaging error).</exception>
    /// <exception cref="InvalidOperationException">The document's id or version does not match its resource name (a packaging error).</exception>
    public static RuleSet Load(RuleSetVersion version)
    {
        if (!Cache.TryGetValue(version, out var lazy))
        {
            throw new ArgumentException(UnknownVersion(version), nameof(version));
        }

        return lazy.Value;
    }

    /// <summary>The shipped JSON document of one version, exactly as embedded (UTF-8 decoded, byte-order mark removed).</summary>
    /// <param name="version">One of <see cref="AvailableVersions"/>.</param>
    /// <exception cref="ArgumentException">This package does not ship <paramref name="version"/>.</exception>
    public static string GetJson(RuleSetVersion version)
    {
        if (!Resources.TryGetValue(version, out var name))
        {
            throw new ArgumentException(UnknownVersion(version), nameof(version));
        }

        var bytes = ReadResource(name);
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
    }

    private static string UnknownVersion(RuleSetVersion version) =>
        $"'{Id}' version {version} is not shipped in this package; it ships {string.Join(", ", Resources.Keys)}. "
        + "To use another version, load its JSON with RuleSetJson.Load.";

    private static ImmutableSortedDictionary<RuleSetVersion, string> FindResources()
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<RuleSetVersion, string>();
        foreach (var name in ThisAssembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(ResourceSuffix, StringComparison.Ordinal)) continue;
            var text = name.Substring(ResourcePrefix.Length, name.Length - ResourcePrefix.Length - ResourceSuffix.Length);
            if (!RuleSetVersion.TryParse(text, out var version))
            {
                throw new InvalidOperationException($"The embedded rule set '{name}' is not named {Id}-<version>.json with a Semantic Versioning version.");
            }

            builder.Add(version, name);
        }

        return builder.ToImmutable();
    }

    private static RuleSet LoadResource(RuleSetVersion version, string name)
    {
        var ruleSet = RuleSetJson.Load(ReadResource(name), name).GetValueOrThrow();
        if (!string.Equals(ruleSet.Id, Id, StringComparison.Ordinal) || ruleSet.Version.CompareTo(version) != 0)
        {
            throw new InvalidOperationException($"The embedded rule set '{name}' holds {ruleSet.Id} {ruleSet.Version}, not {Id} {version}.");
        }

        return ruleSet;
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = ThisAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded rule set '{name}' is missing from {ThisAssembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
