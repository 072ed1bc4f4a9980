using System.Runtime.CompilerServices;
using ShangdingScore.Samples.Rights;

namespace ShangdingScore.Rights.Tests.Walkthrough;

/// <summary>The walkthrough sample (docs/rights.md) runs and prints exactly the pinned text: each day's grade and every replay identical.</summary>
public class RightsWalkthroughTests
{
    [Fact]
    public async Task RunAsync_PrintsThePinnedWalkthrough()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        await RightsWalkthrough.RunAsync(writer);
        var text = writer.ToString();

        var pinned = PinnedPath();
        if (Environment.GetEnvironmentVariable("SHANGDING_UPDATE_PINNED") == "1") await File.WriteAllTextAsync(pinned, text);
        Assert.Equal(await File.ReadAllTextAsync(pinned), text);
    }

    [Fact]
    public async Task RunAsync_GradeFollowsTheStepsAndEveryReplayIsIdentical()
    {
        using var writer = new StringWriter { NewLine = "\n" };
        await RightsWalkthrough.RunAsync(writer);
        var lines = writer.ToString().Split('\n');

        Assert.Contains("2026-06-02 20:00   98.0 轻微失信 Slightly untrustworthy", lines);
        Assert.Contains("2026-06-03 20:00  100.0 信用良好 Good", lines);
        Assert.Contains("2026-06-15 20:00   98.0 轻微失信 Slightly untrustworthy", lines);
        Assert.Contains("2026-06-25 20:00  103.0 信用良好 Good", lines);
        Assert.Equal(30, lines.Count(l => l.EndsWith("identical 一致", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("DIFFERENT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("== 审计 audit trail: intact (5 entries", StringComparison.Ordinal));
    }

    private static string PinnedPath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "rights-walkthrough.txt");
}
