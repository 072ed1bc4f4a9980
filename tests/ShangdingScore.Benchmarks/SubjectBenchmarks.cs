using BenchmarkDotNet.Attributes;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// One subject with 10, 50 or 200 delivered records on the default rules: the careful baseline (CarefulScorer) and
/// the naive LINQ scorer, score only
/// (decimal path, and prepared records in fixed point), full explanation, the cost of preparing, and rendering an
/// explanation as text on its own (it is not part of <c>Evaluate</c>).
/// </summary>
[MemoryDiagnoser]
public class SubjectBenchmarks
{
    private ScoringPlan _plan = null!;
    private EvaluationRequest _request = null!;
    private LinqScorer _linq = null!;
    private CarefulScorer _careful = null!;
    private PreparedRecords _prepared = null!;
    private CreditEvaluation _evaluation = null!;

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
        _careful = new CarefulScorer(ruleSet);
        _prepared = Prepare();
        if (!_prepared.IsPrecomputed) throw new InvalidOperationException("The benchmark subject did not fit the prepared form.");

        var sdk = CreditEvaluator.Score(_plan, _request).Score;
        _evaluation = CreditEvaluator.Evaluate(_plan, _request);
        var explained = _evaluation.Score;
        var prepared = ScorePrepared();
        var linq = LinqScore();
        var careful = CarefulScore();
        if (sdk != linq || explained != linq || prepared != linq || careful != linq)
        {
            throw new InvalidOperationException($"The scorers disagree on the benchmark subject: SDK score-only {sdk}, SDK explained {explained}, SDK prepared {prepared}, LINQ {linq}, careful {careful}.");
        }
    }

    [Benchmark(Baseline = true, Description = "Careful baseline, score only")]
    public decimal CarefulScore() => _careful.Score(_request.Subject, _request.Records, _request.AsOf);

    [Benchmark(Description = "LINQ, naive, score only")]
    public decimal LinqScore() => _linq.Score(_request.Subject, _request.Records, _request.AsOf);

    [Benchmark(Description = "SDK Score (plan)")]
    public decimal? Score() => CreditEvaluator.Score(_plan, _request).Score;

    [Benchmark(Description = "SDK Score (plan, prepared records)")]
    public decimal? ScorePrepared() => CreditEvaluator.Score(_plan, _prepared, _request.Enrolment).Score;

    [Benchmark(Description = "SDK prepare records (load-time work)")]
    public PreparedRecords Prepare() => PreparedRecords.Create(_plan.RuleSet, _request.Subject, _request.Records);

    [Benchmark(Description = "SDK Evaluate, full explanation (plan)")]
    public CreditEvaluation Evaluate() => CreditEvaluator.Evaluate(_plan, _request);

    /// <summary>Text rendering on its own, off the scoring path: the zh-CN explanation of an evaluation made in set-up.</summary>
    [Benchmark(Description = "Render explanation (zh-CN), of an evaluation")]
    public string RenderExplanation() => ExplanationRenderer.Render(_evaluation, Language.ZhCn);
}
