using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Monitoring;

/// <summary>Stable ids of the tables of a <see cref="MonitoringReport"/>.</summary>
public static class MonitoringTableIds
{
    /// <summary>District × (enrolled, not enrolled) on the report's day: every subject read.</summary>
    public const string Enrolment = "enrolment";

    /// <summary>District × grade (best first): the enrolled subjects' grades.</summary>
    public const string Grades = "grades";

    /// <summary>District × score band: the enrolled subjects' scores.</summary>
    public const string Scores = "scores";

    /// <summary>District × month: enrolment periods starting in the month.</summary>
    public const string EnrolmentsByMonth = "enrolments-by-month";

    /// <summary>District × month: benefit queries (every outcome).</summary>
    public const string QueriesByMonth = "queries-by-month";

    /// <summary>District × month: queries answered <c>granted</c>.</summary>
    public const string GrantsByMonth = "grants-by-month";

    /// <summary>District × benefit family: benefit queries in the report's months.</summary>
    public const string QueriesByFamily = "queries-by-family";

    /// <summary>District × benefit family: grants in the report's months.</summary>
    public const string GrantsByFamily = "grants-by-family";

    /// <summary>Venue × benefit family: benefit queries in the report's months.</summary>
    public const string QueriesByVenue = "queries-by-venue";

    /// <summary>Venue × benefit family: grants in the report's months.</summary>
    public const string GrantsByVenue = "grants-by-venue";

    /// <summary>District × month: disputes filed.</summary>
    public const string DisputesOpened = "disputes-opened";

    /// <summary>District × month: disputes decided.</summary>
    public const string DisputesDecided = "disputes-decided";

    /// <summary>District × month: disputes that passed their deadline undecided.</summary>
    public const string DisputesOverdue = "disputes-overdue";

    /// <summary>District × month: repair applications filed.</summary>
    public const string RepairsApplied = "repairs-applied";

    /// <summary>District × month: repair applications decided.</summary>
    public const string RepairsDecided = "repairs-decided";
}

/// <summary>What each dimension contributes in one district: the enrolled subjects and the sum of their dimension points.</summary>
/// <remarks>Immutable. In a publishable report both are null when the district's enrolled count is under the threshold or suppressed.</remarks>
public sealed class DimensionContribution
{
    internal DimensionContribution(string district, string dimension, LocalizedText name, long? subjects, decimal? points)
    {
        District = district;
        Dimension = dimension;
        Name = name;
        Subjects = subjects;
        Points = points;
    }

    /// <summary>The district code (or <see cref="MonitoringReport.UnknownDistrict"/>).</summary>
    public string District { get; }

    /// <summary>The dimension code.</summary>
    public string Dimension { get; }

    /// <summary>The dimension's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>The enrolled subjects counted; null when suppressed.</summary>
    public long? Subjects { get; }

    /// <summary>The sum of their points from this dimension (after the dimension cap); null when suppressed.</summary>
    public decimal? Points { get; }

    /// <summary>The mean points per subject; null when suppressed or no subject.</summary>
    public decimal? Mean => Subjects is > 0 && Points is { } p ? p / Subjects.Value : null;
}

/// <summary>
/// A city and district credit monitoring report (市、区信用监测): built by <see cref="MonitoringReportBuilder"/> from
/// the theme database, the query log and the rights journal, by district and by month. The internal form holds
/// every count; <see cref="ToPublishable"/> gives the form a district officer may publish.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class MonitoringReport
{
    /// <summary>The row code of subjects, queries and steps whose district the residence source does not give.</summary>
    public const string UnknownDistrict = "unknown";

    internal MonitoringReport(LocalDate asOf, Instant? knownAt, RuleSetReference ruleSet, DistrictCatalog districts, ImmutableArray<YearMonth> months, ImmutableArray<MonitoringTable> tables, ImmutableArray<DimensionContribution> dimensions, int? suppressedBelow)
    {
        AsOf = asOf;
        KnownAt = knownAt;
        RuleSet = ruleSet;
        Districts = districts;
        Months = months;
        Tables = tables;
        Dimensions = dimensions;
        SuppressedBelow = suppressedBelow;
    }

    /// <summary>The day the subjects were scored and whose residence places them.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The data view's instant; null for everything.</summary>
    public Instant? KnownAt { get; }

    /// <summary>The rule set scored under.</summary>
    public RuleSetReference RuleSet { get; }

    /// <summary>The districts counted by (the rows, followed by <see cref="UnknownDistrict"/>).</summary>
    public DistrictCatalog Districts { get; }

    /// <summary>The months of the monthly tables, oldest first, the last being the month of <see cref="AsOf"/>.</summary>
    public ImmutableArray<YearMonth> Months { get; }

    /// <summary>Every table (<see cref="MonitoringTableIds"/>).</summary>
    public ImmutableArray<MonitoringTable> Tables { get; }

    /// <summary>Per district and dimension, what the dimension contributes.</summary>
    public ImmutableArray<DimensionContribution> Dimensions { get; }

    /// <summary>The threshold below which counts were suppressed; null for the internal report.</summary>
    public int? SuppressedBelow { get; }

    /// <summary>The table of an id.</summary>
    /// <exception cref="ArgumentException">No such table.</exception>
    public MonitoringTable Table(string id) =>
        Tables.FirstOrDefault(t => t.Id == id) ?? throw new ArgumentException($"The report has no table '{id}'.", nameof(id));

    /// <summary>The share of a district's adult residents enrolled, when the catalog gives the population and the count is shown.</summary>
    public double? EnrolmentShare(string district)
    {
        var d = Districts.Find(district);
        var table = Table(MonitoringTableIds.Enrolment);
        int row = table.Rows.IndexOf(table.Rows.FirstOrDefault(l => l.Code == district)!);
        if (d?.AdultPopulation is not > 0 || row < 0 || table.Cell(row, 0) is not { } enrolled) return null;
        return (double)enrolled / d.AdultPopulation.Value;
    }

    /// <summary>
    /// The report that may be published: every table suppressed below <paramref name="threshold"/> with
    /// complementary suppression (<see cref="Stores.SuppressedTable"/>), and a district's dimension
    /// contributions shown only when its enrolled count is shown.
    /// </summary>
    /// <param name="threshold">The smallest count shown (default 10).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The report is already suppressed.</exception>
    public MonitoringReport ToPublishable(int threshold = 10)
    {
        if (threshold < 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "At least 1.");
        if (SuppressedBelow is not null) throw new InvalidOperationException($"The report is already suppressed below {SuppressedBelow}.");
        var tables = Tables.Select(t => t.ToPublishable(threshold)).ToImmutableArray();
        var enrolment = tables.First(t => t.Id == MonitoringTableIds.Enrolment);
        var shown = new HashSet<string>(enrolment.Rows.Select((l, i) => (l.Code, Count: enrolment.Cell(i, 0))).Where(x => x.Count is { } n && n >= threshold).Select(x => x.Code), StringComparer.Ordinal);
        var dimensions = Dimensions.Select(d => shown.Contains(d.District) ? d : new DimensionContribution(d.District, d.Dimension, d.Name, null, null)).ToImmutableArray();
        return new MonitoringReport(AsOf, KnownAt, RuleSet, Districts, Months, tables, dimensions, threshold);
    }
}
