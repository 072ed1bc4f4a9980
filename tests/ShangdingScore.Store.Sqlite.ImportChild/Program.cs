// Usage: ImportChild <database> <file.jsonl> <batchSize> [delayMsPerBatch]
// Imports the file and prints "committed <batches> <linesRead>" after each committed batch, so a
// parent can kill the process in the middle of an import; prints "done <counts>" at the end.
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

var (database, file, batchSize) = (args[0], args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
int delay = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
await using var store = await SqliteCreditStore.OpenOrCreateAsync(database);
await using var stream = File.OpenRead(file);
var progress = new ConsoleProgress(delay);
var result = await store.ImportAsync(stream, new StoreImportOptions { SourceName = Path.GetFileName(file), BatchSize = batchSize, Progress = progress });
Console.Out.WriteLine($"done {result}");
Console.Out.Flush();

internal sealed class ConsoleProgress(int delayMs) : IProgress<StoreImportProgress>
{
    public void Report(StoreImportProgress value)
    {
        Console.Out.WriteLine($"committed {value.BatchesCommitted} {value.LinesRead}");
        Console.Out.Flush();
        if (delayMs > 0) Thread.Sleep(delayMs);
    }
}
