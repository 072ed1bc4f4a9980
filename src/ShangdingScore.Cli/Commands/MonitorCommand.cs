using System.CommandLine;
using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using ShangdingScore.Benefits;
using ShangdingScore.Cli.Impact;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Monitoring;
using ShangdingScore.Evaluation;
using ShangdingScore.Monitoring;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding monitor</c>: the city and district credit monitoring report (<see cref="MonitoringReportBuilder"/>)
/// from a SQLite theme database (its subjects, query log and rights journal), by district and month; publishable
/// (suppressed below <c>--threshold</c>) unless <c>--internal</c>. With <c>--from-scores</c>, from the scores
/// <c>shangding rescore</c> kept instead of scoring every subject (<see cref="MonitoringReportBuilder.BuildFromKeptScoresAsync"/>).
/// </summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "A SQLite theme database (ShangdingScore.Store.Sqlite): its subjects, query log and rights journal.", Required = true, HelpName = "PATH.db" };
        var asOf = CliOptions.Date("--as-of", "The day scored; the monthly tables end with its month", required: true);
        var knownAt = CliOptions.KnownAt();
        var residence = new Option<string>("--residence") { Description = "A CSV file 'subject,district' from the residence register: each subject's district code (docs/monitoring.md). Subjects not in it are counted as unknown.", Required = true, HelpName = "FILE.csv" };
        var districts = new Option<string?>("--districts") { Description = "A district document (JSON). Default: the embedded zhengzhou-districts document.", HelpName = "FILE.json" };
        var rules = new Option<string?>("--rules") { Description = "The rule set: a JSON file or a version of the embedded Zhengzhou rule set. Default: the version in force on --as-of.", HelpName = "FILE.json|VERSION" };
        var months = new Option<int>("--months") { Description = "Months in the monthly tables, ending with the month of --as-of (default 12).", HelpName = "N", DefaultValueFactory = _ => 12 };
        months.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 120) r.AddError("--months must be from 1 to 120."); });
        var threshold = new Option<int>("--threshold") { Description = "The smallest count shown; smaller ones are suppressed with complementary cells (default 10).", HelpName = "N", DefaultValueFactory = _ => 10 };
        threshold.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--threshold must be at least 1."); });
        var full = new Option<bool>("--internal") { Description = "The internal report with every count (not for publication)." };
        var format = new Option<string>("--format") { Description = "csv, json or html (default html with --out, else csv).", HelpName = "csv|json|html" };
        format.AcceptOnlyFromAmong("csv", "json", "html");
        var output = new Option<string?>("--out") { Description = "Write the report to this file instead of stdout.", HelpName = "PATH" };
        var fromScores = new Option<bool>("--from-scores") { Description = "Report from the scores 'shangding rescore' kept for --as-of, --known-at and the rule set, checked against every subject's enrolment, instead of scoring every subject (for a whole city)." };
        var json = CliOptions.Json();
        var command = new Command("monitor", "City and district credit monitoring (市、区信用监测): enrolment, grades, scores, dimensions, benefit queries and grants, disputes and repairs by district and month; small counts suppressed.")
        {
            store, asOf, knownAt, residence, districts, rules, months, threshold, full, format, output, fromScores, json,
        };
        CommandRunner.SetBody(command, json, (parse, ct) =>
        {
            var day = parse.GetValue(asOf);
            var ruleSet = parse.GetValue(rules) is { } r ? ImpactInputs.RuleSet("--rules", r) : InForceOn(day);
            var catalog = MonitorInputs.Districts(parse.GetValue(districts));
            var source = MonitorInputs.Residence(parse.GetValue(residence)!, catalog);
            var families = DefaultBenefitCatalogs.Default.Benefits.ToImmutableDictionary(b => b.Code, b => b.Family, StringComparer.Ordinal);
            var options = new MonitoringOptions { KnownAt = parse.GetValue(knownAt), Months = parse.GetValue(months), BenefitFamilies = families };
            string fmt = parse.GetValue(json) ? "json" : parse.GetValue(format) ?? (parse.GetValue(output) is null ? "csv" : "html");
            return RunAsync(parse.GetValue(store)!, ScoringPlan.Create(ruleSet, day), catalog, source, options, parse.GetValue(fromScores), parse.GetValue(full) ? null : parse.GetValue(threshold), fmt, parse.GetValue(output), ct);
        });
        return command;
    }

    /// <summary>The embedded Zhengzhou version in force on <paramref name="day"/>; none is an invalid input (exit 1), not a bug.</summary>
    private static Rules.RuleSet InForceOn(NodaTime.LocalDate day) =>
        ZhengzhouRuleSets.History.InForceOn(day)
        ?? throw new CliFailure(ExitCodes.Invalid, FailureCodes.NoVersionInForce, $"--as-of: no version of {ZhengzhouRuleSets.History.Id} is in force on {Fmt.Date(day)}; the earliest takes effect on {Fmt.Date(ZhengzhouRuleSets.History.Versions[0].EffectiveFrom)}. Give --rules.");

    /// <summary>What to do about stale kept scores: the <c>rescore</c> command line that keeps the scores this report reads, when it can.</summary>
    private static string RescoreHint(string path, ScoringPlan plan, NodaTime.Instant? knownAt)
    {
        var history = ZhengzhouRuleSets.History;
        var rules = plan.RuleSet;
        if (rules.Id != history.Id || history.Find(rules.Version) is not { } embedded || embedded.ContentHash != rules.ContentHash)
        {
            return $"shangding rescore keeps scores under the embedded {history.Id} versions only; report without --from-scores (every subject scored).";
        }

        var pinned = history.InForceOn(plan.AsOf) is { } inForce && inForce.Version.CompareTo(rules.Version) == 0 ? string.Empty : $" --version {rules.Version}";
        var at = knownAt is { } k ? $" --known-at {NodaTime.Text.InstantPattern.ExtendedIso.Format(k)}" : string.Empty;
        var store = path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
        return $"rescore first: shangding rescore --store {store} --as-of {Fmt.Date(plan.AsOf)}{at}{pinned}; or report without --from-scores (every subject scored).";
    }

    /// <remarks>
    /// <paramref name="residence"/> is the residence file as <see cref="MonitorInputs.Residence"/> read it: every district
    /// checked against <paramref name="catalog"/> there (<c>invalid-residence</c>, with its line) and one district answered
    /// per subject, so the builder's own residence check (an <see cref="InvalidDataException"/>) cannot fail here. With
    /// <paramref name="fromScores"/>, an <see cref="InvalidDataException"/> is therefore the kept scores': they do not stand
    /// for the store (<c>stale-scores</c>).
    /// </remarks>
    private static async Task<int> RunAsync(string path, ScoringPlan plan, DistrictCatalog catalog, CompactDistrictResidenceSource residence, MonitoringOptions options, bool fromScores, int? threshold, string format, string? outPath, CancellationToken ct)
    {
        var store = await StoreFiles.OpenAsync(path, ct).ConfigureAwait(false);
        MonitoringReport report;
        await using (store.ConfigureAwait(false))
        {
            try
            {
                if (fromScores)
                {
                    // One row per subject instead of its records: the kept scores of the day, rule set and version (the
                    // builder passes over other views' rows) beside every subject's enrolment, each checked against the other.
                    var kept = new ScoreQuery { AsOf = plan.AsOf, RuleSetId = plan.RuleSet.Id, RuleSetVersion = plan.RuleSet.Version.ToString() };
                    report = await MonitoringReportBuilder.BuildFromKeptScoresAsync(store.ReadScoresAsync(kept, ct), store.ReadEnrolmentsAsync(ct), plan, catalog, residence, store.QueryLog.ReadAllAsync(ct), store, options, ct).ConfigureAwait(false);
                }
                else
                {
                    // The subjects read in as many parts as there are cores, each on its own connection and thread (one snapshot):
                    // reading the store is the bound of the pass (docs/monitoring.md, "Scale").
                    var scan = await store.OpenSubjectScanAsync(new SubjectScan { KnownAt = options.KnownAt }, Environment.ProcessorCount, ct).ConfigureAwait(false);
                    await using (scan.ConfigureAwait(false))
                    {
                        report = await MonitoringReportBuilder.BuildAsync(scan.Parts, plan, catalog, residence, store.QueryLog.ReadAllAsync(ct), store, options, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (DbException ex)
            {
                throw CliFailure.Io(path, ex);
            }
            catch (InvalidDataException ex) when (fromScores)
            {
                throw new CliFailure(ExitCodes.Invalid, FailureCodes.StaleScores, $"{path}: {ex.Message}", [RescoreHint(path, plan, options.KnownAt)], reason: ex.Message);
            }
            catch (InvalidDataException ex)
            {
                throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidResidence, ex.Message);
            }
        }

        if (threshold is { } t) report = report.ToPublishable(t);
        var text = format switch
        {
            "json" => MonitoringWriters.Json(report),
            "html" => MonitoringWriters.Html(report),
            _ => MonitoringWriters.Csv(report),
        };
        if (outPath is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Ok;
        }

        OutputFile.WriteAllText(outPath, text);

        Console.Error.Write($"{(threshold is { } n ? $"可公开发布：少于 {n} 人的数已隐藏 Publishable: counts under {n} suppressed" : "内部资料，不得公开发布 INTERNAL — not for publication")}\nwritten to 已写入 {outPath}\n");
        return ExitCodes.Ok;
    }
}
