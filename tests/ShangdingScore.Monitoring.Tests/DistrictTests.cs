using NodaTime;
using ShangdingScore.Identity;

namespace ShangdingScore.Monitoring.Tests;

public sealed class DistrictTests
{
    [Fact]
    public void Zhengzhou_HasTheTwelveCountyLevelDivisionsByGbT2260CodeAndTheFourFunctionalZones()
    {
        var c = ZhengzhouDistricts.Latest;

        Assert.Equal(["410102", "410103", "410104", "410105", "410106", "410108", "410122", "410181", "410182", "410183", "410184", "410185"], c.Districts.Where(d => d.Kind == DistrictKind.County).Select(d => d.Code));
        Assert.Equal(["郑东新区", "郑州经济技术开发区", "郑州高新技术产业开发区", "郑州航空港经济综合实验区"], c.Districts.Where(d => d.Kind == DistrictKind.FunctionalZone).Select(d => d.Name.ZhCn));
        Assert.Equal("金水区", c.Find("410105")!.Name.ZhCn);
        Assert.All(c.Districts, d => Assert.Null(d.AdultPopulation));
    }

    [Fact]
    public void Load_ACountyWithoutSixDigitsOrAZoneWithSixDigits_IsRefusedWithThePath()
    {
        var r = DistrictCatalogJson.Load("""
            { "schemaVersion": 1, "id": "x", "version": "1.0.0", "name": { "zh-CN": "甲", "en": "A" }, "districts": [
              { "code": "zhongyuan", "kind": "county", "name": { "zh-CN": "中原区", "en": "Zhongyuan" } },
              { "code": "410199", "kind": "functional-zone", "name": { "zh-CN": "某区", "en": "Some" }, "adultPopulation": -1 },
              { "code": "410102", "kind": "town", "name": { "zh-CN": "乙", "en": "B" } }
            ] }
            """);

        Assert.Null(r.Catalog);
        Assert.Equal(["$.districts[0].code", "$.districts[1].adultPopulation", "$.districts[1].code", "$.districts[2].kind"], r.Problems.Select(p => p.Path).OrderBy(p => p, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Builder_PlacesASubjectByTheResidenceSource_NeverByTheBirthplaceDigitsOfAnIdNumber()
    {
        // 410102… is an ID number first registered in 中原区; the subject now lives in 金水区 (410105).
        Assert.True(ResidentIdNumber.TryParse("410102199003070019", out var id));
        Assert.Equal("410102", id.RegionCode);
        var subject = new SubjectId("410102199003070019");
        var placed = new InMemoryDistrictResidenceSource([new(subject, "410105")], ZhengzhouDistricts.Latest);
        var unplaced = new InMemoryDistrictResidenceSource([], ZhengzhouDistricts.Latest);
        var snapshot = new Stores.SubjectSnapshot(subject, Enrolment.Since(new LocalDate(2024, 1, 1)), []);

        var report = await MonitoringReportBuilder.BuildAsync(new[] { snapshot }.ToAsyncEnumerable(), SyntheticCity.Plan, ZhengzhouDistricts.Latest, placed);
        var unknown = await MonitoringReportBuilder.BuildAsync(new[] { snapshot }.ToAsyncEnumerable(), SyntheticCity.Plan, ZhengzhouDistricts.Latest, unplaced);

        Assert.Equal(1, report.Table(MonitoringTableIds.Enrolment).Cell("410105", "enrolled"));
        Assert.Equal(0, report.Table(MonitoringTableIds.Enrolment).Cell("410102", "enrolled"));
        Assert.Equal(1, unknown.Table(MonitoringTableIds.Enrolment).Cell(MonitoringReport.UnknownDistrict, "enrolled"));
        Assert.Equal(0, unknown.Table(MonitoringTableIds.Enrolment).Cell("410102", "enrolled"));
    }

    [Fact]
    public async Task Builder_ADistrictTheCatalogDoesNotHave_StopsTheReportNamingSubjectAndCode()
    {
        var subject = new SubjectId("S-1");
        var source = new InMemoryDistrictResidenceSource([new(subject, "419999")]);
        var snapshot = new Stores.SubjectSnapshot(subject, Enrolment.None, []);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => MonitoringReportBuilder.BuildAsync(new[] { snapshot }.ToAsyncEnumerable(), SyntheticCity.Plan, ZhengzhouDistricts.Latest, source));

        Assert.Contains("S-1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("419999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnrolmentShare_UsesTheAdultPopulationTheCatalogGives()
    {
        var catalog = ZhengzhouDistricts.Latest.WithAdultPopulation(new Dictionary<string, long> { ["410105"] = 40 });

        Assert.Equal(40, catalog.Find("410105")!.AdultPopulation);
        Assert.Throws<ArgumentException>(() => catalog.WithAdultPopulation(new Dictionary<string, long> { ["999999"] = 1 }));
    }
}
