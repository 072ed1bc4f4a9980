using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ShangdingScore.Evaluation;
using ShangdingScore.Monitoring;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Tests;

/// <summary><c>shangding monitor</c> on a generated population in a SQLite store, against <see cref="MonitoringReportBuilder"/> in-process.</summary>
public sealed class MonitorCommandTests : IDisposable
{
    private readonly Workspace _ws = new();
    private readonly MonitorStore _fixture;
    private readonly string _db;
    private readonly string _residence;
    private readonly Dictionary<SubjectId, string> _districts;

    public MonitorCommandTests()
    {
        _fixture = new MonitorStore(_ws);
        _db = _fixture.Db;
        _residence = _fixture.Residence;
        _districts = _fixture.Districts;
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Monitor_InternalJson_EqualsTheBuilderInProcess()
    {
        var r = _ws.Run("monitor", "--store", _db, "--as-of", "2025-06-30", "--residence", _residence, "--internal", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        MonitoringReport expected;
        long subjects;
        await using (var store = await SqliteCreditStore.OpenExistingAsync(_db))
        {
            subjects = (await store.CountAsync()).Subjects;
            expected = await MonitoringReportBuilder.BuildAsync(store.ReadAllSubjectsAsync(SubjectScan.All), ScoringPlan.Create(ZhengzhouRuleSets.InForceOn(new(2025, 6, 30)), new(2025, 6, 30)), ZhengzhouDistricts.Latest, new InMemoryDistrictResidenceSource(_districts), store.QueryLog.ReadAllAsync(), store, new MonitoringOptions { BenefitFamilies = Benefits.DefaultBenefitCatalogs.Default.Benefits.ToDictionary(b => b.Code, b => b.Family).ToImmutableDictionary() });
        }

        Assert.Equal(MonitoringWriters.Json(expected), r.Stdout);
        var doc = JsonNode.Parse(r.Stdout)!;
        Assert.True((bool)doc["internal"]!);
        Assert.Equal(subjects, (long)doc["tables"]![0]!["total"]!);
        Assert.True(subjects > 300);
    }

    [Fact]
    public void Monitor_PublishableCsvAndHtml_HideSmallCountsAndWriteChineseFirst()
    {
        var csv = _ws.Run("monitor", "--store", _db, "--as-of", "2025-06-30", "--residence", _residence, "--format", "csv");
        var html = _ws.Run("monitor", "--store", _db, "--as-of", "2025-06-30", "--residence", _residence, "--out", _ws.Path("report.html"));

        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("table,row,row_name,column,column_name,count", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.True(l.Split(',')[^1] is "" || long.Parse(l.Split(',')[^1]) is 0 or >= 10, l));
        Assert.Contains(lines, l => l.EndsWith(",", StringComparison.Ordinal));
        Assert.Contains("enrolment,410105,金水区,enrolled,已参与,", csv.Stdout, StringComparison.Ordinal);
        Assert.True(html.ExitCode == 0, html.ToString());
        var page = File.ReadAllText(_ws.Path("report.html"));
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("可公开发布", page, StringComparison.Ordinal);
        Assert.Contains("written to 已写入", html.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_AResidenceLineWithAnUnknownDistrict_ExitsOneNamingTheLine()
    {
        var bad = _ws.Write("bad.csv", "subject,district\nS-00000001,410199\n");

        var r = _ws.Run("monitor", "--store", _db, "--as-of", "2025-06-30", "--residence", bad, "--json");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("invalid-residence", r.Stdout + r.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.csv:2", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Monitor_ASubjectListedTwiceInTheResidenceFile_ExitsOneNamingTheSecondLine()
    {
        var twice = _ws.Write("twice.csv", "subject,district\nS-00000001,410102\nS-00000002,410103\nS-00000001,410104\n");

        var r = _ws.Run("monitor", "--store", _db, "--as-of", "2025-06-30", "--residence", twice, "--json");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("invalid-residence", r.Stdout + r.Stderr, StringComparison.Ordinal);
        Assert.Contains("twice.csv:4: subject S-00000001 is listed twice", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
