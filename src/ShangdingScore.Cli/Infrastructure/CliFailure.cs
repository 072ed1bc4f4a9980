namespace ShangdingScore.Cli.Infrastructure;

/// <summary>The exit codes of <c>shangding</c> (docs/cli.md). Stable: scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>Done; every input was valid.</summary>
    public const int Ok = 0;

    /// <summary>An input is invalid or was refused (a rule set with errors, a history conflict, unsorted records, no version in force).</summary>
    public const int Invalid = 1;

    /// <summary>The command line is wrong (unknown option, missing argument, a date that does not parse, options that exclude each other).</summary>
    public const int Usage = 2;

    /// <summary>A file or database could not be read or written.</summary>
    public const int Io = 3;

    /// <summary>An outside step the tool runs failed: <c>dotnet pack</c> of <c>shangding pack</c> (its output goes with the message).</summary>
    public const int External = 4;

    /// <summary>A bug in the tool: an unexpected exception (the message and stack go to stderr).</summary>
    public const int Internal = 70;
}

/// <summary>Stable codes of the tool's own failures, printed with each message.</summary>
internal static class FailureCodes
{
    public const string Usage = "usage";
    public const string Io = "io-error";
    public const string InvalidRuleSet = "invalid-rule-set";
    public const string InvalidHistory = "invalid-history";
    public const string NoVersionInForce = "no-version-in-force";
    public const string UnsortedRecords = "unsorted-records";
    public const string InvalidEnrolments = "invalid-enrolments";
    public const string InvalidStore = "invalid-store";
    public const string UnknownVersion = "unknown-version";
    public const string InvalidCatalog = "invalid-catalog";
    public const string InvalidProject = "invalid-project";
    public const string PackFailed = "pack-failed";
    public const string InvalidDistricts = "invalid-districts";
    public const string InvalidResidence = "invalid-residence";
    public const string StaleScores = "stale-scores";
}

/// <summary>
/// A failure that ends a command with a known exit code and a message saying what and where;
/// thrown by the commands' helpers and turned into output by <see cref="CommandRunner"/>.
/// </summary>
internal sealed class CliFailure : Exception
{
    public CliFailure(int exitCode, string code, string message, IReadOnlyList<string>? details = null, string? reason = null)
        : base(message)
    {
        ExitCode = exitCode;
        Code = code;
        Details = details ?? Array.Empty<string>();
        Reason = reason ?? message;
    }

    public int ExitCode { get; }

    public string Code { get; }

    /// <summary>Further lines, for example every error of a rule set with its JSON path.</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>The message without the file name in front, for output that names the file already.</summary>
    public string Reason { get; }

    public static CliFailure Usage(string message) => new(ExitCodes.Usage, FailureCodes.Usage, message);

    public static CliFailure Io(string path, Exception ex) => new(ExitCodes.Io, FailureCodes.Io, $"{path}: {ex.Message}", reason: ex.Message);
}
