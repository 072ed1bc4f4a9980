using System.Text.Json.Nodes;

namespace ShangdingScore.Cli.Tests;

public sealed class DiffCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public DiffCommandTests()
    {
        Old = _ws.WriteRules("old.json");
        New = _ws.WriteRules("new.json", doc =>
        {
            doc["version"] = "2021.1.0";
            doc["effectiveFrom"] = "2021-01-01";
            Workspace.Entry(doc, "items", "honour.national")["points"] = 25;
            Workspace.Entry(doc, "grades", "excellent")["lower"]!["value"] = 155;
            Workspace.Entry(doc, "grades", "outstanding")["upper"]!["value"] = 155;
            Workspace.Entry(doc, "grades", "outstanding")["upper"]!["inclusive"] = false;
            doc["items"]!.AsArray().Remove(Workspace.Entry(doc, "items", "organ.donation-registration"));
            doc["maxBonus"] = 90;
        });
    }

    private string Old { get; }

    private string New { get; }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Diff_ChangedPointsAndAMovedBand_AreSaidInChineseThenEnglish()
    {
        var r = _ws.Run("diff", Old, New);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("指标 honour.national「国家级表彰」：分值 20 → 25", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Item honour.national (Honour at national level): points 20 → 25", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("等级 excellent「信用极好」：下限 ≥ 150 → ≥ 155", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Grade outstanding (Outstanding): upper bound < 150 → < 155", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("规则集：加分总上限 100 → 90", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Removed item organ.donation-registration", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("删除指标 organ.donation-registration", r.Stdout, StringComparison.Ordinal);
        Assert.True(r.Stdout.IndexOf("规则集 zhengzhou.shangding 2019.1.0", StringComparison.Ordinal) < r.Stdout.IndexOf("Rule set zhengzhou.shangding 2019.1.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Diff_WithLangEn_IsEnglishOnly()
    {
        var r = _ws.Run("diff", Old, New, "--lang", "en");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("points 20 → 25", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("分值", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_Json_IsStructuredChangeByChange()
    {
        var r = _ws.Run("diff", Old, New, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("2019.1.0", json["old"]!["version"]!.GetValue<string>());
        Assert.Equal("2021.1.0", json["new"]!["version"]!.GetValue<string>());
        Assert.False(json["identical"]!.GetValue<bool>());
        var changes = json["changes"]!.AsArray().Select(c => c!).ToList();
        var points = changes.Single(c => (string?)c["code"] == "honour.national");
        Assert.Equal("item", points["section"]!.GetValue<string>());
        Assert.Equal("changed", points["change"]!.GetValue<string>());
        Assert.Equal("points", points["field"]!.GetValue<string>());
        Assert.Equal("20", points["old"]!.GetValue<string>());
        Assert.Equal("25", points["new"]!.GetValue<string>());
        Assert.Equal("Item honour.national (Honour at national level): points 20 → 25", points["text"]!["en"]!.GetValue<string>());
        var band = changes.Single(c => (string?)c["code"] == "outstanding");
        Assert.Equal(("upper", "< 150", "< 155"), (band["field"]!.GetValue<string>(), band["old"]!.GetValue<string>(), band["new"]!.GetValue<string>()));
        var removed = changes.Single(c => (string?)c["change"] == "removed");
        Assert.Equal("organ.donation-registration", removed["code"]!.GetValue<string>());
        Assert.NotNull(removed["entry"]!["polarity"]);
        Assert.Equal(6, changes.Count);
    }

    [Fact]
    public void Diff_RepairMinimumPeriodAdded_IsReportedInBothLanguages()
    {
        var withPeriod = _ws.WriteRules("periods.json", doc => Workspace.Entry(doc, "items", "law.traffic-violation")["repairMinimumPeriod"] = "P3M");

        var r = _ws.Run("diff", Old, withPeriod);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("指标 law.traffic-violation「交通违法」：申请信用修复的最短期限 无 → P3M", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Item law.traffic-violation (Traffic violation): minimum period before repair none → P3M", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_SameRules_SaysNothingChanged()
    {
        var r = _ws.Run("diff", Old, Old, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(JsonNode.Parse(r.Stdout)!["identical"]!.GetValue<bool>());
    }

    [Fact]
    public void Diff_InvalidSide_IsRefusedWithItsErrors()
    {
        var bad = _ws.WriteRules("bad.json", doc => doc["min"] = "zero");

        var r = _ws.Run("diff", Old, bad);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("bad.json: $.min:", r.Stderr, StringComparison.Ordinal);
    }
}
