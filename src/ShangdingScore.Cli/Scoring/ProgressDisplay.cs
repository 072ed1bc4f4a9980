using Spectre.Console;

namespace ShangdingScore.Cli.Scoring;

/// <summary>
/// The progress bar of a long <c>score</c> or <c>impact</c> run (Spectre.Console, drawn on stderr): only when both
/// stdout and stderr are a terminal, the scores go to a file, <c>--json</c> is not given and the
/// input is large (a records file of at least 8 MiB, a store of at least 20 000 subjects).
/// </summary>
internal static class ProgressDisplay
{
    public const long LongFileBytes = 8L << 20;
    public const long LongStoreSubjects = 20_000;

    public static bool TerminalAttached => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="body"/>, handing it a (done, total) callback that moves the bar, or null when no bar is shown.</summary>
    public static async Task RunAsync(bool show, long total, Func<Action<long, long>?, Task> body, string label = "scoring 评分")
    {
        if (!show)
        {
            await body(null).ConfigureAwait(false);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(label, maxValue: Math.Max(1, total));
                await body((done, all) => task.Value = Math.Min(done, all)).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
    }
}
