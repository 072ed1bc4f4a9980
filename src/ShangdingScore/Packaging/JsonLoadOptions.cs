namespace ShangdingScore.Packaging;

/// <summary>
/// Bounds for loading a JSON document — a rule set (<see cref="Rules.RuleSetJson"/>) or a benefit
/// catalog: how large a document is read at all, and how many errors a refusal lists.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The defaults are far above any real document (the Zhengzhou rule set is
/// about 20 KB) and keep a hostile or broken one from taking the process's memory: a larger document
/// is refused with <c>document-too-large</c> before it is parsed, and an error report holds the first
/// <see cref="MaxErrors"/> errors and one <c>too-many-errors</c> entry counting the rest.
/// </remarks>
public sealed class JsonLoadOptions
{
    /// <summary>The default <see cref="MaxDocumentBytes"/>: 16 MiB.</summary>
    public const int DefaultMaxDocumentBytes = 16 * 1024 * 1024;

    /// <summary>The default <see cref="MaxErrors"/>: 1000.</summary>
    public const int DefaultMaxErrors = 1000;

    private readonly int _maxDocumentBytes = DefaultMaxDocumentBytes;
    private readonly int _maxErrors = DefaultMaxErrors;

    /// <summary>The defaults.</summary>
    public static JsonLoadOptions Default { get; } = new();

    /// <summary>The largest document read, in UTF-8 bytes (a byte-order mark included); a larger one is refused before parsing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxDocumentBytes
    {
        get => _maxDocumentBytes;
        init => _maxDocumentBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDocumentBytes), value, "The largest document must be at least one byte.");
    }

    /// <summary>The most errors listed; the rest are counted in one last <c>too-many-errors</c> error.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxErrors
    {
        get => _maxErrors;
        init => _maxErrors = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxErrors), value, "At least one error must be listed.");
    }
}
