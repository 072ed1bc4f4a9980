using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ShangdingScore.Records;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <summary>Lines parsed ahead are handed to the writer in parts of this many (few objects survive a collection).</summary>
    private const int ChunkLines = 512;

    /// <summary>Parts parsed ahead of the writer at most.</summary>
    private const int ChunksAhead = 8;

    /// <inheritdoc />
    /// <remarks>
    /// A reading task parses the file on a second core while this task writes, at most a few thousand
    /// lines ahead (in parts that never straddle two batches, so few parsed objects outlive a
    /// collection); each batch of <see cref="StoreImportOptions.BatchSize"/> lines is written in its
    /// own <c>BEGIN IMMEDIATE</c> transaction with statements prepared once (one <c>INSERT OR IGNORE</c>
    /// per copy and per event into tables keyed by their whole content). Before the first batch the
    /// content is hashed (<see cref="StoreDelivery"/>): rejects are kept under source, line number and that delivery.
    /// </remarks>
    public async Task<StoreImportResult> ImportAsync(Stream utf8JsonLines, StoreImportOptions options, CancellationToken cancellationToken = default)
    {
        if (utf8JsonLines is null) throw new ArgumentNullException(nameof(utf8JsonLines));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.SourceName is null) throw new ArgumentNullException(nameof(options), "The options' SourceName is null.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var delivery = await StoreDelivery.PrepareAsync(utf8JsonLines, cancellationToken).ConfigureAwait(false);
            using var reader = new JsonLinesRecordReader(delivery.Content, options.SourceName, options.ReaderOptions);
            using var statements = new ImportStatements(connection);
            var chunks = Channel.CreateBounded<ParsedChunk>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => ParseChunksAsync(reader, options.BatchSize, chunks.Writer, stop.Token), CancellationToken.None);
            long added = 0, present = 0, copiesAdded = 0, eventsAdded = 0;
            int committed = 0;
            SqliteTransaction? tx = null;
            try
            {
                long batchAdded = 0, batchPresent = 0, batchCopies = 0, batchEvents = 0;
                while (await chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (chunks.Reader.TryRead(out var chunk))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        tx ??= connection.BeginTransaction(deferred: false);
                        foreach (var line in chunk.Lines)
                        {
                            if (line.Record is { } record)
                            {
                                var (copy, events) = statements.Insert(record);
                                batchCopies += copy;
                                batchEvents += events;
                                if (copy + events > 0) batchAdded++;
                                else batchPresent++;
                            }
                            else
                            {
                                statements.Reject(line.Rejection!, options.SourceName, delivery.Id);
                            }
                        }

                        if (!chunk.EndsBatch) continue;
                        cancellationToken.ThrowIfCancellationRequested();
                        tx.Commit();
                        tx.Dispose();
                        tx = null;
                        committed++;
                        added += batchAdded;
                        present += batchPresent;
                        copiesAdded += batchCopies;
                        eventsAdded += batchEvents;
                        batchAdded = batchPresent = batchCopies = batchEvents = 0;
                        options.Progress?.Report(new StoreImportProgress(chunk.LinesReadAfter, added, chunk.SetAsideAfter, committed));
                    }
                }

                await producer.ConfigureAwait(false);
            }
            catch
            {
                tx?.Dispose();
                stop.Cancel();
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The reading task stops because of this failure (or with its own, already surfaced through the channel).
                }

                throw;
            }

            return new StoreImportResult(reader.GetSummary(), added, present, copiesAdded, eventsAdded, committed) { DeliveryId = delivery.Id };
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static async Task ParseChunksAsync(JsonLinesRecordReader reader, int batchSize, ChannelWriter<ParsedChunk> writer, CancellationToken cancellationToken)
    {
        try
        {
            int inBatch = 0;
            bool end = false;
            while (!end)
            {
                var lines = new List<RecordLine>(Math.Min(ChunkLines, batchSize));
                while (lines.Count < ChunkLines && inBatch < batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
                    if (line is null)
                    {
                        end = true;
                        break;
                    }

                    lines.Add(line);
                    inBatch++;
                }

                if (lines.Count == 0) break;
                bool endsBatch = end || inBatch == batchSize;
                if (endsBatch) inBatch = 0;
                await writer.WriteAsync(new ParsedChunk(lines, endsBatch, reader.LinesRead, reader.LinesSetAside), cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    /// <summary>
    /// Parsed lines handed from the reading task to the writer: a part of one batch (never of two),
    /// and whether it is the batch's last part, with the reader's counts after its last line.
    /// </summary>
    private sealed class ParsedChunk(List<RecordLine> lines, bool endsBatch, long linesReadAfter, long setAsideAfter)
    {
        public List<RecordLine> Lines { get; } = lines;

        public bool EndsBatch { get; } = endsBatch;

        public long LinesReadAfter { get; } = linesReadAfter;

        public long SetAsideAfter { get; } = setAsideAfter;
    }

    /// <summary>The prepared statements of an import, reused for every line.</summary>
    private sealed class ImportStatements : IDisposable
    {
        private readonly SqliteStatement _copy;
        private readonly SqliteStatement _event;
        private readonly SqliteStatement _reject;

        public ImportStatements(SqliteConnection connection)
        {
            _copy = new SqliteStatement(connection, "INSERT OR IGNORE INTO record_copies (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
            _event = new SqliteStatement(connection, "INSERT OR IGNORE INTO record_events (subject, record_id, at, at_ns, type, effective_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            _reject = new SqliteStatement(connection, "INSERT OR IGNORE INTO rejects (source, line_number, delivery, field, reason, message, raw_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        }

        public (int Copies, int Events) Insert(CreditRecord record)
        {
            var (t, ns) = SqliteEncoding.Instant(record.RecordedAt);
            _copy.Bind(1, record.Subject.Value);
            _copy.Bind(2, record.Id);
            _copy.Bind(3, t);
            _copy.Bind(4, ns);
            _copy.Bind(5, record.ItemCode);
            _copy.Bind(6, SqliteEncoding.Date(record.OccurredOn));
            _copy.Bind(7, SqliteEncoding.Decimal(record.Quantity));
            _copy.Bind(8, record.Provider);
            int copies = _copy.Execute();
            int events = 0;
            if (record.Events.Length > 0)
            {
                _event.Bind(1, record.Subject.Value);
                _event.Bind(2, record.Id);
                foreach (var e in record.Events)
                {
                    var (et, ens) = SqliteEncoding.Instant(e.At);
                    _event.Bind(3, et);
                    _event.Bind(4, ens);
                    _event.Bind(5, (int)e.Type);
                    _event.Bind(6, e.EffectiveOn is { } on ? SqliteEncoding.Date(on) : SqliteEncoding.NoDate);
                    events += _event.Execute();
                }
            }

            return (copies, events);
        }

        public void Reject(RecordLineRejection rejection, string source, string delivery)
        {
            _reject.Bind(1, source);
            _reject.Bind(2, rejection.LineNumber);
            _reject.Bind(3, delivery);
            _reject.Bind(4, rejection.Field);
            _reject.Bind(5, rejection.Reason);
            _reject.Bind(6, rejection.Message);
            _reject.Bind(7, rejection.RawText);
            _reject.Execute();
        }

        public void Dispose()
        {
            _copy.Dispose();
            _event.Dispose();
            _reject.Dispose();
        }
    }
}
