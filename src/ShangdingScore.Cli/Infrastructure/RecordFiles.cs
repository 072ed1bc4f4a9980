using System.Text;
using ShangdingScore.Records;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>Opens record files and reports the lines set aside, each with its file, line number, field and reason.</summary>
internal static class RecordFiles
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(path, ex);
        }
    }

    /// <summary>Reports one line set aside on stderr: <c>set aside: file:line: $.field: message [reason]</c>.</summary>
    public static void ReportSetAside(RecordLineRejection rejection) =>
        Console.Error.Write(new StringBuilder("set aside 搁置: ").Append(rejection).Append('\n').ToString());
}
