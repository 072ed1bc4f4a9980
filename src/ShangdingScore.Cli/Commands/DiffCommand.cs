using System.CommandLine;
using ShangdingScore.Cli.Diff;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Rules;

namespace ShangdingScore.Cli.Commands;

/// <summary><c>shangding diff OLD.json NEW.json</c>: what changed between two rule sets, in words (zh-CN and English) or as JSON.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var oldFile = CliOptions.Files<string>("OLD", "The earlier rule-set JSON file.", ArgumentArity.ExactlyOne);
        var newFile = CliOptions.Files<string>("NEW", "The later rule-set JSON file.", ArgumentArity.ExactlyOne);
        var lang = CliOptions.Lang("Only this language: zh-CN or en. Default: both, zh-CN first.");
        var json = CliOptions.Json();
        var command = new Command("diff", "What changed between two rule sets, item by item, band by band, in zh-CN and English.") { oldFile, newFile, lang, json };
        CommandRunner.SetBody(command, json, (parse, _) =>
        {
            string oldPath = parse.GetValue(oldFile)!, newPath = parse.GetValue(newFile)!;
            var a = RuleSources.LoadValid(oldPath);
            var b = RuleSources.LoadValid(newPath);
            var changes = RuleSetDiff.Compute(a, b);
            var language = parse.GetValue(lang);
            if (parse.GetValue(json))
            {
                Console.Out.Write(Json(a, oldPath, b, newPath, changes) + "\n");
            }
            else if (language is { } only)
            {
                Console.Out.Write(DiffText.Block(a, b, changes, only));
            }
            else
            {
                Console.Out.Write(DiffText.Block(a, b, changes, Language.ZhCn) + "\n" + DiffText.Block(a, b, changes, Language.En));
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string Json(RuleSet a, string aPath, RuleSet b, string bPath, IReadOnlyList<RuleChange> changes) => JsonOutput.Build(w =>
    {
        void Side(string name, RuleSet rs, string path)
        {
            w.WriteStartObject(name);
            w.WriteString("file", path);
            w.WriteString("id", rs.Id);
            w.WriteString("version", rs.Version.ToString());
            w.WriteString("effectiveFrom", Fmt.Date(rs.EffectiveFrom));
            w.WriteString("contentHash", rs.ContentHash);
            w.WriteEndObject();
        }

        w.WriteStartObject();
        Side("old", a, aPath);
        Side("new", b, bPath);
        w.WriteBoolean("identical", changes.Count == 0);
        w.WriteStartArray("changes");
        foreach (var c in changes)
        {
            w.WriteStartObject();
            w.WriteString("section", c.Section);
            w.StringOrNull("code", c.Code);
            w.WriteString("change", c.Kind switch { ChangeKind.Added => "added", ChangeKind.Removed => "removed", _ => "changed" });
            if (c.Kind == ChangeKind.Changed)
            {
                w.WriteString("field", c.Field);
                w.StringOrNull("old", c.Old);
                w.StringOrNull("new", c.New);
            }
            else
            {
                w.WriteStartObject("entry");
                foreach (var p in c.Entry) w.WriteString(p.Key, p.Value);
                w.WriteEndObject();
            }

            w.WriteStartObject("text");
            w.WriteString("zh-CN", DiffText.Line(c, Language.ZhCn));
            w.WriteString("en", DiffText.Line(c, Language.En));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });
}
