// Whole-city monitoring at scale (docs/monitoring.md, "Scale"). Two commands:
//
//   make: generate a synthetic population (PopulationGenerator, the stores benchmark's record mix), import it into
//         a new SQLite theme database, set every subject's enrolment, and write a residence CSV placing the subjects
//         over the 16 divisions and zones of the embedded district document (1 % left unplaced).
//     dotnet run -c Release --project tests/ShangdingScore.Monitoring.Scale -- make --subjects 1000000 --dir /work/tmp-monscale
//     (writes DIR/theme-N.db and DIR/residence-N.csv; the JSON Lines file is deleted unless --keep-jsonl)
//
//   make-kept: the same population as make (same seed, same residence CSV), but its SQLite theme database keeps only what
//         the report from kept scores reads: every subject's enrolment and the score BatchRescorer would keep for --as-of
//         (with dimension points), computed here from the generated records; no record is stored (importing a whole city's
//         250 M records takes hours here). Used to time `shangding monitor --from-scores` at 12.6 M subjects.
//     dotnet run -c Release --project tests/ShangdingScore.Monitoring.Scale -- make-kept --subjects 12600000 --dir /work/tmp-kept
//     (writes DIR/kept-N.db and DIR/residence-N.csv)
//
//   pieces: time the pieces of the monitoring pass on such a database: loading the residence CSV, the scan alone,
//           the scan with the score path, the scan with the full evaluation, and the whole report builder.
//     dotnet run -c Release --project tests/ShangdingScore.Monitoring.Scale -- pieces --db DIR/theme-N.db --residence DIR/residence-N.csv
//     (--as-of 2025-06-30 by default; --only scan,score,evaluate,dimensions,report to pick; --workers N; --parts N: the
//     store read in N parts at once, one connection each, as shangding monitor does with one per core; 1 for one reader)
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Monitoring;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

if (args.Length == 0 || args[0] is not ("make" or "make-kept" or "pieces"))
{
    Console.Error.WriteLine("usage: make --subjects N --dir PATH [--seed S] [--batch N] [--keep-jsonl] | make-kept --subjects N --dir PATH [--seed S] [--as-of DAY] | pieces --db PATH --residence PATH [--as-of DAY] [--workers N] [--parts N] [--only a,b]");
    return 2;
}

Console.WriteLine($"# {args[0]}: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {Load()}");
return args[0] switch { "make" => await MakeAsync(), "make-kept" => await MakeKeptAsync(), _ => await PiecesAsync() };

async Task<int> MakeAsync()
{
    int subjects = Arg("--subjects", 100_000);
    ulong seed = (ulong)Arg("--seed", 20190801);
    string dir = ArgText("--dir") ?? throw new ArgumentException("--dir is required");
    Directory.CreateDirectory(dir);
    var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = subjects, Seed = seed };
    var file = Path.Combine(dir, $"population-{subjects}.jsonl");
    var db = Path.Combine(dir, $"theme-{subjects}.db");
    foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
    var sw = Stopwatch.StartNew();
    int slice = Arg("--slice", 0);
    await using (var store = await SqliteCreditStore.OpenOrCreateAsync(db))
    {
        if (slice > 0)
        {
            // Generated and imported a slice of subjects at a time, so that the JSON Lines of a whole city (about 3.7 GB per
            // million subjects) never sit on the disk beside its database.
            long taken = 0;
            int part = 0;
            var lines = PopulationGenerator.Lines(options).GetEnumerator();
            bool more = lines.MoveNext();
            while (more)
            {
                var partFile = Path.Combine(dir, $"population-{subjects}-part{part}.jsonl");
                int limit = (part + 1) * slice;
                using (var output = new BufferedStream(File.Create(partFile), 1 << 20))
                using (var writer = new ShangdingScore.Records.JsonLinesRecordWriter(output))
                {
                    for (; more; more = lines.MoveNext())
                    {
                        var line = lines.Current;
                        if (line.Record is { } r)
                        {
                            if (int.Parse(r.Subject.Value.AsSpan(2), CultureInfo.InvariantCulture) > limit) break;
                            writer.Write(r);
                        }
                        else
                        {
                            writer.Flush();
                            output.Write(Encoding.UTF8.GetBytes(line.MalformedText + "\n"));
                        }
                    }

                    writer.Flush();
                }

                await using (var input = new FileStream(partFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
                {
                    var imported = await store.ImportAsync(input, new StoreImportOptions { SourceName = Path.GetFileName(partFile), BatchSize = Arg("--batch", 20_000) });
                    taken += imported.RecordsTaken;
                }

                File.Delete(partFile);
                Console.WriteLine($"part {part}: subjects up to {Math.Min(limit, subjects):N0}, {taken:N0} records taken, {sw.Elapsed.TotalSeconds:F0} s; load {Load()}");
                part++;
            }
        }
        else
        {
            if (!File.Exists(file))
            {
                using var output = new BufferedStream(File.Create(file), 1 << 20);
                var population = PopulationGenerator.Write(output, options);
                Console.WriteLine($"generated {population.Lines:N0} lines ({population.Records:N0} records) in {sw.Elapsed.TotalSeconds:F1} s; {new FileInfo(file).Length / 1e6:F0} MB; load {Load()}");
            }

            sw.Restart();
            await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var imported = await store.ImportAsync(input, new StoreImportOptions { SourceName = Path.GetFileName(file), BatchSize = Arg("--batch", 20_000) });
            Console.WriteLine($"imported {imported.RecordsTaken:N0} records in {sw.Elapsed.TotalSeconds:F1} s; load {Load()}");
        }

        sw.Restart();
        int enrolled = 0;
        foreach (var chunk in PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).Chunk(50_000)) enrolled += await store.SetEnrolmentsAsync(chunk);
        Console.WriteLine($"enrolments of {enrolled:N0} subjects set in {sw.Elapsed.TotalSeconds:F1} s");
    }

    if (!args.Contains("--keep-jsonl") && File.Exists(file)) File.Delete(file);
    WriteResidence(dir, subjects, seed);
    Console.WriteLine($"database {new FileInfo(db).Length / 1e6:F0} MB");
    return 0;
}

async Task<int> MakeKeptAsync()
{
    int subjects = Arg("--subjects", 100_000);
    ulong seed = (ulong)Arg("--seed", 20190801);
    string dir = ArgText("--dir") ?? throw new ArgumentException("--dir is required");
    var asOf = LocalDatePattern.Iso.Parse(ArgText("--as-of") ?? "2025-06-30").GetValueOrThrow();
    Directory.CreateDirectory(dir);
    var db = Path.Combine(dir, $"kept-{subjects}.db");
    foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
    await KeptCity.MakeAsync(db, new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = subjects, Seed = seed }, asOf, Arg("--block", 50_000));
    WriteResidence(dir, subjects, seed);
    Console.WriteLine($"database {new FileInfo(db).Length / 1e6:F0} MB; load {Load()}");
    return 0;
}

static void WriteResidence(string dir, int subjects, ulong seed)
{
    var residence = Path.Combine(dir, $"residence-{subjects}.csv");
    var codes = ZhengzhouDistricts.Latest.Districts.Select(d => d.Code).ToArray();
    using (var w = new StreamWriter(residence, false, new UTF8Encoding(false), 1 << 20))
    {
        w.Write("subject,district\n");
        for (int i = 0; i < subjects; i++)
        {
            ulong h = Mix(seed ^ (ulong)i);
            if (h % 100 == 0) continue; // 1 % not in the register: the unknown row
            w.Write(PopulationOptions.SubjectAt(i).Value);
            w.Write(',');
            w.Write(codes[(int)((h >> 8) % (ulong)codes.Length)]);
            w.Write('\n');
        }
    }

    Console.WriteLine($"wrote {residence} ({codes.Length} districts)");
}

async Task<int> PiecesAsync()
{
    string db = ArgText("--db") ?? throw new ArgumentException("--db is required");
    string residencePath = ArgText("--residence") ?? throw new ArgumentException("--residence is required");
    var asOf = LocalDatePattern.Iso.Parse(ArgText("--as-of") ?? "2025-06-30").GetValueOrThrow();
    int workers = Arg("--workers", Environment.ProcessorCount);
    int parts = Arg("--parts", Environment.ProcessorCount); // the store read in this many parts at once (OpenSubjectScanAsync)
    var only = (ArgText("--only") ?? "scan,score,evaluate,dimensions,report").Split(',');
    var plan = ScoringPlan.Create(ZhengzhouRuleSets.InForceOn(asOf), asOf);
    var catalog = ZhengzhouDistricts.Latest;

    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var residence = LoadResidence(residencePath, catalog);
    Console.WriteLine($"residence: {residence.Count:N0} subjects loaded in {sw.Elapsed.TotalSeconds:F1} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F1} s; working set {Environment.WorkingSet / 1e6:F0} MB");

    await using var store = await SqliteCreditStore.OpenExistingAsync(db);
    if (only.Contains("scan"))
    {
        await TimeAsync("scan only", () => new long[2], (t, s) => { t[0]++; t[1] += s.Records.Length; }, t => $"{t.Sum(x => x[1]):N0} records");
    }

    if (only.Contains("score"))
    {
        await TimeAsync("scan + Score", () => new long[2], (t, s) =>
        {
            var r = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = asOf });
            t[0]++;
            if (r.Status == EvaluationStatus.Scored) t[1]++;
        }, t => $"{t.Sum(x => x[1]):N0} scored");
    }

    if (only.Contains("evaluate"))
    {
        await TimeAsync("scan + Evaluate", () => new long[2], (t, s) =>
        {
            var e = CreditEvaluator.Evaluate(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = asOf });
            t[0]++;
            if (e.Status == EvaluationStatus.Scored) t[1]++;
        }, t => $"{t.Sum(x => x[1]):N0} scored");
    }

    if (only.Contains("dimensions"))
    {
        var dims = plan.RuleSet.Dimensions.Length;
        await TimeAsync("scan + Score with dimension points", () => new decimal[dims + 1], (t, s) =>
        {
            Span<decimal> points = stackalloc decimal[dims];
            var r = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = asOf }, points);
            if (r.Status != EvaluationStatus.Scored) return;
            t[dims]++;
            for (int d = 0; d < dims; d++) t[d] += points[d];
        }, t => $"{t.Sum(x => x[dims]):N0} scored");
    }

    if (only.Contains("kept"))
    {
        // The report from the scores kept for the day (shangding monitor --from-scores): one score row and the enrolment per subject.
        var families = ShangdingScore.Benefits.DefaultBenefitCatalogs.Default.Benefits.ToImmutableDictionary(b => b.Code, b => b.Family, StringComparer.Ordinal);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var scores = store.ReadScoresAsync(new ScoreQuery { AsOf = asOf, RuleSetId = plan.RuleSet.Id, RuleSetVersion = plan.RuleSet.Version.ToString() });
        var report = await MonitoringReportBuilder.BuildFromKeptScoresAsync(scores, store.ReadEnrolmentsAsync(), plan, catalog, residence, store.QueryLog.ReadAllAsync(), store,
            new MonitoringOptions { BenefitFamilies = families, MaxDegreeOfParallelism = workers });
        var t = sw.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        long subjects = report.Tables.First(x => x.Id == MonitoringTableIds.Enrolment).GrandTotal ?? 0;
        Console.WriteLine($"report from kept scores: {subjects:N0} subjects in {t.TotalSeconds:F1} s = {subjects / t.TotalSeconds:N0} subjects/s, CPU {cpu.TotalSeconds:F1} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; load {Load()}");
    }

    if (only.Contains("report"))
    {
        long subjects = 0;
        var progress = new Counter(n => subjects = Math.Max(subjects, n));
        var families = ShangdingScore.Benefits.DefaultBenefitCatalogs.Default.Benefits.ToImmutableDictionary(b => b.Code, b => b.Family, StringComparer.Ordinal);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        await using var scan = await store.OpenSubjectScanAsync(SubjectScan.All, parts);
        var report = await MonitoringReportBuilder.BuildAsync(scan.Parts, plan, catalog, residence, store.QueryLog.ReadAllAsync(), store,
            new MonitoringOptions { BenefitFamilies = families, MaxDegreeOfParallelism = workers, Progress = progress });
        var t = sw.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"report builder: {subjects:N0} subjects in {t.TotalSeconds:F1} s = {subjects / t.TotalSeconds:N0} subjects/s, CPU {cpu.TotalSeconds:F1} s; {report.Tables.Length} tables; load {Load()}");
    }

    return 0;

    async Task TimeAsync<T>(string what, Func<T> create, Action<T, SubjectSnapshot> add, Func<ImmutableArray<T>, string> describe)
    {
        long n = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        await using var scan = await store.OpenSubjectScanAsync(SubjectScan.All, parts);
        var tallies = await SubjectFold.RunAsync(scan.Parts, workers, create, (t, s) => { add(t, s); }, new Counter(x => n = Math.Max(n, x)));
        var elapsed = timer.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{what}: {n:N0} subjects in {elapsed.TotalSeconds:F1} s = {n / elapsed.TotalSeconds:N0} subjects/s, CPU {cpu.TotalSeconds:F1} s; {describe(tallies)}; load {Load()}");
    }
}

// The residence CSV as shangding monitor reads it (MonitorInputs.Residence): the compact register, every line checked.
static CompactDistrictResidenceSource LoadResidence(string path, DistrictCatalog catalog) => CompactDistrictResidenceSource.Load(File.ReadAllBytes(path), catalog, path);

static ulong Mix(ulong z)
{
    z += 0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

int Arg(string name, int fallback) => ArgText(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string? ArgText(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>A progress sink that calls back synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class Counter(Action<long> report) : IProgress<long>
{
    public void Report(long value)
    {
        lock (this) report(value);
    }
}
