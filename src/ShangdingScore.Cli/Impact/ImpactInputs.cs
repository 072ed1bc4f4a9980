using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ShangdingScore.Benefits;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Cli.Scoring;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Impact;

/// <summary>What <c>shangding impact</c> compares: the two versions, the benefits to count, the population.</summary>
internal static class ImpactInputs
{
    /// <summary>
    /// A rule set named on the command line: a JSON file (a value that names an existing file or ends in
    /// <c>.json</c>), or else a version of the embedded Zhengzhou rule set such as <c>2019.1.0</c>.
    /// </summary>
    public static RuleSet RuleSet(string option, string value)
    {
        if (File.Exists(value) || value.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return RuleSources.LoadValid(value);
        if (!RuleSetVersion.TryParse(value, out var version))
        {
            throw CliFailure.Usage($"{option}: '{value}' is neither a rule-set file nor a version such as 2019.1.0.");
        }

        if (!ZhengzhouRuleSets.AvailableVersions.Contains(version))
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.UnknownVersion, $"{option}: the embedded Zhengzhou rule set has no version {version}; it ships {string.Join(", ", ZhengzhouRuleSets.AvailableVersions)}.");
        }

        return ZhengzhouRuleSets.Load(version);
    }

    /// <summary>The benefits of a catalog file (or the default catalog), each checked against the grades of both versions.</summary>
    public static (BenefitCatalog Catalog, ImmutableArray<ImpactBenefit> Benefits) Benefits(string? path, RuleSet from, RuleSet to)
    {
        BenefitCatalog catalog;
        string name = path ?? $"{DefaultBenefitCatalogs.Id} {DefaultBenefitCatalogs.DefaultVersion}";
        if (path is null)
        {
            catalog = DefaultBenefitCatalogs.Default;
        }
        else
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

            var loaded = BenefitCatalogJson.Load(bytes, path);
            catalog = loaded.Catalog ?? throw InvalidCatalog(path, loaded.Errors);
        }

        var mismatches = BenefitCatalogJson.ValidateAgainst(catalog, from).AddRange(BenefitCatalogJson.ValidateAgainst(catalog, to));
        if (!mismatches.IsEmpty) throw InvalidCatalog(name, mismatches);
        return (catalog, catalog.Benefits.Select(b => new ImpactBenefit(b.Code, b.Name, b.MinimumGrade)).ToImmutableArray());
    }

    /// <summary>
    /// The subjects of a records file, one snapshot per subject as <c>score</c> reads them (grouped by
    /// subject, or gathered with <paramref name="groups"/> built for <c>--unsorted</c>), then the enrolled
    /// subjects of the enrolment file that have no record.
    /// </summary>
    public static async IAsyncEnumerable<SubjectSnapshot> FromRecords(RecordGroups groups, EnrolmentLookup enrolments, Action<long, long>? position, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var (subject, records) in groups.Read(position))
        {
            ct.ThrowIfCancellationRequested();
            yield return new SubjectSnapshot(subject, enrolments.For(subject), records);
        }

        foreach (var (subject, enrolment) in enrolments.Listed.Where(e => !groups.Seen.ContainsKey(e.Subject)))
        {
            yield return new SubjectSnapshot(subject, enrolment, ImmutableArray<CreditRecord>.Empty);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static CliFailure InvalidCatalog(string source, IEnumerable<BenefitCatalogError> errors)
    {
        var list = errors.Select(e => $"{source}: {e}").ToArray();
        return new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidCatalog, $"{source}: the benefit catalog has {list.Length} error(s)", list);
    }
}
