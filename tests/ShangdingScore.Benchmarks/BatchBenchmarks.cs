using BenchmarkDotNet.Attributes;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// 100 000 subjects with about 20 delivered records each, scored one after another on one thread
/// (score only, one plan). Records per second per core = <see cref="TotalRecords"/> / mean.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    /// <summary>Subjects in the batch.</summary>
    public const int Subjects = 100_000;

    private ScoringPlan _plan = null!;
    private EvaluationRequest[] _requests = null!;

    /// <summary>Delivered records over the batch (copies included); printed at setup for the records/s figure.</summary>
    public long TotalRecords { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = BenchmarkRuleSet.Value;
        _plan = ScoringPlan.Create(ruleSet, BenchmarkData.AsOf);
        var data = new BenchmarkData(ruleSet, seed: 42);
        var sizes = new Random(7);
        _requests = new EvaluationRequest[Subjects];
        for (int i = 0; i < Subjects; i++)
        {
            _requests[i] = data.Subject(i, sizes.Next(15, 26));
            TotalRecords += _requests[i].Records.Length;
        }

        // The SDK and the LINQ baseline agree on a sample of the batch.
        var linq = new LinqScorer(ruleSet);
        for (int i = 0; i < Subjects; i += 100)
        {
            var r = _requests[i];
            var sdk = CreditEvaluator.Score(_plan, r).Score;
            var expected = linq.Score(r.Subject, r.Records, r.AsOf);
            if (sdk != expected) throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk}, LINQ {expected}.");
        }

        Console.WriteLine($"// Batch: {Subjects} subjects, {TotalRecords} delivered records.");
    }

    [Benchmark(Description = "SDK Score, 100 000 subjects (~20 records each)")]
    public decimal ScoreBatch()
    {
        decimal sum = 0m;
        foreach (var request in _requests)
        {
            sum += CreditEvaluator.Score(_plan, request).Score ?? 0m;
        }

        return sum;
    }
}
