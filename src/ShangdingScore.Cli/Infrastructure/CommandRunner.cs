using System.CommandLine;
using System.Text;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>
/// Runs a command's body and turns its failures into the documented exit codes: a
/// <see cref="CliFailure"/> carries its own, an I/O error is 3, anything else is a bug (70).
/// Failures go to stderr, as text or, with <c>--json</c>, as one JSON object.
/// </summary>
internal static class CommandRunner
{
    public static void SetBody(Command command, Option<bool> json, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            bool asJson = parse.GetValue(json);
            try
            {
                return await body(parse, ct).ConfigureAwait(false);
            }
            catch (CliFailure f)
            {
                return Report(asJson, f.ExitCode, f.Code, f.Message, f.Details);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Report(asJson, ExitCodes.Io, FailureCodes.Io, ex.Message, Array.Empty<string>());
            }
            catch (OperationCanceledException)
            {
                return Report(asJson, ExitCodes.Io, "cancelled", "cancelled", Array.Empty<string>());
            }
            catch (Exception ex)
            {
                return Report(asJson, ExitCodes.Internal, "internal-error", $"unexpected {ex.GetType().Name}: {ex.Message}", (ex.StackTrace ?? string.Empty).Split('\n'));
            }
        });

    /// <summary>Prints a failure to stderr and returns its exit code.</summary>
    public static int Report(bool asJson, int exitCode, string code, string message, IReadOnlyList<string> details)
    {
        if (asJson)
        {
            Console.Error.WriteLine(JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", code);
                w.WriteNumber("exitCode", exitCode);
                w.WriteString("message", message);
                w.WriteStartArray("details");
                foreach (var d in details) w.WriteStringValue(d.TrimEnd());
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }
        else
        {
            var sb = new StringBuilder();
            sb.Append("shangding: error: ").Append(message).Append(" [").Append(code).Append(']').Append('\n');
            foreach (var d in details) sb.Append("  ").Append(d.TrimEnd()).Append('\n');
            Console.Error.Write(sb.ToString());
        }

        return exitCode;
    }
}
