using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/ShangdingScore.Benchmarks -- --filter '*'</c>.
/// <c>-- --profile-evaluate [records] [seconds]</c> instead runs <see cref="SubjectBenchmarks.Evaluate"/> in a loop
/// (default 50 records, 20 s) for a sampling profiler such as <c>perf record</c> (with <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--profile-evaluate")
        {
            ProfileEvaluate(args.Length > 1 ? int.Parse(args[1]) : 50, args.Length > 2 ? int.Parse(args[2]) : 20);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void ProfileEvaluate(int records, int seconds)
    {
        var bench = new SubjectBenchmarks { Records = records };
        bench.Setup();
        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 10_000; i++) bench.Evaluate();
            calls += 10_000;
        }

        Console.WriteLine($"{calls} evaluations of {records} records in {clock.Elapsed.TotalSeconds:F1} s: {clock.Elapsed.TotalMilliseconds * 1000 / calls:F2} µs each");
    }
}
