using BenchmarkDotNet.Attributes;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// Issue 12, target 2, per subject in one run: 10 000 subjects with 15–25 delivered records each on the default
/// rules, scored on one thread: the careful baseline, the prepared records of <see cref="PreparedRecords"/>, the
/// compact city (<see cref="CompactCity"/>) with its preparation done at load, and the compact city with its
/// preparation paid in the call (build, then score). Every figure is per subject (<c>OperationsPerInvoke</c>);
/// the setup prints the records delivered and the compact records scored, for records/s.
/// </summary>
[MemoryDiagnoser]
public class CityBenchmarks
{
    /// <summary>Subjects in the batch.</summary>
    public const int Subjects = 10_000;

    private ScoringPlan _plan = null!;
    private EvaluationRequest[] _requests = null!;
    private PreparedRecords[] _prepared = null!;
    private CarefulScorer _careful = null!;
    private CompactCity _city = null!;
    private ScoreSummary[] _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = BenchmarkRuleSet.Value;
        _plan = ScoringPlan.Create(ruleSet, BenchmarkData.AsOf);
        _careful = new CarefulScorer(ruleSet);
        var data = new BenchmarkData(ruleSet, seed: 42);
        var sizes = new Random(7);
        _requests = new EvaluationRequest[Subjects];
        long delivered = 0;
        for (int i = 0; i < Subjects; i++)
        {
            _requests[i] = data.Subject(i, sizes.Next(15, 26));
            delivered += _requests[i].Records.Length;
        }

        _prepared = _requests.Select(r => PreparedRecords.Create(ruleSet, r.Subject, r.Records)).ToArray();
        _city = Build();
        _results = new ScoreSummary[Subjects];
        _city.ScoreAll(_plan, _results, 1);

        // Every subject: the compact city agrees with the decimal path (score value and scale, grade, clean flag) and the careful baseline.
        for (int i = 0; i < Subjects; i++)
        {
            var r = _requests[i];
            var sdk = CreditEvaluator.Score(_plan, r);
            var city = _results[i];
            if (sdk.Score?.ToString() != city.Score?.ToString() || !Equals(sdk.Grade, city.Grade) || sdk.IsClean != city.IsClean)
            {
                throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk.Score} {sdk.Grade?.Code} {sdk.IsClean}, city {city.Score} {city.Grade?.Code} {city.IsClean}.");
            }

            var careful = _careful.Score(r.Subject, r.Records, r.AsOf);
            if (sdk.Score != careful) throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk.Score}, careful baseline {careful}.");
        }

        Console.WriteLine($"// City: {Subjects} subjects, {delivered} delivered records, {_city.CompactRecordCounts[0]} compact records (scored by the city), "
            + $"{_city.FallbackSubjectCount} fallback subjects, {_city.MemoryBytes} bytes of columns ({(double)_city.MemoryBytes / delivered:F2} per delivered record).");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Subjects, Description = "Careful baseline, per subject")]
    public decimal Careful()
    {
        decimal sum = 0m;
        foreach (var r in _requests) sum += _careful.Score(r.Subject, r.Records, r.AsOf);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "SDK Score, prepared records (prepared at load), per subject")]
    public decimal PreparedRecordsScore()
    {
        decimal sum = 0m;
        var enrolment = BenchmarkData.Enrolment;
        foreach (var p in _prepared) sum += CreditEvaluator.Score(_plan, p, enrolment).Score ?? 0m;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compact city, prepared at load: Tally, 1 thread, per subject")]
    public decimal CityTally() => _city.Tally(_plan, 1).ScoreSum;

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compact city, prepared at load: ScoreAll, 1 thread, per subject")]
    public ScoreSummary[] CityScoreAll()
    {
        _city.ScoreAll(_plan, _results, 1);
        return _results;
    }

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compact city, preparation paid per call: build + Tally, 1 thread, per subject")]
    public decimal CityBuildAndTally() => Build().Tally(_plan, 1).ScoreSum;

    [Benchmark(OperationsPerInvoke = Subjects, Description = "Compact city build alone (load-time work), per subject")]
    public CompactCity CityBuild() => Build();

    private CompactCity Build()
    {
        var builder = new CompactCityBuilder(new[] { _plan.RuleSet }, Subjects, Subjects * 20L);
        foreach (var r in _requests) builder.Add(r.Subject, r.Enrolment, r.Records);
        return builder.Build();
    }
}
