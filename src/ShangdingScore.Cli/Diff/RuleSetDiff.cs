using NodaTime;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Rules;

namespace ShangdingScore.Cli.Diff;

/// <summary>What kind of change one <see cref="RuleChange"/> is.</summary>
internal enum ChangeKind
{
    Changed,
    Added,
    Removed,
}

/// <summary>
/// One difference between two rule sets: a section (<c>ruleSet</c>, <c>repair</c>, <c>dimension</c>,
/// <c>item</c>, <c>grade</c>, <c>requirement</c>), the entry's code, the field and both values in a
/// language-neutral form (numbers, codes, ISO periods, <c>≥ 150</c> / <c>&lt; 200</c> for band bounds;
/// null for "none"). An added or removed entry carries its fields instead (<see cref="Entry"/>).
/// </summary>
internal sealed record RuleChange(string Section, string? Code, LocalizedText? Name, ChangeKind Kind, string? Field, string? Old, string? New)
{
    /// <summary>For an added or removed entry: its fields (name left out) and their values, those that are set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entry { get; init; } = Array.Empty<KeyValuePair<string, string>>();
}

/// <summary>Compares two rule sets field by field, entries matched by code; pure.</summary>
internal static class RuleSetDiff
{
    public static IReadOnlyList<RuleChange> Compute(RuleSet a, RuleSet b)
    {
        var changes = new List<RuleChange>();
        void Top(string field, string? x, string? y)
        {
            if (!string.Equals(x, y, StringComparison.Ordinal)) changes.Add(new RuleChange("ruleSet", null, null, ChangeKind.Changed, field, x, y));
        }

        Top("id", a.Id, b.Id);
        Top("name", Name(a.Name), Name(b.Name));
        Top("effectiveFrom", Fmt.Date(a.EffectiveFrom), Fmt.Date(b.EffectiveFrom));
        Top("timeZone", a.TimeZone.Id, b.TimeZone.Id);
        Top("base", Fmt.Num(a.Base), Fmt.Num(b.Base));
        Top("min", Fmt.Num(a.Min), Fmt.Num(b.Min));
        Top("max", Fmt.Num(a.Max), Fmt.Num(b.Max));
        Top("maxBonus", Fmt.Num(a.MaxBonus), Fmt.Num(b.MaxBonus));
        Top("precision", a.Precision.ToString(System.Globalization.CultureInfo.InvariantCulture), b.Precision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var delayA = Period(a.Repair.Delay);
        var delayB = Period(b.Repair.Delay);
        if (!string.Equals(delayA, delayB, StringComparison.Ordinal)) changes.Add(new RuleChange("repair", null, null, ChangeKind.Changed, "delay", delayA, delayB));

        Entries(changes, "dimension", a.Dimensions, b.Dimensions, d => d.Code, d => d.Name,
            [("name", d => Name(d.Name)), ("positiveCap", d => Cap(d.PositiveCap))]);
        Entries(changes, "item", a.Items, b.Items, i => i.Code, i => i.Name,
        [
            ("dimension", i => i.Dimension),
            ("name", i => Name(i.Name)),
            ("polarity", i => i.Polarity == Polarity.Positive ? "positive" : "negative"),
            ("severity", i => i.Polarity == Polarity.Positive ? null : i.Severity == Severity.Serious ? "serious" : "general"),
            ("points", i => Cap(i.Points)),
            ("pointsPerUnit", i => Cap(i.PointsPerUnit)),
            ("recordCap", i => Cap(i.RecordCap)),
            ("itemCap", i => Cap(i.ItemCap)),
            ("countsFor", i => i.CountsFor is { } p ? Period(p) : null),
            ("repairMinimumPeriod", i => i.RepairMinimumPeriod is { } p && !p.Equals(NodaTime.Period.Zero) ? Period(p) : null),
        ]);
        Entries(changes, "grade", a.Scale.Bands, b.Scale.Bands, g => g.Code, g => g.Name,
        [
            ("name", g => Name(g.Name)),
            ("lower", g => (g.Lower.Inclusive ? "≥ " : "> ") + Fmt.Num(g.Lower.Value)),
            ("upper", g => (g.Upper.Inclusive ? "≤ " : "< ") + Fmt.Num(g.Upper.Value)),
        ]);
        Entries(changes, "requirement", a.Requirements, b.Requirements, r => r.Code, r => r.Name,
        [
            ("name", r => Name(r.Name)),
            ("when", r => r.When == RequirementCondition.AnyNegative ? "any-negative" : "any-serious-negative"),
            ("capGradeAt", r => r.CapGradeAt),
        ]);
        return changes;
    }

    /// <summary>A band in interval notation, for example <c>[150, 200]</c>.</summary>
    public static string Interval(GradeBand g) =>
        $"{(g.Lower.Inclusive ? "[" : "(")}{Fmt.Num(g.Lower.Value)}, {Fmt.Num(g.Upper.Value)}{(g.Upper.Inclusive ? "]" : ")")}";

    private static void Entries<T>(List<RuleChange> changes, string section, IEnumerable<T> olds, IEnumerable<T> news, Func<T, string> code, Func<T, LocalizedText> name, (string Field, Func<T, string?> Value)[] fields)
    {
        var before = olds.ToDictionary(code, StringComparer.Ordinal);
        var after = news.ToDictionary(code, StringComparer.Ordinal);
        foreach (var x in olds)
        {
            if (!after.TryGetValue(code(x), out var y))
            {
                changes.Add(new RuleChange(section, code(x), name(x), ChangeKind.Removed, null, null, null) { Entry = Summary(x, fields) });
                continue;
            }

            foreach (var (field, value) in fields)
            {
                string? u = value(x), v = value(y);
                if (!string.Equals(u, v, StringComparison.Ordinal)) changes.Add(new RuleChange(section, code(x), name(y), ChangeKind.Changed, field, u, v));
            }
        }

        foreach (var y in news)
        {
            if (!before.ContainsKey(code(y))) changes.Add(new RuleChange(section, code(y), name(y), ChangeKind.Added, null, null, null) { Entry = Summary(y, fields) });
        }
    }

    private static KeyValuePair<string, string>[] Summary<T>(T entry, (string Field, Func<T, string?> Value)[] fields) =>
        fields.Where(f => f.Field != "name" && f.Value(entry) is not null).Select(f => new KeyValuePair<string, string>(f.Field, f.Value(entry)!)).ToArray();

    private static string Name(LocalizedText text) => $"{text.ZhCn} / {text.En}";

    private static string? Cap(decimal? value) => value is { } v ? Fmt.Num(v) : null;

    private static string Period(Period p) => Fmt.Period(p);
}
