using System.Globalization;
using System.Text;

namespace ShangdingScore.Service.Load;

/// <summary>The Markdown of a run, ready to paste into docs/performance-service.md.</summary>
public static class LoadReport
{
    /// <summary>The summary row, the per-window table and the outcome table.</summary>
    public static string Markdown(LoadResult r, string store, int subjects, string commit, string hostSettings)
    {
        var s = new StringBuilder();
        var o = r.Options;
        s.AppendLine(CultureInfo.InvariantCulture, $"Run of {Now()} UTC, commit {commit}, {Environment.ProcessorCount} cores; store {store}, {subjects:N0} subjects; open loop at {o.Rate:N0} requests/s offered for {o.Duration.TotalSeconds:F0} s after {o.Warmup.TotalSeconds:F0} s of warm-up, at most {o.Connections} connections; {o.ReplayShare:P1} replays and {o.WrongBenefitShare:P1} wrong-benefit requests mixed in; host: {hostSettings}.");
        s.AppendLine();
        s.AppendLine("| store | subjects | offered/s | answered/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | not 200 | server RSS MB (first → last window) | load before → after |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var windows = r.Windows.Where(w => w.ServerRssMb is not null || w.Answered + w.Failed > 0).ToList();
        var rss = windows.Where(w => w.ServerRssMb is not null).Select(w => w.ServerRssMb!.Value).ToList();
        var rssText = rss.Count == 0 ? "—" : $"{rss[0]:F0} → {rss[^1]:F0}";
        s.AppendLine(CultureInfo.InvariantCulture, $"| {store} | {subjects:N0} | {o.Rate:N0} | **{r.Answered / Math.Max(r.ElapsedSeconds, o.Duration.TotalSeconds):N0}** | {Ms(r.Latency.Percentile(50))} | {Ms(r.Latency.Percentile(90))} | **{Ms(r.Latency.Percentile(99))}** | {Ms(r.Latency.Percentile(99.9))} | {Ms(r.Latency.Max)} | {r.NotAnswered:N0} of {r.Scheduled:N0} | {rssText} | {r.LoadBefore} → {r.LoadAfter} |");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Latency from the scheduled send to the end of the response; from the actual send (service time) p50 {Ms(r.ServiceTime.Percentile(50))} ms, p99 {Ms(r.ServiceTime.Percentile(99))} ms, max {Ms(r.ServiceTime.Max)} ms.");
        s.AppendLine();
        s.AppendLine("| window end (s) | answered/s | p99 ms | max ms | not 200 | server RSS MB | server GC heap MB | server cores | generator cores | load average |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var w in windows)
        {
            var seconds = o.Window.TotalSeconds;
            s.AppendLine(CultureInfo.InvariantCulture, $"| {w.StartSeconds + seconds:F0} | {w.Answered / seconds:N0} | {Ms(w.Latency.Percentile(99))} | {Ms(w.Latency.Max)} | {w.Failed:N0} | {Opt(w.ServerRssMb, "F0")} | {Opt(w.ServerGcHeapMb, "F0")} | {Opt(w.ServerCores, "F2")} | {Opt(w.ClientCores, "F2")} | {(w.LoadAverage.Length == 0 ? "—" : w.LoadAverage)} |");
        }

        s.AppendLine();
        s.AppendLine("| sent as | outcome | count |");
        s.AppendLine("| --- | --- | --- |");
        foreach (var ((sent, outcome), n) in r.Outcomes.OrderBy(x => x.Key.Sent, StringComparer.Ordinal).ThenByDescending(x => x.Value))
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {sent} | {outcome} | {n:N0} |");
        }

        long warm = r.WarmupOutcomes.Values.Sum();
        long warmNot200 = r.WarmupOutcomes.Where(x => !x.Key.Outcome.StartsWith("200 ", StringComparison.Ordinal)).Sum(x => x.Value);
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Warm-up (not in the figures): {warm:N0} requests, {warmNot200:N0} not 200.");
        return s.ToString();
    }

    /// <summary>Microseconds as milliseconds with one decimal.</summary>
    public static string Ms(long micros) => (micros / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Opt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
