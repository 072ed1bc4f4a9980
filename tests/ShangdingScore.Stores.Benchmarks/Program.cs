// Whole-store benchmark: generate a synthetic population, import it into a new theme database
// (SQLite by default, or PostgreSQL), set enrolments, rescore every subject. Prints rates and memory.
//
//   dotnet run -c Release --project tests/ShangdingScore.Stores.Benchmarks -- --subjects 1000000
//   SHANGDING_PG_CONNECTION='Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=postgres' \
//     dotnet run -c Release --project tests/ShangdingScore.Stores.Benchmarks -- --store postgres --subjects 1000000
//
// Options: --subjects N (default 100000), --seed S (default 20190801), --dir PATH (default a temp
// folder, deleted afterwards unless --keep), --batch N (import batch, default 20000), --store
// sqlite|postgres (default sqlite); for PostgreSQL the connection comes from SHANGDING_PG_CONNECTION
// and the store uses the schema --schema NAME (default sdss_bench), dropped first and afterwards
// unless --keep. --impact also times RuleSetImpactAnalyzer on the whole store: the launch version
// against a what-if version with volunteer hours at 1 point (0.1 shipped), one benefit threshold.
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using Npgsql;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Postgres;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

int subjects = Arg("--subjects", 100_000);
ulong seed = (ulong)Arg("--seed", 20190801);
int batch = Arg("--batch", 20_000);
bool keep = args.Contains("--keep");
string storeKind = ArgText("--store") ?? "sqlite";
string schema = ArgText("--schema") ?? "sdss_bench";
string? pg = Environment.GetEnvironmentVariable("SHANGDING_PG_CONNECTION");
if (storeKind is not ("sqlite" or "postgres")) throw new ArgumentException("--store is sqlite or postgres");
if (storeKind == "postgres" && string.IsNullOrWhiteSpace(pg)) throw new ArgumentException("--store postgres needs SHANGDING_PG_CONNECTION");
string dir = ArgText("--dir") ?? Path.Combine(Path.GetTempPath(), "sdss-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
var file = Path.Combine(dir, $"population-{subjects}.jsonl");
var db = Path.Combine(dir, "theme.db");
foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = subjects, Seed = seed };
var memory = new MemorySampler();

Console.WriteLine($"# {storeKind}: {subjects:N0} subjects, seed {seed}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {dir}");
var sw = Stopwatch.StartNew();
PopulationSummary population;
if (File.Exists(file))
{
    population = default;
    Console.WriteLine($"reusing {file}");
}
else
{
    using var output = new BufferedStream(File.Create(file), 1 << 20);
    population = PopulationGenerator.Write(output, options);
    Console.WriteLine($"generated {population.Lines:N0} lines ({population.Records:N0} records, {population.MalformedLines:N0} malformed) in {sw.Elapsed.TotalSeconds:F1} s; {new FileInfo(file).Length / 1e6:F0} MB");
}

if (storeKind == "postgres") await PgAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
ICreditStore store = storeKind == "postgres"
    ? await PostgresCreditStore.OpenAsync(new PostgresCreditStoreOptions { ConnectionString = pg!, Schema = schema })
    : await SqliteCreditStore.OpenOrCreateAsync(db);
memory.Start("import");
sw.Restart();
StoreImportResult imported;
await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
{
    imported = await store.ImportAsync(input, new StoreImportOptions { SourceName = Path.GetFileName(file), BatchSize = batch, Progress = memory });
}

var importTime = sw.Elapsed;
var importMemory = memory.Stop();
Console.WriteLine($"import: {imported}");
Console.WriteLine($"import: {imported.LinesRead / importTime.TotalSeconds:N0} lines/s, {imported.RecordsTaken / importTime.TotalSeconds:N0} records/s in {importTime.TotalSeconds:F1} s; {importMemory}; db {await StoreSizeAsync() / 1e6:F0} MB");

sw.Restart();
var enrolled = 0;
foreach (var chunk in PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).Chunk(50_000))
{
    enrolled += await store.SetEnrolmentsAsync(chunk);
}

Console.WriteLine($"enrolments: {enrolled:N0} subjects in {sw.Elapsed.TotalSeconds:F1} s");

foreach (var write in new[] { false, true })
{
    memory.Start("rescore");
    var rescored = await new BatchRescorer(ZhengzhouRuleSets.History).RescoreAsync(store, new BatchRescoreOptions { AsOf = new LocalDate(2025, 6, 30), WriteScores = write, Progress = memory });
    var rescoreMemory = memory.Stop();
    Console.WriteLine($"rescore ({(write ? "writing scores" : "scores not written")}): {rescored.Subjects:N0} subjects in {rescored.Elapsed.TotalSeconds:F1} s = {rescored.SubjectsPerSecond:N0} subjects/s; {rescoreMemory}; grades {string.Join(", ", rescored.ByGrade.Select(kv => $"{kv.Key} {kv.Value:N0}"))}, not enrolled {rescored.NotEnrolled:N0}, not clean {rescored.NotClean:N0}");
}

if (args.Contains("--impact"))
{
    var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
    var whatIf = RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
        .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
        .Replace("\"pointsPerUnit\": 0.1,\n      \"recordCap\": 2,", "\"pointsPerUnit\": 1,\n      \"recordCap\": 10,", StringComparison.Ordinal)).GetValueOrThrow();
    var asOf = new LocalDate(2025, 6, 30);
    var benefit = new ImpactBenefit("public.library-card-deposit-free", new LocalizedText("图书馆免押金办证", "Library card without deposit"), "outstanding");
    memory.Start("impact");
    sw.Restart();
    var impact = await RuleSetImpactAnalyzer.AnalyzeAsync(
        store.ReadAllSubjectsAsync(SubjectScan.All), ScoringPlan.Create(launch, asOf), ScoringPlan.Create(whatIf, asOf, inForce: false),
        new RuleSetImpactOptions { Benefits = [benefit], Progress = memory });
    var impactTime = sw.Elapsed;
    Console.WriteLine($"impact {launch.Version} → {whatIf.Version}: {impact.Subjects:N0} subjects ({impact.Scored:N0} scored under both, {impact.ScoreUp + impact.ScoreDown:N0} evaluated in full for the items) in {impactTime.TotalSeconds:F1} s = {impact.Subjects / impactTime.TotalSeconds:N0} subjects/s; {memory.Stop()}");
    Console.WriteLine($"impact: up {impact.ScoreUp:N0}, down {impact.ScoreDown:N0}; library card gained {impact.Benefits[0].Gained:N0}, lost {impact.Benefits[0].Lost:N0}; items moving people {impact.Items.Length}");
}

await store.DisposeAsync();
if (!keep)
{
    Directory.Delete(dir, recursive: true);
    if (storeKind == "postgres") await PgAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
}

async Task<long> StoreSizeAsync()
{
    if (storeKind != "postgres") return new FileInfo(db).Length;
    return (long)(await PgAsync($"SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relkind = 'r'"))!;
}

async Task<object?> PgAsync(string sql)
{
    await using var connection = new NpgsqlConnection(pg);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    return await command.ExecuteScalarAsync();
}

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>Samples managed heap and working set at each progress report.</summary>
internal sealed class MemorySampler : IProgress<StoreImportProgress>, IProgress<BatchRescoreProgress>, IProgress<long>
{
    private long _maxHeap;
    private long _firstHeap = -1;
    private long _lastHeap;
    private string _phase = string.Empty;

    public void Start(string phase)
    {
        _phase = phase;
        _maxHeap = 0;
        _firstHeap = -1;
    }

    public string Stop()
    {
        using var p = Process.GetCurrentProcess();
        return $"managed heap after first report {_firstHeap / 1e6:F0} MB, last {_lastHeap / 1e6:F0} MB, max {_maxHeap / 1e6:F0} MB; peak working set {p.PeakWorkingSet64 / 1e6:F0} MB";
    }

    public void Report(StoreImportProgress value) => Sample();

    public void Report(BatchRescoreProgress value) => Sample();

    public void Report(long value) => Sample();

    private void Sample()
    {
        long heap = GC.GetTotalMemory(false);
        if (_firstHeap < 0) _firstHeap = heap;
        _lastHeap = heap;
        _maxHeap = Math.Max(_maxHeap, heap);
    }
}
