using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Rules;

/// <summary>
/// The versions of one rule set over time. The version in force on a day is the latest whose
/// <c>effectiveFrom</c> is on or before it (spec §3a "Which rule set applies"); a caller may pin
/// another version for what-if and impact analysis, and the result is then marked not in force.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RuleSetHistory
{
    private RuleSetHistory(ImmutableArray<RuleSet> versions) => Versions = versions;

    /// <summary>The versions, earliest <c>effectiveFrom</c> first.</summary>
    public ImmutableArray<RuleSet> Versions { get; }

    /// <summary>The rule set's id.</summary>
    public string Id => Versions[0].Id;

    /// <summary>Builds a history from versions of one rule set.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="versions"/> is null.</exception>
    /// <exception cref="RuleSetValidationException">No version is given, the ids differ, a version appears twice, or two versions share an <c>effectiveFrom</c>.</exception>
    public static RuleSetHistory Create(IEnumerable<RuleSet> versions)
    {
        if (versions is null) throw new ArgumentNullException(nameof(versions));
        var list = versions.OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version).ToImmutableArray();
        var errors = new List<RuleSetError>();
        if (list.IsEmpty)
        {
            errors.Add(new RuleSetError("$", RuleSetErrorCodes.Required, "a rule-set history needs at least one version."));
        }

        for (int i = 0; i < list.Length; i++)
        {
            if (!string.Equals(list[i].Id, list[0].Id, StringComparison.Ordinal))
            {
                errors.Add(new RuleSetError("$.id", RuleSetErrorCodes.VersionConflict, $"'{list[i].Id}' {list[i].Version} is not a version of '{list[0].Id}'."));
            }

            for (int j = 0; j < i; j++)
            {
                if (list[j].Version.CompareTo(list[i].Version) == 0)
                {
                    errors.Add(new RuleSetError("$.version", RuleSetErrorCodes.VersionConflict, $"version {list[i].Version} of '{list[i].Id}' is given twice."));
                }
                else if (list[j].EffectiveFrom == list[i].EffectiveFrom)
                {
                    errors.Add(new RuleSetError("$.effectiveFrom", RuleSetErrorCodes.VersionConflict, $"versions {list[j].Version} and {list[i].Version} of '{list[i].Id}' both take effect on {list[i].EffectiveFrom:uuuu-MM-dd}; which is in force would be ambiguous."));
                }
            }
        }

        if (errors.Count > 0) throw new RuleSetValidationException(null, errors.ToImmutableArray());
        return new RuleSetHistory(list);
    }

    /// <summary>The version in force on <paramref name="asOf"/>, or null when none has taken effect yet.</summary>
    public RuleSet? InForceOn(LocalDate asOf)
    {
        RuleSet? found = null;
        foreach (var v in Versions)
        {
            if (v.EffectiveFrom <= asOf) found = v;
        }

        return found;
    }

    /// <summary>The version with number <paramref name="version"/>, or null.</summary>
    public RuleSet? Find(RuleSetVersion version) => Versions.FirstOrDefault(v => v.Version.CompareTo(version) == 0);

    /// <summary>
    /// A scoring plan for <paramref name="asOf"/>: the version in force, or the pinned one (marked not
    /// in force when it is not the one in force).
    /// </summary>
    /// <exception cref="InvalidOperationException">No version is in force on <paramref name="asOf"/> and none is pinned, or the pinned version is not in the history.</exception>
    public ScoringPlan PlanFor(LocalDate asOf, RuleSetVersion? pinned = null)
    {
        var inForce = InForceOn(asOf);
        if (pinned is { } p)
        {
            var chosen = Find(p) ?? throw new InvalidOperationException($"'{Id}' has no version {p}; it has {string.Join(", ", Versions.Select(v => v.Version))}.");
            return ScoringPlan.Create(chosen, asOf, ReferenceEquals(chosen, inForce));
        }

        if (inForce is null)
        {
            throw new InvalidOperationException($"No version of '{Id}' is in force on {asOf:uuuu-MM-dd}; the earliest takes effect on {Versions[0].EffectiveFrom:uuuu-MM-dd}.");
        }

        return ScoringPlan.Create(inForce, asOf, inForce: true);
    }
}
