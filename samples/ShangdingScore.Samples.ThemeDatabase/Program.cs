// The theme database end to end: generate a synthetic population as a provider file (JSON Lines),
// import it into a local SQLite theme database in data/ next to this project, set enrolments,
// rescore everyone under the Zhengzhou rules as of a day, and print a summary table.
//
//   dotnet run --project samples/ShangdingScore.Samples.ThemeDatabase -- [subjects, default 20000]
using System.Globalization;
using NodaTime;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;
using Spectre.Console;

int subjects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var asOf = new LocalDate(2025, 6, 30);
var data = Path.Combine(ProjectFolder(), "data");
Directory.CreateDirectory(data);
var providerFile = Path.Combine(data, $"population-{subjects}.jsonl");
var population = new PopulationOptions { RuleSet = ZhengzhouRuleSets.InForceOn(asOf), Subjects = subjects };

if (!File.Exists(providerFile))
{
    using var output = File.Create(providerFile);
    var generated = PopulationGenerator.Write(output, population);
    AnsiConsole.MarkupLine($"Generated [bold]{generated.Lines:N0}[/] lines for {generated.Subjects:N0} subjects in [grey]{providerFile}[/]");
}

// 1. Open (or create) the theme database: creates data/theme.db and applies the migrations.
await using var store = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(data, "theme.db"));

StoreImportResult imported = null!;
BatchRescoreResult rescored = null!;
long totalLines = File.ReadLines(providerFile).LongCount();
await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
    .StartAsync(async context =>
    {
        // 2. Import the provider file: idempotent, so running the sample again adds nothing.
        var importing = context.AddTask("Importing records", maxValue: totalLines);
        await using (var input = File.OpenRead(providerFile))
        {
            imported = await store.ImportAsync(input, new StoreImportOptions
            {
                SourceName = Path.GetFileName(providerFile),
                Progress = new Reporter<StoreImportProgress>(p => importing.Value = p.LinesRead),
            });
        }

        importing.Value = totalLines;

        // 3. Enrolment (voluntary opt-in) comes from the enrolment registry; here, from the generator.
        await store.SetEnrolmentsAsync(PopulationGenerator.Enrolments(population).Select(e => new SubjectEnrolment(e.Key, e.Value)));

        // 4. Rescore everyone, on all cores, writing the scores back to the store.
        var counts = await store.CountAsync();
        var scoring = context.AddTask($"Scoring as of {asOf:uuuu-MM-dd}", maxValue: counts.Subjects);
        rescored = await new BatchRescorer(ZhengzhouRuleSets.History).RescoreAsync(store, new BatchRescoreOptions
        {
            AsOf = asOf,
            Progress = new Reporter<BatchRescoreProgress>(p => scoring.Value = p.ScoresWritten),
        });
        scoring.Value = counts.Subjects;
    });

var importTable = new Table().Title("Import").AddColumns("lines read", "records", "added", "already present", "set aside");
importTable.AddRow($"{imported.LinesRead:N0}", $"{imported.RecordsTaken:N0}", $"{imported.RecordsAdded:N0}", $"{imported.AlreadyPresent:N0}", $"{imported.LinesSetAside:N0}");
AnsiConsole.Write(importTable);

var grades = new Table().Title($"商鼎分 {rescored.RuleSetId} {rescored.RuleSetVersion} as of {rescored.AsOf:uuuu-MM-dd}").AddColumns("grade", "subjects", "share");
foreach (var grade in ZhengzhouRuleSets.InForceOn(asOf).Grades.OrderByDescending(g => g.Rank))
{
    long n = rescored.ByGrade.TryGetValue(grade.Code, out var v) ? v : 0;
    grades.AddRow(Markup.Escape(grade.Name.ToString()), $"{n:N0}", $"{(rescored.Scored == 0 ? 0 : 100.0 * n / rescored.Scored):F1} %");
}

grades.AddRow("not enrolled (no score)", $"{rescored.NotEnrolled:N0}", string.Empty);
grades.AddRow("scored but not clean", $"{rescored.NotClean:N0}", string.Empty);
AnsiConsole.Write(grades);
AnsiConsole.MarkupLine($"{rescored.Subjects:N0} subjects rescored in {rescored.Elapsed.TotalSeconds:F1} s ({rescored.SubjectsPerSecond:N0}/s); rule-set hash [grey]{rescored.RuleSetContentHash}[/]");

await foreach (var reject in store.ReadRejectsAsync().Take(3))
{
    AnsiConsole.MarkupLine($"[yellow]set aside[/] {Markup.Escape(reject.ToString())}");
}

// The folder holding this project (data/ is created there and git-ignored); the working folder when run elsewhere.
static string ProjectFolder()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Samples.ThemeDatabase.csproj"))) return dir.FullName;
    }

    return Directory.GetCurrentDirectory();
}

/// <summary>Reports at once on the calling thread (<see cref="Progress{T}"/> posts later, after the bar is done).</summary>
internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
