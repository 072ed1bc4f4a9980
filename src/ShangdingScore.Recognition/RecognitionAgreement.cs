using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules;

namespace ShangdingScore.Recognition;

/// <summary>
/// One grade of another city's ladder (信用等级), with its score range where the scheme has scores, and the grade of
/// ours it counts as here.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class ForeignGrade
{
    /// <summary>Creates a grade.</summary>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="min"/> is above <paramref name="max"/>, or only one of them is given.</exception>
    public ForeignGrade(string code, LocalizedText name, decimal? min, decimal? max, string mapsTo)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        MapsTo = mapsTo ?? throw new ArgumentNullException(nameof(mapsTo));
        if (min.HasValue != max.HasValue) throw new ArgumentException("A score range needs both ends, or neither.", nameof(max));
        if (min > max) throw new ArgumentException($"The range [{min}, {max}] is empty.", nameof(max));
        Min = min;
        Max = max;
    }

    /// <summary>The grade's code in the other city's scheme (<c>A</c>, <c>excellent</c>, …).</summary>
    public string Code { get; }

    /// <summary>Its name in zh-CN and English.</summary>
    public LocalizedText Name { get; }

    /// <summary>The lowest score of the grade (inclusive), or null for a scheme without scores.</summary>
    public decimal? Min { get; }

    /// <summary>The highest score of the grade (inclusive), or null for a scheme without scores.</summary>
    public decimal? Max { get; }

    /// <summary>The code of our grade it counts as (a grade of the rule set in force).</summary>
    public string MapsTo { get; }

    /// <summary>Whether a stated score fits the grade: always when no score is stated or the grade has no range.</summary>
    public bool Admits(decimal? score) => score is not { } s || Min is not { } min || (s >= min && s <= Max);
}

/// <summary>
/// A recognition agreement with another city's credit center (信用互认协议): its grade scheme, the mapping of each of its
/// grades onto ours, when it holds, the keys the center signs attestations with, and which benefits it opens. Recognition
/// is off unless an agreement lists a benefit (or its family).
/// </summary>
/// <remarks>Immutable and thread-safe. Built by <see cref="RecognitionAgreementsJson"/>.</remarks>
public sealed class RecognitionAgreement
{
    internal RecognitionAgreement(
        string city, LocalizedText cityName, string issuer, string scheme, LocalizedText schemeName, LocalDate effectiveFrom, LocalDate? effectiveUntil,
        ImmutableArray<GrantKey> keys, ImmutableArray<ForeignGrade> grades, ImmutableArray<string> benefits)
    {
        City = city;
        CityName = cityName;
        Issuer = issuer;
        Scheme = scheme;
        SchemeName = schemeName;
        EffectiveFrom = effectiveFrom;
        EffectiveUntil = effectiveUntil;
        Keys = keys;
        Grades = grades;
        Benefits = benefits;
    }

    /// <summary>The other city's code (<c>hangzhou</c>), for example a GB/T 2260 based one.</summary>
    public string City { get; }

    /// <summary>The city's name.</summary>
    public LocalizedText CityName { get; }

    /// <summary>The issuing credit center's id, as attestations name it (<c>iss</c>).</summary>
    public string Issuer { get; }

    /// <summary>The grade scheme's id, as attestations name it (<c>sch</c>).</summary>
    public string Scheme { get; }

    /// <summary>The scheme's name (钱江分, …).</summary>
    public LocalizedText SchemeName { get; }

    /// <summary>The first day the agreement holds.</summary>
    public LocalDate EffectiveFrom { get; }

    /// <summary>The day it stops holding (exclusive), or null while open-ended.</summary>
    public LocalDate? EffectiveUntil { get; }

    /// <summary>The issuing center's public keys (verify only).</summary>
    public ImmutableArray<GrantKey> Keys { get; }

    /// <summary>The ladder, highest grade first, as declared.</summary>
    public ImmutableArray<ForeignGrade> Grades { get; }

    /// <summary>The benefit codes and benefit family codes the agreement opens.</summary>
    public ImmutableArray<string> Benefits { get; }

    /// <summary>Whether the agreement holds on <paramref name="day"/>.</summary>
    public bool IsInForceOn(LocalDate day) => day >= EffectiveFrom && (EffectiveUntil is not { } until || day < until);

    /// <summary>The grade with this code, or null.</summary>
    public ForeignGrade? FindGrade(string code) => Grades.FirstOrDefault(g => string.Equals(g.Code, code, StringComparison.Ordinal));

    /// <summary>Whether the agreement opens <paramref name="benefit"/> (by its code or its family's).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="benefit"/> is null.</exception>
    public bool Covers(BenefitDefinition benefit)
    {
        if (benefit is null) throw new ArgumentNullException(nameof(benefit));
        return Benefits.Contains(benefit.Code, StringComparer.Ordinal) || Benefits.Contains(benefit.Family, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => $"{City} {Scheme} ({Issuer})";
}

/// <summary>A versioned set of recognition agreements (a document <c>id</c> + <c>version</c>, shipped like a rule set).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecognitionAgreements
{
    internal RecognitionAgreements(string id, RuleSetVersion version, ImmutableArray<RecognitionAgreement> agreements)
    {
        Id = id;
        Version = version;
        Agreements = agreements;
    }

    /// <summary>An empty set: nothing is recognised (the default).</summary>
    public static RecognitionAgreements None { get; } = new("none", RuleSetVersion.Parse("0.0.0"), ImmutableArray<RecognitionAgreement>.Empty);

    /// <summary>The document's id.</summary>
    public string Id { get; }

    /// <summary>The document's version.</summary>
    public RuleSetVersion Version { get; }

    /// <summary>Every agreement, as declared.</summary>
    public ImmutableArray<RecognitionAgreement> Agreements { get; }

    /// <summary>The agreement with <paramref name="issuer"/> in force on <paramref name="day"/>, or null.</summary>
    public RecognitionAgreement? InForce(string issuer, LocalDate day) =>
        Agreements.FirstOrDefault(a => string.Equals(a.Issuer, issuer, StringComparison.Ordinal) && a.IsInForceOn(day));

    /// <summary>A key of <paramref name="issuer"/> with <paramref name="keyId"/> from any of its agreements, or null.</summary>
    public GrantKey? FindKey(string issuer, string keyId) =>
        Agreements.Where(a => string.Equals(a.Issuer, issuer, StringComparison.Ordinal))
            .SelectMany(a => a.Keys)
            .FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    /// <summary>
    /// Checks the agreements against a rule set: every <c>mapsTo</c> must be one of its grades. Problems with their JSON
    /// paths (<c>unknown-reference</c>); empty when all is well.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public ImmutableArray<Packaging.JsonDocumentProblem> ValidateAgainst(RuleSet ruleSet)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var problems = ImmutableArray.CreateBuilder<Packaging.JsonDocumentProblem>();
        for (int a = 0; a < Agreements.Length; a++)
        {
            for (int g = 0; g < Agreements[a].Grades.Length; g++)
            {
                var grade = Agreements[a].Grades[g];
                if (!ruleSet.Grades.Any(r => string.Equals(r.Code, grade.MapsTo, StringComparison.Ordinal)))
                {
                    problems.Add(new Packaging.JsonDocumentProblem(
                        $"$.agreements[{a}].grades[{g}].mapsTo", "unknown-reference",
                        $"'{grade.MapsTo}' is not a grade of {ruleSet.Id} {ruleSet.Version} ({string.Join(", ", ruleSet.Grades.Select(r => r.Code))})."));
                }
            }
        }

        return problems.ToImmutable();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id}@{Version}";
}
