using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;
using Xunit.Abstractions;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>
/// Kills a child process at random moments of an import, many times, each time finishes the import,
/// and checks the database is exactly what one clean import gives: nothing lost, nothing doubled.
/// </summary>
/// <remarks>
/// The child imports batch after batch with no pause, so nearly all of its time is spent inside a
/// transaction; the kill comes after a random delay (fixed seed) counted from when the import
/// starts, not from a batch report, so it lands at arbitrary points inside batches.
/// </remarks>
[Collection(nameof(KillDuringImportTests))]
public sealed class KillDuringImportTests : IDisposable
{
    private const int BatchSize = 200;
    private const int Seed = 20_261_202;
    private const int KillsWanted = 10;
    private const int AttemptsAtMost = 30;
    private readonly TempFolder _folder = new();
    private readonly ITestOutputHelper _output;

    public KillDuringImportTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ImportAsync_ChildKilledAtRandomPointsThenRerun_EachTimeSameStoreAsOneCleanImport()
    {
        var file = _folder.File("population.jsonl");
        PopulationSummary population;
        using (var stream = File.Create(file))
        {
            population = PopulationGenerator.Write(stream, new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 1_200, Seed = 42 });
        }

        Assert.True(population.Lines > 40 * BatchSize, $"the file has {population.Lines} lines; the test needs many batches");
        var cleanPath = _folder.File("clean.db");
        StoreImportResult clean = await ImportAsync(cleanPath, file);

        // How long the child's import takes here (from "go" to its end): the kills fall in that span.
        var calibration = _folder.File("calibration.db");
        var (finished, calibrationBatches, childTime) = await RunChildAndKillAsync(calibration, file, delayMs: null);
        _output.WriteLine($"calibration: {calibrationBatches} batches reported; a clean import has {clean.BatchesCommitted}");
        Assert.False(finished, "the calibration run was not meant to be killed");
        Expected expected;
        await using (var store = await SqliteCreditStore.OpenExistingAsync(cleanPath))
        {
            expected = new Expected(await store.CountAsync(), await DumpAsync(store), await RejectsAsync(store));
        }

        Assert.Equal(population.MalformedLines, expected.Counts.Rejects);
        var random = new Random(Seed);
        int maxDelayMs = Math.Max(20, (int)(childTime.TotalMilliseconds * 0.8));
        var kills = new List<string>();
        for (int attempt = 0; attempt < AttemptsAtMost && kills.Count < KillsWanted; attempt++)
        {
            var db = _folder.File($"killed-{attempt}.db");
            int delayMs = random.Next(0, maxDelayMs);
            var (killed, committedSeen, took) = await RunChildAndKillAsync(db, file, delayMs);
            var context = $"seed {Seed}, attempt {attempt}, kill after {delayMs} ms of {maxDelayMs}";
            if (!killed)
            {
                // The machine got faster (less load): aim within this run's time from now on.
                maxDelayMs = Math.Max(20, (int)(took.TotalMilliseconds * 0.8));
                _output.WriteLine($"{context}: the import finished first, in {took.TotalMilliseconds:F0} ms");
                continue;
            }

            Assert.True(IntegrityCheck(db) == "ok", $"{context}: integrity_check failed after the kill");
            long copiesAfterKill;
            await using (var afterKill = await SqliteCreditStore.OpenOrCreateAsync(db))
            {
                copiesAfterKill = (await afterKill.CountAsync()).Copies;
            }

            var rerun = await ImportAsync(db, file);
            await using (var store = await SqliteCreditStore.OpenExistingAsync(db))
            {
                Assert.True(expected.Counts.Equals(await store.CountAsync()), $"{context}: counts {await store.CountAsync()} after the rerun, {expected.Counts} after a clean import");
                Assert.True(expected.Dump == await DumpAsync(store), $"{context}: the subjects' records and events differ from a clean import");
                Assert.True(expected.Rejects.SequenceEqual(await RejectsAsync(store)), $"{context}: the rejects differ from a clean import");
            }

            Assert.True(IntegrityCheck(db) == "ok", $"{context}: integrity_check failed after the rerun");
            Assert.Equal(clean.LinesSetAside, rerun.LinesSetAside);
            Assert.Equal(clean.CopiesAdded, copiesAfterKill + rerun.CopiesAdded);
            kills.Add($"{context}: {committedSeen} batches reported, {copiesAfterKill} of {clean.CopiesAdded} copies kept");
            File.Delete(db);
        }

        _output.WriteLine($"the child's import takes {childTime.TotalMilliseconds:F0} ms");
        foreach (var k in kills) _output.WriteLine(k);
        Assert.True(kills.Count >= KillsWanted, $"only {kills.Count} of {AttemptsAtMost} attempts killed the child mid-import (seed {Seed}, the child's import took {childTime.TotalMilliseconds:F0} ms)");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static async Task<StoreImportResult> ImportAsync(string database, string file)
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(database);
        await using var stream = File.OpenRead(file);
        var result = await store.ImportAsync(stream, new StoreImportOptions { SourceName = "population.jsonl", BatchSize = BatchSize });
        SqliteConnection.ClearAllPools();
        return result;
    }

    /// <summary>
    /// Starts the child, waits until it is ready, tells it to import, kills it <paramref name="delayMs"/>
    /// later (null: lets it finish); Killed is false when it finished first. Elapsed runs from "go" to the exit.
    /// </summary>
    private static async Task<(bool Killed, int CommittedSeen, TimeSpan Elapsed)> RunChildAndKillAsync(string database, string file, int? delayMs)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "ShangdingScore.Store.Sqlite.ImportChild.dll");
        Assert.True(File.Exists(child), $"{child} was not built next to the tests");
        var signal = database + ".child";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[] { child, database, file, BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), signal }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            while (!File.Exists(signal + ".ready"))
            {
                Assert.False(process.HasExited, $"the child ended before it was ready (exit code {(process.HasExited ? process.ExitCode : 0)})");
                await Task.Delay(5, timeout.Token);
            }

            File.WriteAllBytes(signal + ".go", Array.Empty<byte>());
            var clock = Stopwatch.StartNew();
            bool killed = false;
            if (delayMs is { } delay)
            {
                await Task.Delay(delay, timeout.Token);
                killed = !process.HasExited;
                if (killed) process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(timeout.Token);
            var elapsed = clock.Elapsed;
            var output = File.ReadAllText(signal + ".log");
            int committed = output.Split('\n').Count(l => l.StartsWith("committed ", StringComparison.Ordinal));
            if (!killed)
            {
                Assert.True(process.ExitCode == 0, $"the child failed with exit code {process.ExitCode}");
                return (false, committed, elapsed);
            }

            // Killed between writing "done" and exiting: the import had finished, so this was no kill inside it
            // (the exit code is then the kill's, not the import's).
            if (output.Contains("done ", StringComparison.Ordinal)) return (false, committed, elapsed);

            Assert.NotEqual(0, process.ExitCode);
            return (true, committed, elapsed);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static async Task<string> DumpAsync(ICreditStore store)
    {
        var text = new StringBuilder();
        await foreach (var s in store.ReadAllSubjectsAsync(SubjectScan.All))
        {
            text.Append(s.Subject).Append(':');
            foreach (var r in s.Records) text.Append(r).Append('@').Append(r.RecordedAt).Append('[').Append(string.Join(",", r.Events)).Append("];");
            text.Append('\n');
        }

        return text.ToString();
    }

    private static async Task<List<string>> RejectsAsync(ICreditStore store)
    {
        var list = new List<string>();
        await foreach (var r in store.ReadRejectsAsync()) list.Add($"{r}|{r.RawText}");
        return list;
    }

    private sealed record Expected(StoreCounts Counts, string Dump, List<string> Rejects);
}

/// <summary>The kill test runs alone: its random delays are measured against the child's import time, which other tests running at once would change.</summary>
[CollectionDefinition(nameof(KillDuringImportTests), DisableParallelization = true)]
public sealed class KillDuringImportCollection
{
}
