using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Packaging;

namespace ShangdingScore.Rules;

/// <summary>
/// A validated, versioned rule set (指标体系): every number of the scheme — base, bounds, caps,
/// items, windows, grade bands, grade requirements, repair policy — indexed once for scoring
/// (spec §2–3). Create one with <see cref="RuleSetJson.Load(string, string?, Packaging.JsonLoadOptions?)"/> or <see cref="Create"/>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe: one instance serves every evaluation. <see cref="ContentHash"/>
/// identifies the exact rules: the SHA-256 of the canonical JSON form, so two documents that differ
/// only in layout, property order or number spelling (<c>1.50</c> vs <c>1.5</c>) hash alike.
/// </remarks>
public sealed class RuleSet
{
    private readonly FrozenDictionary<string, int> _itemIndex;

    private RuleSet(RuleSetDefinition d, GradeScale scale, string contentHash)
    {
        Definition = d;
        Id = d.Id;
        Version = RuleSetVersion.Parse(d.Version);
        Name = d.Name;
        EffectiveFrom = d.EffectiveFrom;
        TimeZone = DateTimeZoneProviders.Tzdb[d.TimeZone];
        Base = d.Base;
        Min = d.Min;
        Max = d.Max;
        MaxBonus = d.MaxBonus;
        Precision = d.Precision;
        Dimensions = d.Dimensions;
        Items = d.Items;
        Requirements = d.Requirements.IsDefault ? ImmutableArray<GradeRequirement>.Empty : d.Requirements;
        Repair = d.Repair;
        Scale = scale;
        ContentHash = contentHash;

        var itemIndex = new Dictionary<string, int>(Items.Length, StringComparer.Ordinal);
        var dimIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Dimensions.Length; i++) dimIndex[Dimensions[i].Code] = i;
        var compiled = new CompiledItem[Items.Length];
        for (int i = 0; i < Items.Length; i++)
        {
            var it = Items[i];
            itemIndex[it.Code] = i;
            compiled[i] = new CompiledItem(
                dimIndex[it.Dimension],
                it.Polarity == Polarity.Negative,
                it.Severity == Severity.Serious,
                it.PointsPerUnit.HasValue,
                it.PointsPerUnit ?? it.Points ?? 0m,
                it.RecordCap ?? decimal.MaxValue,
                it.ItemCap ?? decimal.MaxValue,
                it.CountsFor);
        }

        // Frozen at load: slower to build, faster to look up on the hot path (one lookup per record).
        _itemIndex = itemIndex.ToFrozenDictionary(StringComparer.Ordinal);
        CompiledItems = compiled;
        DimensionCaps = Dimensions.Select(x => x.PositiveCap ?? decimal.MaxValue).ToArray();
        var gradeByCode = scale.Grades.ToDictionary(g => g.Code, StringComparer.Ordinal);
        RequirementCaps = Requirements.Select(r => gradeByCode[r.CapGradeAt]).ToArray();
        FixedPoint = FixedPointRules.TryCreate(Base, MaxBonus, compiled, DimensionCaps);
    }

    /// <summary>The definition this rule set was created from.</summary>
    public RuleSetDefinition Definition { get; }

    /// <summary>The rule set's id, for example <c>zhengzhou.shangding</c>.</summary>
    public string Id { get; }

    /// <summary>The version.</summary>
    public RuleSetVersion Version { get; }

    /// <summary>The scheme's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>The first day this version is in force.</summary>
    public LocalDate EffectiveFrom { get; }

    /// <summary>The time zone that turns instants into dates (repair dates).</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>The score of a subject with no counting record.</summary>
    public decimal Base { get; }

    /// <summary>The lowest score.</summary>
    public decimal Min { get; }

    /// <summary>The highest score.</summary>
    public decimal Max { get; }

    /// <summary>The most positive points all dimensions may add together.</summary>
    public decimal MaxBonus { get; }

    /// <summary>Decimal places of the published score.</summary>
    public int Precision { get; }

    /// <summary>The dimensions, in document order.</summary>
    public ImmutableArray<Dimension> Dimensions { get; }

    /// <summary>The items, in document order.</summary>
    public ImmutableArray<ScoreItem> Items { get; }

    /// <summary>The grade requirements, in document order.</summary>
    public ImmutableArray<GradeRequirement> Requirements { get; }

    /// <summary>The repair policy.</summary>
    public RepairPolicy Repair { get; }

    /// <summary>The grade bands and grades, lowest first.</summary>
    public GradeScale Scale { get; }

    /// <summary>The grades, lowest first (a shortcut for <c>Scale.Grades</c>).</summary>
    public ImmutableArray<CreditGrade> Grades => Scale.Grades;

    /// <summary>The SHA-256 of the canonical JSON form: <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public string ContentHash { get; }

    internal CompiledItem[] CompiledItems { get; }

    internal decimal[] DimensionCaps { get; }

    internal CreditGrade[] RequirementCaps { get; }

    /// <summary>The numbers of step 4 and 5 as scaled integers, for score-only scoring of prepared records; null when one does not fit.</summary>
    internal FixedPointRules? FixedPoint { get; }

    /// <summary>Validates a definition and builds a rule set, or returns every error found.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static RuleSetLoadResult Create(RuleSetDefinition definition) =>
        CreateCore(definition ?? throw new ArgumentNullException(nameof(definition)), new RuleSetErrorSink(JsonLoadOptions.DefaultMaxErrors), null);

    internal static RuleSetLoadResult CreateCore(RuleSetDefinition definition, RuleSetErrorSink errors, string? source)
    {
        new RuleSetValidator(errors).Validate(definition);
        if (errors.Any)
        {
            return new RuleSetLoadResult(null, errors.ToImmutable(), source);
        }

        var scale = GradeScale.Build(definition.Grades, definition.Min, definition.Max, definition.Precision);
        return new RuleSetLoadResult(new RuleSet(definition, scale, RuleSetJson.ComputeHash(definition)), ImmutableArray<RuleSetError>.Empty, source);
    }

    /// <summary>The item with <paramref name="code"/>, or null when the rule set does not know it.</summary>
    public ScoreItem? FindItem(string code) =>
        code is not null && _itemIndex.TryGetValue(code, out var i) ? Items[i] : null;

    /// <summary>The grade of a published (rounded) score.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The score is outside [min, max] or has more decimals than <see cref="Precision"/>.</exception>
    public CreditGrade GradeOf(decimal publishedScore) => Scale.GradeOf(publishedScore);

    /// <summary>Clamps a raw total to [min, max] and rounds it to <see cref="Precision"/>, half away from zero (四舍五入) — spec §3 step 5.</summary>
    public decimal Publish(decimal rawTotal)
    {
        var clamped = rawTotal < Min ? Min : rawTotal > Max ? Max : rawTotal;
        return decimal.Round(clamped, Precision, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The first day the subject may apply to repair (信用修复) a record of the negative <paramref name="item"/>
    /// that occurred on <paramref name="occurredOn"/>: <c>occurredOn.Plus(item.RepairMinimumPeriod)</c> with
    /// calendar arithmetic, like windows; <paramref name="occurredOn"/> itself when the item has no minimum period.
    /// </summary>
    /// <param name="item">A negative item of this rule set.</param>
    /// <param name="occurredOn">The day the record occurred.</param>
    /// <returns>The day, or null when it would be after 9999-12-31 (no application is possible within the calendar).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="item"/> is positive (only negative records are repaired) or is not an item of this rule set.</exception>
    public LocalDate? EarliestRepairApplication(ScoreItem item, LocalDate occurredOn)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        if (!TryGetItemIndex(item.Code, out var i) || !ReferenceEquals(Items[i], item))
        {
            throw new ArgumentException($"'{item.Code}' is not an item of {Id} {Version}.", nameof(item));
        }

        if (item.Polarity != Polarity.Negative)
        {
            throw new ArgumentException($"'{item.Code}' is a positive item; only negative records are repaired.", nameof(item));
        }

        if (item.RepairMinimumPeriod is not { } period) return occurredOn;
        try
        {
            return occurredOn.Plus(period);
        }
        catch (OverflowException)
        {
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    internal bool TryGetItemIndex(string code, out int index) => _itemIndex.TryGetValue(code, out index);

    /// <summary><c>id@version (hash)</c>.</summary>
    public override string ToString() => $"{Id}@{Version} ({ContentHash.Substring(0, 19)}…)";
}

/// <summary>An item resolved for the hot path: indices and numbers, no strings.</summary>
internal readonly struct CompiledItem
{
    public CompiledItem(int dimension, bool negative, bool serious, bool perUnit, decimal points, decimal recordCap, decimal itemCap, Period? window)
    {
        Dimension = dimension;
        Negative = negative;
        Serious = serious;
        PerUnit = perUnit;
        Points = points;
        RecordCap = recordCap;
        ItemCap = itemCap;
        Window = window;
    }

    public int Dimension { get; }

    public bool Negative { get; }

    public bool Serious { get; }

    public bool PerUnit { get; }

    public decimal Points { get; }

    public decimal RecordCap { get; }

    public decimal ItemCap { get; }

    public Period? Window { get; }
}
