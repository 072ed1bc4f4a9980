using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>
/// Kills a child process in the middle of an import, then finishes the import: nothing is lost,
/// nothing is doubled, and the database is exactly what one clean import gives.
/// </summary>
public sealed class KillDuringImportTests : IDisposable
{
    private const int BatchSize = 500;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ImportAsync_ChildKilledMidImportThenRerun_SameStoreAsOneCleanImport()
    {
        var file = _folder.File("population.jsonl");
        PopulationSummary population;
        using (var stream = File.Create(file))
        {
            population = PopulationGenerator.Write(stream, new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 2_000, Seed = 42 });
        }

        Assert.True(population.Lines > 20 * BatchSize, $"the file has {population.Lines} lines; the test needs many batches");

        var killed = _folder.File("killed.db");
        int committedBeforeKill = await RunChildAndKillAsync(killed, file, killAfterBatches: 6);
        await using (var afterKill = new SqliteCreditStore(killed))
        {
            var counts = await afterKill.CountAsync();
            Assert.True(counts.Copies >= (long)(committedBeforeKill * BatchSize * 0.9), $"{counts.Copies} copies kept after {committedBeforeKill} committed batches");
            Assert.True(counts.Copies < population.Records - population.DuplicateLines, "the child was killed before the import finished");
            Assert.Equal("ok", IntegrityCheck(killed));
        }

        StoreImportResult rerun;
        await using (var store = await SqliteCreditStore.OpenOrCreateAsync(killed))
        {
            await using var stream = File.OpenRead(file);
            rerun = await store.ImportAsync(stream, new StoreImportOptions { SourceName = "population.jsonl", BatchSize = BatchSize });
        }

        StoreImportResult clean;
        var cleanPath = _folder.File("clean.db");
        await using (var store = await SqliteCreditStore.OpenOrCreateAsync(cleanPath))
        {
            await using var stream = File.OpenRead(file);
            clean = await store.ImportAsync(stream, new StoreImportOptions { SourceName = "population.jsonl", BatchSize = BatchSize });
        }

        Assert.Equal(clean.LinesRead, rerun.LinesRead);
        Assert.Equal(clean.LinesSetAside, rerun.LinesSetAside);
        Assert.True(rerun.AlreadyPresent > clean.AlreadyPresent, "the rerun found the batches committed before the kill");
        await using var a = new SqliteCreditStore(killed);
        await using var b = new SqliteCreditStore(cleanPath);
        Assert.Equal(await b.CountAsync(), await a.CountAsync());
        Assert.Equal(clean.CopiesAdded, (await a.CountAsync()).Copies);
        Assert.Equal(clean.EventsAdded, (await a.CountAsync()).Events);
        Assert.Equal(population.MalformedLines, (await a.CountAsync()).Rejects);
        Assert.Equal(await DumpAsync(b), await DumpAsync(a));
        Assert.Equal(await RejectsAsync(b), await RejectsAsync(a));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static async Task<int> RunChildAndKillAsync(string database, string file, int killAfterBatches)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "ShangdingScore.Store.Sqlite.ImportChild.dll");
        Assert.True(File.Exists(child), $"{child} was not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { child, database, file, BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "15" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        int committed = 0;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            Assert.False(line.StartsWith("done", StringComparison.Ordinal), "the import finished before it could be killed");
            if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                committed = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (committed >= killAfterBatches)
                {
                    process.Kill(entireProcessTree: true);
                    break;
                }
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        Assert.True(committed >= killAfterBatches, $"the child stopped after {committed} batches: {await stderr}");
        Assert.NotEqual(0, process.ExitCode);
        return committed;
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
        await foreach (var r in store.ReadRejectsAsync()) list.Add(r.ToString());
        return list;
    }
}
