using System.CommandLine;
using System.Text;
using ShangdingScore.Cli.Commands;
using ShangdingScore.Cli.Infrastructure;

// shangding: the command-line tool of the Shangding score (docs/cli.md).
Console.OutputEncoding = new UTF8Encoding(false);
var root = new RootCommand("shangding — 商鼎分 rule sets and scores from the command line: validate, explain, score, diff, publish, impact, rescore, monitor, pack. Exit codes: 0 ok, 1 invalid input, 2 usage, 3 I/O, 4 dotnet pack failed, 70 internal error (docs/cli.md).")
{
    ValidateCommand.Create(),
    ExplainCommand.Create(),
    ScoreCommand.Create(),
    DiffCommand.Create(),
    PublishCommand.Create(),
    ImpactCommand.Create(),
    RescoreCommand.Create(),
    MonitorCommand.Create(),
    PackCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    bool asJson = args.Contains("--json", StringComparer.Ordinal);
    return CommandRunner.Report(asJson, ExitCodes.Usage, FailureCodes.Usage, "the command line is not valid; see shangding --help", parse.Errors.Select(e => e.Message).ToArray());
}

return await parse.InvokeAsync().ConfigureAwait(false);
