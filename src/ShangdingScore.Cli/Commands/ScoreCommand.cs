using System.CommandLine;
using System.Data.Common;
using System.Text;
using NodaTime;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Scoring;
using ShangdingScore.Evaluation;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding score</c>: the score of every subject of a records file or a SQLite theme database,
/// streamed one subject at a time to CSV or JSON Lines; the run's summary beside it.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var rules = CliOptions.Rules();
        var version = CliOptions.Version();
        var records = new Option<string?>("--records") { Description = "A JSON Lines records file, each subject's records on consecutive lines (or pass --unsorted).", HelpName = "FILE" };
        var store = new Option<string?>("--store") { Description = "A SQLite theme database (ShangdingScore.Store.Sqlite); its enrolments are used.", HelpName = "PATH.db" };
        var asOf = CliOptions.Date("--as-of", "The day the scores are for", required: true);
        var knownAt = CliOptions.KnownAt();
        var enrolledSince = CliOptions.OptionalDate("--enrolled-since", "With --records: every subject enrolled since this day");
        var enrolments = new Option<string?>("--enrolments") { Description = "With --records: a JSON enrolment file (docs/cli.md); subjects not in it are not enrolled.", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "csv (default) or jsonl.", HelpName = "csv|jsonl", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        var output = new Option<string?>("--out") { Description = "Write the scores to this file (default: stdout). The summary then goes to stdout, else to stderr.", HelpName = "FILE" };
        var unsorted = new Option<bool>("--unsorted") { Description = "With --records: the file is not grouped by subject; gather it in memory first." };
        var json = CliOptions.Json();
        var command = new Command("score", "Score every subject of a records file or a theme database, streaming, to CSV or JSON Lines.")
        {
            rules, version, records, store, asOf, knownAt, enrolledSince, enrolments, format, output, unsorted, json,
        };
        CliOptions.Exclusive(command, records, store);
        CliOptions.Exclusive(command, enrolledSince, enrolments);
        command.Validators.Add(r =>
        {
            bool fromRecords = r.GetResult(records) is not null, fromStore = r.GetResult(store) is not null;
            bool enrolmentGiven = r.GetResult(enrolledSince) is not null || r.GetResult(enrolments) is not null;
            if (!fromRecords && !fromStore) r.AddError("give --records FILE or --store PATH.db.");
            if (fromRecords && !enrolmentGiven) r.AddError("with --records, say who is enrolled: --enrolled-since DATE or --enrolments FILE.");
            if (fromStore && enrolmentGiven) r.AddError("with --store, the store's enrolments are used; --enrolled-since and --enrolments do not apply.");
            if (fromStore && r.GetResult(unsorted) is not null) r.AddError("--unsorted applies to --records only.");
        });
        CommandRunner.SetBody(command, json, async (parse, ct) =>
        {
            var plan = RuleSources.PlanFor(parse.GetValue(rules) ?? Array.Empty<string>(), parse.GetValue(version), parse.GetValue(asOf));
            var options = new Options(plan, parse.GetValue(knownAt), parse.GetValue(format) == "jsonl" ? ScoreFormat.Jsonl : ScoreFormat.Csv, parse.GetValue(output), parse.GetValue(json));
            if (parse.GetValue(store) is { } db) return await FromStoreAsync(db, options, ct).ConfigureAwait(false);
            var enrolment = parse.GetValue(enrolledSince) is { } since
                ? new EnrolmentLookup(Enrolment.Since(since), null)
                : new EnrolmentLookup(Enrolment.None, EnrolmentFile.Load(parse.GetValue(enrolments)!));
            return FromRecords(parse.GetValue(records)!, parse.GetValue(unsorted), enrolment, options);
        });
        return command;
    }

    private static int FromRecords(string path, bool unsorted, EnrolmentLookup enrolments, Options o)
    {
        var groups = new RecordGroups(path, unsorted);
        long length = new FileInfo(path).Exists ? new FileInfo(path).Length : 0;
        var run = new ScoreRun(o.Plan, o.KnownAt, path);
        Write(o, run, length >= ProgressDisplay.LongFileBytes, length, (writer, progress) =>
        {
            foreach (var (subject, records) in groups.Read(progress))
            {
                Score(writer, run, subject, enrolments.For(subject), records, o);
            }

            foreach (var (subject, enrolment) in enrolments.Listed.Where(e => !groups.Seen.ContainsKey(e.Subject)))
            {
                Score(writer, run, subject, enrolment, [], o);
            }

            run.LinesSetAside = groups.SetAside;
            run.Records = groups.RecordsTaken;
        });
        return Finish(run, o);
    }

    private static async Task<int> FromStoreAsync(string path, Options o, CancellationToken ct)
    {
        var store = await StoreFiles.OpenAsync(path, ct).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            try
            {
                var counts = await store.CountAsync(ct).ConfigureAwait(false);
                var run = new ScoreRun(o.Plan, o.KnownAt, path) { LinesSetAside = counts.Rejects };
                await WriteAsync(o, run, counts.Subjects >= ProgressDisplay.LongStoreSubjects, counts.Subjects, async (writer, progress) =>
                {
                    long done = 0;
                    await foreach (var s in store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = o.KnownAt }, ct).ConfigureAwait(false))
                    {
                        Score(writer, run, s.Subject, s.Enrolment, s.Records, o);
                        run.Records += s.Records.Length;
                        progress?.Invoke(++done, counts.Subjects);
                    }
                }).ConfigureAwait(false);
                return Finish(run, o);
            }
            catch (DbException ex)
            {
                throw CliFailure.Io(path, ex);
            }
        }
    }

    private static void Score(ScoreWriter writer, ScoreRun run, SubjectId subject, Enrolment enrolment, System.Collections.Immutable.ImmutableArray<CreditRecord> records, Options o)
    {
        var summary = CreditEvaluator.Score(o.Plan, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records, AsOf = o.Plan.AsOf, KnownAt = o.KnownAt });
        run.Add(summary);
        writer.Write(subject, summary, records.Length);
    }

    private static void Write(Options o, ScoreRun run, bool longRun, long total, Action<ScoreWriter, Action<long, long>?> body) =>
        WriteAsync(o, run, longRun, total, (w, p) =>
        {
            body(w, p);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Opens the output (a file is written beside and moved into place only when the run succeeds), runs the body, closes it.</summary>
    private static async Task WriteAsync(Options o, ScoreRun run, bool longRun, long total, Func<ScoreWriter, Action<long, long>?, Task> body)
    {
        string? partial = o.OutPath is null ? null : OutputFile.PartialPathFor(o.OutPath);
        string? target = partial ?? o.OutPath;
        TextWriter text;
        try
        {
            text = target is null
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" }
                : new StreamWriter(target!, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(o.OutPath!, ex);
        }

        bool done = false;
        try
        {
            var writer = new ScoreWriter(text, o.Format, o.Plan, o.KnownAt);
            bool show = longRun && !o.Json && target is not null && ProgressDisplay.TerminalAttached;
            await ProgressDisplay.RunAsync(show, total, progress => body(writer, progress)).ConfigureAwait(false);
            await text.FlushAsync().ConfigureAwait(false);
            done = true;
        }
        finally
        {
            await text.DisposeAsync().ConfigureAwait(false);
            if (partial is not null)
            {
                if (done) File.Move(partial, o.OutPath!, overwrite: true);
                else File.Delete(partial);
            }

            if (done && o.OutPath is not null) run.Output = o.OutPath;
        }
    }

    private static int Finish(ScoreRun run, Options o)
    {
        var summary = o.Json ? run.ToJson() + "\n" : run.ToText();
        if (o.OutPath is null) Console.Error.Write(summary);
        else Console.Out.Write(summary);
        return ExitCodes.Ok;
    }

    private sealed record Options(ScoringPlan Plan, Instant? KnownAt, ScoreFormat Format, string? OutPath, bool Json);
}
