using System.Globalization;
using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The contract's scores: scoring through the store equals scoring the lines, batch rescoring, score writes.</summary>
public abstract partial class StoreConformanceTests<TStore>
{
    [StoreFact]
    public async Task ScoresThroughStore_GeneratedPopulation_SameAsScoringTheLines()
    {
        await using var store = await CreateMigratedAsync();
        var population = Sample.Population(subjects: 300, seed: 7);
        await store.ImportAsync(Utf8(population.Text), Options("population.jsonl"));
        await store.SetEnrolmentsAsync(population.Enrolments);
        var plan = ScoringPlan.Create(ShangdingScore.Rules.Zhengzhou.ZhengzhouRuleSets.Load(Rules.Zhengzhou.ZhengzhouRuleSets.LaunchVersion), new LocalDate(2025, 6, 30));
        var knownAt = Instant.FromUtc(2025, 3, 1, 0, 0);

        var byLine = population.Records.GroupBy(r => r.Subject).ToDictionary(g => g.Key, g => g.ToImmutableArray());
        var enrolments = population.Enrolments.ToDictionary(e => e.Subject, e => e.Enrolment);
        int compared = 0;
        await foreach (var s in store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }))
        {
            var expected = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = enrolments.TryGetValue(s.Subject, out var e) ? e : Enrolment.None, Records = byLine.TryGetValue(s.Subject, out var r) ? r : ImmutableArray<CreditRecord>.Empty, AsOf = plan.AsOf, KnownAt = knownAt });
            var actual = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = plan.AsOf, KnownAt = knownAt });
            Assert.Equal((expected.Status, expected.Score, expected.Grade?.Code, expected.IsClean), (actual.Status, actual.Score, actual.Grade?.Code, actual.IsClean));
            compared++;
        }

        Assert.Equal(population.SubjectCount, compared);
    }

    [StoreFact]
    public async Task BatchRescorer_GeneratedPopulation_OneScorePerSubjectEqualToTheEvaluatorAndIdempotent()
    {
        await using var store = await CreateMigratedAsync();
        var population = Sample.Population(subjects: 400, seed: 11);
        await store.ImportAsync(Utf8(population.Text), Options("population.jsonl"));
        await store.SetEnrolmentsAsync(population.Enrolments);
        var asOf = new LocalDate(2025, 6, 30);
        var reports = new List<BatchRescoreProgress>();
        var rescorer = new BatchRescorer(ShangdingScore.Rules.Zhengzhou.ZhengzhouRuleSets.History);
        var options = new BatchRescoreOptions { AsOf = asOf, MaxDegreeOfParallelism = 3, ChunkSize = 7, WriteBatchSize = 50, Progress = new SyncProgress<BatchRescoreProgress>(reports.Add) };

        var result = await rescorer.RescoreAsync(store, options);
        var again = await rescorer.RescoreAsync(store, options);

        Assert.Equal(population.SubjectCount, result.Subjects);
        Assert.Equal(result.Subjects, result.Scored + result.NotEnrolled);
        Assert.Equal(result.Scored, result.ByGrade.Values.Sum());
        Assert.Equal(result.Subjects, result.ScoresWritten);
        Assert.Equal(result.Subjects, (await store.CountAsync()).Scores);
        Assert.Equal(result.Subjects, again.ScoresWritten);
        Assert.Equal(result.ByGrade, again.ByGrade);
        Assert.Equal(result.Subjects, reports[^1].ScoresWritten);
        Assert.True(reports.Count > 1);

        var plan = ShangdingScore.Rules.Zhengzhou.ZhengzhouRuleSets.History.PlanFor(asOf);
        var scores = await ToListAsync(store.ReadScoresAsync(new ScoreQuery { AsOf = asOf }));
        Assert.Equal(result.Subjects, scores.Count);
        var byLine = population.Records.GroupBy(r => r.Subject).ToDictionary(g => g.Key, g => g.ToImmutableArray());
        var enrolments = population.Enrolments.ToDictionary(e => e.Subject, e => e.Enrolment);
        foreach (var score in scores)
        {
            var request = new EvaluationRequest { Subject = score.Subject, Enrolment = enrolments.TryGetValue(score.Subject, out var e) ? e : Enrolment.None, Records = byLine.TryGetValue(score.Subject, out var r) ? r : ImmutableArray<CreditRecord>.Empty, AsOf = asOf };
            var points = new decimal[plan.RuleSet.Dimensions.Length];
            var expected = CreditEvaluator.Score(plan, request, points);
            Assert.Equal(StoredScore.From(plan, score.Subject, expected, points, null), score);

            // The kept dimension points are the full evaluation's, digit for digit (the scale kept: 12.50 is not 12.5).
            var full = CreditEvaluator.Evaluate(plan, request).Dimensions.Select(d => d.Points.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(full, score.DimensionPoints.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        }

        Assert.Contains(scores, s => s.Status == EvaluationStatus.NotEnrolled);
        Assert.Contains(scores, s => !s.IsClean);
        Assert.All(scores, s => Assert.Equal(plan.RuleSet.ContentHash, s.RuleSetContentHash));
    }

    [StoreFact]
    public async Task WriteScoresAsync_SameKeyTwice_ReplacesAndReadsBackFiltered()
    {
        await using var store = await CreateMigratedAsync();
        var day = new LocalDate(2025, 6, 30);
        var a1 = Sample.Score("S-1", day, 101.2m, "good", null);
        var a2 = Sample.Score("S-1", day, 99.5m, "slightly-untrustworthy", null, isClean: false);
        var b = Sample.Score("S-2", day, null, null, Instant.FromUtc(2025, 1, 1, 0, 0));
        var c = Sample.Score("S-1", day.PlusDays(1), 150m, "excellent", null, isComplete: false);
        Assert.Equal(3, await store.WriteScoresAsync(new[] { a1, b, c }));
        await store.WriteScoresAsync(new[] { a2 });

        Assert.Equal(new[] { a2, c, b }, await ToListAsync(store.ReadScoresAsync(ScoreQuery.All)));
        Assert.Equal(new[] { a2, c }, await ToListAsync(store.ReadScoresAsync(new ScoreQuery { Subject = new SubjectId("S-1") })));
        Assert.Equal(new[] { a2, b }, await ToListAsync(store.ReadScoresAsync(new ScoreQuery { AsOf = day })));
        Assert.Equal(3, (await store.CountAsync()).Scores);
    }

    [StoreFact]
    public async Task ReadScoresAsync_DimensionPointsAndRuleSetFilters_KeptExactlyAndFiltered()
    {
        await using var store = await CreateMigratedAsync();
        var day = new LocalDate(2025, 6, 30);
        var points = ImmutableArray.Create(12.50m, -3m, 0.000m, 40m, 7.25m);
        var a = Sample.Score("S-1", day, 101.2m, "good", null);
        var kept = new StoredScore(a.Subject, a.RuleSetId, a.RuleSetVersion, a.RuleSetContentHash, true, day, null, a.Status, a.Score, a.GradeCode, true, true) { DimensionPoints = points };
        var other = new StoredScore(new SubjectId("S-2"), a.RuleSetId, "2024.1.0", "sha256:other", false, day, null, EvaluationStatus.NotEnrolled, null, null, true, true);
        await store.WriteScoresAsync(new[] { kept, other });

        var read = Assert.Single(await ToListAsync(store.ReadScoresAsync(new ScoreQuery { AsOf = day, RuleSetId = a.RuleSetId, RuleSetVersion = "2019.1.0" })));
        Assert.Equal(kept, read);
        Assert.Equal(points.Select(p => p.ToString(CultureInfo.InvariantCulture)), read.DimensionPoints.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(other, Assert.Single(await ToListAsync(store.ReadScoresAsync(new ScoreQuery { RuleSetVersion = "2024.1.0" }))));
        Assert.Empty(await ToListAsync(store.ReadScoresAsync(new ScoreQuery { RuleSetId = "elsewhere" })));
        Assert.True((await ToListAsync(store.ReadScoresAsync(new ScoreQuery { AsOf = day, RuleSetVersion = "2024.1.0" }))).Single().DimensionPoints.IsEmpty);
    }

    [StoreFact]
    public async Task ReadEnrolmentsAsync_EverySubjectWithPeriods_InSubjectOrderWithAllPeriods()
    {
        await using var store = await CreateMigratedAsync();
        var twice = Enrolment.Of(new[] { new EnrolmentPeriod(new LocalDate(2020, 1, 1), new LocalDate(2021, 1, 1)), new EnrolmentPeriod(new LocalDate(2022, 3, 4), null) });
        var once = Enrolment.Since(new LocalDate(2023, 5, 6));
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-b"), once), new SubjectEnrolment(new SubjectId("S-a"), twice), new SubjectEnrolment(new SubjectId("S-B"), once) });

        var read = await ToListAsync(store.ReadEnrolmentsAsync());

        Assert.Equal(new[] { "S-B", "S-a", "S-b" }, read.Select(e => e.Subject.Value));
        Assert.Equal(twice.Periods.Select(p => (p.EnrolledOn, p.WithdrawnOn)), read[1].Enrolment.Periods.Select(p => (p.EnrolledOn, p.WithdrawnOn)));
        Assert.Equal(once.Periods.Select(p => (p.EnrolledOn, p.WithdrawnOn)), read[0].Enrolment.Periods.Select(p => (p.EnrolledOn, p.WithdrawnOn)));
    }
}
