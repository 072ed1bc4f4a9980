using System.Diagnostics;
using System.Text;

namespace ShangdingScore.Cli.Tests;

/// <summary>What one run of the tool gave.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the built tool as a process, <c>dotnet shangding.dll …</c>: the project reference copies
/// <c>shangding.dll</c> with its runtimeconfig and deps beside the test assembly, so this works on a
/// clean clone after <c>dotnet test</c> has built the tests.
/// </summary>
public static class CliProcess
{
    private static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "shangding.dll");

    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, TimeSpan.FromSeconds(60), args);

    public static CliResult Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        Assert.True(File.Exists(ToolPath), $"The tool was not built beside the tests: {ToolPath} is missing.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"shangding {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s.");
        }

        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
