using System.CommandLine;
using System.CommandLine.Parsing;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>The options several commands share, each parsed strictly: a value that does not parse is a usage error (exit 2) naming the option.</summary>
internal static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Machine-readable JSON output (no colours, no progress bar)." };

    public static Option<LocalDate> Date(string name, string description, bool required) => new(name)
    {
        Description = description + " (yyyy-MM-dd)",
        Required = required,
        HelpName = "DATE",
        CustomParser = r => ParseOne(r, name, LocalDatePattern.Iso, "a date yyyy-MM-dd such as 2025-06-30"),
    };

    public static Option<LocalDate?> OptionalDate(string name, string description) => new(name)
    {
        Description = description + " (yyyy-MM-dd)",
        HelpName = "DATE",
        CustomParser = r => r.Tokens.Count == 0 ? null : ParseOne(r, name, LocalDatePattern.Iso, "a date yyyy-MM-dd such as 2025-06-30"),
    };

    public static Option<Instant?> KnownAt() => new("--known-at")
    {
        Description = "Only data entered at or before this instant is seen, with a zone: 2025-06-30T16:00:00Z or 2025-07-01T00:00:00+08:00. Default: everything.",
        HelpName = "INSTANT",
        CustomParser = r => r.Tokens.Count == 0 ? null : ParseOne(r, "--known-at", OffsetDateTimePattern.ExtendedIso, "an instant with a zone such as 2025-06-30T16:00:00Z or 2025-07-01T00:00:00+08:00").ToInstant(),
    };

    public static Option<Language?> Lang(string description) => new("--lang")
    {
        Description = description,
        HelpName = "zh-CN|en",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return null;
            var text = r.Tokens[0].Value;
            if (string.Equals(text, "zh-CN", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "zh", StringComparison.OrdinalIgnoreCase)) return Language.ZhCn;
            if (string.Equals(text, "en", StringComparison.OrdinalIgnoreCase)) return Language.En;
            r.AddError($"--lang: '{text}' is not a language of the scheme; use zh-CN or en.");
            return null;
        },
    };

    /// <summary>The embedded Zhengzhou version or the version to pin among <c>--rules</c> files.</summary>
    public static Option<string?> Version() => new("--version")
    {
        Description = "A rule-set version (SemVer, e.g. 2019.1.0): pins it among the --rules files, or picks the embedded Zhengzhou version. Default: the version in force on --as-of.",
        HelpName = "VERSION",
    };

    public static Option<string[]> Rules() => new("--rules")
    {
        Description = "Rule-set JSON file(s) of one rule set; the version in force on --as-of is used. Default: the embedded Zhengzhou rule sets.",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// A file argument. A value starting with <c>-</c> is refused as an unknown option (the parser
    /// would otherwise take a misspelt option for a file name); write <c>./-name</c> for such a file.
    /// </summary>
    public static Argument<T> Files<T>(string name, string description, ArgumentArity arity)
    {
        var argument = new Argument<T>(name) { Description = description, Arity = arity };
        argument.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (token.Value.StartsWith('-')) r.AddError($"'{token.Value}' is not an option of this command (a file whose name starts with '-' is written ./{token.Value}).");
            }
        });
        return argument;
    }

    /// <summary>Adds a validator that refuses the two options together.</summary>
    public static void Exclusive(Command command, Option first, Option second) =>
        command.Validators.Add(r =>
        {
            if (r.GetResult(first) is not null && r.GetResult(second) is not null)
            {
                r.AddError($"{first.Name} and {second.Name} cannot be used together.");
            }
        });

    private static T ParseOne<T>(ArgumentResult r, string name, IPattern<T> pattern, string expected)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
        var parsed = pattern.Parse(text);
        if (parsed.Success) return parsed.Value;
        r.AddError($"{name}: '{text}' is not {expected}.");
        return default!;
    }
}
