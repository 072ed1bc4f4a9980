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

        if (args.Length > 0 && args[0] == "--compare-evaluate")
        {
            CompareEvaluate(args.Length > 1 ? int.Parse(args[1]) : 50, args.Length > 2 ? int.Parse(args[2]) : 20);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>
    /// On a shared machine: batches of the careful baseline, <c>Evaluate</c> and the rendering of its explanation,
    /// interleaved for <paramref name="seconds"/>; per method the fastest batch and the median batch, per call.
    /// The fastest batch is the one least disturbed by other processes, so the ratios of the minima are the steadiest figure.
    /// </summary>
    private static void CompareEvaluate(int records, int seconds)
    {
        var bench = new SubjectBenchmarks { Records = records };
        bench.Setup();
        var methods = new (string Name, Action Call)[]
        {
            ("Careful baseline, score only", () => bench.CarefulScore()),
            ("SDK Score (plan), the same steps but step 8", () => bench.Score()),
            ("SDK Evaluate, full explanation (plan)", () => bench.Evaluate()),
            ("Render explanation (zh-CN), of an evaluation", () => bench.RenderExplanation()),
        };
        const int Batch = 2000;
        var times = methods.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int m = 0; m < methods.Length; m++)
            {
                var call = methods[m].Call;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++) call();
                times[m].Add((Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency / Batch);
            }
        }

        double baseline = times[0].Min();
        Console.WriteLine($"{records} records, {times[0].Count} interleaved batches of {Batch} calls each:");
        for (int m = 0; m < methods.Length; m++)
        {
            var sorted = times[m].OrderBy(t => t).ToList();
            Console.WriteLine($"  {methods[m].Name,-48} fastest {sorted[0],8:F3} µs  median {sorted[sorted.Count / 2],8:F3} µs  fastest/careful {sorted[0] / baseline:F2}");
        }
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
