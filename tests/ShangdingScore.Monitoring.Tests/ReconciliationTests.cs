using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring.Tests;

public sealed class ReconciliationTests
{
    [Fact]
    public async Task Report_SumsBackToTheStoreSubjectBySubject()
    {
        await using var city = await SyntheticCity.CreateAsync(600, 7);
        var report = await city.BuildAsync();

        var grades = report.Table(MonitoringTableIds.Grades);
        var enrolment = report.Table(MonitoringTableIds.Enrolment);
        var scores = report.Table(MonitoringTableIds.Scores);
        var expectGrades = new Dictionary<(string, string), long>();
        var expectEnrolled = new Dictionary<(string, bool), long>();
        var expectPoints = new Dictionary<(string, string), decimal>();
        long subjects = 0, scored = 0;
        await foreach (var s in city.Store.ReadAllSubjectsAsync(SubjectScan.All))
        {
            subjects++;
            var district = (await city.Residence.GetDistrictsAsync([s.Subject], SyntheticCity.AsOf, default))[0] ?? MonitoringReport.UnknownDistrict;
            var e = CreditEvaluator.Evaluate(SyntheticCity.Rules, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = SyntheticCity.AsOf });
            bool isScored = e.Status == EvaluationStatus.Scored;
            Bump(expectEnrolled, (district, isScored));
            if (!isScored) continue;
            scored++;
            Bump(expectGrades, (district, e.Grade!.Code));
            foreach (var d in e.Dimensions) expectPoints[(district, d.Code)] = expectPoints.GetValueOrDefault((district, d.Code)) + d.Points;
        }

        Assert.Equal(subjects, enrolment.GrandTotal);
        Assert.Equal(scored, grades.GrandTotal);
        Assert.Equal(scored, scores.GrandTotal);
        Assert.Equal(600, subjects);
        for (int r = 0; r < grades.Rows.Length; r++)
        {
            string d = grades.Rows[r].Code;
            Assert.Equal(expectEnrolled.GetValueOrDefault((d, true)), enrolment.Cell(r, 0));
            Assert.Equal(expectEnrolled.GetValueOrDefault((d, false)), enrolment.Cell(r, 1));
            for (int c = 0; c < grades.Columns.Length; c++) Assert.Equal(expectGrades.GetValueOrDefault((d, grades.Columns[c].Code)), grades.Cell(r, c));
            Assert.Equal(grades.RowTotal(r), scores.RowTotal(r));
        }

        Assert.All(report.Dimensions, x => Assert.Equal(expectPoints.GetValueOrDefault((x.District, x.Dimension)), x.Points));
        Assert.Contains(report.Dimensions, x => x.Points != 0);
    }

    [Fact]
    public async Task Report_CountsEveryQueryAndRightsStepOfTheMonthsByTheResidenceDistrict()
    {
        await using var city = await SyntheticCity.CreateAsync(300, 11);
        var report = await city.BuildAsync(workers: 1);
        var zone = SyntheticCity.Rules.TimeZone;
        var first = report.Months[0];

        var inMonths = city.Queries.Where(q => q.At.InZone(zone).Date <= SyntheticCity.AsOf).ToList();
        Assert.True(inMonths.Count < city.Queries.Length, "some queries fall after the report's day and are left out");
        var queries = report.Table(MonitoringTableIds.QueriesByMonth);
        var grants = report.Table(MonitoringTableIds.GrantsByMonth);
        foreach (var group in inMonths.GroupBy(q => (District: Place(city, q.Subject), Month: Month(q.At.InZone(zone).Date))))
        {
            Assert.Equal(group.Count(), queries.Cell(group.Key.District, group.Key.Month));
            Assert.Equal(group.Count(q => q.Outcome == QueryOutcome.Answered && q.ReasonCode == "granted"), grants.Cell(group.Key.District, group.Key.Month));
        }

        Assert.Equal(inMonths.Count, queries.GrandTotal);
        Assert.Equal(inMonths.Count, report.Table(MonitoringTableIds.QueriesByFamily).GrandTotal);
        Assert.Equal(inMonths.Count, report.Table(MonitoringTableIds.QueriesByVenue).GrandTotal);
        Assert.Equal(inMonths.Count(q => q.Purpose == "unknown.benefit"), report.Table(MonitoringTableIds.QueriesByFamily).ColumnTotal(report.Table(MonitoringTableIds.QueriesByFamily).Columns.Length - 1));
        var rights = city.Rights.Entries.Where(e => e.At.InZone(zone).Date <= SyntheticCity.AsOf).ToList();
        Assert.Equal(rights.Count(e => e.Kind == RightsEntryKinds.DisputeFiled), report.Table(MonitoringTableIds.DisputesOpened).GrandTotal);
        Assert.Equal(rights.Count(e => e.Kind == RightsEntryKinds.RepairDecided), report.Table(MonitoringTableIds.RepairsDecided).GrandTotal);
        foreach (var group in rights.Where(e => e.Kind == RightsEntryKinds.DisputeOverdue).GroupBy(e => (Place(city, e.Subject), Month(e.At.InZone(zone).Date))))
        {
            Assert.Equal(group.Count(), report.Table(MonitoringTableIds.DisputesOverdue).Cell(group.Key.Item1, group.Key.Item2));
        }

        Assert.True(first <= report.Months[^1]);
    }

    [Fact]
    public async Task Report_DoesNotDependOnTheNumberOfWorkers()
    {
        await using var city = await SyntheticCity.CreateAsync(700, 3);

        Assert.Equal(MonitoringWriters.Json(await city.BuildAsync(workers: 1)), MonitoringWriters.Json(await city.BuildAsync(workers: 3)));
    }

    [Fact]
    public async Task Report_FromTheStoreScanInParts_SameAsFromTheWholeScan()
    {
        await using var city = await SyntheticCity.CreateAsync(700, 5);
        var whole = MonitoringWriters.Csv(await city.BuildAsync());

        foreach (int parts in new[] { 2, 3 })
        {
            Assert.Equal(whole, MonitoringWriters.Csv(await city.BuildFromPartsAsync(parts)));
            Assert.Equal(whole, MonitoringWriters.Csv(await city.BuildFromPartsAsync(parts, workers: 1)));
        }
    }

    [Fact]
    public async Task Publishable_ShowsNoCountUnderTheThresholdAndNoSuppressedCountCanBeRecovered()
    {
        await using var city = await SyntheticCity.CreateAsync(600, 7);
        var report = (await city.BuildAsync()).ToPublishable(10);

        Assert.Equal(10, report.SuppressedBelow);
        Assert.Contains(report.Tables, t => Enumerable.Range(0, t.Rows.Length).Any(r => Enumerable.Range(0, t.Columns.Length).Any(c => t.Cell(r, c) is null)));
        foreach (var t in report.Tables)
        {
            var hidden = new bool[t.Rows.Length + 1, t.Columns.Length + 1];
            for (int r = 0; r <= t.Rows.Length; r++)
            {
                for (int c = 0; c <= t.Columns.Length; c++)
                {
                    long? n = r < t.Rows.Length && c < t.Columns.Length ? t.Cell(r, c) : r < t.Rows.Length ? t.RowTotal(r) : c < t.Columns.Length ? t.ColumnTotal(c) : t.GrandTotal;
                    Assert.True(n is null or 0 or >= 10, $"{t.Id} [{r},{c}] shows {n}");
                    hidden[r, c] = n is null;
                }
            }

            Assert.Empty(SuppressionAttack.Recoverable(hidden));
        }

        Assert.All(report.Dimensions, d => Assert.True(d.Subjects is null or 0 or >= 10));
    }

    private static string Place(SyntheticCity city, SubjectId? subject) =>
        subject is { } s ? city.Residence.GetDistrictsAsync([s], SyntheticCity.AsOf, default).Result[0] ?? MonitoringReport.UnknownDistrict : MonitoringReport.UnknownDistrict;

    private static string Month(LocalDate d) => $"{d.Year:D4}-{d.Month:D2}";

    private static void Bump<T>(Dictionary<T, long> counts, T key)
        where T : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
