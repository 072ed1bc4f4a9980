// Usage: ImportChild <database> <file.jsonl> <batchSize> <signalPrefix>
// Opens (or creates) the store, creates <signalPrefix>.ready, waits until <signalPrefix>.go exists
// (polled every millisecond, so the parent's clock starts when the import does) and imports the file
// as fast as it can, batch after batch with no pause between transactions, so a parent that kills it
// at a random moment almost always lands inside a transaction. Writes "committed <batches> <linesRead>"
// after each committed batch and "done <result>" at the end to <signalPrefix>.log. Files, not pipes,
// carry the signals: the parent never blocks on our output.
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

var (database, file, batchSize, signal) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
await using var store = await SqliteCreditStore.OpenOrCreateAsync(database);
await using var stream = File.OpenRead(file);
using var log = new StreamWriter(signal + ".log") { AutoFlush = true };
File.WriteAllBytes(signal + ".ready", Array.Empty<byte>());
while (!File.Exists(signal + ".go")) Thread.Sleep(1);
var result = await store.ImportAsync(stream, new StoreImportOptions { SourceName = Path.GetFileName(file), BatchSize = batchSize, Progress = new LogProgress(log) });
log.WriteLine($"done {result}");

internal sealed class LogProgress(StreamWriter log) : IProgress<StoreImportProgress>
{
    public void Report(StoreImportProgress value) => log.WriteLine($"committed {value.BatchesCommitted} {value.LinesRead}");
}
