using System.Text;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>
/// How the commands write an <c>--out</c> file: beside the target (<c>PATH.partial</c>) and moved into place only once
/// complete, so a failed run never leaves half a report. A device (any path under <c>/dev/</c>, such as
/// <c>/dev/null</c> or <c>/dev/stdout</c>) is written in place instead: moving a file over it would replace the
/// device with a regular file (as root, for every process on the machine).
/// </summary>
internal static class OutputFile
{
    /// <summary>Whether <paramref name="path"/> is written in place rather than through a partial file and a move.</summary>
    public static bool WritesInPlace(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        var full = Path.GetFullPath(path);
        return full.StartsWith("/dev/", StringComparison.Ordinal);
    }

    /// <summary>The partial file a complete output is written to first, or null when the target is written in place.</summary>
    public static string? PartialPathFor(string path) => WritesInPlace(path) ? null : path + ".partial";

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>, all or nothing.</summary>
    /// <exception cref="CliFailure">It cannot be written.</exception>
    public static void WriteAllText(string path, string text)
    {
        var partial = PartialPathFor(path);
        try
        {
            File.WriteAllText(partial ?? path, text, new UTF8Encoding(false));
            if (partial is not null) File.Move(partial, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(path, ex);
        }
    }
}
