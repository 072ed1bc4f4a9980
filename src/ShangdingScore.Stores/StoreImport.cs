using System.Collections.Immutable;
using ShangdingScore.Records;

namespace ShangdingScore.Stores;

/// <summary>How <see cref="ICreditStore.ImportAsync"/> reads and commits one file.</summary>
/// <remarks>Immutable after construction (init-only); thread-safe to share. New options may be added.</remarks>
public sealed class StoreImportOptions
{
    private readonly int _batchSize = 10_000;

    /// <summary>
    /// The file or feed name, kept with every line set aside. The rejects are keyed by source name,
    /// delivery (the content's SHA-256, <see cref="StoreDelivery"/>) and line number: importing the same
    /// content again does not double them, and a different file under the same name keeps its own.
    /// Use a stable name, for example the file name the provider delivered.
    /// </summary>
    public required string SourceName { get; init; }

    /// <summary>How many lines go into one transaction. Larger batches import faster; a crash loses at most the batch in progress.</summary>
    /// <value>The default is 10 000.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 1 000 000.</exception>
    public int BatchSize
    {
        get => _batchSize;
        init => _batchSize = value is >= 1 and <= 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 1 and 1 000 000.");
    }

    /// <summary>Limits for the JSON Lines reader.</summary>
    /// <value>The default is <see cref="JsonLinesReaderOptions.Default"/>.</value>
    public JsonLinesReaderOptions ReaderOptions { get; init; } = JsonLinesReaderOptions.Default;

    /// <summary>Told after each committed batch; null for none. Called on the importing thread.</summary>
    /// <value>The default is null.</value>
    public IProgress<StoreImportProgress>? Progress { get; init; }
}

/// <summary>Where an import is, reported after each committed batch.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct StoreImportProgress
{
    /// <summary>Creates a report.</summary>
    public StoreImportProgress(long linesRead, long recordsAdded, long linesSetAside, int batchesCommitted)
    {
        LinesRead = linesRead;
        RecordsAdded = recordsAdded;
        LinesSetAside = linesSetAside;
        BatchesCommitted = batchesCommitted;
    }

    /// <summary>Lines read and committed so far.</summary>
    public long LinesRead { get; }

    /// <summary>Lines that added a copy or an event so far.</summary>
    public long RecordsAdded { get; }

    /// <summary>Lines set aside so far.</summary>
    public long LinesSetAside { get; }

    /// <summary>Transactions committed so far.</summary>
    public int BatchesCommitted { get; }
}

/// <summary>
/// What one import came to. Every line is accounted for:
/// <c>LinesRead = RecordsTaken + LinesSetAside + BlankLines</c> and
/// <c>RecordsTaken = RecordsAdded + AlreadyPresent</c>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class StoreImportResult
{
    /// <summary>Creates a result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the counts do not add up.</exception>
    public StoreImportResult(RecordImportSummary summary, long recordsAdded, long alreadyPresent, long copiesAdded, long eventsAdded, int batchesCommitted)
    {
        Summary = summary ?? throw new ArgumentNullException(nameof(summary));
        if (recordsAdded < 0 || alreadyPresent < 0 || copiesAdded < 0 || eventsAdded < 0 || batchesCommitted < 0 || recordsAdded + alreadyPresent != summary.RecordsTaken)
        {
            throw new ArgumentOutOfRangeException(nameof(recordsAdded), recordsAdded, "Counts must be non-negative and records added + already present must equal records taken.");
        }

        RecordsAdded = recordsAdded;
        AlreadyPresent = alreadyPresent;
        CopiesAdded = copiesAdded;
        EventsAdded = eventsAdded;
        BatchesCommitted = batchesCommitted;
    }

    /// <summary>The reader's counts and the first rejections.</summary>
    public RecordImportSummary Summary { get; }

    /// <summary>The source name.</summary>
    public string? SourceName => Summary.SourceName;

    /// <summary>Every line read: records, set aside and blank.</summary>
    public long LinesRead => Summary.LinesRead;

    /// <summary>Lines that gave a record.</summary>
    public long RecordsTaken => Summary.RecordsTaken;

    /// <summary>Lines that gave a record which added a copy or at least one event to the store.</summary>
    public long RecordsAdded { get; }

    /// <summary>Lines that gave a record the store already held in full (its copy and all its events): a re-import, or a duplicate line.</summary>
    public long AlreadyPresent { get; }

    /// <summary>Lines set aside (kept in the rejects).</summary>
    public long LinesSetAside => Summary.LinesSetAside;

    /// <summary>Blank lines, skipped.</summary>
    public long BlankLines => Summary.BlankLines;

    /// <summary>New copies kept.</summary>
    public long CopiesAdded { get; }

    /// <summary>New lifecycle events kept.</summary>
    public long EventsAdded { get; }

    /// <summary>Transactions committed.</summary>
    public int BatchesCommitted { get; }

    /// <summary>The delivery's identity (<see cref="StoreDelivery.Id"/>): <c>sha256:</c> and the content's hash; the rejects are kept under it.</summary>
    /// <value>Null only when the store that made the result does not say.</value>
    public string? DeliveryId { get; init; }

    /// <summary>The first rejections (all of them are in the store's rejects).</summary>
    public ImmutableArray<RecordLineRejection> Rejections => Summary.Rejections;

    /// <inheritdoc />
    public override string ToString() =>
        $"{SourceName}: {LinesRead} lines, {RecordsTaken} records ({RecordsAdded} added, {AlreadyPresent} already present), {LinesSetAside} set aside, {BlankLines} blank, {BatchesCommitted} batches";
}
