using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ShangdingScore.Records;

/// <summary>
/// Reads credit records from a JSON Lines stream in the interchange format of spec §4, one line at a
/// time, in memory constant in the size of the stream (one pooled buffer of about
/// <see cref="JsonLinesReaderOptions.MaxLineBytes"/>).
/// </summary>
/// <remarks>
/// <para>
/// Lines are split on LF before decoding, so one bad line never costs its neighbours. A UTF-8
/// byte-order mark at the start, CRLF line ends and a last line without a newline are accepted;
/// blank lines (empty, or spaces and tabs only) are skipped and counted. A bare CR is not a line end:
/// a line holding one is set aside (<see cref="RecordRejectionReasons.BareCarriageReturn"/>), and so is
/// a byte-order mark after the start (<see cref="RecordRejectionReasons.ByteOrderMark"/>). Unknown
/// fields are ignored, but their strings and names must be well-formed Unicode like any other
/// (<see cref="RecordRejectionReasons.IllFormedUnicode"/>); an unknown item code is taken.
/// Every other line gives a <see cref="RecordLine"/>: a record, or a <see cref="RecordLineRejection"/>
/// with its line number, field, reason code (<see cref="RecordRejectionReasons"/>) and message.
/// </para>
/// <para>
/// Results and exceptions: bad content never throws; it is set aside. Exceptions come only from the
/// stream (I/O), from cancellation (<see cref="OperationCanceledException"/>), from a null argument
/// (<see cref="ArgumentNullException"/>) or from use after <see cref="Dispose"/>
/// (<see cref="ObjectDisposedException"/>). The stream is never closed by the reader.
/// </para>
/// <para>
/// An instance reads one stream and is not thread-safe; the static methods are thread-safe and
/// each call uses its own instance.
/// </para>
/// </remarks>
public sealed class JsonLinesRecordReader : IDisposable
{
    private readonly Stream _stream;
    private readonly JsonLinesReaderOptions _options;
    private readonly Utf8LineFramer _framer;
    private readonly ImmutableArray<RecordLineRejection>.Builder _rejections = ImmutableArray.CreateBuilder<RecordLineRejection>();

    /// <summary>Creates a reader over <paramref name="stream"/>, which it reads from its current position and does not close.</summary>
    /// <param name="stream">UTF-8 JSON Lines; need not be seekable.</param>
    /// <param name="sourceName">The file or feed name, copied into rejections and the summary; may be null.</param>
    /// <param name="options">Limits; <see cref="JsonLinesReaderOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public JsonLinesRecordReader(Stream stream, string? sourceName = null, JsonLinesReaderOptions? options = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        if (!stream.CanRead) throw new ArgumentException("The stream cannot be read.", nameof(stream));
        SourceName = sourceName;
        _options = options ?? JsonLinesReaderOptions.Default;
        _framer = new Utf8LineFramer(_options.MaxLineBytes);
    }

    /// <summary>The source name given at construction, or null.</summary>
    public string? SourceName { get; }

    /// <summary>Lines read so far, blank and set aside included.</summary>
    public long LinesRead { get; private set; }

    /// <summary>Lines that gave a record so far.</summary>
    public long RecordsTaken { get; private set; }

    /// <summary>Lines set aside so far.</summary>
    public long LinesSetAside { get; private set; }

    /// <summary>Blank lines skipped so far.</summary>
    public long BlankLines { get; private set; }

    /// <summary>
    /// Reads the next non-blank line: a record or a rejection; null at the end of the stream.
    /// </summary>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public RecordLine? ReadNext()
    {
        while (true)
        {
            var status = _framer.Next();
            if (status == Utf8LineFramer.Status.NeedData)
            {
                var target = _framer.GetFillTarget();
                _framer.Advance(_stream.Read(target.Array!, target.Offset, target.Count));
                continue;
            }

            if (status == Utf8LineFramer.Status.End) return null;
            var line = Take(status);
            if (line is not null) return line;
        }
    }

    /// <summary>
    /// Reads the next non-blank line asynchronously: a record or a rejection; null at the end of the stream.
    /// </summary>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public async ValueTask<RecordLine?> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = _framer.Next();
            if (status == Utf8LineFramer.Status.NeedData)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = _framer.GetFillTarget();
                _framer.Advance(await _stream.ReadAsync(target.Array!, target.Offset, target.Count, cancellationToken).ConfigureAwait(false));
                continue;
            }

            if (status == Utf8LineFramer.Status.End) return null;
            var line = Take(status);
            if (line is not null) return line;
        }
    }

    /// <summary>The counts so far and the first rejections (<see cref="JsonLinesReaderOptions.MaxRejectionsKept"/>).</summary>
    public RecordImportSummary GetSummary() =>
        new(SourceName, LinesRead, RecordsTaken, LinesSetAside, BlankLines, _rejections.ToImmutable());

    /// <summary>Returns the pooled buffer. The stream is not closed.</summary>
    public void Dispose() => _framer.Dispose();

    /// <summary>Streams every non-blank line of <paramref name="stream"/> as a record or a rejection.</summary>
    /// <param name="stream">UTF-8 JSON Lines; read from its current position and not closed.</param>
    /// <param name="sourceName">The file or feed name for rejections; may be null.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream failed (while enumerating).</exception>
    public static IEnumerable<RecordLine> Read(Stream stream, string? sourceName = null, JsonLinesReaderOptions? options = null)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        return ReadIterator(stream, sourceName, options);
    }

    /// <summary>Streams every non-blank line of <paramref name="stream"/> asynchronously as a record or a rejection.</summary>
    /// <param name="stream">UTF-8 JSON Lines; read from its current position and not closed.</param>
    /// <param name="sourceName">The file or feed name for rejections; may be null.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the reading between reads of the stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream failed (while enumerating).</exception>
    /// <exception cref="OperationCanceledException">Cancelled (while enumerating).</exception>
    public static IAsyncEnumerable<RecordLine> ReadAsync(Stream stream, string? sourceName = null, JsonLinesReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        return ReadAsyncIterator(stream, sourceName, options, cancellationToken);
    }

    /// <summary>Reads every record of <paramref name="stream"/> into memory, with the summary. Memory grows with the number of records; stream with <see cref="Read"/> for large sources.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static RecordImportResult ReadAll(Stream stream, string? sourceName = null, JsonLinesReaderOptions? options = null)
    {
        using var reader = new JsonLinesRecordReader(stream, sourceName, options);
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        while (reader.ReadNext() is { } line)
        {
            if (line.IsRecord) records.Add(line.Record);
        }

        return new RecordImportResult(records.ToImmutable(), reader.GetSummary());
    }

    /// <summary>Reads every record of <paramref name="stream"/> into memory asynchronously, with the summary.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RecordImportResult> ReadAllAsync(Stream stream, string? sourceName = null, JsonLinesReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var reader = new JsonLinesRecordReader(stream, sourceName, options);
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.IsRecord) records.Add(line.Record);
        }

        return new RecordImportResult(records.ToImmutable(), reader.GetSummary());
    }

    private static IEnumerable<RecordLine> ReadIterator(Stream stream, string? sourceName, JsonLinesReaderOptions? options)
    {
        using var reader = new JsonLinesRecordReader(stream, sourceName, options);
        while (reader.ReadNext() is { } line) yield return line;
    }

    private static async IAsyncEnumerable<RecordLine> ReadAsyncIterator(Stream stream, string? sourceName, JsonLinesReaderOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new JsonLinesRecordReader(stream, sourceName, options);
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } line) yield return line;
    }

    private RecordLine? Take(Utf8LineFramer.Status status)
    {
        LinesRead++;
        RecordLine? line;
        if (status == Utf8LineFramer.Status.TooLong)
        {
            line = RecordLine.SetAside(LineFraming.TooLong(_framer.TooLongPrefix, _framer.TooLongBytes, LinesRead, SourceName, _options));
        }
        else
        {
            line = RecordLineParser.Parse(_framer.Line, _framer.EndsWithLineFeed, LinesRead, SourceName, _options);
        }

        if (line is null)
        {
            BlankLines++;
        }
        else if (line.IsRecord)
        {
            RecordsTaken++;
        }
        else
        {
            LinesSetAside++;
            if (_rejections.Count < _options.MaxRejectionsKept) _rejections.Add(line.Rejection);
        }

        return line;
    }
}
