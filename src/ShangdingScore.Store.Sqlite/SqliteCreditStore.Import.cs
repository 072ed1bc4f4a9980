using Microsoft.Data.Sqlite;
using ShangdingScore.Records;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <inheritdoc />
    public async Task<StoreImportResult> ImportAsync(Stream utf8JsonLines, StoreImportOptions options, CancellationToken cancellationToken = default)
    {
        if (utf8JsonLines is null) throw new ArgumentNullException(nameof(utf8JsonLines));
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.SourceName is null) throw new ArgumentNullException(nameof(options), "The options' SourceName is null.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new JsonLinesRecordReader(utf8JsonLines, options.SourceName, options.ReaderOptions);
            using var batch = new ImportBatch(connection);
            long added = 0, present = 0, copiesAdded = 0, eventsAdded = 0;
            int batches = 0;
            bool end = false;
            while (!end)
            {
                using var tx = connection.BeginTransaction(deferred: false);
                batch.Enlist(tx);
                int inBatch = 0;
                long batchAdded = 0, batchPresent = 0, batchCopies = 0, batchEvents = 0;
                while (inBatch < options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var line = await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false);
                    if (line is null)
                    {
                        end = true;
                        break;
                    }

                    inBatch++;
                    if (line.IsRecord)
                    {
                        var (copy, events) = batch.Insert(line.Record);
                        batchCopies += copy;
                        batchEvents += events;
                        if (copy + events > 0) batchAdded++;
                        else batchPresent++;
                    }
                    else
                    {
                        batch.Reject(line.Rejection, options.SourceName);
                    }
                }

                if (inBatch == 0)
                {
                    tx.Rollback();
                    break;
                }

                tx.Commit();
                batches++;
                added += batchAdded;
                present += batchPresent;
                copiesAdded += batchCopies;
                eventsAdded += batchEvents;
                options.Progress?.Report(new StoreImportProgress(reader.LinesRead, added, reader.LinesSetAside, batches));
            }

            return new StoreImportResult(reader.GetSummary(), added, present, copiesAdded, eventsAdded, batches);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The prepared statements of an import, reused for every line.</summary>
    private sealed class ImportBatch : IDisposable
    {
        private readonly SqliteCommand _copy;
        private readonly SqliteParameter[] _c;
        private readonly SqliteCommand _event;
        private readonly SqliteParameter[] _e;
        private readonly SqliteCommand _reject;
        private readonly SqliteParameter[] _r;

        public ImportBatch(SqliteConnection connection)
        {
            (_copy, _c) = Prepare(connection, "INSERT OR IGNORE INTO record_copies (subject, record_id, recorded_at, recorded_at_ns, item, occurred_on, quantity, provider) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8);
            (_event, _e) = Prepare(connection, "INSERT OR IGNORE INTO record_events (subject, record_id, at, at_ns, type, effective_on) VALUES ($1, $2, $3, $4, $5, $6)", 6);
            (_reject, _r) = Prepare(connection, "INSERT OR IGNORE INTO rejects (source, line_number, field, reason, message, raw_text) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        }

        public void Enlist(SqliteTransaction tx)
        {
            _copy.Transaction = tx;
            _event.Transaction = tx;
            _reject.Transaction = tx;
        }

        public (int Copies, int Events) Insert(CreditRecord record)
        {
            var (t, ns) = SqliteEncoding.Instant(record.RecordedAt);
            _c[0].Value = record.Subject.Value;
            _c[1].Value = record.Id;
            _c[2].Value = t;
            _c[3].Value = ns;
            _c[4].Value = record.ItemCode;
            _c[5].Value = SqliteEncoding.Date(record.OccurredOn);
            _c[6].Value = SqliteEncoding.Decimal(record.Quantity);
            _c[7].Value = record.Provider;
            int copies = _copy.ExecuteNonQuery();
            int events = 0;
            foreach (var e in record.Events)
            {
                var (et, ens) = SqliteEncoding.Instant(e.At);
                _e[0].Value = record.Subject.Value;
                _e[1].Value = record.Id;
                _e[2].Value = et;
                _e[3].Value = ens;
                _e[4].Value = (int)e.Type;
                _e[5].Value = e.EffectiveOn is { } on ? SqliteEncoding.Date(on) : SqliteEncoding.NoDate;
                events += _event.ExecuteNonQuery();
            }

            return (copies, events);
        }

        public void Reject(RecordLineRejection rejection, string source)
        {
            _r[0].Value = source;
            _r[1].Value = rejection.LineNumber;
            _r[2].Value = (object?)rejection.Field ?? DBNull.Value;
            _r[3].Value = rejection.Reason;
            _r[4].Value = rejection.Message;
            _r[5].Value = (object?)rejection.RawText ?? DBNull.Value;
            _reject.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _copy.Dispose();
            _event.Dispose();
            _reject.Dispose();
        }

        private static (SqliteCommand, SqliteParameter[]) Prepare(SqliteConnection connection, string sql, int count)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            var parameters = new SqliteParameter[count];
            for (int i = 0; i < count; i++) parameters[i] = command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            return (command, parameters);
        }
    }
}
