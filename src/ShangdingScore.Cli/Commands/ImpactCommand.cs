using System.CommandLine;
using System.Data.Common;
using System.Text;
using NodaTime;
using ShangdingScore.Cli.Impact;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Scoring;
using ShangdingScore.Evaluation;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding impact</c>: what moving from one rule-set version to another would do to a population
/// (<see cref="RuleSetImpactAnalyzer"/>): the grade migration matrix, the benefits gained and lost, the
/// items that move people and sample subjects with both explanations; <c>--publishable</c> gives the
/// suppressed form (<see cref="RuleSetImpactReport.ToPublishable"/>) without any individual.
/// </summary>
internal static class ImpactCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The old rule set: a JSON file, or a version of the embedded Zhengzhou rule set (2019.1.0).", Required = true, HelpName = "OLD.json|VERSION" };
        var to = new Option<string>("--to") { Description = "The new rule set: a JSON file, or a version of the embedded Zhengzhou rule set.", Required = true, HelpName = "NEW.json|VERSION" };
        var asOf = CliOptions.Date("--as-of", "The day both versions score", required: true);
        var knownAt = CliOptions.KnownAt();
        var store = new Option<string?>("--store") { Description = "A SQLite theme database (ShangdingScore.Store.Sqlite); its enrolments are used.", HelpName = "PATH.db" };
        var records = new Option<string?>("--records") { Description = "A JSON Lines records file, each subject's records on consecutive lines (or pass --unsorted).", HelpName = "FILE" };
        var unsorted = new Option<bool>("--unsorted") { Description = "With --records: the file is not grouped by subject; gather it in memory first." };
        var enrolledSince = CliOptions.OptionalDate("--enrolled-since", "With --records: every subject enrolled since this day (default: every subject taken as enrolled)");
        var enrolments = new Option<string?>("--enrolments") { Description = "With --records: a JSON enrolment file (docs/cli.md); subjects not in it are not enrolled.", HelpName = "FILE" };
        var catalog = new Option<string?>("--catalog") { Description = "A benefit catalog JSON file whose benefits are counted. Default: the embedded zhengzhou.benefits catalog.", HelpName = "FILE.json" };
        var threshold = new Option<int>("--threshold") { Description = "With --publishable: the smallest count shown (default 10).", HelpName = "N", DefaultValueFactory = _ => 10 };
        threshold.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--threshold must be at least 1."); });
        var samples = new Option<int>("--samples") { Description = "Sample subjects per cell in the internal report (default 3; 0 for none).", HelpName = "N", DefaultValueFactory = _ => 3 };
        samples.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--samples must be 0 or more."); });
        var lang = CliOptions.Lang("Only this language: zh-CN or en. Default: both, zh-CN first.");
        var publishable = new Option<bool>("--publishable") { Description = "The form that may be published: counts under --threshold suppressed (with complementary suppression), no samples, no subject id." };
        var output = new Option<string?>("--out") { Description = "Write the report to this file instead of stdout.", HelpName = "FILE" };
        var json = CliOptions.Json();
        var command = new Command("impact", "What a new rule-set version would do to a population: grade migration, benefits gained and lost, the items that move people, samples.")
        {
            from, to, asOf, knownAt, store, records, unsorted, enrolledSince, enrolments, catalog, threshold, samples, lang, publishable, output, json,
        };
        CliOptions.Exclusive(command, records, store);
        CliOptions.Exclusive(command, enrolledSince, enrolments);
        command.Validators.Add(r =>
        {
            bool fromRecords = r.GetResult(records) is not null, fromStore = r.GetResult(store) is not null;
            if (!fromRecords && !fromStore) r.AddError("give --records FILE or --store PATH.db.");
            if (fromStore && (r.GetResult(enrolledSince) is not null || r.GetResult(enrolments) is not null)) r.AddError("with --store, the store's enrolments are used; --enrolled-since and --enrolments do not apply.");
            if (fromStore && r.GetResult(unsorted) is not null) r.AddError("--unsorted applies to --records only.");
        });
        CommandRunner.SetBody(command, json, (parse, ct) =>
        {
            var day = parse.GetValue(asOf);
            var old = ImpactInputs.RuleSet("--from", parse.GetValue(from)!);
            var @new = ImpactInputs.RuleSet("--to", parse.GetValue(to)!);
            var (benefitCatalog, benefits) = ImpactInputs.Benefits(parse.GetValue(catalog), old, @new);
            var request = new Request(
                ScoringPlan.Create(old, day),
                ScoringPlan.Create(@new, day),
                new RuleSetImpactOptions { Benefits = benefits, KnownAt = parse.GetValue(knownAt), SamplesPerCell = parse.GetValue(publishable) ? 0 : parse.GetValue(samples) },
                $"{benefitCatalog.Id} {benefitCatalog.Version}",
                parse.GetValue(publishable) ? parse.GetValue(threshold) : null,
                parse.GetValue(lang),
                parse.GetValue(output),
                parse.GetValue(json));
            if (parse.GetValue(store) is { } db) return FromStoreAsync(db, request, ct);
            var lookup = parse.GetValue(enrolledSince) is { } since ? new EnrolmentLookup(Enrolment.Since(since), null)
                : parse.GetValue(enrolments) is { } file ? new EnrolmentLookup(Enrolment.None, EnrolmentFile.Load(file))
                : new EnrolmentLookup(Enrolment.Since(LocalDate.MinIsoValue), null);
            return FromRecordsAsync(parse.GetValue(records)!, parse.GetValue(unsorted), lookup, request, ct);
        });
        return command;
    }

    private static async Task<int> FromRecordsAsync(string path, bool unsorted, EnrolmentLookup enrolments, Request q, CancellationToken ct)
    {
        var groups = new RecordGroups(path, unsorted);
        long length = new FileInfo(path).Exists ? new FileInfo(path).Length : 0;
        RuleSetImpactReport? report = null;
        await ProgressDisplay.RunAsync(ShowProgress(q, length >= ProgressDisplay.LongFileBytes), length, async progress =>
        {
            report = await RuleSetImpactAnalyzer.AnalyzeAsync(ImpactInputs.FromRecords(groups, enrolments, progress, ct), q.From, q.To, q.Options, ct).ConfigureAwait(false);
        }, "impact 影响分析").ConfigureAwait(false);
        return Finish(report!, new ImpactContext(path, groups.SetAside, q.Catalog), q);
    }

    private static async Task<int> FromStoreAsync(string path, Request q, CancellationToken ct)
    {
        var store = await StoreFiles.OpenAsync(path, ct).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            try
            {
                var counts = await store.CountAsync(ct).ConfigureAwait(false);
                RuleSetImpactReport? report = null;
                await ProgressDisplay.RunAsync(ShowProgress(q, counts.Subjects >= ProgressDisplay.LongStoreSubjects), counts.Subjects, async progress =>
                {
                    var options = progress is null ? q.Options : WithProgress(q.Options, new SubjectProgress(n => progress(n, counts.Subjects)));
                    report = await RuleSetImpactAnalyzer.AnalyzeAsync(store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = q.Options.KnownAt }, ct), q.From, q.To, options, ct).ConfigureAwait(false);
                }, "impact 影响分析").ConfigureAwait(false);
                return Finish(report!, new ImpactContext(path, counts.Rejects, q.Catalog), q);
            }
            catch (DbException ex)
            {
                throw CliFailure.Io(path, ex);
            }
        }
    }

    /// <summary>The bar is drawn on stderr only for a long run whose report is text and both streams are a terminal; never in a pipe or CI.</summary>
    private static bool ShowProgress(Request q, bool longRun) => longRun && !q.Json && ProgressDisplay.TerminalAttached;

    private static RuleSetImpactOptions WithProgress(RuleSetImpactOptions o, IProgress<long> progress) => new()
    {
        Benefits = o.Benefits,
        KnownAt = o.KnownAt,
        SamplesPerCell = o.SamplesPerCell,
        MaxDegreeOfParallelism = o.MaxDegreeOfParallelism,
        Progress = progress,
    };

    private static int Finish(RuleSetImpactReport report, ImpactContext context, Request q)
    {
        if (q.Threshold is { } t) report = report.ToPublishable(t);
        var text = q.Json ? ImpactJson.Write(report, context, q.Language) + "\n" : ImpactText.Render(report, context, q.Language);
        if (q.OutPath is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Ok;
        }

        OutputFile.WriteAllText(q.OutPath, text);

        Console.Error.Write($"{ImpactText.Notice(report)}\nwritten to 已写入 {q.OutPath}\n");
        return ExitCodes.Ok;
    }

    private sealed record Request(ScoringPlan From, ScoringPlan To, RuleSetImpactOptions Options, string Catalog, int? Threshold, Language? Language, string? OutPath, bool Json);

    /// <summary>Reports the analyser's subject count to the progress bar (its callbacks come from several threads).</summary>
    private sealed class SubjectProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
