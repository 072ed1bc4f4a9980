using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Stores;

namespace ShangdingScore.Cli.Tests;

/// <summary>
/// <c>shangding rescore</c>, and <c>shangding monitor --from-scores</c> on the scores it kept, against <c>monitor</c> scoring
/// every subject, on the generated store of the monitor tests.
/// </summary>
public sealed class RescoreCommandTests : IDisposable
{
    private const string Day = "2025-06-30";
    private const string KnownAt = "2025-03-01T00:00:00Z";
    private const string NewSubject = "S-09999999";

    private readonly Workspace _ws = new();
    private readonly MonitorStore _store;

    public RescoreCommandTests() => _store = new MonitorStore(_ws);

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task MonitorFromScores_AfterRescore_PrintsTheSameInternalCsvAsScoringEverySubject()
    {
        var rescore = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day);
        var counts = await _store.WithStoreAsync(s => s.CountAsync());
        var scanned = Monitor();
        var kept = Monitor("--from-scores");
        var scannedJson = Monitor("--json");
        var keptJson = Monitor("--from-scores", "--json");

        Assert.True(rescore.ExitCode == 0, rescore.ToString());
        Assert.StartsWith("重新评分并保存 rescored and kept: ", rescore.Stdout, StringComparison.Ordinal);
        Assert.True(rescore.Stdout.Contains($"\n  主体 subjects: {counts.Subjects} · ", StringComparison.Ordinal), rescore.Stdout);
        Assert.True(rescore.Stdout.Contains($"\n  已保存分数 scores kept: {counts.Scores}\n", StringComparison.Ordinal) && counts.Scores > 300, rescore.Stdout);
        Assert.True(scanned.ExitCode == 0, scanned.ToString());
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Contains("enrolment,410105,金水区,enrolled,已参与,", scanned.Stdout, StringComparison.Ordinal);
        Assert.Equal(scanned.Stdout, kept.Stdout);

        // The JSON report has the dimensions' mean points too (the CSV has not): from the points each kept score carries.
        Assert.True(keptJson.ExitCode == 0, keptJson.ToString());
        Assert.NotEmpty(JsonNode.Parse(scannedJson.Stdout)!["dimensions"]!.AsArray());
        Assert.Equal(scannedJson.Stdout, keptJson.Stdout);
    }

    [Fact]
    public void MonitorFromScores_AfterRescoreKnownAt_PrintsTheSameCsvAtThatInstantOnly()
    {
        var rescore = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day, "--known-at", KnownAt);
        var scanned = Monitor("--known-at", KnownAt);
        var kept = Monitor("--known-at", KnownAt, "--from-scores");
        var everything = Monitor();
        var keptForEverything = Monitor("--from-scores", "--json");

        Assert.True(rescore.ExitCode == 0, rescore.ToString());
        Assert.Contains("数据截至 known at: 2025-03-01T00:00:00Z", rescore.Stdout, StringComparison.Ordinal);
        Assert.True(scanned.ExitCode == 0, scanned.ToString());
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Equal(scanned.Stdout, kept.Stdout);

        // The pinned instant matters to this population, and scores kept for it do not stand for the view of everything.
        Assert.True(everything.ExitCode == 0, everything.ToString());
        Assert.NotEqual(everything.Stdout, kept.Stdout);
        Assert.Equal(1, keptForEverything.ExitCode);
        var error = JsonNode.Parse(keptForEverything.Stderr)!["error"]!;
        Assert.Equal("stale-scores", (string?)error["code"]);
        Assert.StartsWith($"rescore first: shangding rescore --store {_store.Db} --as-of {Day};", (string)error["details"]![0]!, StringComparison.Ordinal);
        var keptElsewhen = Monitor("--from-scores", "--known-at", "2025-04-01T00:00:00Z");
        Assert.Equal(1, keptElsewhen.ExitCode);
        Assert.Contains($"  rescore first: shangding rescore --store {_store.Db} --as-of {Day} --known-at 2025-04-01T00:00:00Z;", keptElsewhen.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorFromScores_ASubjectEnrolledAfterTheRescoring_FailsStaleNamingIt_WhileMonitorStillWorks()
    {
        var rescore = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day);
        Assert.True(rescore.ExitCode == 0, rescore.ToString());
        await _store.WithStoreAsync(s => s.SetEnrolmentsAsync([new SubjectEnrolment(new SubjectId(NewSubject), Enrolment.Since(new LocalDate(2025, 6, 1)))]));

        var kept = Monitor("--from-scores", "--json");
        var text = Monitor("--from-scores");
        var scanned = Monitor();

        Assert.True(kept.ExitCode == 1, kept.ToString());
        Assert.Equal(string.Empty, kept.Stdout);
        var error = JsonNode.Parse(kept.Stderr)!["error"]!;
        Assert.Equal("stale-scores", (string?)error["code"]);
        Assert.Equal(1, (int)error["exitCode"]!);
        Assert.Contains("1 subject(s) disagree", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains(NewSubject, (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains($"({NewSubject} has enrolment periods but no kept score)", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal([$"rescore first: shangding rescore --store {_store.Db} --as-of {Day}; or report without --from-scores (every subject scored)."], error["details"]!.AsArray().Select(d => (string)d!).ToArray());
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("[stale-scores]", text.Stderr, StringComparison.Ordinal);
        Assert.True(scanned.ExitCode == 0, scanned.ToString());
        Assert.Contains("enrolment,", scanned.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorFromScores_OnAStoreNeverRescored_FailsStaleCountingEveryEnrolledSubject()
    {
        var (enrolled, first) = await _store.WithStoreAsync(async s =>
        {
            var subjects = new List<SubjectId>();
            await foreach (var e in s.ReadEnrolmentsAsync()) subjects.Add(e.Subject);
            return (subjects.Count, subjects[0]);
        });

        var kept = Monitor("--from-scores", "--json");

        Assert.True(kept.ExitCode == 1, kept.ToString());
        var error = JsonNode.Parse(kept.Stderr)!["error"]!;
        Assert.Equal("stale-scores", (string?)error["code"]);
        Assert.True(enrolled > 300, $"{enrolled} enrolled subjects");
        Assert.Contains($": {enrolled} subject(s) disagree", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains($"{first} has enrolment periods but no kept score", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains("; …). ", (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void MonitorFromScores_AResidenceLineWithAnUnknownDistrict_StillFailsInvalidResidence()
    {
        var rescore = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day);
        var bad = _ws.Write("bad.csv", "subject,district\nS-00000001,410199\n");

        var r = _ws.Run("monitor", "--store", _store.Db, "--as-of", Day, "--residence", bad, "--from-scores", "--json");

        Assert.True(rescore.ExitCode == 0, rescore.ToString());
        Assert.Equal(1, r.ExitCode);
        var error = JsonNode.Parse(r.Stderr)!["error"]!;
        Assert.Equal("invalid-residence", (string?)error["code"]);
        Assert.Contains("bad.csv:2", (string)error["details"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescore_AVersionTheEmbeddedRuleSetDoesNotShip_FailsUnknownVersionAndKeepsNothing()
    {
        var unknown = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day, "--version", "2099.1.0", "--json");
        var malformed = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day, "--version", "latest");

        Assert.Equal(1, unknown.ExitCode);
        var error = JsonNode.Parse(unknown.Stderr)!["error"]!;
        Assert.Equal("unknown-version", (string?)error["code"]);
        Assert.Contains("no version 2099.1.0", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains("2019.1.0", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("--version: 'latest' is not", malformed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await _store.WithStoreAsync(async s => (await s.CountAsync()).Scores));
    }

    [Fact]
    public void Rescore_ADayBeforeAnyVersionTakesEffect_FailsNoVersionInForce()
    {
        var r = _ws.Run("rescore", "--store", _store.Db, "--as-of", "2018-01-01");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no version of zhengzhou.shangding is in force on 2018-01-01", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("[no-version-in-force]", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescore_Json_CountsMatchTheStoreAndRunningAgainKeepsNoMore()
    {
        var first = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day, "--version", "2019.1.0", "--json");
        var counts = await _store.WithStoreAsync(s => s.CountAsync());
        var again = _ws.Run("rescore", "--store", _store.Db, "--as-of", Day, "--json");
        var countsAgain = await _store.WithStoreAsync(s => s.CountAsync());

        Assert.True(first.ExitCode == 0, first.ToString());
        var doc = JsonNode.Parse(first.Stdout)!;
        Assert.Equal(_store.Db, (string?)doc["store"]);
        Assert.Equal(Day, (string?)doc["asOf"]);
        Assert.Null(doc["knownAt"]);
        Assert.Equal("zhengzhou.shangding", (string?)doc["ruleSet"]!["id"]);
        Assert.Equal("2019.1.0", (string?)doc["ruleSet"]!["version"]);
        Assert.True((bool)doc["ruleSet"]!["inForce"]!);
        Assert.Equal(counts.Subjects, (long)doc["subjects"]!);
        Assert.Equal(counts.Scores, (long)doc["scoresKept"]!);
        Assert.Equal(counts.Subjects, (long)doc["scored"]! + (long)doc["notEnrolled"]!);
        Assert.True((long)doc["scored"]! > 300 && (long)doc["notEnrolled"]! > 0, first.Stdout);
        Assert.Equal((long)doc["scored"]!, doc["byGrade"]!.AsObject().Sum(g => (long)g.Value!));
        Assert.Equal(5, doc["byGrade"]!.AsObject().Count);
        Assert.True((double)doc["elapsedSeconds"]! >= 0);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(counts.Scores, countsAgain.Scores);
    }

    private CliResult Monitor(params string[] extra) =>
        _ws.Run(["monitor", "--store", _store.Db, "--as-of", Day, "--residence", _store.Residence, "--internal", "--format", "csv", .. extra]);
}
