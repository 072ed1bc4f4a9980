using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Cli.Infrastructure;

/// <summary>Where the rules of a command come from: rule-set files, or the embedded Zhengzhou versions.</summary>
internal static class RuleSources
{
    /// <summary>Reads and loads one rule-set file; an unreadable file is an I/O failure, bad content comes back as errors.</summary>
    public static RuleSetLoadResult LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(path, ex);
        }

        return RuleSetJson.Load(bytes, path);
    }

    /// <summary>Loads a rule-set file, refusing it (exit 1) with every error and its JSON path when it is invalid.</summary>
    public static RuleSet LoadValid(string path)
    {
        var result = LoadFile(path);
        if (result.RuleSet is { } rs) return rs;
        throw new CliFailure(
            ExitCodes.Invalid,
            FailureCodes.InvalidRuleSet,
            $"{path}: the rule set has {result.Errors.Length} error(s)",
            result.Errors.Select(e => $"{path}: {e}").ToArray());
    }

    /// <summary>
    /// The scoring plan for <paramref name="asOf"/>: from <paramref name="files"/> (one rule set's versions) or
    /// the embedded Zhengzhou history; the version in force, or <paramref name="version"/> when given.
    /// </summary>
    public static ScoringPlan PlanFor(IReadOnlyList<string> files, string? version, LocalDate asOf)
    {
        RuleSetVersion? pinned = null;
        if (version is not null)
        {
            if (!RuleSetVersion.TryParse(version, out var v)) throw CliFailure.Usage($"--version: '{version}' is not a Semantic Versioning 2.0 version such as 2019.1.0.");
            pinned = v;
        }

        RuleSetHistory history;
        if (files.Count == 0)
        {
            history = ZhengzhouRuleSets.History;
        }
        else
        {
            var sets = files.Select(LoadValid).ToList();
            try
            {
                history = RuleSetHistory.Create(sets);
            }
            catch (RuleSetValidationException ex)
            {
                throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidHistory, "the --rules files do not make one rule-set history", ex.Errors.Select(e => e.ToString()).ToArray());
            }
        }

        try
        {
            return history.PlanFor(asOf, pinned);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.NoVersionInForce, ex.Message);
        }
    }
}
