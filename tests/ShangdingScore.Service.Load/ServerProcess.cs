using System.Diagnostics;
using System.Globalization;

namespace ShangdingScore.Service.Load;

/// <summary>
/// The sample host (samples/ShangdingScore.Samples.CreditCenter, built in Release) as a separate process on localhost,
/// on the plan's store, in Production (random secrets for the sample's own venues, no developer pages), with the console
/// log at Warning (at Information the gateway writes a line per decision) and the decision limit it is given.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>Where it listens.</summary>
    public Uri Url { get; }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>The environment the host is started with (printed with the figures).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(LoadPlan plan, int decisionsPerMinute)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("ASPNETCORE_ENVIRONMENT", "Production"),
            new("Logging__LogLevel__Default", "Warning"),
            new("Shangding__DecisionsPerMinute", decisionsPerMinute.ToString(CultureInfo.InvariantCulture)),

            // The sample's seeding counts the store's subjects to see whether it is empty: minutes on a million.
            new("Shangding__SeedSample", "false"),

            // Outside Development the host refuses to keep its Data Protection keys unencrypted unless told to
            // (docs/service.md, "Keys"); the certificate would only be used when keys are loaded, never per decision.
            new("Shangding__DataProtection__AllowUnencryptedKeys", "true"),
        };
        if (plan.Store == "sqlite") list.Add(new("Shangding__DataDirectory", plan.Folder));
        else list.Add(new("Shangding__PostgresSchema", plan.Schema));
        return list;
    }

    /// <summary>Starts the host and waits until it answers <c>/api/keys</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, LoadPlan plan, int port, int decisionsPerMinute, TextWriter output)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"The sample host {dll} is not built: dotnet build -c Release samples/ShangdingScore.Samples.CreditCenter", dll);
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var (k, v) in Settings(plan, decisionsPerMinute)) info.Environment[k] = v;
        if (plan.Store == "postgres") info.Environment["ConnectionStrings__Shangding"] = LoadPlan.PostgresConnection;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");

        // The host's own lines go to a file beside the plan (the sample prints its venues' secrets when it makes them).
        var log = new StreamWriter(Path.Combine(plan.Folder, "server.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, url);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited) throw new InvalidOperationException($"The sample host exited with {process.ExitCode} before answering; see {Path.Combine(plan.Folder, "server.log")}.");
            try
            {
                using var answer = await http.GetAsync(new Uri(url, "/api/keys"));
                if (answer.IsSuccessStatusCode)
                {
                    output.WriteLine($"sample host pid {process.Id} answered at {url} after {started.Elapsed.TotalSeconds:F1} s");
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        await server.DisposeAsync();
        throw new TimeoutException("The sample host did not answer /api/keys within 3 minutes.");
    }

    /// <summary>Stops the host (it was started by this process).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

/// <summary>A process's memory as the kernel reports it (/proc/PID/status).</summary>
public static class ProcessMemory
{
    /// <summary>Resident set size in MB, or null when unreadable (the process is gone, or not Linux).</summary>
    public static double? ResidentMegabytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>CPU seconds (user + system) the process has used, from /proc/PID/stat; null when unreadable.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

            // Fields 14 and 15 of stat (utime, stime), counted from after the command name; clock ticks are 100 a second on Linux.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
