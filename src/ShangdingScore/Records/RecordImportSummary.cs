using System.Collections.Immutable;

namespace ShangdingScore.Records;

/// <summary>
/// What reading one JSON Lines source came to (spec §4): how many lines were read, taken, set aside
/// and blank, and the first rejections. <c>LinesRead = RecordsTaken + LinesSetAside + BlankLines</c>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecordImportSummary
{
    /// <summary>Creates a summary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, the counts do not add up to <paramref name="linesRead"/>, or more rejections are given than lines set aside.</exception>
    public RecordImportSummary(string? sourceName, long linesRead, long recordsTaken, long linesSetAside, long blankLines, ImmutableArray<RecordLineRejection> rejections)
    {
        if (recordsTaken < 0 || linesSetAside < 0 || blankLines < 0 || linesRead != recordsTaken + linesSetAside + blankLines)
        {
            throw new ArgumentOutOfRangeException(nameof(linesRead), linesRead, "Counts must be non-negative and lines read must equal records taken + lines set aside + blank lines.");
        }

        var kept = rejections.IsDefault ? ImmutableArray<RecordLineRejection>.Empty : rejections;
        if (kept.Length > linesSetAside) throw new ArgumentOutOfRangeException(nameof(rejections), kept.Length, "More rejections than lines set aside.");
        SourceName = sourceName;
        LinesRead = linesRead;
        RecordsTaken = recordsTaken;
        LinesSetAside = linesSetAside;
        BlankLines = blankLines;
        Rejections = kept;
    }

    /// <summary>The file or feed, as given to the reader, or null.</summary>
    public string? SourceName { get; }

    /// <summary>Every line read: records, set aside and blank. A last line without a newline counts; the empty text after a final newline does not.</summary>
    public long LinesRead { get; }

    /// <summary>Lines that gave a record.</summary>
    public long RecordsTaken { get; }

    /// <summary>Lines set aside; exact even when <see cref="Rejections"/> is truncated.</summary>
    public long LinesSetAside { get; }

    /// <summary>Lines that were empty or held only white space; skipped, not rejected.</summary>
    public long BlankLines { get; }

    /// <summary>The first rejections, in line order, at most <see cref="JsonLinesReaderOptions.MaxRejectionsKept"/>.</summary>
    public ImmutableArray<RecordLineRejection> Rejections { get; }

    /// <summary>Whether some rejections were counted but not kept.</summary>
    public bool RejectionsTruncated => Rejections.Length < LinesSetAside;

    /// <inheritdoc />
    public override string ToString() =>
        $"{SourceName ?? "records"}: {LinesRead} lines, {RecordsTaken} taken, {LinesSetAside} set aside, {BlankLines} blank";
}

/// <summary>Every record of a source read into memory, with the <see cref="RecordImportSummary"/>. For large sources stream with <see cref="JsonLinesRecordReader"/> instead.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecordImportResult
{
    /// <summary>Creates a result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    public RecordImportResult(ImmutableArray<CreditRecord> records, RecordImportSummary summary)
    {
        Records = records.IsDefault ? ImmutableArray<CreditRecord>.Empty : records;
        Summary = summary ?? throw new ArgumentNullException(nameof(summary));
    }

    /// <summary>The records taken, in line order.</summary>
    public ImmutableArray<CreditRecord> Records { get; }

    /// <summary>The counts and the first rejections.</summary>
    public RecordImportSummary Summary { get; }
}
