using BenchmarkDotNet.Running;

namespace ShangdingScore.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project tests/ShangdingScore.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
