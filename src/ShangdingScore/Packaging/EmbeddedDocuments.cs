using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Packaging;

/// <summary>
/// Versioned JSON documents embedded in a package — rule sets, benefit catalogs — named
/// <c>&lt;prefix&gt;&lt;id&gt;-&lt;version&gt;.json</c>. Shipping a new version is adding one file: the
/// versions are found from the resource names, each document is loaded (validated) once when first
/// asked for, and its own id and version must match its name.
/// </summary>
/// <typeparam name="T">The loaded document type.</typeparam>
/// <remarks>Immutable and thread-safe: each version is loaded once and the same instance returned every time.</remarks>
public sealed class EmbeddedDocuments<T>
    where T : class
{
    private readonly Assembly _assembly;
    private readonly string _kind;
    private readonly string _loader;
    private readonly ImmutableSortedDictionary<RuleSetVersion, string> _resources;
    private readonly ImmutableDictionary<RuleSetVersion, Lazy<T>> _loaded;

    /// <summary>Finds the documents of <paramref name="id"/> embedded in <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The package's assembly.</param>
    /// <param name="resourcePrefix">The manifest-resource prefix before the id, for example <c>MyRules.RuleSets.</c>.</param>
    /// <param name="id">The documents' id, for example <c>zhengzhou.shangding</c>.</param>
    /// <param name="kind">What a document is, for messages: <c>rule set</c>, <c>catalog</c>.</param>
    /// <param name="loader">The public method that loads another version's JSON, named in the unknown-version message.</param>
    /// <param name="load">Validates one document's bytes (the resource name is its source) and returns it; throws when it is invalid.</param>
    /// <param name="identify">The id and version a loaded document declares.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">A resource of <paramref name="id"/> is not named with a Semantic Versioning version.</exception>
    public EmbeddedDocuments(Assembly assembly, string resourcePrefix, string id, string kind, string loader, Func<byte[], string, T> load, Func<T, (string Id, RuleSetVersion Version)> identify)
    {
        _assembly = assembly ?? throw new ArgumentNullException(nameof(assembly));
        if (resourcePrefix is null) throw new ArgumentNullException(nameof(resourcePrefix));
        Id = id ?? throw new ArgumentNullException(nameof(id));
        _kind = kind ?? throw new ArgumentNullException(nameof(kind));
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        if (load is null) throw new ArgumentNullException(nameof(load));
        if (identify is null) throw new ArgumentNullException(nameof(identify));

        var prefix = resourcePrefix + id + "-";
        const string suffix = ".json";
        var builder = ImmutableSortedDictionary.CreateBuilder<RuleSetVersion, string>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var text = name.Substring(prefix.Length, name.Length - prefix.Length - suffix.Length);
            if (!RuleSetVersion.TryParse(text, out var version))
            {
                throw new InvalidOperationException($"The embedded {kind} '{name}' is not named {id}-<version>.json with a Semantic Versioning version.");
            }

            builder.Add(version, name);
        }

        _resources = builder.ToImmutable();
        Versions = _resources.Keys.ToImmutableArray();
        _loaded = _resources.ToImmutableDictionary(kv => kv.Key, kv => new Lazy<T>(() => LoadOne(kv.Key, kv.Value, load, identify), LazyThreadSafetyMode.ExecutionAndPublication));
    }

    /// <summary>The documents' id.</summary>
    public string Id { get; }

    /// <summary>Every embedded version, oldest first.</summary>
    public ImmutableArray<RuleSetVersion> Versions { get; }

    /// <summary>The document of <paramref name="version"/>, loaded and validated on first use.</summary>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not embedded; the message lists those that are.</exception>
    /// <exception cref="InvalidOperationException">The document's id or version does not match its resource name (a packaging error).</exception>
    public T Load(RuleSetVersion version) =>
        _loaded.TryGetValue(version, out var lazy) ? lazy.Value : throw new ArgumentException(UnknownVersion(version), nameof(version));

    /// <summary>The embedded bytes of <paramref name="version"/>, exactly as shipped.</summary>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not embedded.</exception>
    public byte[] ReadBytes(RuleSetVersion version) =>
        _resources.TryGetValue(version, out var name) ? Read(name) : throw new ArgumentException(UnknownVersion(version), nameof(version));

    /// <summary>The embedded text of <paramref name="version"/>: UTF-8 decoded, a byte-order mark removed.</summary>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not embedded.</exception>
    public string ReadText(RuleSetVersion version)
    {
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(ReadBytes(version));
        return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
    }

    private T LoadOne(RuleSetVersion version, string name, Func<byte[], string, T> load, Func<T, (string Id, RuleSetVersion Version)> identify)
    {
        var document = load(Read(name), name);
        var (id, declared) = identify(document);
        if (!string.Equals(id, Id, StringComparison.Ordinal) || declared.CompareTo(version) != 0)
        {
            throw new InvalidOperationException($"The embedded {_kind} '{name}' holds {id} {declared}, not {Id} {version}.");
        }

        return document;
    }

    private byte[] Read(string name)
    {
        using var stream = _assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded {_kind} '{name}' is missing from {_assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private string UnknownVersion(RuleSetVersion version) =>
        $"'{Id}' version {version} is not shipped in this package; it ships {string.Join(", ", Versions)}. To use another version, load its JSON with {_loader}.";
}
