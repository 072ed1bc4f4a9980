using System.Text.Encodings.Web;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Records;

/// <summary>
/// Writes credit records as JSON Lines in exactly the form of spec §4: properties in the order
/// <c>id, subject, item, quantity, occurredOn, provider, recordedAt, events</c>; <c>quantity</c>
/// always written; <c>events</c> omitted when empty; instants in UTC as <c>2025-03-15T02:00:00Z</c>
/// (fractional seconds only when present); UTF-8 without a byte-order mark; LF line ends; Chinese
/// and other non-ASCII text written as is, not escaped. <see cref="JsonLinesRecordReader"/> reads
/// back equal records.
/// </summary>
/// <remarks>
/// An instance writes to one stream and is not thread-safe; the static methods are thread-safe.
/// Each record is written whole: a line is complete in the stream before the next one begins. The
/// stream is not closed by the writer.
/// </remarks>
public sealed class JsonLinesRecordWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
    private readonly Stream _stream;
    private readonly MemoryStream _line = new();
    private readonly Utf8JsonWriter _json;
    private bool _disposed;

    /// <summary>Creates a writer that appends to <paramref name="stream"/> (not closed by the writer).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    public JsonLinesRecordWriter(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        if (!stream.CanWrite) throw new ArgumentException("The stream cannot be written.", nameof(stream));
        _json = new Utf8JsonWriter(_line, WriterOptions);
    }

    /// <summary>How many records were written.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Writes one record as one line.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date or instant of the record lies outside the years 0001–9999, which the format cannot hold.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Write(CreditRecord record)
    {
        Format(record);
        _stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
        RecordsWritten++;
    }

    /// <summary>Writes one record as one line, asynchronously.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date or instant of the record lies outside the years 0001–9999.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async ValueTask WriteAsync(CreditRecord record, CancellationToken cancellationToken = default)
    {
        Format(record);
        await _stream.WriteAsync(_line.GetBuffer(), 0, (int)_line.Length, cancellationToken).ConfigureAwait(false);
        RecordsWritten++;
    }

    /// <summary>Flushes the stream.</summary>
    /// <exception cref="IOException">The stream failed.</exception>
    public void Flush() => _stream.Flush();

    /// <summary>Flushes the stream asynchronously.</summary>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _stream.FlushAsync(cancellationToken);

    /// <summary>Releases the writer's buffers. The stream is neither flushed nor closed.</summary>
    public void Dispose()
    {
        _disposed = true;
        _json.Dispose();
        _line.Dispose();
    }

    /// <summary>The JSON Lines text of one record, without the line feed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date or instant lies outside the years 0001–9999.</exception>
    public static string ToJsonLine(CreditRecord record)
    {
        using var buffer = new MemoryStream();
        using var writer = new JsonLinesRecordWriter(buffer);
        writer.Write(record);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length - 1);
    }

    /// <summary>Writes every record, one line each, and flushes the stream.</summary>
    /// <returns>How many records were written.</returns>
    /// <exception cref="ArgumentNullException">An argument or a record is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date or instant lies outside the years 0001–9999; the lines before it are written.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static long WriteAll(Stream stream, IEnumerable<CreditRecord> records)
    {
        if (records is null) throw new ArgumentNullException(nameof(records));
        using var writer = new JsonLinesRecordWriter(stream);
        foreach (var record in records) writer.Write(record);
        writer.Flush();
        return writer.RecordsWritten;
    }

    /// <summary>Writes every record asynchronously, one line each, and flushes the stream.</summary>
    /// <returns>How many records were written.</returns>
    /// <exception cref="ArgumentNullException">An argument or a record is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A date or instant lies outside the years 0001–9999; the lines before it are written.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<long> WriteAllAsync(Stream stream, IAsyncEnumerable<CreditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records is null) throw new ArgumentNullException(nameof(records));
        using var writer = new JsonLinesRecordWriter(stream);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return writer.RecordsWritten;
    }

    private void Format(CreditRecord record)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        if (_disposed) throw new ObjectDisposedException(nameof(JsonLinesRecordWriter));
        CheckYear(record.OccurredOn, nameof(record));
        CheckYear(record.RecordedAt.InUtc().Date, nameof(record));
        foreach (var e in record.Events)
        {
            CheckYear(e.At.InUtc().Date, nameof(record));
            if (e.EffectiveOn is { } on) CheckYear(on, nameof(record));
        }

        _line.SetLength(0);
        _json.Reset(_line);
        _json.WriteStartObject();
        _json.WriteString("id"u8, record.Id);
        _json.WriteString("subject"u8, record.Subject.Value);
        _json.WriteString("item"u8, record.ItemCode);
        _json.WriteNumber("quantity"u8, record.Quantity);
        _json.WriteString("occurredOn"u8, Date(record.OccurredOn));
        _json.WriteString("provider"u8, record.Provider);
        _json.WriteString("recordedAt"u8, InstantText(record.RecordedAt));
        if (record.Events.Length > 0)
        {
            _json.WriteStartArray("events"u8);
            foreach (var e in record.Events)
            {
                _json.WriteStartObject();
                _json.WriteString("type"u8, RecordEventTypeNames.ToName(e.Type));
                _json.WriteString("at"u8, InstantText(e.At));
                if (e.EffectiveOn is { } on) _json.WriteString("effectiveOn"u8, Date(on));
                _json.WriteEndObject();
            }

            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.Flush();
        _line.WriteByte((byte)'\n');
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string InstantText(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static void CheckYear(LocalDate date, string name)
    {
        if (date.Year is < 1 or > 9999)
        {
            throw new ArgumentOutOfRangeException(name, $"The record interchange format holds years 0001 to 9999; {date.Year} is outside.");
        }
    }
}
