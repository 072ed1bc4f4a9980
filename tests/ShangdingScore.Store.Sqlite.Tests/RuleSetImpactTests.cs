using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>The impact of a new rule-set version, against a recount done subject by subject with the evaluator.</summary>
public class RuleSetImpactTests
{
    private static readonly LocalDate AsOf = new(2025, 6, 30);
    private static readonly RuleSet Launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);

    /// <summary>2019.1.0 with volunteer hours worth 1 point each (0.1 before) and a record cap of 10 (2 before).</summary>
    private static readonly RuleSet Next = RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
        .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
        .Replace("\"pointsPerUnit\": 0.1,\n      \"recordCap\": 2,", "\"pointsPerUnit\": 1,\n      \"recordCap\": 10,", StringComparison.Ordinal)).GetValueOrThrow();

    private static readonly ImmutableArray<ImpactBenefit> Benefits = ImmutableArray.Create(
        new ImpactBenefit("public.library-card-deposit-free", new LocalizedText("图书馆免押金办证", "Library card without deposit"), "outstanding"),
        new ImpactBenefit("excellent-only", new LocalizedText("仅限信用极好", "Excellent only"), "excellent"));

    private static readonly Lazy<ImmutableArray<SubjectSnapshot>> Population = new(() => Snapshots(3_000, 7));

    [Fact]
    public void NextFixture_ChangesOnlyTheVolunteerItem()
    {
        Assert.Equal("2027.1.0", Next.Version.ToString());
        Assert.Equal(1m, Next.Items.Single(i => i.Code == "volunteer.service-hours").PointsPerUnit);
    }

    [Fact]
    public async Task Analyze_Population_MatrixAndBenefitsEqualARecountSubjectBySubject()
    {
        var report = await Analyze(Population.Value, workers: 2);

        var expected = new Dictionary<(string, string), long>();
        long scored = 0, up = 0, down = 0, gained = 0, lost = 0, kept = 0;
        var threshold = Launch.Grades.Single(g => g.Code == "outstanding");
        foreach (var s in Population.Value)
        {
            var before = Evaluate(Launch, s);
            if (before.Status != EvaluationStatus.Scored) continue;
            var after = Evaluate(Next, s);
            scored++;
            var key = (before.Grade!.Code, after.Grade!.Code);
            expected[key] = expected.TryGetValue(key, out var n) ? n + 1 : 1;
            if (after.Score > before.Score) up++;
            if (after.Score < before.Score) down++;
            bool had = before.Grade.IsAtLeast(threshold), has = after.Grade.IsAtLeast(threshold);
            if (!had && has) gained++;
            if (had && !has) lost++;
            if (had && has) kept++;
        }

        Assert.Equal(Population.Value.Length, report.Subjects);
        Assert.Equal(scored, report.Scored);
        Assert.Equal(25, report.Cells.Length);
        foreach (var cell in report.Cells)
        {
            Assert.Equal(expected.TryGetValue((cell.From, cell.To), out var n) ? n : 0, cell.Count);
        }

        Assert.Equal(scored, report.Cells.Sum(c => c.Count));
        Assert.Equal((up, down), (report.ScoreUp, report.ScoreDown));
        Assert.True(up > 0, "the fixture must move someone up");
        var library = report.Benefits[0];
        Assert.Equal((gained, lost, kept), (library.Gained, library.Lost, library.Kept));
    }

    [Fact]
    public async Task Analyze_VolunteerPointsRaised_VolunteerMovesPeopleUpAndOnlyItsDimensionNeighboursAreCrowdedOut()
    {
        var report = await Analyze(Population.Value, workers: 2);

        var volunteer = report.Items[0];
        Assert.Equal("volunteer.service-hours", volunteer.Code);
        Assert.Equal("志愿服务时长（每小时）", volunteer.Name!.ZhCn);
        Assert.Equal(0, volunteer.SubjectsDown);
        Assert.Equal(report.ScoreUp, volunteer.SubjectsUp);
        Assert.True(volunteer.PointsDelta > 0);

        // The others lose points only because the dimension cap now fills up with volunteer hours.
        var dimension = Next.Items.Single(i => i.Code == volunteer.Code).Dimension;
        Assert.All(report.Items.Skip(1), other =>
        {
            Assert.Equal(dimension, Next.Items.Single(i => i.Code == other.Code).Dimension);
            Assert.Equal(0, other.SubjectsUp);
            Assert.True(other.PointsDelta < 0);
        });
    }

    [Fact]
    public async Task Analyze_SameVersionTwice_EveryoneStaysOnTheDiagonal()
    {
        var plan = ScoringPlan.Create(Launch, AsOf);
        var report = await RuleSetImpactAnalyzer.AnalyzeAsync(Stream(Population.Value), plan, plan, new RuleSetImpactOptions { Benefits = Benefits });

        Assert.All(report.Cells.Where(c => c.From != c.To), c => Assert.Equal(0, c.Count));
        Assert.Empty(report.Items);
        Assert.Equal((0L, 0L), (report.ScoreUp, report.ScoreDown));
        Assert.All(report.Benefits, b => Assert.Equal((0L, 0L), (b.Gained!.Value, b.Lost!.Value)));
    }

    [Fact]
    public async Task Analyze_OneWorkerOrFourReversedInput_GivesTheSameReportAndSamples()
    {
        var one = await Analyze(Population.Value, workers: 1);
        var four = await Analyze(Population.Value.Reverse().ToImmutableArray(), workers: 4);

        Assert.Equal(Render(one), Render(four));
        var cell = one.Cells.First(c => c.Count >= 3);
        Assert.Equal(3, cell.Samples.Length);
        Assert.Equal(cell.Samples.Select(s => s.Subject).OrderBy(s => s), cell.Samples.Select(s => s.Subject));
        Assert.All(cell.Samples, s => Assert.Equal((cell.From, cell.To), (s.Before.Grade!.Code, s.After.Grade!.Code)));
    }

    [Fact]
    public async Task ToPublishable_SmallCells_AreSuppressedSoThatNoRowOrColumnTotalRevealsThem()
    {
        var report = (await Analyze(Population.Value, workers: 2)).ToPublishable(threshold: 10);

        Assert.Equal(10, report.SuppressedBelow);
        Assert.All(report.Cells, c => Assert.Empty(c.Samples));
        Assert.All(report.Cells, c => Assert.True(c.Count is null or 0 or >= 10, $"{c.From}→{c.To} shows {c.Count}"));
        Assert.Contains(report.Cells, c => c.Count is null);
        foreach (var line in report.Cells.GroupBy(c => c.From).Concat(report.Cells.GroupBy(c => c.To)))
        {
            Assert.NotEqual(1, line.Count(c => c.Count is null));
        }

        Assert.All(report.Benefits, b => Assert.True(b.Gained is null or 0 or >= 10 && b.Lost is null or 0 or >= 10));
    }

    [Fact]
    public async Task Analyze_FromASqliteStore_EqualsTheSameSubjectsInMemory()
    {
        using var temp = new TempFolder();
        var options = PopulationOptions(400, 11);
        using var file = new MemoryStream();
        PopulationGenerator.Write(file, options);
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(temp.File("theme.db"));
        file.Position = 0;
        await store.ImportAsync(file, new StoreImportOptions { SourceName = "population.jsonl" });
        await store.SetEnrolmentsAsync(PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).ToList());

        var fromStore = await RuleSetImpactAnalyzer.AnalyzeAsync(store.ReadAllSubjectsAsync(SubjectScan.All), ScoringPlan.Create(Launch, AsOf), ScoringPlan.Create(Next, AsOf, inForce: false), new RuleSetImpactOptions { Benefits = Benefits });
        var inMemory = await Analyze(Snapshots(400, 11), workers: 2);

        Assert.Equal(Render(inMemory), Render(fromStore));
    }

    private static Task<RuleSetImpactReport> Analyze(ImmutableArray<SubjectSnapshot> subjects, int workers) =>
        RuleSetImpactAnalyzer.AnalyzeAsync(Stream(subjects), ScoringPlan.Create(Launch, AsOf), ScoringPlan.Create(Next, AsOf, inForce: false), new RuleSetImpactOptions { Benefits = Benefits, MaxDegreeOfParallelism = workers });

    private static CreditEvaluation Evaluate(RuleSet rules, SubjectSnapshot s) =>
        CreditEvaluator.Evaluate(rules, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = AsOf });

    private static string Render(RuleSetImpactReport r) =>
        string.Join("\n", r.Cells.Select(c => $"{c.From}>{c.To}:{c.Count}:{string.Join(",", c.Samples.Select(s => $"{s.Subject}={s.Before.Score}/{s.After.Score}"))}")
            .Concat(r.Benefits.Select(b => $"{b.Benefit.Code}:{b.Gained}/{b.Lost}/{b.Kept}"))
            .Concat(r.Items.Select(i => $"{i.Code}:{i.SubjectsUp}/{i.SubjectsDown}/{i.PointsDelta}"))
            .Append($"{r.Subjects}/{r.Scored}/{r.ScoreUp}/{r.ScoreDown}"));

    private static PopulationOptions PopulationOptions(int subjects, ulong seed) =>
        new() { RuleSet = Launch, Subjects = subjects, Seed = seed };

    private static ImmutableArray<SubjectSnapshot> Snapshots(int subjects, ulong seed)
    {
        var options = PopulationOptions(subjects, seed);
        using var stream = new MemoryStream();
        PopulationGenerator.Write(stream, options);
        stream.Position = 0;
        var records = JsonLinesRecordReader.ReadAll(stream).Records.ToLookup(r => r.Subject);
        var enrolments = PopulationGenerator.Enrolments(options).ToDictionary(e => e.Key, e => e.Value);
        // As a store keeps them: subjects with a record or an enrolment period.
        return records.Select(g => g.Key).Concat(enrolments.Where(e => !e.Value.Periods.IsEmpty).Select(e => e.Key)).Distinct().OrderBy(s => s)
            .Select(s => new SubjectSnapshot(s, enrolments.TryGetValue(s, out var e) ? e : Enrolment.None, records[s].ToImmutableArray()))
            .ToImmutableArray();
    }

    private static async IAsyncEnumerable<SubjectSnapshot> Stream(ImmutableArray<SubjectSnapshot> subjects, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var s in subjects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return s;
        }

        await Task.CompletedTask;
    }
}
