using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ShangdingScore.Service.Load.Tests;

/// <summary>prepare and a few seconds of run against the sample host (in-process) on a small SQLite store.</summary>
public sealed class LoadRunTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "shangding-load-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Prepare_again_with_another_subject_count_is_refused_and_keeps_the_plan()
    {
        var output = new StringWriter();
        Assert.Equal(0, await Prepare.RunAsync(new LoadArgs(["prepare", "--dir", _folder, "--subjects", "300", "--venues", "2", "--grants", "10", "--parallel", "1"]), output));

        var fewer = await Assert.ThrowsAsync<ArgumentException>(() => Prepare.RunAsync(new LoadArgs(["prepare", "--dir", _folder, "--subjects", "100", "--venues", "2", "--grants", "10", "--parallel", "1"]), output));
        await Assert.ThrowsAsync<ArgumentException>(() => Prepare.RunAsync(new LoadArgs(["prepare", "--dir", _folder, "--subjects", "3000", "--venues", "2", "--grants", "10", "--parallel", "1"]), output));

        Assert.Contains("--subjects is 100", fewer.Message, StringComparison.Ordinal);
        Assert.Equal(300, LoadPlan.Load(_folder).Subjects);
        Assert.Equal(0, await Prepare.RunAsync(new LoadArgs(["prepare", "--dir", _folder, "--subjects", "300", "--venues", "2", "--grants", "20", "--parallel", "1"]), output));
        Assert.Equal(20, File.ReadLines(Path.Combine(_folder, "grants.tsv")).Count());
    }

    [Fact]
    public async Task Prepared_grants_are_decided_once_replays_are_refused_and_every_request_is_counted()
    {
        var output = new StringWriter();
        var prepared = await Prepare.RunAsync(new LoadArgs(["prepare", "--dir", _folder, "--subjects", "300", "--venues", "6", "--grants", "400", "--parallel", "2"]), output);
        Assert.Equal(0, prepared);
        Assert.Equal(400, File.ReadLines(Path.Combine(_folder, "grants.tsv")).Count());
        var plan = LoadPlan.Load(_folder);
        Assert.Equal(300, plan.Subjects);

        await using var host = new SampleHost(_folder);
        using var http = host.CreateClient();
        var secrets = File.ReadAllLines(plan.VenuesPath).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[2], StringComparer.Ordinal);
        using var grants = new StreamReader(plan.GrantsPath);
        var options = new LoadOptions { Rate = 60, Duration = TimeSpan.FromSeconds(4), Warmup = TimeSpan.FromSeconds(1), ReplayShare = 0.15, WrongBenefitShare = 0.1, Window = TimeSpan.FromSeconds(2) };
        var result = await new LoadDriver(http, secrets, grants, options, () => null, null, output).RunAsync();

        Assert.Equal(240, result.Scheduled);
        Assert.Equal(result.Scheduled, result.Outcomes.Values.Sum());
        Assert.Equal(0, result.NotAnswered);
        Assert.Equal(result.Answered, result.Latency.Count);
        Assert.True(result.Count("fresh", "200 answered: granted") > 0, Describe(result));
        Assert.True(result.Outcomes.Keys.Count(k => k.Sent == "fresh" && k.Outcome.StartsWith("200 answered", StringComparison.Ordinal)) >= 2, Describe(result));

        // Every deliberate replay is refused as replayed; every wrong benefit as a purpose the grant does not cover.
        Assert.All(result.Outcomes.Where(o => o.Key.Sent == "replay"), o => Assert.Equal("200 refused: replayed", o.Key.Outcome));
        Assert.All(result.Outcomes.Where(o => o.Key.Sent == "wrong-benefit"), o => Assert.Equal("200 refused: wrong-purpose", o.Key.Outcome));
        Assert.True(result.Count("replay", "200 refused: replayed") > 0, Describe(result));
        Assert.True(result.Count("wrong-benefit", "200 refused: wrong-purpose") > 0, Describe(result));
        Assert.True(result.Latency.Percentile(99) >= result.Latency.Percentile(50));

        var markdown = LoadReport.Markdown(result, "SQLite", plan.Subjects, "test", "in-process");
        Assert.Contains("| SQLite | 300 | 60 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| replay | 200 refused: replayed |", markdown, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is cleaned later.
        }
    }

    private static string Describe(LoadResult r) => string.Join("; ", r.Outcomes.Select(o => $"{o.Key.Sent} {o.Key.Outcome}: {o.Value}"));

    /// <summary>The sample host on the prepared folder's theme.db (Development: no HTTPS redirection on the test server).</summary>
    private sealed class SampleHost(string folder) : WebApplicationFactory<ShangdingScore.Samples.CreditCenter.SampleStores>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Shangding:DataDirectory", folder);
        }
    }
}
