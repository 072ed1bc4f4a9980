using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShangdingScore.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Validate_DefaultRuleSet_ExitsZeroWithHashAndGradeScale()
    {
        var path = _ws.WriteRules("default.json");

        var r = _ws.Run("validate", path);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("valid · zhengzhou.shangding 2019.1.0", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(Rules.Zhengzhou.ZhengzhouRuleSets.Load(Rules.Zhengzhou.ZhengzhouRuleSets.LaunchVersion).ContentHash, r.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 band(s) give exactly one grade to each of the 2001 publishable scores in [0, 200] at precision 1", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RuleSetWithoutRepairPeriods_PrintsNoRepairLineAndAnEmptyJsonList()
    {
        var path = _ws.WriteRules("default.json");

        var text = _ws.Run("validate", path);
        var json = _ws.Run("validate", path, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain("repair:", text.Stdout, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(json.Stdout)!["files"]![0]!["repairMinimumPeriods"]!.AsArray());
    }

    [Fact]
    public void Validate_RuleSetWithRepairPeriods_ListsThemByPeriodInTextAndJson()
    {
        var path = _ws.WriteRules("periods.json", doc =>
        {
            Workspace.Entry(doc, "items", "law.traffic-violation")["repairMinimumPeriod"] = "P3M";
            Workspace.Entry(doc, "items", "law.drunk-driving")["repairMinimumPeriod"] = "P3M";
            Workspace.Entry(doc, "items", "law.judgment-defaulter")["repairMinimumPeriod"] = "P1Y";
        });

        var text = _ws.Run("validate", path);
        var json = _ws.Run("validate", path, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("  repair: minimum period before an application, from the day a record occurred: P3M for law.traffic-violation, law.drunk-driving; P1Y for law.judgment-defaulter; none for the other 10 negative item(s)\n", text.Stdout, StringComparison.Ordinal);
        var periods = JsonNode.Parse(json.Stdout)!["files"]![0]!["repairMinimumPeriods"]!.AsArray();
        Assert.Equal(["law.traffic-violation:general:P3M", "law.drunk-driving:general:P3M", "law.judgment-defaulter:serious:P1Y"],
            periods.Select(p => $"{p!["item"]}:{p["severity"]}:{p["period"]}"));
    }

    [Fact]
    public void Validate_RepairPeriodOnAPositiveItem_IsInvalidWithItsPath()
    {
        var path = _ws.WriteRules("positive.json", doc => Workspace.Entry(doc, "items", "blood.donation")["repairMinimumPeriod"] = "P3M");

        var r = _ws.Run("validate", path);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"\$\.items\[\d+\]\.repairMinimumPeriod: .*positive.*\[invalid-value\]", r.Stdout);
    }

    [Fact]
    public void Validate_RuleSetWithSeveralErrors_ExitsOneAndListsEachWithItsPathAndCode()
    {
        var path = _ws.WriteRules("broken.json", doc =>
        {
            var item = Workspace.Entry(doc, "items", "honour.national");
            item["poinst"] = item["points"]!.GetValue<decimal>();
            item.Remove("points");
            Workspace.Entry(doc, "items", "blood.donation")["countsFor"] = "P1H";
        });

        var r = _ws.Run("validate", path);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("invalid", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\$\.items\[\d+\]\.poinst: .*\[unknown-property\]", r.Stdout);
        Assert.Matches(@"\$\.items\[\d+\]\.countsFor: .*\[invalid-value\]", r.Stdout);
    }

    [Fact]
    public void Validate_Json_GivesEveryErrorWithPathCodeAndMessage()
    {
        var path = _ws.WriteRules("broken.json", doc => doc["precision"] = 7);

        var r = _ws.Run("validate", path, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.False(json["valid"]!.GetValue<bool>());
        var file = json["files"]![0]!;
        Assert.Equal(path, file["file"]!.GetValue<string>());
        var errors = file["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["path"]!.GetValue<string>() == "$.precision" && e["code"]!.GetValue<string>() == "invalid-value" && e["message"]!.GetValue<string>().Length > 0);
    }

    [Fact]
    public void Validate_BandsWithAGap_ReportsBandGapAtTheFirstScore()
    {
        var path = _ws.WriteRules("gap.json", doc => Workspace.Entry(doc, "grades", "excellent")["lower"]!["value"] = 150.5m);

        var r = _ws.Run("validate", path, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        var error = JsonNode.Parse(r.Stdout)!["files"]![0]!["errors"]!.AsArray().Single(e => e!["code"]!.GetValue<string>() == "band-gap")!;
        Assert.Equal("$.grades", error["path"]!.GetValue<string>());
        Assert.Equal(150m, error["score"]!.GetValue<decimal>());
    }

    [Fact]
    public void Validate_TwoVersionsWhereTheLowerTakesEffectLater_ReportsVersionOrder()
    {
        var first = _ws.WriteRules("a.json");
        var second = _ws.WriteRules("b.json", doc =>
        {
            doc["version"] = "2018.9.0";
            doc["effectiveFrom"] = "2020-01-01";
        });

        var text = _ws.Run("validate", first, second);
        var json = _ws.Run("validate", first, second, "--json");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("history zhengzhou.shangding: 2019.1.0 (from 2019-08-01", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("[version-order]", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        var history = JsonNode.Parse(json.Stdout)!["histories"]![0]!;
        Assert.False(history["valid"]!.GetValue<bool>());
        Assert.Equal(["2019.1.0", "2018.9.0"], history["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        Assert.Contains(history["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "version-order" && e["path"]!.GetValue<string>() == "$.effectiveFrom");
    }

    [Fact]
    public void Validate_TwoVersionsWithOneEffectiveDate_ReportsVersionConflict()
    {
        var first = _ws.WriteRules("a.json");
        var second = _ws.WriteRules("b.json", doc => doc["version"] = "2019.2.0");

        var r = _ws.Run("validate", first, second);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("$.effectiveFrom:", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[version-conflict]", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoVersionsInOrder_HistoryIsValid()
    {
        var first = _ws.WriteRules("a.json");
        var second = _ws.WriteRules("b.json", doc =>
        {
            doc["version"] = "2021.1.0";
            doc["effectiveFrom"] = "2021-01-01";
        });

        var r = _ws.Run("validate", second, first);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("history zhengzhou.shangding: 2019.1.0 (from 2019-08-01", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("2021.1.0 (from 2021-01-01", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(": valid\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_ExitsThree()
    {
        var r = _ws.Run("validate", _ws.Path("missing.json"));

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("cannot be read", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotJson_ReportsSyntaxWithItsPlace()
    {
        var path = _ws.Write("bad.json", "{ \"id\": ");

        var r = _ws.Run("validate", path, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("syntax", JsonDocument.Parse(r.Stdout).RootElement.GetProperty("files")[0].GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void UnknownOptionOrBadDate_IsAUsageErrorWithExitTwo()
    {
        var unknown = _ws.Run("validate", "x.json", "--no-such-option");
        var badDate = _ws.Run("score", "--records", "r.jsonl", "--enrolled-since", "2020-01-01", "--as-of", "2025-02-30");
        var json = _ws.Run("score", "--records", "r.jsonl", "--as-of", "2025-06-30", "--json");

        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("--no-such-option", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(badDate.ExitCode == 2, badDate.ToString());
        Assert.Contains("--as-of: '2025-02-30' is not a date", badDate.Stderr, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 2, json.ToString());
        var error = JsonNode.Parse(json.Stderr)!["error"]!;
        Assert.Equal("usage", error["code"]!.GetValue<string>());
        Assert.Contains(error["details"]!.AsArray(), d => d!.GetValue<string>().Contains("--enrolled-since", StringComparison.Ordinal));
    }
}
