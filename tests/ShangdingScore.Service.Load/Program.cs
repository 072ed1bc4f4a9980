// The credit center under load (docs/performance-service.md). Three commands:
//
//   prepare: a theme database of N synthetic subjects (SQLite at DIR/theme.db, or a PostgreSQL schema), V registered
//            venues with fresh secrets (DIR/venues.tsv), and G grants issued through the service's own GrantIssuing
//            (DIR/grants.tsv), each to be redeemed once.
//     dotnet run -c Release --project tests/ShangdingScore.Service.Load -- prepare --dir /work/tmp-load/sqlite --subjects 1000000 --grants 150000
//     SHANGDING_PG_CONNECTION='Host=…' dotnet run -c Release --project tests/ShangdingScore.Service.Load -- prepare --store postgres --schema sdss_load --dir /work/tmp-load/pg --subjects 1000000
//     (--venues 50, --valid-minutes 10080, --parallel 4, --seed S, --fresh to start from an empty store)
//
//   run: starts the sample host (built with dotnet build -c Release samples/ShangdingScore.Samples.CreditCenter) on the
//        plan's store, or attaches to --url (with --server-pid for its memory), and drives POST /api/venue/decisions in
//        an open loop; prints a window every 10 s and a Markdown report (also written to --out).
//     dotnet run -c Release --project tests/ShangdingScore.Service.Load -- run --dir /work/tmp-load/sqlite --rate 2000 --duration 60
//     (--warmup 10, --connections 64, --replay-share 0.01, --wrong-benefit-share 0.01, --decisions-per-minute 6000, --port 5091)
//
//   drop: drops the plan's PostgreSQL schema.
using System.Diagnostics;
using ShangdingScore.Service.Load;

if (args.Length == 0 || args[0] is not ("prepare" or "run" or "drop"))
{
    Console.Error.WriteLine("usage: prepare --dir DIR [--store sqlite|postgres] [--schema NAME] [--subjects N] [--venues V] [--grants G] [--fresh] | run --dir DIR [--rate R] [--duration S] [--warmup S] [--connections C] [--url URL --server-pid PID] | drop --dir DIR");
    return 2;
}

var options = new LoadArgs(args);
try
{
    return args[0] switch
    {
        "prepare" => await Prepare.RunAsync(options, Console.Out),
        "run" => await RunAsync(),
        _ => await DropAsync(),
    };
}
catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

async Task<int> DropAsync()
{
    var plan = LoadPlan.Load(options.Required("--dir"));
    if (plan.Store != "postgres") throw new ArgumentException("drop is for a PostgreSQL plan; delete the folder of a SQLite one.");
    await plan.DropSchemaAsync();
    Console.WriteLine($"dropped schema {plan.Schema}");
    return 0;
}

async Task<int> RunAsync()
{
    var plan = LoadPlan.Load(options.Required("--dir"));
    var load = new LoadOptions
    {
        Rate = options.Number("--rate", 2000),
        Duration = TimeSpan.FromSeconds(options.Number("--duration", 60)),
        Warmup = TimeSpan.FromSeconds(options.Number("--warmup", 10)),
        Connections = options.Int("--connections", 64),
        ReplayShare = options.Number("--replay-share", 0.01),
        WrongBenefitShare = options.Number("--wrong-benefit-share", 0.01),
    };
    int decisionsPerMinute = options.Int("--decisions-per-minute", 6000);
    var secrets = File.ReadAllLines(plan.VenuesPath).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[2], StringComparer.Ordinal);
    var root = RepositoryRoot();
    var commit = Git(root, "rev-parse --short HEAD") + (Git(root, "status --porcelain --untracked-files=no").Length > 0 ? " (with uncommitted changes)" : string.Empty);
    ServerProcess? server = null;
    Uri url;
    int? pid;
    if (options.Text("--url") is { } attach)
    {
        url = new Uri(attach);
        pid = options.Text("--server-pid") is { } p ? int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
    else
    {
        var dll = options.Text("--server-dll") ?? Path.Combine(root, "samples/ShangdingScore.Samples.CreditCenter/bin/Release/net10.0/ShangdingScore.Samples.CreditCenter.dll");
        server = await ServerProcess.StartAsync(dll, plan, options.Int("--port", 5091), decisionsPerMinute, Console.Out);
        url = server.Url;
        pid = server.Id;
    }

    var hostSettings = string.Join(", ", ServerProcess.Settings(plan, decisionsPerMinute).Select(kv => kv.Key + "=" + kv.Value)) + (options.Has("--url") ? " (attached: as the host was started)" : string.Empty);
    Console.WriteLine($"# run: {plan.Describe()}, {plan.Subjects:N0} subjects, {load.Rate:N0}/s for {load.Duration.TotalSeconds:F0} s (+{load.Warmup.TotalSeconds:F0} s warm-up), {load.Connections} connections, commit {commit}; load {LoadAverage.Read()}");
    try
    {
        using var http = LoadDriver.CreateClient(url, load.Connections);
        using var grants = new StreamReader(plan.GrantsPath, System.Text.Encoding.UTF8, false, 1 << 20);
        var driver = new LoadDriver(http, secrets, grants, load, () => pid, null, Console.Out);
        var result = await driver.RunAsync();
        var markdown = LoadReport.Markdown(result, plan.Store == "sqlite" ? "SQLite" : "PostgreSQL", plan.Subjects, commit, hostSettings);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var outPath = options.Text("--out") ?? Path.Combine(plan.Folder, $"report-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(outPath, markdown);
        Console.WriteLine($"report written to {outPath}");

        // The grants sent are spent: the next run takes the lines after them.
        var left = plan.GrantsPath + ".left";
        await using (var rest = new StreamWriter(left))
        {
            while (await grants.ReadLineAsync() is { } line) await rest.WriteLineAsync(line);
        }

        grants.Close();
        File.Move(left, plan.GrantsPath, overwrite: true);
        return 0;
    }
    finally
    {
        if (server is not null) await server.DisposeAsync();
    }
}

static string RepositoryRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "ShangdingScore.Sdk.sln"))) return d.FullName;
    }

    return Directory.GetCurrentDirectory();
}

static string Git(string folder, string arguments)
{
    try
    {
        var info = new ProcessStartInfo("git", arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(info)!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? text : "unknown";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}
