using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

public static partial class ShangdingGen
{
    /// <summary>The first day of every generated rule set (<c>effectiveFrom</c>).</summary>
    public static LocalDate GeneratedEffectiveFrom { get; } = new(2019, 1, 1);

    /// <summary>
    /// Valid rule sets, built with <see cref="RuleSet.Create"/> from a generated
    /// <see cref="RuleSetDefinition"/> (see <see cref="RuleSetDefinitions"/>).
    /// </summary>
    /// <exception cref="RuleSetValidationException">Thrown while sampling if a generated definition were invalid (a generator bug).</exception>
    public static Gen<RuleSet> RuleSets() => RuleSetDefinitions().Select(d => RuleSet.Create(d).GetValueOrThrow());

    /// <summary>
    /// Valid rule-set definitions: a <see cref="ValidScale()"/> for the bands, a base on the grid,
    /// 1–5 dimensions with optional positive caps, 1–12 items with fixed or per-unit points
    /// (magnitudes proportional to the score range, with one decimal more than the precision so
    /// that rounding is exercised), optional per-record and per-item caps, optional windows
    /// <c>P{n}D</c>, <c>P{n}M</c>, <c>P{n}Y</c>, negative items some of them serious and some with a
    /// minimum period before a repair application, 0–2 grade requirements and a repair delay.
    /// </summary>
    public static Gen<RuleSetDefinition> RuleSetDefinitions() =>
        from scale in ValidScale()
        let span = scale.Max - scale.Min
        from baseIndex in Gen.Choose(0, (int)(scale.GridPoints - 1))
        from maxBonus in Magnitude(span, scale.Precision, 120)
        from dimensionCount in Gen.Choose(1, 5)
        from dimensions in Gen.CollectToArray(Enumerable.Range(0, dimensionCount), i => DimensionGen(i, span, scale.Precision))
        from itemCount in Gen.Choose(1, 12)
        from items in Gen.CollectToArray(Enumerable.Range(0, itemCount), i => ItemGen(i, dimensionCount, span, scale.Precision))
        from requirements in RequirementsGen(scale.CodesByRank)
        from zone in Gen.Elements("Asia/Shanghai", "Etc/UTC", "America/New_York")
        from delay in Gen.Frequency(
            (3, Gen.Constant(Period.Zero)),
            (1, Gen.Choose(1, 90).Select(Period.FromDays)),
            (1, Gen.Choose(1, 12).Select(Period.FromMonths)))
        select new RuleSetDefinition
        {
            Id = "generated.rules",
            Version = "1.0.0",
            Name = new LocalizedText("生成的规则", "Generated rules"),
            EffectiveFrom = GeneratedEffectiveFrom,
            TimeZone = zone,
            Base = scale.Min + (baseIndex * scale.Step),
            Min = scale.Min,
            Max = scale.Max,
            MaxBonus = maxBonus,
            Precision = scale.Precision,
            Dimensions = dimensions.ToImmutableArray(),
            Items = items.ToImmutableArray(),
            Grades = scale.Bands,
            Requirements = requirements,
            Repair = new RepairPolicy { Delay = delay },
        };

    /// <summary>A non-negative number up to <paramref name="percent"/> % of <paramref name="span"/>, with one decimal more than <paramref name="precision"/>; sometimes 0.</summary>
    private static Gen<decimal> Magnitude(decimal span, int precision, int percent) =>
        Gen.Frequency(
            (1, Gen.Constant(0m)),
            (8, Gen.Choose(1, percent * 10).Select(c => decimal.Round(span * c / 1000m, precision + 1, MidpointRounding.AwayFromZero))));

    private static Gen<decimal?> Optional(Gen<decimal> gen) =>
        Gen.Frequency((2, Gen.Constant<decimal?>(null)), (1, gen.Select(x => (decimal?)x)));

    private static Gen<Dimension> DimensionGen(int index, decimal span, int precision) =>
        from cap in Optional(Magnitude(span, precision, 60))
        select new Dimension
        {
            Code = "dim-" + index,
            Name = new LocalizedText("维度" + index, "Dimension " + index),
            PositiveCap = cap,
        };

    private static Gen<ScoreItem> ItemGen(int index, int dimensionCount, decimal span, int precision) =>
        from dimension in Gen.Choose(0, dimensionCount - 1)
        from negative in Gen.Elements(true, false)
        from serious in negative ? Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        from perUnit in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from points in Magnitude(span, precision, perUnit ? 8 : 40)
        from recordCap in Optional(Magnitude(span, precision, 30))
        from itemCap in Optional(Magnitude(span, precision, 60))
        from window in Gen.Frequency(
            (1, Gen.Constant<Period?>(null)),
            (1, Gen.Choose(1, 900).Select(n => (Period?)Period.FromDays(n))),
            (1, Gen.Choose(1, 36).Select(n => (Period?)Period.FromMonths(n))),
            (1, Gen.Choose(1, 5).Select(n => (Period?)Period.FromYears(n))))
        from repairAfter in negative
            ? Gen.Frequency(
                (3, Gen.Constant<Period?>(null)),
                (1, Gen.Choose(1, 12).Select(n => (Period?)Period.FromMonths(n))),
                (1, Gen.Choose(1, 3).Select(n => (Period?)Period.FromYears(n))))
            : Gen.Constant<Period?>(null)
        select new ScoreItem
        {
            Code = "item-" + index,
            Dimension = "dim-" + dimension,
            Name = new LocalizedText("指标" + index, "Item " + index),
            Polarity = negative ? Polarity.Negative : Polarity.Positive,
            Severity = serious ? Severity.Serious : Severity.General,
            Points = perUnit ? null : points,
            PointsPerUnit = perUnit ? points : null,
            RecordCap = recordCap,
            ItemCap = itemCap,
            CountsFor = window,
            RepairMinimumPeriod = repairAfter,
        };

    private static Gen<ImmutableArray<GradeRequirement>> RequirementsGen(ImmutableArray<string> gradeCodes) =>
        from anyNegative in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Gen.Elements(gradeCodes.ToArray()).Select(c => (string?)c)))
        from anySerious in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Gen.Elements(gradeCodes.ToArray()).Select(c => (string?)c)))
        select Requirements(anyNegative, anySerious);

    private static ImmutableArray<GradeRequirement> Requirements(string? anyNegativeCap, string? anySeriousCap)
    {
        var list = ImmutableArray.CreateBuilder<GradeRequirement>();
        if (anyNegativeCap is not null)
        {
            list.Add(new GradeRequirement
            {
                Code = "no-negative",
                Name = new LocalizedText("须无不良信息", "Requires no negative record"),
                When = RequirementCondition.AnyNegative,
                CapGradeAt = anyNegativeCap,
            });
        }

        if (anySeriousCap is not null)
        {
            list.Add(new GradeRequirement
            {
                Code = "no-serious-negative",
                Name = new LocalizedText("须无严重失信", "Requires no serious negative record"),
                When = RequirementCondition.AnySeriousNegative,
                CapGradeAt = anySeriousCap,
            });
        }

        return list.ToImmutable();
    }
}
