using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private static readonly LocalDate EnrolledSince = new(2020, 1, 1);
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Score_Csv_GivesEverySubjectTheEvaluatorsScoreAndGrade()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());

        var r = _ws.Run("score", "--records", records, "--enrolled-since", "2020-01-01", "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("subject,status,score,grade,clean,records,ruleSetId,ruleSetVersion,ruleSetContentHash,ruleSetInForce,asOf,knownAt", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["S-001", "S-002", "S-003", "S-004"], rows.Select(c => c[0]));
        foreach (var row in rows)
        {
            var expected = Score(row[0], Enrolment.Since(EnrolledSince));
            Assert.Equal("scored", row[1]);
            Assert.Equal(expected.Score, decimal.Parse(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Grade!.Code, row[3]);
            Assert.Equal(expected.IsClean ? "true" : "false", row[4]);
            Assert.Equal(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).ContentHash, row[8]);
        }

        Assert.Contains("scored 已评分 4 of 4 subject(s)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_JsonlToAFile_MatchesTheEvaluatorAndPutsTheSummaryOnStdout()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords(), new Dictionary<int, string> { [2] = "{\"id\":1}" });
        var output = _ws.Path("scores.jsonl");

        var r = _ws.Run("score", "--records", records, "--enrolled-since", "2020-01-01", "--as-of", "2025-06-30", "--format", "jsonl", "--out", output, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var summary = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(4, summary["subjects"]!.GetValue<int>());
        Assert.Equal(1, summary["linesSetAside"]!.GetValue<int>());
        Assert.Equal(9, summary["records"]!.GetValue<int>());
        Assert.Equal(output, summary["output"]!.GetValue<string>());
        Assert.Contains("records.jsonl:3:", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".partial"));
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(4, lines.Count);
        foreach (var line in lines)
        {
            var expected = Score(line["subject"]!.GetValue<string>(), Enrolment.Since(EnrolledSince));
            Assert.Equal(expected.Score, line["score"]!.GetValue<decimal>());
            Assert.Equal(expected.Grade!.Code, line["grade"]!.GetValue<string>());
            Assert.Equal("2019.1.0", line["ruleSetVersion"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Score_SubjectComingBackAfterOthers_IsRefusedUnlessUnsorted()
    {
        var shuffled = Workspace.SampleRecords().OrderBy(r => r.Id == "r-003" ? 1 : 0).ToList();
        var records = _ws.WriteRecords("records.jsonl", shuffled);
        var output = _ws.Path("scores.csv");

        var refused = _ws.Run("score", "--records", records, "--enrolled-since", "2020-01-01", "--as-of", "2025-06-30", "--out", output);
        var grouped = _ws.Run("score", "--records", records, "--enrolled-since", "2020-01-01", "--as-of", "2025-06-30", "--unsorted");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("records.jsonl:9: subject S-001 comes back after other subjects (its records started on line 1)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("[unsorted-records]", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a refused run must not leave a scores file");
        Assert.False(File.Exists(output + ".partial"));
        Assert.True(grouped.ExitCode == 0, grouped.ToString());
        var s1 = grouped.Stdout.Split('\n').Single(l => l.StartsWith("S-001,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(Score("S-001", Enrolment.Since(EnrolledSince)).Score, decimal.Parse(s1[2], CultureInfo.InvariantCulture));
        Assert.Equal("3", s1[5]);
    }

    [Fact]
    public void Score_EnrolmentFile_ScoresListedSubjectsOnlyAndListedSubjectsWithoutRecords()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());
        var enrolments = _ws.Write("enrolments.json", """
            [
              { "subject": "S-001", "name": { "zh-CN": "王芳", "en": "Wang Fang" }, "periods": [ { "enrolledOn": "2019-09-01" } ] },
              { "subject": "S-002", "periods": [ { "enrolledOn": "2019-09-01", "withdrawnOn": "2025-01-01" } ] },
              { "subject": "S-009", "periods": [ { "enrolledOn": "2024-01-01" } ] }
            ]
            """);

        var r = _ws.Run("score", "--records", records, "--enrolments", enrolments, "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 0, r.ToString());
        var rows = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0]);
        Assert.Equal(Score("S-001", Enrolment.Since(new LocalDate(2019, 9, 1))).Score, decimal.Parse(rows["S-001"][2], CultureInfo.InvariantCulture));
        Assert.Equal("not-enrolled", rows["S-002"][1]);
        Assert.Equal("not-enrolled", rows["S-003"][1]);
        Assert.Equal("not-enrolled", rows["S-004"][1]);
        Assert.Equal(["scored", "100", "good"], rows["S-009"].Skip(1).Take(3));
    }

    [Fact]
    public void Score_BadEnrolmentFile_IsRefusedWithItsJsonPath()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());
        var enrolments = _ws.Write("enrolments.json", """[ { "subject": "S-001", "periods": [ { "enrolledOn": "2019-02-30" } ] } ]""");

        var r = _ws.Run("score", "--records", records, "--enrolments", enrolments, "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("$[0].periods[0].enrolledOn", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("[invalid-enrolments]", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_SqliteStore_UsesItsRecordsAndEnrolments()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());
        var db = _ws.Path("theme.db");
        await using (var store = await SqliteCreditStore.OpenOrCreateAsync(db))
        {
            await using (var file = File.OpenRead(records))
            {
                await store.ImportAsync(file, new StoreImportOptions { SourceName = "records.jsonl" });
            }

            await store.SetEnrolmentsAsync(
            [
                new SubjectEnrolment(new SubjectId("S-001"), Enrolment.Since(EnrolledSince)),
                new SubjectEnrolment(new SubjectId("S-003"), Enrolment.Since(EnrolledSince)),
            ]);
        }

        var r = _ws.Run("score", "--store", db, "--as-of", "2025-06-30", "--format", "jsonl");

        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToDictionary(l => l["subject"]!.GetValue<string>());
        Assert.Equal(4, lines.Count);
        foreach (var subject in new[] { "S-001", "S-003" })
        {
            var expected = Score(subject, Enrolment.Since(EnrolledSince));
            Assert.Equal(expected.Score, lines[subject]["score"]!.GetValue<decimal>());
            Assert.Equal(expected.Grade!.Code, lines[subject]["grade"]!.GetValue<string>());
        }

        Assert.Equal("not-enrolled", lines["S-002"]["status"]!.GetValue<string>());
        Assert.Contains("scored 已评分 2 of 4 subject(s)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingStore_IsAnIoErrorAndCreatesNothing()
    {
        var db = _ws.Path("missing.db");

        var r = _ws.Run("score", "--store", db, "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("[io-error]", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void Score_RecordsWithoutEnrolment_IsAUsageError()
    {
        var records = _ws.WriteRecords("records.jsonl", Workspace.SampleRecords());

        var r = _ws.Run("score", "--records", records, "--as-of", "2025-06-30");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--enrolled-since DATE or --enrolments FILE", r.Stderr, StringComparison.Ordinal);
    }

    private static ScoreSummary Score(string subject, Enrolment enrolment)
    {
        var id = new SubjectId(subject);
        return CreditEvaluator.Score(ZhengzhouRuleSets.History.PlanFor(Workspace.AsOf), new EvaluationRequest
        {
            Subject = id,
            Enrolment = enrolment,
            Records = Workspace.SampleRecords().Where(r => r.Subject == id).ToImmutableArray(),
            AsOf = Workspace.AsOf,
        });
    }
}
