using System.Text;
using ShangdingScore.Monitoring;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Cli.Tests;

/// <summary>
/// A generated population of 400 subjects (seed 5) in a SQLite theme database in <paramref name="ws"/>, with their
/// enrolments, and a residence CSV placing all but every fiftieth subject in a Zhengzhou district
/// (the <c>monitor</c> and <c>rescore</c> tests' store).
/// </summary>
public sealed class MonitorStore
{
    public static readonly PopulationOptions PopulationOptions = new() { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 400, Seed = 5 };

    public MonitorStore(Workspace ws)
    {
        Db = ws.Path("theme.db");
        var codes = ZhengzhouDistricts.Latest.Districts.Select(d => d.Code).ToArray();
        var csv = new StringBuilder("subject,district\n");
        for (int i = 0; i < PopulationOptions.Subjects; i++)
        {
            if (i % 50 == 49) continue;
            var code = codes[i % 3 == 0 ? 3 : i % codes.Length];
            Districts[PopulationOptions.SubjectAt(i)] = code;
            csv.Append(PopulationOptions.SubjectAt(i)).Append(',').Append(code).Append('\n');
        }

        Residence = ws.Write("residence.csv", csv.ToString());
        Task.Run(async () =>
        {
            await using var store = await SqliteCreditStore.OpenOrCreateAsync(Db);
            using var file = new MemoryStream();
            PopulationGenerator.Write(file, PopulationOptions);
            file.Position = 0;
            await store.ImportAsync(file, new StoreImportOptions { SourceName = "population.jsonl" });
            await store.SetEnrolmentsAsync(PopulationGenerator.Enrolments(PopulationOptions).Select(e => new SubjectEnrolment(e.Key, e.Value)).ToList());
        }).GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>The theme database.</summary>
    public string Db { get; }

    /// <summary>The residence CSV.</summary>
    public string Residence { get; }

    /// <summary>Each placed subject's district code, as the residence CSV has it.</summary>
    public Dictionary<SubjectId, string> Districts { get; } = new();

    /// <summary>Opens the store in the test (pools cleared afterwards, so that the tool's process finds the file free).</summary>
    public async Task<T> WithStoreAsync<T>(Func<SqliteCreditStore, Task<T>> use)
    {
        try
        {
            await using var store = await SqliteCreditStore.OpenExistingAsync(Db);
            return await use(store);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }
}
