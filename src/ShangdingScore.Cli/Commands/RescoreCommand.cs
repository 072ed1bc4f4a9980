using System.CommandLine;
using System.Data.Common;
using NodaTime;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Scoring;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding rescore</c>: scores every subject of a SQLite theme database for one day with <see cref="BatchRescorer"/>
/// (the embedded Zhengzhou versions) and keeps the scores in the store, each with its dimensions' points, so that
/// <c>monitor --from-scores</c> reports from them without scoring the city again.
/// </summary>
internal static class RescoreCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "A SQLite theme database (ShangdingScore.Store.Sqlite): its subjects are scored and the scores kept in it.", Required = true, HelpName = "PATH.db" };
        var asOf = CliOptions.Date("--as-of", "The day scored", required: true);
        var knownAt = CliOptions.KnownAt();
        var version = new Option<string?>("--version")
        {
            Description = "A version of the embedded Zhengzhou rule set (SemVer, e.g. 2019.1.0) to pin; the scores are then marked not in force unless it is the one in force. Default: the version in force on --as-of.",
            HelpName = "VERSION",
        };
        var json = CliOptions.Json();
        var command = new Command("rescore", "Score every subject of a theme database for a day and keep the scores in it (批量重新评分), for monitor --from-scores.")
        {
            store, asOf, knownAt, version, json,
        };
        CommandRunner.SetBody(command, json, (parse, ct) =>
        {
            var day = parse.GetValue(asOf);
            var plan = PlanFor(day, parse.GetValue(version));
            var options = new BatchRescoreOptions { AsOf = day, KnownAt = parse.GetValue(knownAt), PinnedVersion = plan.InForce ? null : plan.RuleSet.Version };
            return RunAsync(parse.GetValue(store)!, plan, options, parse.GetValue(json), ct);
        });
        return command;
    }

    /// <summary>
    /// The plan the rescorer will use, checked before the store is opened: a pinned version must be one the embedded rule
    /// set ships, and without one a version must be in force on the day.
    /// </summary>
    internal static ScoringPlan PlanFor(LocalDate day, string? version)
    {
        var history = ZhengzhouRuleSets.History;
        if (version is null)
        {
            if (history.InForceOn(day) is null)
            {
                throw new CliFailure(ExitCodes.Invalid, FailureCodes.NoVersionInForce, $"--as-of: no version of {history.Id} is in force on {Fmt.Date(day)}; the earliest takes effect on {Fmt.Date(history.Versions[0].EffectiveFrom)}. Pin one with --version.");
            }

            return history.PlanFor(day);
        }

        if (!RuleSetVersion.TryParse(version, out var pinned))
        {
            throw CliFailure.Usage($"--version: '{version}' is not a Semantic Versioning 2.0 version such as 2019.1.0.");
        }

        if (history.Find(pinned) is null)
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.UnknownVersion, $"--version: the embedded rule set {history.Id} has no version {pinned}; it ships {string.Join(", ", history.Versions.Select(v => v.Version))}.");
        }

        return history.PlanFor(day, pinned);
    }

    private static async Task<int> RunAsync(string path, ScoringPlan plan, BatchRescoreOptions options, bool asJson, CancellationToken ct)
    {
        var store = await StoreFiles.OpenAsync(path, ct).ConfigureAwait(false);
        BatchRescoreResult result;
        await using (store.ConfigureAwait(false))
        {
            try
            {
                var subjects = (await store.CountAsync(ct).ConfigureAwait(false)).Subjects;
                bool show = !asJson && subjects >= ProgressDisplay.LongStoreSubjects && ProgressDisplay.TerminalAttached;
                BatchRescoreResult? done = null;
                await ProgressDisplay.RunAsync(show, subjects, async progress =>
                {
                    var run = progress is null ? options : WithProgress(options, new RescoreProgress(p => progress(p.SubjectsScored, subjects)));
                    done = await new BatchRescorer(ZhengzhouRuleSets.History).RescoreAsync(store, run, ct).ConfigureAwait(false);
                }, "rescore 重新评分").ConfigureAwait(false);
                result = done!;
            }
            catch (DbException ex)
            {
                throw CliFailure.Io(path, ex);
            }
        }

        Console.Out.Write(asJson ? RescoreSummary.Json(result, plan, path) + "\n" : RescoreSummary.Text(result, plan, path));
        return ExitCodes.Ok;
    }

    private static BatchRescoreOptions WithProgress(BatchRescoreOptions o, IProgress<BatchRescoreProgress> progress) => new()
    {
        AsOf = o.AsOf,
        KnownAt = o.KnownAt,
        PinnedVersion = o.PinnedVersion,
        MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
        ChunkSize = o.ChunkSize,
        WriteBatchSize = o.WriteBatchSize,
        WriteScores = o.WriteScores,
        Progress = progress,
    };

    /// <summary>Moves the bar on each write the rescorer reports (one call at a time, from its writing task).</summary>
    private sealed class RescoreProgress(Action<BatchRescoreProgress> report) : IProgress<BatchRescoreProgress>
    {
        public void Report(BatchRescoreProgress value) => report(value);
    }
}
