// The whole city in memory at full size (docs/performance.md, "The whole city in memory (issue 12, targets 2–3)").
//
// Builds a CompactCity of a PopulationGenerator population straight from the generator (streaming: one part per core,
// each part generating and preparing its own range of subjects; no store: 12.6 M subjects / ~250 M records do not fit
// a store on this machine in the time a run has), on two rule sets: the launch version (2019.1.0) and a pinned
// what-if version (2027.1.0: volunteer hours worth 1 point, record cap 10). Then rescores the whole city for an asOf,
// a what-if asOf and the second version, each several times, and prints wall time, bytes per record and peak RSS.
//
//   dotnet run -c Release --project tests/ShangdingScore.City.Scale -- --subjects 12600000
//   (--parts N: builder threads, default: cores; --workers N: rescoring threads, default: cores; --as-of DAY, default
//   2025-06-30; --what-if-days N, default 365; --repeat N: timed rescorings per plan after a first (cold) one, default 3; --check N: re-generate every N-th subject and
//   compare the city's score with CreditEvaluator.Score on its delivered records, default 10007, 0 for none; --wait-for
//   FILE: build, then wait until FILE exists before the rescorings)
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing.Population;

int subjects = Arg("--subjects", 1_000_000);
int parts = Arg("--parts", Environment.ProcessorCount);
int workers = Arg("--workers", Environment.ProcessorCount);
int repeat = Arg("--repeat", 3);
int check = Arg("--check", 10_007);
int whatIfDays = Arg("--what-if-days", 365);
var asOf = LocalDatePattern.Iso.Parse(ArgText("--as-of", "2025-06-30")).GetValueOrThrow();

var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
var whatIf = RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
    .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
    .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
    .Replace("\"pointsPerUnit\": 0.1,\n      \"recordCap\": 2,", "\"pointsPerUnit\": 1,\n      \"recordCap\": 10,", StringComparison.Ordinal)).GetValueOrThrow();
var options = new PopulationOptions { RuleSet = launch, Subjects = subjects };

Console.WriteLine($"# city: {subjects:N0} subjects, {parts} builder parts, {workers} rescoring workers, {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {Load()}");

// Build: each part generates its range of subjects and adds them to its own builder.
var clock = Stopwatch.StartNew();
long malformed = 0;
var builders = new CompactCityBuilder[parts];
var tasks = new Task[parts];
for (int p = 0; p < parts; p++)
{
    int part = p;
    int first = (int)((long)subjects * part / parts), count = (int)((long)subjects * (part + 1) / parts) - first;
    tasks[p] = Task.Factory.StartNew(() =>
    {
        var builder = builders[part] = new CompactCityBuilder(new[] { launch, whatIf }, count, count * 19L);
        Interlocked.Add(ref malformed, AddRange(builder, first, count));
    }, TaskCreationOptions.LongRunning);
}

Task.WaitAll(tasks);
var city = CompactCityBuilder.Build(builders);
builders = null!;
var buildTime = clock.Elapsed;
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
Console.WriteLine($"build: {buildTime.TotalSeconds:F1} s ({city.SubjectCount / buildTime.TotalSeconds:N0} subjects/s, {city.DeliveredRecordCount / buildTime.TotalSeconds:N0} delivered records/s; generator included), {malformed:N0} malformed lines set aside");
Console.WriteLine($"subjects {city.SubjectCount:N0}, delivered records {city.DeliveredRecordCount:N0}, compact records {string.Join(" / ", city.CompactRecordCounts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} (2019.1.0 / 2027.1.0), fallback subjects {city.FallbackSubjectCount:N0}");
// Where the build time goes: the generator alone (lines and enrolments, no preparation) on the first subjects, one thread.
int sample = Math.Min(subjects, 200_000);
var generatorClock = Stopwatch.StartNew();
long sampleLines = PopulationGenerator.Lines(options, 0, sample).LongCount() + PopulationGenerator.Enrolments(options, 0, sample).LongCount();
Console.WriteLine($"generator alone, first {sample:N0} subjects on one thread: {generatorClock.Elapsed.TotalSeconds:F1} s ({sample / generatorClock.Elapsed.TotalSeconds:N0} subjects/s; {sampleLines:N0} lines and enrolments)");
Console.WriteLine($"memory: compact columns {city.MemoryBytes / 1e6:N0} MB = {(double)city.MemoryBytes / city.DeliveredRecordCount:F2} bytes per delivered record ({(double)city.MemoryBytes / city.CompactRecordCounts.Sum():F2} per compact record, both rule sets); GC heap {GC.GetTotalMemory(false) / 1e6:N0} MB; RSS {Status("VmRSS")}, peak RSS {Status("VmHWM")}");

// --wait-for FILE: hold the built city until FILE exists, so that the rescorings can be timed on a quiet machine
// while the (long, load-insensitive) build ran beside other work.
if (ArgText("--wait-for", "") is { Length: > 0 } gate)
{
    Console.WriteLine($"waiting for {gate} before rescoring (load {Load()})");
    while (!File.Exists(gate)) Thread.Sleep(1000);
    Console.WriteLine($"{gate} exists: rescoring (load {Load()})");
}

// Rescorings: the asOf, a what-if asOf, and the pinned second version on the asOf.
var plans = new (string Name, ScoringPlan Plan)[]
{
    ($"2019.1.0 asOf {asOf:uuuu-MM-dd}", ScoringPlan.Create(launch, asOf)),
    ($"2019.1.0 what-if asOf {asOf.PlusDays(whatIfDays):uuuu-MM-dd}", ScoringPlan.Create(launch, asOf.PlusDays(whatIfDays))),
    ($"2027.1.0 (pinned what-if version) asOf {asOf:uuuu-MM-dd}", ScoringPlan.Create(whatIf, asOf, inForce: false)),
};
foreach (var (name, plan) in plans)
{
    var times = new List<double>();
    var cpu = new List<double>();
    // The first rescoring of a plan is reported on its own (cold: tiered JIT, first touch of the plan's tables), the
    // next `repeat` give min and median.
    var coldCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var cold = Stopwatch.StartNew();
    CityTally tally = city.Tally(plan, workers);
    Console.WriteLine($"rescore {name}, first (cold): wall {cold.Elapsed.TotalSeconds:F2} s, CPU {(Process.GetCurrentProcess().TotalProcessorTime - coldCpu).TotalSeconds:F2} s, load {Load()}");
    for (int i = 0; i < repeat; i++)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var t = Stopwatch.StartNew();
        tally = city.Tally(plan, workers);
        times.Add(t.Elapsed.TotalSeconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    times.Sort();
    cpu.Sort();
    long records = city.CompactRecordCounts[plan.RuleSet == launch ? 0 : 1];
    Console.WriteLine($"rescore {name}: wall min {times[0]:F2} s, median {times[times.Count / 2]:F2} s, CPU min {cpu[0]:F2} s ({cpu[0] * 1e9 / city.SubjectCount:F0} ns CPU per subject; {city.SubjectCount / times[0]:N0} subjects/s, {records / times[0]:N0} compact records/s); "
        + $"scored {tally.Scored:N0}, not enrolled {tally.NotEnrolled:N0}, not clean {tally.NotClean:N0}, fallback {tally.FallbackScored:N0}; "
        + $"grades {string.Join(" ", plan.RuleSet.Grades.Select((g, k) => $"{g.Code}={tally.GradeCounts[k]:N0}"))}; sum {tally.ScoreSum}");
}

Console.WriteLine($"after rescoring: RSS {Status("VmRSS")}, peak RSS {Status("VmHWM")}, load {Load()}");

// Spot check: every check-th subject re-generated and scored by the evaluator on its delivered records.
if (check > 0)
{
    int compared = 0;
    for (int i = 0; i < subjects; i += check)
    {
        var records = PopulationGenerator.Lines(options, i, 1).Where(l => l.Record is not null).Select(l => l.Record!).ToImmutableArray();
        var enrolment = PopulationGenerator.Enrolments(options, i, 1).Single().Value;
        foreach (var (_, plan) in plans)
        {
            var expected = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = PopulationOptions.SubjectAt(i), Enrolment = enrolment, Records = records, AsOf = plan.AsOf });
            var actual = city.Score(plan, i);
            if (expected.Status != actual.Status || expected.Score?.ToString(CultureInfo.InvariantCulture) != actual.Score?.ToString(CultureInfo.InvariantCulture) || !Equals(expected.Grade, actual.Grade) || expected.IsClean != actual.IsClean)
            {
                Console.Error.WriteLine($"MISMATCH subject {i} {plan.RuleSet.Version} {plan.AsOf}: evaluator {expected.Score} {expected.Grade?.Code} {expected.IsClean}, city {actual.Score} {actual.Grade?.Code} {actual.IsClean}");
                return 1;
            }

            compared++;
        }
    }

    Console.WriteLine($"check: {compared:N0} subject scores equal to CreditEvaluator.Score on the delivered records");
}

return 0;

// Adds subjects first … first + count − 1 to the builder: each subject's lines follow its enrolment; malformed lines are counted and set aside.
long AddRange(CompactCityBuilder builder, int first, int count)
{
    long bad = 0;
    using var lines = PopulationGenerator.Lines(options, first, count).GetEnumerator();
    bool more = lines.MoveNext();
    var records = ImmutableArray.CreateBuilder<CreditRecord>();
    foreach (var (subject, enrolment) in PopulationGenerator.Enrolments(options, first, count))
    {
        records.Clear();
        while (more && (lines.Current.Record is not { } r || r.Subject == subject))
        {
            if (lines.Current.Record is { } record) records.Add(record);
            else bad++;
            more = lines.MoveNext();
        }

        builder.Add(subject, enrolment, records.ToImmutable());
    }

    if (more) throw new InvalidOperationException("Lines are left after the last subject of the range.");
    return bad;
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string ArgText(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string Status(string key) =>
    File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?.Substring(key.Length + 1).Trim() ?? "?";

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
