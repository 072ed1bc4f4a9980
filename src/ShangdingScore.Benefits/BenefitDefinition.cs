using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Benefits;

/// <summary>Stable codes of the benefit families of the Zhengzhou plan (五、应用场景规划).</summary>
public static class BenefitFamilyCodes
{
    /// <summary>政务服务 Government services.</summary>
    public const string GovernmentServices = "government-services";

    /// <summary>交通出行 Transport: named by the plan with no benefit listed, so the default catalog has none.</summary>
    public const string Transport = "transport";

    /// <summary>医疗卫生 Healthcare.</summary>
    public const string Healthcare = "healthcare";

    /// <summary>公共服务 Public services.</summary>
    public const string PublicServices = "public-services";

    /// <summary>社会化应用 Social use: an open slot for banks and merchants, with no default benefit.</summary>
    public const string SocialUse = "social-use";
}

/// <summary>A family of benefits (an application scenario of the plan).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BenefitFamily
{
    /// <summary>Creates a family.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public BenefitFamily(string code, LocalizedText name, ImmutableArray<BenefitDefinition> benefits)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Benefits = benefits.IsDefault ? ImmutableArray<BenefitDefinition>.Empty : benefits;
    }

    /// <summary>The family's code, one of <see cref="BenefitFamilyCodes"/> in the default catalog.</summary>
    public string Code { get; }

    /// <summary>The family's name in zh-CN and English.</summary>
    public LocalizedText Name { get; }

    /// <summary>The benefits of the family; may be empty (transport, social use).</summary>
    public ImmutableArray<BenefitDefinition> Benefits { get; }
}

/// <summary>
/// One benefit of the catalog: its code (what a grant's purpose and a venue's query name), its
/// family, names, the lowest grade that earns it, its terms and how long a decision holds.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BenefitDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    public BenefitDefinition(string code, string family, LocalizedText name, string minimumGrade, BenefitTerms terms, Period validFor)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Family = family ?? throw new ArgumentNullException(nameof(family));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        MinimumGrade = minimumGrade ?? throw new ArgumentNullException(nameof(minimumGrade));
        Terms = terms ?? throw new ArgumentNullException(nameof(terms));
        ValidFor = validFor ?? throw new ArgumentNullException(nameof(validFor));
    }

    /// <summary>The stable code, for example <c>healthcare.family-doctor-priority</c>.</summary>
    public string Code { get; }

    /// <summary>The code of the family holding it.</summary>
    public string Family { get; }

    /// <summary>The name in zh-CN and English.</summary>
    public LocalizedText Name { get; }

    /// <summary>
    /// The code of the lowest grade of the rule set that earns the benefit (grades compare by rank).
    /// The plan says only 积分较高; the default catalog uses <c>outstanding</c> (信用优秀 and above).
    /// </summary>
    public string MinimumGrade { get; }

    /// <summary>What the benefit gives.</summary>
    public BenefitTerms Terms { get; }

    /// <summary>
    /// How long a granted decision holds: it is valid until the start of the day
    /// <c>asOf + ValidFor</c> in the rule set's time zone (<c>P1D</c>: until midnight of the day of the decision).
    /// </summary>
    public Period ValidFor { get; }
}
