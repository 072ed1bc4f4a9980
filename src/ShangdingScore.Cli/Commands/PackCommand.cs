using System.CommandLine;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Packing;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding pack RULESET.json --project DIR --out FEED_DIR</c>: ships a new rule-set version — validated, grade scale
/// checked, checked against the versions the rules project already ships, published (Markdown and HTML), and packed
/// as a new version of the rules package (on a copy of the project) into a feed folder.
/// </summary>
internal static class PackCommand
{
    public static Command Create()
    {
        var file = CliOptions.Files<string>("RULESET", "The new rule-set version's JSON file.", ArgumentArity.ExactlyOne);
        var project = new Option<string>("--project") { Description = "The rules project folder, e.g. src/ShangdingScore.Rules.Zhengzhou (one .csproj and a RuleSets folder).", Required = true, HelpName = "DIR" };
        var feed = new Option<string>("--out") { Description = "The feed folder the package is written to (created when missing).", Required = true, HelpName = "FEED_DIR" };
        var docs = new Option<string?>("--docs") { Description = "The folder for the version's Markdown and HTML pages. Default: FEED_DIR/docs.", HelpName = "DIR" };
        var json = CliOptions.Json();
        var command = new Command("pack", "Ship a new rule-set version: validate, check it against the shipped versions, publish its pages, pack the rules package with it.") { file, project, feed, docs, json };
        CommandRunner.SetBody(command, json, (parse, ct) =>
            Task.FromResult(Run(parse.GetValue(file)!, parse.GetValue(project)!, parse.GetValue(feed)!, parse.GetValue(docs), parse.GetValue(json), ct)));
        return command;
    }

    private static int Run(string path, string projectDir, string feed, string? docsDir, bool asJson, CancellationToken ct)
    {
        // Everything is checked before anything is written: a refusal leaves no page and no package.
        var next = RuleSources.LoadValid(path);
        byte[] bytes = File.ReadAllBytes(path);
        var package = RulePackage.Open(projectDir);
        var last = package.CheckNext(next, path);

        docsDir ??= Path.Combine(feed, "docs");
        (string Markdown, string Html) pages;
        try
        {
            Directory.CreateDirectory(docsDir);
            pages = PublishCommand.WritePages(next, docsDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(docsDir, ex);
        }

        var nupkg = package.Pack(next, bytes, feed, ct);
        if (asJson)
        {
            Console.Out.Write(JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("file", path);
                w.WriteString("id", next.Id);
                w.WriteString("version", next.Version.ToString());
                w.WriteString("effectiveFrom", Fmt.Date(next.EffectiveFrom));
                w.WriteString("contentHash", next.ContentHash);
                w.WriteString("gradeScale", ValidateCommand.GradeScaleLine(next));
                w.WriteStartArray("shipped");
                foreach (var (p, rs) in package.Shipped)
                {
                    w.WriteStartObject();
                    w.WriteString("version", rs.Version.ToString());
                    w.WriteString("effectiveFrom", Fmt.Date(rs.EffectiveFrom));
                    w.WriteString("file", p);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("markdown", pages.Markdown);
                w.WriteString("html", pages.Html);
                w.WriteString("package", nupkg);
                w.WriteEndObject();
            }) + "\n");
        }
        else
        {
            Console.Out.Write(
                $"{path}: valid · {next.Id} {next.Version} · effective from {Fmt.Date(next.EffectiveFrom)} · {next.ContentHash}\n" +
                $"  {ValidateCommand.GradeScaleLine(next)}\n" +
                (last is null ? $"  history: the first version of {next.Id} in {package.Directory}\n" : $"  history: follows {last.Version} (from {Fmt.Date(last.EffectiveFrom)}), the last of {package.Shipped.Count} shipped version(s): valid\n") +
                $"  pages: {pages.Markdown}, {pages.Html}\n" +
                $"  package: {nupkg}\n");
        }

        return ExitCodes.Ok;
    }
}
