using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// A rule set prepared for one <c>asOf</c> day: each item's window turned into the first
/// occurrence date that still counts, so scoring compares dates and never adds periods.
/// Build one per day and score any number of subjects with it.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ScoringPlan
{
    private ScoringPlan(RuleSet ruleSet, LocalDate asOf, LocalDate[] firstCounting, bool inForce)
    {
        RuleSet = ruleSet;
        AsOf = asOf;
        FirstCountingDate = firstCounting;
        InForce = inForce;
        var firstDays = new int[firstCounting.Length];
        bool days = TryDayNumber(asOf, out var asOfDay);
        for (int i = 0; i < firstCounting.Length && days; i++) days = TryDayNumber(firstCounting[i], out firstDays[i]);
        AsOfDay = asOfDay;
        FirstCountingDay = firstDays;
        HasDayNumbers = days;
        Reference = new RuleSetReference(ruleSet.Id, ruleSet.Version.ToString(), ruleSet.ContentHash, inForce);
        NotInForceFlag = inForce ? null
            : new EvaluationFlag(EvaluationFlagKind.RuleSetNotInForce, null, $"{ruleSet.Id} {ruleSet.Version} is not the version in force on {asOf:uuuu-MM-dd}.");
        StartFlags = NotInForceFlag is null ? ImmutableArray<EvaluationFlag>.Empty : ImmutableArray.Create(NotInForceFlag);
        LineContext = new ExplanationContext(ruleSet, Array.Empty<decimal>());
    }

    /// <summary>The rule set.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>The day scores are for.</summary>
    public LocalDate AsOf { get; }

    /// <summary>Whether the rule set is in force on <see cref="AsOf"/> (false for a pinned what-if version).</summary>
    public bool InForce { get; }

    /// <summary>Per item: the earliest <c>occurredOn</c> with <c>occurredOn + countsFor &gt; asOf</c>.</summary>
    internal LocalDate[] FirstCountingDate { get; }

    /// <summary><see cref="AsOf"/> as a day number (<see cref="TryDayNumber"/>); valid when <see cref="HasDayNumbers"/>.</summary>
    internal int AsOfDay { get; }

    /// <summary><see cref="FirstCountingDate"/> as day numbers; valid when <see cref="HasDayNumbers"/>.</summary>
    internal int[] FirstCountingDay { get; }

    /// <summary>Whether every date of the plan is in the ISO calendar, so prepared records can compare day numbers.</summary>
    internal bool HasDayNumbers { get; }

    /// <summary>The rule set as every result on this plan names it (immutable, shared by those results).</summary>
    internal RuleSetReference Reference { get; }

    /// <summary>The flag every result on this plan carries when the version is not in force; null when it is.</summary>
    internal EvaluationFlag? NotInForceFlag { get; }

    /// <summary>The flags of a result on this plan before any record is looked at: the not-in-force flag, or none.</summary>
    internal ImmutableArray<EvaluationFlag> StartFlags { get; }

    /// <summary>What the explanation lines of results on this plan share when no cap cut an amount part way.</summary>
    internal ExplanationContext LineContext { get; }

    /// <summary>Prepares <paramref name="ruleSet"/> for <paramref name="asOf"/>.</summary>
    /// <param name="ruleSet">The rule set.</param>
    /// <param name="asOf">The day scores are for.</param>
    /// <param name="inForce">Whether the caller chose this version as the one in force on <paramref name="asOf"/>;
    /// by default it is in force when <c>asOf ≥ EffectiveFrom</c>. <see cref="RuleSetHistory"/> decides it for several versions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static ScoringPlan Create(RuleSet ruleSet, LocalDate asOf, bool? inForce = null)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var items = ruleSet.CompiledItems;
        var first = new LocalDate[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            first[i] = items[i].Window is { } w ? FirstCounting(asOf, w) : LocalDate.MinIsoValue;
        }

        return new ScoringPlan(ruleSet, asOf, first, inForce ?? asOf >= ruleSet.EffectiveFrom);
    }

    /// <summary>The smallest date d with <c>d.Plus(window) &gt; asOf</c>; Plus is monotonic in d.</summary>
    /// <remarks>
    /// A window ending after 9999-12-31 never ends (<see cref="Expires"/> is null), which is later than every
    /// <paramref name="asOf"/>: so the walk forward stops at the latest at <paramref name="asOf"/> itself and
    /// never leaves the calendar, on any day from 0001-01-01 to 9999-12-31.
    /// </remarks>
    internal static LocalDate FirstCounting(LocalDate asOf, Period window)
    {
        LocalDate c;
        try
        {
            c = asOf.Minus(window);
        }
        catch (OverflowException)
        {
            return LocalDate.MinIsoValue;
        }
        catch (ArgumentOutOfRangeException)
        {
            return LocalDate.MinIsoValue;
        }

        if (CountsOn(c, window, asOf))
        {
            while (c > LocalDate.MinIsoValue && CountsOn(c.PlusDays(-1), window, asOf)) c = c.PlusDays(-1);
            return c;
        }

        do
        {
            c = c.PlusDays(1);
        }
        while (!CountsOn(c, window, asOf));
        return c;
    }

    /// <summary>Whether a record of <paramref name="occurredOn"/> is still inside its window on <paramref name="asOf"/>.</summary>
    private static bool CountsOn(LocalDate occurredOn, Period window, LocalDate asOf) => Expires(occurredOn, window) is not { } end || end > asOf;

    /// <summary>
    /// Days since 1970-01-01 of an ISO-calendar date: comparing day numbers is comparing the dates.
    /// False for another calendar (whose dates NodaTime does not compare with ISO ones).
    /// </summary>
    internal static bool TryDayNumber(LocalDate date, out int day)
    {
        if (date.Calendar != CalendarSystem.Iso)
        {
            day = 0;
            return false;
        }

        // Days from civil (proleptic Gregorian), valid for every year NodaTime's ISO calendar has (|year| < 10 000, so
        // nothing here can overflow: unchecked, which keeps it small enough to inline on the per-record path).
        unchecked
        {
            int y = date.Year, m = date.Month, d = date.Day;
            if (m <= 2) y--;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yearOfEra = y - (era * 400);
            int dayOfYear = (((153 * (m > 2 ? m - 3 : m + 9)) + 2) / 5) + d - 1;
            int dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
            day = (era * 146097) + dayOfEra - 719468;
            return true;
        }
    }

    /// <summary>
    /// The first day a record of <paramref name="occurredOn"/> no longer counts, or null when that day would be
    /// after 9999-12-31: such a record never expires (spec §3a "Windows").
    /// </summary>
    internal static LocalDate? Expires(LocalDate occurredOn, Period window)
    {
        try
        {
            return occurredOn.Plus(window);
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
}
