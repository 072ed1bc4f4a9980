using System.Globalization;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Stores.Conformance;

/// <summary>A compact city loaded from the store (<see cref="CompactCityLoader"/>) scores every subject as the evaluator does on the store's own snapshot of that subject.</summary>
public abstract partial class StoreConformanceTests<TStore>
{
    [StoreFact]
    public async Task CompactCityLoader_AnyNumberOfParts_EverySubjectScoredAsTheEvaluatorScoresTheStoresSnapshot()
    {
        await using var store = await CreateMigratedAsync();
        var population = Sample.Population(subjects: 300, seed: 12);
        await store.ImportAsync(Utf8(population.Text), Options("population.jsonl"));
        await store.SetEnrolmentsAsync(population.Enrolments);
        await store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-enrolled-only"), Enrolment.Since(new LocalDate(2020, 1, 1))) });
        var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var next = RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
            .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
            .Replace("\"pointsPerUnit\": 0.1,\n      \"recordCap\": 2,", "\"pointsPerUnit\": 1,\n      \"recordCap\": 10,", StringComparison.Ordinal)).GetValueOrThrow();
        var snapshots = new Dictionary<SubjectId, SubjectSnapshot>();
        await foreach (var s in store.ReadAllSubjectsAsync(SubjectScan.All)) snapshots.Add(s.Subject, s);

        foreach (int parts in new[] { 1, 3 })
        {
            var city = await CompactCityLoader.LoadAsync(store, new[] { launch, next }, parts);

            Assert.Equal(snapshots.Count, city.SubjectCount);
            Assert.Equal(snapshots.Values.Sum(s => (long)s.Records.Length), city.DeliveredRecordCount);
            foreach (var plan in new[] { ScoringPlan.Create(launch, new LocalDate(2025, 6, 30)), ScoringPlan.Create(launch, new LocalDate(2026, 6, 30)), ScoringPlan.Create(next, new LocalDate(2025, 6, 30), inForce: false) })
            {
                decimal sum = 0m;
                for (int i = 0; i < city.SubjectCount; i++)
                {
                    var s = snapshots[city.SubjectAt(i)];
                    var expected = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = plan.AsOf });
                    var actual = city.Score(plan, i);
                    Assert.Equal(Show(expected), Show(actual));
                    sum += expected.Score ?? 0m;
                }

                Assert.Equal(sum, city.Tally(plan, 2).ScoreSum);
            }
        }
    }

    private static string Show(ScoreSummary s) => $"{s.Status} {s.Score?.ToString(CultureInfo.InvariantCulture)} {s.Grade?.Code} {s.IsClean}";
}
