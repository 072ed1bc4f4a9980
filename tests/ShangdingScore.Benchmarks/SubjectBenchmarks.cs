using BenchmarkDotNet.Attributes;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Benchmarks;

/// <summary>One subject with 10, 50 or 200 delivered records: score only, full explanation, and the LINQ baseline.</summary>
[MemoryDiagnoser]
public class SubjectBenchmarks
{
    private ScoringPlan _plan = null!;
    private EvaluationRequest _request = null!;
    private LinqScorer _linq = null!;

    /// <summary>Delivered records of the subject (copies included).</summary>
    [Params(10, 50, 200)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = BenchmarkRuleSet.Value;
        _plan = ScoringPlan.Create(ruleSet, BenchmarkData.AsOf);
        _request = new BenchmarkData(ruleSet, seed: 20250630 + Records).Subject(1, Records);
        _linq = new LinqScorer(ruleSet);

        var sdk = CreditEvaluator.Score(_plan, _request).Score;
        var explained = CreditEvaluator.Evaluate(_plan, _request).Score;
        var linq = LinqScore();
        if (sdk != linq || explained != linq)
        {
            throw new InvalidOperationException($"The scorers disagree on the benchmark subject: SDK score-only {sdk}, SDK explained {explained}, LINQ {linq}.");
        }
    }

    [Benchmark(Baseline = true, Description = "LINQ baseline, score only")]
    public decimal LinqScore() => _linq.Score(_request.Subject, _request.Records, _request.AsOf);

    [Benchmark(Description = "SDK Score (plan)")]
    public decimal? Score() => CreditEvaluator.Score(_plan, _request).Score;

    [Benchmark(Description = "SDK Evaluate, full explanation (plan)")]
    public CreditEvaluation Evaluate() => CreditEvaluator.Evaluate(_plan, _request);
}
