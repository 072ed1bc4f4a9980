using System.Runtime.CompilerServices;

namespace ShangdingScore.Monitoring.Tests;

/// <summary>
/// docs/monitoring/ holds the sample report of docs/monitoring.md, generated from the synthetic city; this test
/// fails when it is out of date. Regenerate with <c>SHANGDING_UPDATE_SAMPLES=1 dotnet test tests/ShangdingScore.Monitoring.Tests</c>.
/// </summary>
public sealed class SampleReportTests
{
    [Fact]
    public async Task SampleReportInDocs_IsWhatTheSyntheticCityGivesToday()
    {
        await using var city = await SyntheticCity.CreateAsync(600, 7);
        var report = (await city.BuildAsync()).ToPublishable(10);
        var folder = Path.Combine(RepoRoot(), "docs", "monitoring");
        var expected = new Dictionary<string, string>
        {
            ["sample-report.html"] = MonitoringWriters.Html(report),
            ["sample-grades.csv"] = string.Concat(MonitoringWriters.Csv(report).Split("\r\n").Where((l, i) => i == 0 || l.StartsWith("grades,", StringComparison.Ordinal)).Select(l => l + "\n")).TrimEnd('\n') + "\n",
        };
        if (Environment.GetEnvironmentVariable("SHANGDING_UPDATE_SAMPLES") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var kv in expected) File.WriteAllText(Path.Combine(folder, kv.Key), kv.Value);
        }

        foreach (var kv in expected)
        {
            var path = Path.Combine(folder, kv.Key);
            Assert.True(File.Exists(path), $"{path} is missing; regenerate with SHANGDING_UPDATE_SAMPLES=1.");
            Assert.True(File.ReadAllText(path).Replace("\r\n", "\n") == kv.Value.Replace("\r\n", "\n"), $"{path} is out of date; regenerate with SHANGDING_UPDATE_SAMPLES=1.");
        }
    }

    private static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
