using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Cli.Tests;

/// <summary><c>shangding impact</c> on a generated population, against <see cref="RuleSetImpactAnalyzer"/> run in-process on the same data.</summary>
public sealed class ImpactCommandTests : IDisposable
{
    private static readonly PopulationOptions PopulationOptions = new() { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 600, Seed = 7 };

    private readonly Workspace _ws = new();
    private readonly string _records;
    private readonly string _enrolments;
    private readonly string _next;

    public ImpactCommandTests()
    {
        using (var file = File.Create(_ws.Path("population.jsonl"))) PopulationGenerator.Write(file, PopulationOptions);
        _records = _ws.Path("population.jsonl");
        _enrolments = _ws.Write("enrolments.json", EnrolmentJson(PopulationGenerator.Enrolments(PopulationOptions)));
        _next = _ws.WriteNextRules("next.json");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Impact_Json_CountsEqualTheAnalyzerInProcess()
    {
        var r = Impact("--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var doc = JsonNode.Parse(r.Stdout)!;
        var expected = await AnalyzeInProcess();
        Assert.True((bool)doc["internal"]!);
        Assert.Equal(expected.Subjects, (long)doc["subjects"]!);
        Assert.Equal(expected.Scored, (long)doc["scored"]!);
        Assert.Equal((expected.ScoreUp, expected.ScoreDown), ((long)doc["scoreUp"]!, (long)doc["scoreDown"]!));
        Assert.True(expected.ScoreUp > 0, "the fixture must move someone up");
        var cells = doc["cells"]!.AsArray();
        Assert.Equal(25, cells.Count);
        for (int i = 0; i < 25; i++)
        {
            Assert.Equal((expected.Cells[i].From, expected.Cells[i].To, expected.Cells[i].Count), ((string)cells[i]!["from"]!, (string)cells[i]!["to"]!, (long?)cells[i]!["count"]));
            Assert.Equal(expected.Cells[i].Samples.Select(s => s.Subject.Value), cells[i]!["samples"]!.AsArray().Select(s => (string)s!["subject"]!));
            Assert.Equal(expected.Cells[i].Samples.Select(s => ExplanationRenderer.Render(s.After, Language.ZhCn)), cells[i]!["samples"]!.AsArray().Select(s => (string)s!["after"]!["explanation"]!["zh-CN"]!));
        }

        Assert.Contains(cells, c => c!["from"]!.ToString() != c["to"]!.ToString() && (long)c["count"]! > 0);
        var benefits = doc["benefits"]!.AsArray();
        Assert.Equal(DefaultBenefitCatalogs.Default.Benefits.Length, benefits.Count);
        Assert.Equal(expected.Benefits.Select(b => $"{b.Benefit.Code}:{b.Gained}/{b.Lost}/{b.Kept}"), benefits.Select(b => $"{b!["code"]}:{b["gained"]}/{b["lost"]}/{b["kept"]}"));
        Assert.Contains(expected.Benefits, b => b.Gained > 0);
        Assert.Equal(expected.Items.Select(i => $"{i.Code}:{i.SubjectsUp}/{i.SubjectsDown}/{i.PointsDelta}"), doc["items"]!.AsArray().Select(i => $"{i!["code"]}:{i["subjectsUp"]}/{i["subjectsDown"]}/{(decimal)i["pointsDelta"]!}"));
        Assert.Equal("volunteer.service-hours", (string)doc["items"]![0]!["code"]!);
    }

    [Fact]
    public async Task Impact_Publishable_ShowsNoCountUnderTheThresholdNoSampleAndNoSubject()
    {
        var r = Impact("--publishable", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var doc = JsonNode.Parse(r.Stdout)!;
        Assert.False((bool)doc["internal"]!);
        Assert.Equal(10, (int)doc["suppressedBelow"]!);
        Assert.DoesNotContain("\"samples\"", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("S-0", r.Stdout, StringComparison.Ordinal);
        var cells = doc["cells"]!.AsArray();
        Assert.All(cells, c => Assert.True((long?)c!["count"] is null or 0 or >= 10, c.ToJsonString()));
        Assert.Contains(cells, c => c!["count"] is null);
        Assert.All(doc["benefits"]!.AsArray(), b => Assert.True((long?)b!["gained"] is null or 0 or >= 10 && (long?)b["lost"] is null or 0 or >= 10, b.ToJsonString()));
        var expected = (await AnalyzeInProcess()).ToPublishable(10);
        Assert.Equal(expected.Cells.Select(c => c.Count), cells.Select(c => (long?)c!["count"]));

        var text = Impact("--publishable");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("可公开发布：少于 10 人的数已隐藏", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("S-0", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("样本", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Impact_Text_SaysOnItsFirstLineThatItIsInternalThenChineseThenEnglishWithSamples()
    {
        var r = Impact("--samples", "1");

        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n');
        Assert.StartsWith("内部资料，不得公开发布", lines[0], StringComparison.Ordinal);
        Assert.Contains("INTERNAL — not for publication", lines[0], StringComparison.Ordinal);
        int zh = r.Stdout.IndexOf("等级迁移", StringComparison.Ordinal), en = r.Stdout.IndexOf("Grade migration", StringComparison.Ordinal);
        Assert.True(zh > 0 && en > zh, r.Stdout[..Math.Min(2000, r.Stdout.Length)]);
        Assert.Contains("volunteer.service-hours 志愿服务时长（每小时）：上升 ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("样本（内部资料", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("规则 zhengzhou.shangding 2027.1.0", r.Stdout, StringComparison.Ordinal);

        var english = Impact("--lang", "en", "--samples", "0");
        Assert.True(english.ExitCode == 0, english.ToString());
        Assert.StartsWith("内部资料", english.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("等级迁移", english.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Samples", english.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Impact_Out_WritesTheReportToTheFileAndTheNoticeToStderr()
    {
        var r = Impact("--publishable", "--json", "--out", _ws.Path("impact.json"));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(string.Empty, r.Stdout);
        Assert.False((bool)JsonNode.Parse(File.ReadAllText(_ws.Path("impact.json")))!["internal"]!);
        Assert.Contains("written to 已写入", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("impact.json.partial")));
    }

    [Fact]
    public async Task Impact_SqliteStore_GivesTheCountsOfTheSameRecordsAndEnrolments()
    {
        var db = _ws.Path("theme.db");
        await using (var store = await SqliteCreditStore.OpenOrCreateAsync(db))
        {
            await using (var file = File.OpenRead(_records)) await store.ImportAsync(file, new StoreImportOptions { SourceName = "population.jsonl" });
            await store.SetEnrolmentsAsync(PopulationGenerator.Enrolments(PopulationOptions).Select(e => new SubjectEnrolment(e.Key, e.Value)).ToList());
        }

        var fromStore = _ws.Run("impact", "--from", "2019.1.0", "--to", _next, "--as-of", "2025-06-30", "--store", db, "--json");
        var fromFile = Impact("--json");

        Assert.True(fromStore.ExitCode == 0, fromStore.ToString());
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        JsonNode a = JsonNode.Parse(fromStore.Stdout)!, b = JsonNode.Parse(fromFile.Stdout)!;
        foreach (var key in new[] { "scored", "scoreUp", "scoreDown", "benefits", "items" })
        {
            Assert.Equal(b[key]!.ToJsonString(), a[key]!.ToJsonString());
        }

        // The same cells and sample subjects; their explanations differ only where the store keeps one copy of a record the file holds twice.
        static IEnumerable<string> Cells(JsonNode doc) => doc["cells"]!.AsArray().Select(c => $"{c!["from"]}>{c["to"]}:{c["count"]}:{string.Join(",", c["samples"]!.AsArray().Select(x => $"{x!["subject"]}={x["before"]!["score"]}/{x["after"]!["score"]}"))}");
        Assert.Equal(Cells(b), Cells(a));

        Assert.Equal(db, (string)a["source"]!);
    }

    [Fact]
    public void Impact_UnknownEmbeddedVersion_IsRefusedWithExit1()
    {
        var r = _ws.Run("impact", "--from", "2018.1.0", "--to", _next, "--as-of", "2025-06-30", "--records", _records, "--json");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("unknown-version", (string)JsonNode.Parse(r.Stderr)!["error"]!["code"]!);
    }

    [Fact]
    public void Impact_CatalogNamingAGradeTheRulesDoNotHave_IsRefusedWithItsPath()
    {
        var catalog = _ws.Write("catalog.json", DefaultCatalogJson().Replace("\"minimumGrade\": \"outstanding\"", "\"minimumGrade\": \"platinum\"", StringComparison.Ordinal));

        var r = Impact("--catalog", catalog);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[invalid-catalog]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(".minimumGrade: grade 'platinum'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Impact_WithoutAPopulation_IsAUsageError()
    {
        var r = _ws.Run("impact", "--from", "2019.1.0", "--to", _next, "--as-of", "2025-06-30");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("give --records FILE or --store PATH.db.", r.Stderr, StringComparison.Ordinal);
    }

    private CliResult Impact(params string[] extra) =>
        _ws.Run(new[] { "impact", "--from", "2019.1.0", "--to", _next, "--as-of", "2025-06-30", "--records", _records, "--enrolments", _enrolments }.Concat(extra).ToArray());

    /// <summary>The same analysis in-process: the file's subjects in file order with their enrolments, then the enrolled subjects without records.</summary>
    private async Task<RuleSetImpactReport> AnalyzeInProcess()
    {
        var asOf = Workspace.AsOf;
        var next = RuleSetJson.Load(File.ReadAllBytes(_next)).GetValueOrThrow();
        ImmutableArray<CreditRecord> records;
        using (var stream = File.OpenRead(_records)) records = JsonLinesRecordReader.ReadAll(stream).Records;
        var enrolments = PopulationGenerator.Enrolments(PopulationOptions).ToList();
        var byId = enrolments.ToDictionary(e => e.Key, e => e.Value);
        var withRecords = records.GroupBy(r => r.Subject).ToList();
        var snapshots = withRecords.Select(g => new SubjectSnapshot(g.Key, byId.TryGetValue(g.Key, out var e) ? e : Enrolment.None, g.ToImmutableArray()))
            .Concat(enrolments.Where(e => withRecords.All(g => g.Key != e.Key)).Select(e => new SubjectSnapshot(e.Key, e.Value, ImmutableArray<CreditRecord>.Empty)))
            .ToList();
        var benefits = DefaultBenefitCatalogs.Default.Benefits.Select(b => new ImpactBenefit(b.Code, b.Name, b.MinimumGrade)).ToImmutableArray();
        return await RuleSetImpactAnalyzer.AnalyzeAsync(Stream(snapshots), ScoringPlan.Create(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), asOf), ScoringPlan.Create(next, asOf), new RuleSetImpactOptions { Benefits = benefits });
    }

    private static async IAsyncEnumerable<SubjectSnapshot> Stream(IEnumerable<SubjectSnapshot> subjects, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var s in subjects)
        {
            ct.ThrowIfCancellationRequested();
            yield return s;
        }

        await Task.CompletedTask;
    }

    private static string EnrolmentJson(IEnumerable<KeyValuePair<SubjectId, Enrolment>> enrolments)
    {
        var array = new JsonArray();
        foreach (var (subject, enrolment) in enrolments)
        {
            var periods = new JsonArray();
            foreach (var p in enrolment.Periods)
            {
                periods.Add(new JsonObject { ["enrolledOn"] = p.EnrolledOn.ToString("uuuu-MM-dd", null), ["withdrawnOn"] = p.WithdrawnOn?.ToString("uuuu-MM-dd", null) });
            }

            array.Add(new JsonObject { ["subject"] = subject.Value, ["periods"] = periods });
        }

        return array.ToJsonString();
    }

    private static string DefaultCatalogJson()
    {
        using var stream = typeof(DefaultBenefitCatalogs).Assembly.GetManifestResourceStream($"ShangdingScore.Benefits.Catalogs.{DefaultBenefitCatalogs.Id}-{DefaultBenefitCatalogs.DefaultVersion}.json")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
