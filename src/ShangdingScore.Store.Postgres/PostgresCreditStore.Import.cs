using System.Collections.Immutable;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using ShangdingScore.Records;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <summary>After a refused straight copy, this many batches are merged before it is tried again; twice as many after each further refusal in a row.</summary>
    private const int DirectRetryAfter = 8;

    /// <summary>The most batches merged between two tries of a straight copy.</summary>
    private const int DirectRetryAfterMost = 256;

    /// <inheritdoc />
    /// <remarks>
    /// A reading task parses the file into batches of <see cref="StoreImportOptions.BatchSize"/> lines,
    /// one batch ahead; this task writes each batch in its own transaction. First it tries the fast
    /// way, for batches the store holds nothing of (a first import): in a savepoint, binary <c>COPY</c>
    /// of the batch's distinct copies, events and rejects straight into the tables; the primary keys
    /// refuse the copy if any of them is kept already. Then (or after such a refusal, rolled back to
    /// the savepoint) the merge: binary <c>COPY</c> into temporary staging tables, then one statement
    /// moving them into the store with <c>ON CONFLICT DO NOTHING</c> (<c>enable_nestloop</c> is off in
    /// that transaction so the staging joins never degrade into nested loops). After a refusal the
    /// next <see cref="DirectRetryAfter"/> batches go straight to the merge, twice as many after each
    /// further refusal in a row (a re-import), up to <see cref="DirectRetryAfterMost"/>. Before the first
    /// batch the content is hashed (<see cref="StoreDelivery"/>): rejects are kept under source, line number and that delivery.
    /// </remarks>
    public async Task<StoreImportResult> ImportAsync(Stream utf8JsonLines, StoreImportOptions options, CancellationToken cancellationToken = default)
    {
        if (utf8JsonLines is null) throw new ArgumentNullException(nameof(utf8JsonLines));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.SourceName is null) throw new ArgumentNullException(nameof(options), "The options' SourceName is null.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, PostgresSchema.Staging, cancellationToken).ConfigureAwait(false);
            using var delivery = await StoreDelivery.PrepareAsync(utf8JsonLines, cancellationToken).ConfigureAwait(false);
            using var reader = new JsonLinesRecordReader(delivery.Content, options.SourceName, options.ReaderOptions);
            var batches = Channel.CreateBounded<ImportBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var storeSetAside = new List<RecordLineRejection>();
            var producer = Task.Run(() => ReadBatchesAsync(reader, options, storeSetAside, batches.Writer, stop.Token), CancellationToken.None);
            long added = 0, present = 0, copiesAdded = 0, eventsAdded = 0;
            int committed = 0;
            int staged = DirectRetryAfter, wait = DirectRetryAfter; // batches merged since the last refused straight copy, and how many to merge before trying again
            bool refusedLastTry = false;
            try
            {
                while (await batches.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (batches.Reader.TryRead(out var batch))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        bool tryDirect = staged >= wait;
                        var (copies, events, linesAdded, direct) = await WriteBatchAsync(connection, batch, options.SourceName, delivery.Id, tryDirect, cancellationToken).ConfigureAwait(false);
                        if (direct)
                        {
                            wait = DirectRetryAfter;
                            refusedLastTry = false;
                        }
                        else if (tryDirect)
                        {
                            // Refused: wait twice as long after each refusal in a row (a re-import is refused every time).
                            wait = refusedLastTry ? Math.Min(wait * 2, DirectRetryAfterMost) : DirectRetryAfter;
                            refusedLastTry = true;
                            staged = 0;
                        }
                        else
                        {
                            staged++;
                        }
                        committed++;
                        copiesAdded += copies;
                        eventsAdded += events;
                        added += linesAdded;
                        present += batch.Records.Count - linesAdded;
                        options.Progress?.Report(new StoreImportProgress(batch.LinesReadAfter, added, batch.SetAsideAfter, committed));
                    }
                }

                await producer.ConfigureAwait(false);
            }
            catch
            {
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

            return new StoreImportResult(Summary(reader.GetSummary(), storeSetAside, options.ReaderOptions), added, present, copiesAdded, eventsAdded, committed) { DeliveryId = delivery.Id };
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The reader's summary with the lines the store set aside (U+0000 in a text) moved from taken to set aside.</summary>
    private static RecordImportSummary Summary(RecordImportSummary read, List<RecordLineRejection> storeSetAside, JsonLinesReaderOptions readerOptions)
    {
        if (storeSetAside.Count == 0) return read;
        var rejections = read.Rejections.Concat(storeSetAside).OrderBy(r => r.LineNumber).Take(Math.Max(read.Rejections.Length, readerOptions.MaxRejectionsKept)).ToImmutableArray();
        return new RecordImportSummary(read.SourceName, read.LinesRead, read.RecordsTaken - storeSetAside.Count, read.LinesSetAside + storeSetAside.Count, read.BlankLines, rejections);
    }

    private static async Task ReadBatchesAsync(JsonLinesRecordReader reader, StoreImportOptions options, List<RecordLineRejection> storeSetAside, ChannelWriter<ImportBatch> writer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var batch = new ImportBatch();
                int lines = 0;
                while (lines < options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
                    if (line is null) break;
                    lines++;
                    if (line.Record is { } record)
                    {
                        if (Unstorable(record) is { } field)
                        {
                            var rejection = new RecordLineRejection(line.LineNumber, field, RecordRejectionReasons.InvalidValue, $"The text at {field} contains U+0000, which PostgreSQL cannot keep.", null, options.SourceName);
                            storeSetAside.Add(rejection);
                            batch.Rejects.Add(rejection);
                        }
                        else
                        {
                            batch.Records.Add((line.LineNumber, record));
                        }
                    }
                    else
                    {
                        batch.Rejects.Add(line.Rejection!);
                    }
                }

                if (lines == 0) break;
                batch.LinesReadAfter = reader.LinesRead;
                batch.SetAsideAfter = reader.LinesSetAside + storeSetAside.Count;
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    private static string? Unstorable(CreditRecord record) =>
        !PostgresEncoding.Storable(record.Id) ? "$.id"
        : !PostgresEncoding.Storable(record.Subject.Value) ? "$.subject"
        : !PostgresEncoding.Storable(record.ItemCode) ? "$.item"
        : !PostgresEncoding.Storable(record.Provider) ? "$.provider"
        : null;

    private async Task<(long Copies, long Events, long LinesAdded, bool Direct)> WriteBatchAsync(NpgsqlConnection connection, ImportBatch batch, string sourceName, string deliveryId, bool tryDirect, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (tryDirect)
        {
            var plan = DirectPlan.Of(batch);
            await ExecuteAsync(connection, tx, "SAVEPOINT sdss_direct", cancellationToken).ConfigureAwait(false);
            try
            {
                WriteDirect(connection, plan, batch.Rejects, sourceName, deliveryId);
                await ExecuteAsync(connection, tx, "RELEASE SAVEPOINT sdss_direct", cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (plan.Copies.Count, plan.Events.Count, plan.LinesAdded, true);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Something in the batch is kept already (a re-import, a re-run after a crash): undo the attempt and merge.
                await ExecuteAsync(connection, tx, "ROLLBACK TO SAVEPOINT sdss_direct", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(connection, tx, "SET LOCAL enable_nestloop = off", cancellationToken).ConfigureAwait(false);

        // Synchronous writes: the importer buffers rows and only blocks when its buffer goes to the socket.
        int eventCount = 0;
        if (batch.Records.Count > 0)
        {
            using var copies = connection.BeginBinaryImport("COPY sdss_stage_copies (line, subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider) FROM STDIN (FORMAT BINARY)");
            foreach (var (line, r) in batch.Records)
            {
                var (t, ns) = PostgresEncoding.Instant(r.RecordedAt);
                copies.StartRow();
                copies.Write(line, NpgsqlDbType.Bigint);
                copies.Write(r.Subject.Value, NpgsqlDbType.Text);
                copies.Write(r.Id, NpgsqlDbType.Text);
                copies.Write(t, NpgsqlDbType.Bigint);
                copies.Write(ns, NpgsqlDbType.Smallint);
                copies.Write(r.ItemCode, NpgsqlDbType.Text);
                copies.Write(PostgresEncoding.Date(r.OccurredOn), NpgsqlDbType.Integer);
                copies.Write(PostgresEncoding.Normalize(r.Quantity), NpgsqlDbType.Numeric);
                copies.Write(r.Provider, NpgsqlDbType.Text);
                eventCount += r.Events.Length;
            }

            copies.Complete();
        }

        if (eventCount > 0)
        {
            using var events = connection.BeginBinaryImport("COPY sdss_stage_events (line, subject, record_id, at, at_ns, type, effective_on) FROM STDIN (FORMAT BINARY)");
            foreach (var (line, r) in batch.Records)
            {
                foreach (var e in r.Events)
                {
                    var (t, ns) = PostgresEncoding.Instant(e.At);
                    events.StartRow();
                    events.Write(line, NpgsqlDbType.Bigint);
                    events.Write(r.Subject.Value, NpgsqlDbType.Text);
                    events.Write(r.Id, NpgsqlDbType.Text);
                    events.Write(t, NpgsqlDbType.Bigint);
                    events.Write(ns, NpgsqlDbType.Smallint);
                    events.Write((short)e.Type, NpgsqlDbType.Smallint);
                    events.Write(e.EffectiveOn is { } on ? PostgresEncoding.Date(on) : PostgresEncoding.NoDate, NpgsqlDbType.Integer);
                }
            }

            events.Complete();
        }

        if (batch.Rejects.Count > 0)
        {
            using var rejects = connection.BeginBinaryImport("COPY sdss_stage_rejects (line_number, field, reason, message, raw_text) FROM STDIN (FORMAT BINARY)");
            foreach (var r in batch.Rejects)
            {
                rejects.StartRow();
                rejects.Write(r.LineNumber, NpgsqlDbType.Bigint);
                WriteText(rejects, PostgresEncoding.Readable(r.Field));
                rejects.Write(PostgresEncoding.Readable(r.Reason)!, NpgsqlDbType.Text);
                rejects.Write(PostgresEncoding.Readable(r.Message)!, NpgsqlDbType.Text);
                WriteText(rejects, PostgresEncoding.Readable(r.RawText));
            }

            rejects.Complete();
        }

        (long, long, long) counts;
        await using (var merge = Command(connection, tx, PostgresSchema.MergeBatch))
        {
            merge.Parameters.AddWithValue("source", NpgsqlDbType.Text, PostgresEncoding.Readable(sourceName)!);
            merge.Parameters.AddWithValue("delivery", NpgsqlDbType.Text, deliveryId);
            await using var reader = await merge.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            counts = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(3));
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (counts.Item1, counts.Item2, counts.Item3, false);
    }

    /// <summary>
    /// Copies a batch's distinct copies, events and rejects straight into the store's tables (no
    /// staging, no conflict handling): valid only while none of them is kept yet, which the tables'
    /// primary keys check: a kept one fails the <c>COPY</c> with a unique violation.
    /// </summary>
    private void WriteDirect(NpgsqlConnection connection, DirectPlan plan, List<RecordLineRejection> rejections, string sourceName, string deliveryId)
    {
        if (plan.Copies.Count > 0)
        {
            using var copies = connection.BeginBinaryImport(Sql("COPY {s}.record_copies (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider) FROM STDIN (FORMAT BINARY)"));
            foreach (var c in plan.Copies)
            {
                copies.StartRow();
                copies.Write(c.Subject, NpgsqlDbType.Text);
                copies.Write(c.RecordId, NpgsqlDbType.Text);
                copies.Write(c.Ticks, NpgsqlDbType.Bigint);
                copies.Write(c.Nanos, NpgsqlDbType.Smallint);
                copies.Write(c.Item, NpgsqlDbType.Text);
                copies.Write(c.OccurredOn, NpgsqlDbType.Integer);
                copies.Write(c.Quantity, NpgsqlDbType.Numeric);
                copies.Write(c.Provider, NpgsqlDbType.Text);
            }

            copies.Complete();
        }

        if (plan.Events.Count > 0)
        {
            using var events = connection.BeginBinaryImport(Sql("COPY {s}.record_events (subject, record_id, at, at_ns, type, effective_on) FROM STDIN (FORMAT BINARY)"));
            foreach (var e in plan.Events)
            {
                events.StartRow();
                events.Write(e.Subject, NpgsqlDbType.Text);
                events.Write(e.RecordId, NpgsqlDbType.Text);
                events.Write(e.Ticks, NpgsqlDbType.Bigint);
                events.Write(e.Nanos, NpgsqlDbType.Smallint);
                events.Write(e.Type, NpgsqlDbType.Smallint);
                events.Write(e.EffectiveOn, NpgsqlDbType.Integer);
            }

            events.Complete();
        }

        if (rejections.Count > 0)
        {
            using var rejects = connection.BeginBinaryImport(Sql("COPY {s}.rejects (source, line_number, delivery, field, reason, message, raw_text) FROM STDIN (FORMAT BINARY)"));
            string source = PostgresEncoding.Readable(sourceName)!;
            foreach (var r in rejections)
            {
                rejects.StartRow();
                rejects.Write(source, NpgsqlDbType.Text);
                rejects.Write(r.LineNumber, NpgsqlDbType.Bigint);
                rejects.Write(deliveryId, NpgsqlDbType.Text);
                WriteText(rejects, PostgresEncoding.Readable(r.Field));
                rejects.Write(PostgresEncoding.Readable(r.Reason)!, NpgsqlDbType.Text);
                rejects.Write(PostgresEncoding.Readable(r.Message)!, NpgsqlDbType.Text);
                WriteText(rejects, PostgresEncoding.Readable(r.RawText));
            }

            rejects.Complete();
        }
    }

    /// <summary>
    /// A batch's distinct copies and events (as the primary keys compare them: text by code point,
    /// numbers by value), each credited to the first line that carries it, as the merge does.
    /// </summary>
    private sealed class DirectPlan
    {
        public List<CopyKey> Copies { get; } = new();

        public List<EventKey> Events { get; } = new();

        public long LinesAdded { get; private set; }

        public static DirectPlan Of(ImportBatch batch)
        {
            var plan = new DirectPlan();
            var copies = new HashSet<CopyKey>();
            var events = new HashSet<EventKey>();
            foreach (var (_, r) in batch.Records)
            {
                var (t, ns) = PostgresEncoding.Instant(r.RecordedAt);
                var copy = new CopyKey(r.Subject.Value, r.Id, t, ns, r.ItemCode, PostgresEncoding.Date(r.OccurredOn), PostgresEncoding.Normalize(r.Quantity), r.Provider);
                bool added = false;
                if (copies.Add(copy))
                {
                    plan.Copies.Add(copy);
                    added = true;
                }

                foreach (var e in r.Events)
                {
                    var (et, ens) = PostgresEncoding.Instant(e.At);
                    var key = new EventKey(r.Subject.Value, r.Id, et, ens, (short)e.Type, e.EffectiveOn is { } on ? PostgresEncoding.Date(on) : PostgresEncoding.NoDate);
                    if (events.Add(key))
                    {
                        plan.Events.Add(key);
                        added = true;
                    }
                }

                if (added) plan.LinesAdded++;
            }

            return plan;
        }
    }

    /// <summary>The primary key of <c>record_copies</c> (its whole row), as encoded.</summary>
    private readonly record struct CopyKey(string Subject, string RecordId, long Ticks, short Nanos, string Item, int OccurredOn, decimal Quantity, string Provider);

    /// <summary>The primary key of <c>record_events</c> (its whole row), as encoded.</summary>
    private readonly record struct EventKey(string Subject, string RecordId, long Ticks, short Nanos, short Type, int EffectiveOn);

    private static void WriteText(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Text);
    }

    /// <summary>One transaction's lines, parsed.</summary>
    private sealed class ImportBatch
    {
        public List<(long Line, CreditRecord Record)> Records { get; } = new();

        public List<RecordLineRejection> Rejects { get; } = new();

        public long LinesReadAfter { get; set; }

        public long SetAsideAfter { get; set; }
    }
}
