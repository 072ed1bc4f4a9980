namespace ShangdingScore.Records;

/// <summary>Limits for <see cref="JsonLinesRecordReader"/>.</summary>
/// <remarks>Immutable after construction (init-only); thread-safe to share.</remarks>
public sealed class JsonLinesReaderOptions
{
    /// <summary>The default options.</summary>
    public static JsonLinesReaderOptions Default { get; } = new();

    private readonly int _maxLineBytes = 64 * 1024;
    private readonly int _maxRawTextLength = 200;
    private readonly int _maxRejectionsKept = 1000;

    /// <summary>
    /// The longest line accepted, in bytes, not counting its line end (LF or CRLF) or the byte-order
    /// mark. A longer line is set aside as <see cref="RecordRejectionReasons.LineTooLong"/> and skipped
    /// without being buffered. The reader's buffer is about this size.
    /// </summary>
    /// <value>The default is 65 536 (64 KiB).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 64 or above 16 MiB.</exception>
    public int MaxLineBytes
    {
        get => _maxLineBytes;
        init => _maxLineBytes = value is >= 64 and <= 16 * 1024 * 1024 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 64 bytes and 16 MiB.");
    }

    /// <summary>How many characters of a rejected line to keep in <see cref="RecordLineRejection.RawText"/>; 0 keeps none (for sources whose lines may hold personal data).</summary>
    /// <value>The default is 200.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 4096.</exception>
    public int MaxRawTextLength
    {
        get => _maxRawTextLength;
        init => _maxRawTextLength = value is >= 0 and <= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 0 and 4096.");
    }

    /// <summary>How many rejections a <see cref="RecordImportSummary"/> keeps (the first ones); the count of lines set aside is always exact.</summary>
    /// <value>The default is 1000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxRejectionsKept
    {
        get => _maxRejectionsKept;
        init => _maxRejectionsKept = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must not be negative.");
    }
}
