using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Rules;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding validate RULESET.json…</c>: every error of every file with its JSON path and code;
/// for valid files the grade-scale check (every publishable score in exactly one band, done by
/// <see cref="GradeScale.Create"/>); for several files of one rule-set id, the history.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>The tool's own code for a history whose versions do not take effect in version order.</summary>
    public const string VersionOrder = "version-order";

    public static Command Create()
    {
        var files = CliOptions.Files<string[]>("RULESET", "Rule-set JSON files.", ArgumentArity.OneOrMore);
        var json = CliOptions.Json();
        var command = new Command("validate", "Check rule-set files: every error with its JSON path and code, the grade-scale partition, and the history of several versions.") { files, json };
        CommandRunner.SetBody(command, json, (parse, _) => Task.FromResult(Run(parse.GetValue(files)!, parse.GetValue(json))));
        return command;
    }

    private static int Run(string[] paths, bool asJson)
    {
        var checkedFiles = new List<FileCheck>();
        foreach (var path in paths)
        {
            try
            {
                checkedFiles.Add(new FileCheck(path, RuleSources.LoadFile(path), null));
            }
            catch (CliFailure f) when (f.ExitCode == ExitCodes.Io)
            {
                checkedFiles.Add(new FileCheck(path, null, f.Reason));
            }
        }

        var histories = checkedFiles
            .Where(f => f.Result?.RuleSet is not null)
            .GroupBy(f => f.Result!.RuleSet!.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => CheckHistory(g.Key, g.ToList()))
            .ToList();

        Console.Out.Write(asJson ? Json(checkedFiles, histories) + "\n" : Text(checkedFiles, histories));
        if (checkedFiles.Any(f => f.IoError is not null)) return ExitCodes.Io;
        return checkedFiles.All(f => f.Result!.IsValid) && histories.All(h => h.Errors.Count == 0) ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static HistoryCheck CheckHistory(string id, List<FileCheck> files)
    {
        var errors = new List<RuleSetError>();
        try
        {
            RuleSetHistory.Create(files.Select(f => f.Result!.RuleSet!));
        }
        catch (RuleSetValidationException ex)
        {
            errors.AddRange(ex.Errors);
        }

        var ordered = files.OrderBy(f => f.Result!.RuleSet!.EffectiveFrom).ThenBy(f => f.Result!.RuleSet!.Version).ToList();
        for (int i = 1; i < ordered.Count; i++)
        {
            var earlier = ordered[i - 1].Result!.RuleSet!;
            var later = ordered[i].Result!.RuleSet!;
            if (later.EffectiveFrom > earlier.EffectiveFrom && later.Version.CompareTo(earlier.Version) < 0)
            {
                errors.Add(new RuleSetError("$.effectiveFrom", VersionOrder,
                    $"version {earlier.Version} ({ordered[i - 1].Path}) takes effect on {Date(earlier.EffectiveFrom)}, before the lower version {later.Version} ({ordered[i].Path}) on {Date(later.EffectiveFrom)}: a later version must take effect later."));
            }
        }

        return new HistoryCheck(id, ordered, errors);
    }

    private static string Text(List<FileCheck> files, List<HistoryCheck> histories)
    {
        var sb = new StringBuilder();
        foreach (var f in files)
        {
            if (f.IoError is not null)
            {
                sb.Append(f.Path).Append(": cannot be read: ").Append(f.IoError).Append(" [").Append(FailureCodes.Io).Append("]\n");
                continue;
            }

            var r = f.Result!;
            if (r.RuleSet is { } rs)
            {
                sb.Append(f.Path).Append(": valid · ").Append(rs.Id).Append(' ').Append(rs.Version)
                  .Append(" · effective from ").Append(Date(rs.EffectiveFrom)).Append(" · ").Append(rs.ContentHash).Append('\n');
                sb.Append("  ").Append(GradeScaleLine(rs)).Append('\n');
                if (RepairPeriodsLine(rs) is { } repair) sb.Append("  ").Append(repair).Append('\n');
            }
            else
            {
                sb.Append(f.Path).Append(": invalid · ").Append(r.Errors.Length).Append(" error(s)\n");
                foreach (var e in r.Errors) sb.Append("  ").Append(e).Append('\n');
            }
        }

        foreach (var h in histories)
        {
            sb.Append("history ").Append(h.Id).Append(": ")
              .Append(string.Join(" → ", h.Files.Select(f => $"{f.Result!.RuleSet!.Version} (from {Date(f.Result.RuleSet.EffectiveFrom)}, {f.Path})")))
              .Append(h.Errors.Count == 0 ? ": valid\n" : $": invalid · {h.Errors.Count} error(s)\n");
            foreach (var e in h.Errors) sb.Append("  ").Append(e).Append('\n');
        }

        return sb.ToString();
    }

    private static string Json(List<FileCheck> files, List<HistoryCheck> histories) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("valid", files.All(f => f.Result?.IsValid == true) && histories.All(h => h.Errors.Count == 0));
        w.WriteStartArray("files");
        foreach (var f in files)
        {
            w.WriteStartObject();
            w.WriteString("file", f.Path);
            w.WriteBoolean("valid", f.Result?.IsValid == true);
            if (f.IoError is not null)
            {
                w.WriteString("ioError", f.IoError);
            }
            else if (f.Result!.RuleSet is { } rs)
            {
                w.WriteString("id", rs.Id);
                w.WriteString("version", rs.Version.ToString());
                w.WriteString("effectiveFrom", Date(rs.EffectiveFrom));
                w.WriteString("contentHash", rs.ContentHash);
                w.WriteStartObject("gradeScale");
                w.WriteNumber("bands", rs.Scale.Bands.Length);
                w.WriteNumber("publishableScores", GridPoints(rs));
                w.WriteNumber("min", rs.Min);
                w.WriteNumber("max", rs.Max);
                w.WriteNumber("precision", rs.Precision);
                w.WriteBoolean("partition", true);
                w.WriteEndObject();
                w.WriteStartArray("repairMinimumPeriods");
                foreach (var (item, period) in RepairPeriods(rs))
                {
                    w.WriteStartObject();
                    w.WriteString("item", item.Code);
                    w.WriteString("severity", item.Severity == Severity.Serious ? "serious" : "general");
                    w.WriteString("period", period);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            WriteErrors(w, f.Result is null ? null : f.Result.Errors);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("histories");
        foreach (var h in histories)
        {
            w.WriteStartObject();
            w.WriteString("id", h.Id);
            w.WriteBoolean("valid", h.Errors.Count == 0);
            w.WriteStartArray("versions");
            foreach (var f in h.Files)
            {
                w.WriteStartObject();
                w.WriteString("version", f.Result!.RuleSet!.Version.ToString());
                w.WriteString("effectiveFrom", Date(f.Result.RuleSet.EffectiveFrom));
                w.WriteString("file", f.Path);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteErrors(w, h.Errors.ToArray());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteErrors(Utf8JsonWriter w, IReadOnlyList<RuleSetError>? errors)
    {
        w.WriteStartArray("errors");
        foreach (var e in errors ?? Array.Empty<RuleSetError>())
        {
            w.WriteStartObject();
            w.WriteString("path", e.Path);
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            if (e.Score is { } s) w.WriteNumber("score", s);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>The grade-scale check of a valid rule set in words: how many bands partition how many publishable scores.</summary>
    internal static string GradeScaleLine(RuleSet rs) =>
        $"grade scale: {rs.Scale.Bands.Length} band(s) give exactly one grade to each of the {GridPoints(rs).ToString(CultureInfo.InvariantCulture)} publishable scores in [{Num(rs.Min)}, {Num(rs.Max)}] at precision {rs.Precision}";

    /// <summary>
    /// The negative items with a minimum period before a repair application (<c>items[].repairMinimumPeriod</c>) in words,
    /// grouped by period in document order; null when no item has one (the rule set allows repair at any time).
    /// </summary>
    internal static string? RepairPeriodsLine(RuleSet rs)
    {
        var periods = RepairPeriods(rs);
        if (periods.Count == 0) return null;
        int negatives = rs.Items.Count(i => i.Polarity == Polarity.Negative);
        var groups = periods.GroupBy(p => p.Period, StringComparer.Ordinal).Select(g => $"{g.Key} for {string.Join(", ", g.Select(p => p.Item.Code))}");
        int others = negatives - periods.Count;
        var rest = others == 0 ? string.Empty : $"; none for the other {others.ToString(CultureInfo.InvariantCulture)} negative item(s)";
        return $"repair: minimum period before an application, from the day a record occurred: {string.Join("; ", groups)}{rest}";
    }

    private static List<(ScoreItem Item, string Period)> RepairPeriods(RuleSet rs) =>
        rs.Items.Where(i => i.RepairMinimumPeriod is { } p && !p.Equals(NodaTime.Period.Zero))
            .Select(i => (i, Fmt.Period(i.RepairMinimumPeriod!)))
            .ToList();

    private static long GridPoints(RuleSet rs)
    {
        decimal step = 1m;
        for (int i = 0; i < rs.Precision; i++) step /= 10m;
        return (long)((rs.Max - rs.Min) / step) + 1;
    }

    private static string Date(NodaTime.LocalDate d) => Fmt.Date(d);

    private static string Num(decimal d) => Fmt.Num(d);

    private sealed record FileCheck(string Path, RuleSetLoadResult? Result, string? IoError);

    private sealed record HistoryCheck(string Id, List<FileCheck> Files, List<RuleSetError> Errors);
}
