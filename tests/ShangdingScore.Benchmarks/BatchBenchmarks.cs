using BenchmarkDotNet.Attributes;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// 100 000 subjects with about 20 delivered records each on the default rules, scored one after another
/// on one thread with one plan: score only on the decimal path, score only on prepared records (prepared
/// in setup: load-time work), the preparation itself, and the LINQ baseline.
/// Records per second per core = <see cref="TotalRecords"/> / mean.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    /// <summary>Subjects in the batch.</summary>
    public const int Subjects = 100_000;

    private ScoringPlan _plan = null!;
    private EvaluationRequest[] _requests = null!;
    private PreparedRecords[] _prepared = null!;
    private LinqScorer _linq = null!;
    private CarefulScorer _careful = null!;

    /// <summary>Delivered records over the batch (copies included); printed at setup for the records/s figure.</summary>
    public long TotalRecords { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var ruleSet = BenchmarkRuleSet.Value;
        _plan = ScoringPlan.Create(ruleSet, BenchmarkData.AsOf);
        _linq = new LinqScorer(ruleSet);
        _careful = new CarefulScorer(ruleSet);
        var data = new BenchmarkData(ruleSet, seed: 42);
        var sizes = new Random(7);
        _requests = new EvaluationRequest[Subjects];
        for (int i = 0; i < Subjects; i++)
        {
            _requests[i] = data.Subject(i, sizes.Next(15, 26));
            TotalRecords += _requests[i].Records.Length;
        }

        _prepared = PrepareBatch();

        // Every subject: the prepared path and the careful baseline agree with the decimal path; every 100th: so does the naive LINQ scorer.
        int precomputed = 0;
        for (int i = 0; i < Subjects; i++)
        {
            var r = _requests[i];
            var sdk = CreditEvaluator.Score(_plan, r);
            var prepared = CreditEvaluator.Score(_plan, _prepared[i], r.Enrolment);
            if (_prepared[i].IsPrecomputed) precomputed++;
            if (sdk.Score != prepared.Score || !Equals(sdk.Grade, prepared.Grade) || sdk.IsClean != prepared.IsClean)
            {
                throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk.Score} {sdk.Grade?.Code}, prepared {prepared.Score} {prepared.Grade?.Code}.");
            }

            var careful = _careful.Score(r.Subject, r.Records, r.AsOf);
            if (sdk.Score != careful) throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk.Score}, careful baseline {careful}.");
            if (i % 100 != 0) continue;
            var expected = _linq.Score(r.Subject, r.Records, r.AsOf);
            if (sdk.Score != expected) throw new InvalidOperationException($"Subject {r.Subject}: SDK {sdk.Score}, LINQ {expected}.");
        }

        Console.WriteLine($"// Batch: {Subjects} subjects, {TotalRecords} delivered records, {precomputed} subjects precomputed.");
    }

    [Benchmark(Baseline = true, Description = "Careful baseline, 100 000 subjects")]
    public decimal CarefulBatch()
    {
        decimal sum = 0m;
        foreach (var r in _requests)
        {
            sum += _careful.Score(r.Subject, r.Records, r.AsOf);
        }

        return sum;
    }

    [Benchmark(Description = "LINQ, naive, 100 000 subjects")]
    public decimal LinqBatch()
    {
        decimal sum = 0m;
        foreach (var r in _requests)
        {
            sum += _linq.Score(r.Subject, r.Records, r.AsOf);
        }

        return sum;
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

    [Benchmark(Description = "SDK Score prepared, 100 000 subjects")]
    public decimal ScorePreparedBatch()
    {
        decimal sum = 0m;
        var enrolment = BenchmarkData.Enrolment;
        foreach (var prepared in _prepared)
        {
            sum += CreditEvaluator.Score(_plan, prepared, enrolment).Score ?? 0m;
        }

        return sum;
    }

    [Benchmark(Description = "SDK prepare 100 000 subjects (load-time work)")]
    public PreparedRecords[] PrepareBatch()
    {
        var prepared = new PreparedRecords[_requests.Length];
        var ruleSet = _plan.RuleSet;
        for (int i = 0; i < _requests.Length; i++)
        {
            prepared[i] = PreparedRecords.Create(ruleSet, _requests[i].Subject, _requests[i].Records);
        }

        return prepared;
    }
}
