using System.Collections.Immutable;
using System.CommandLine;
using NodaTime;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Serialization;

namespace ShangdingScore.Cli.Commands;

/// <summary>
/// <c>shangding explain</c>: one subject's explanation in zh-CN or English, from a records file,
/// exactly as <see cref="ExplanationRenderer"/> renders it; lines set aside go to stderr.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var rules = CliOptions.Rules();
        var version = CliOptions.Version();
        var records = new Option<string>("--records") { Description = "The JSON Lines records file (docs/records.md).", Required = true, HelpName = "FILE" };
        var subject = new Option<string>("--subject") { Description = "The subject's id as the records carry it.", Required = true, HelpName = "ID" };
        var asOf = CliOptions.Date("--as-of", "The day the score is for", required: true);
        var knownAt = CliOptions.KnownAt();
        var lang = CliOptions.Lang("The language of the explanation: zh-CN (default) or en.");
        var enrolled = CliOptions.OptionalDate("--enrolled-since", "The subject's enrolment day; default: taken as enrolled");
        var json = CliOptions.Json();
        var command = new Command("explain", "Explain one subject's score, every record and every cap, in zh-CN or English.")
        {
            rules, version, records, subject, asOf, knownAt, lang, enrolled, json,
        };
        CommandRunner.SetBody(command, json, (parse, ct) =>
        {
            var request = new Request(
                parse.GetValue(rules) ?? Array.Empty<string>(),
                parse.GetValue(version),
                parse.GetValue(records)!,
                parse.GetValue(subject)!,
                parse.GetValue(asOf),
                parse.GetValue(knownAt),
                parse.GetValue(lang) ?? Language.ZhCn,
                parse.GetValue(enrolled),
                parse.GetValue(json));
            return Task.FromResult(Run(request));
        });
        return command;
    }

    private static int Run(Request q)
    {
        if (!SubjectId.IsValid(q.Subject)) throw CliFailure.Usage($"--subject: '{q.Subject}' is not a subject id (1–128 characters, no leading or trailing white space).");
        var subject = new SubjectId(q.Subject);
        var plan = RuleSources.PlanFor(q.Rules, q.Version, q.AsOf);
        var mine = ImmutableArray.CreateBuilder<CreditRecord>();
        var setAside = new List<RecordLineRejection>();
        using (var stream = RecordFiles.Open(q.Records))
        using (var reader = new JsonLinesRecordReader(stream, q.Records))
        {
            while (reader.ReadNext() is { } line)
            {
                if (!line.IsRecord)
                {
                    setAside.Add(line.Rejection);
                    RecordFiles.ReportSetAside(line.Rejection);
                }
                else if (line.Record.Subject == subject)
                {
                    mine.Add(line.Record);
                }
            }
        }

        if (setAside.Count > 0)
        {
            Console.Error.Write($"{setAside.Count} line(s) of {q.Records} set aside; any of them may concern {subject}. 有 {setAside.Count} 行被搁置，可能涉及该主体。\n");
        }

        var evaluation = CreditEvaluator.Evaluate(plan, new EvaluationRequest
        {
            Subject = subject,
            Enrolment = q.EnrolledSince is { } since ? Enrolment.Since(since) : Enrolment.Since(LocalDate.MinIsoValue),
            Records = mine.ToImmutable(),
            AsOf = q.AsOf,
            KnownAt = q.KnownAt,
        });
        var text = ExplanationRenderer.Render(evaluation, q.Language);
        if (!q.Json)
        {
            Console.Out.Write(text);
            return ExitCodes.Ok;
        }

        Console.Out.Write(JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("language", q.Language == Language.ZhCn ? "zh-CN" : "en");
            w.WriteString("explanation", text);
            w.WritePropertyName("evaluation");
            w.WriteRawValue(EvaluationJson.Serialize(evaluation, indented: false));
            w.WriteStartArray("setAside");
            foreach (var r in setAside)
            {
                w.WriteStartObject();
                w.WriteString("source", r.SourceName);
                w.WriteNumber("line", r.LineNumber);
                w.StringOrNull("field", r.Field);
                w.WriteString("reason", r.Reason);
                w.WriteString("message", r.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }) + "\n");
        return ExitCodes.Ok;
    }

    private sealed record Request(IReadOnlyList<string> Rules, string? Version, string Records, string Subject, LocalDate AsOf, Instant? KnownAt, Language Language, LocalDate? EnrolledSince, bool Json);
}
