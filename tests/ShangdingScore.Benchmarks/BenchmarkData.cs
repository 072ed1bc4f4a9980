using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// Deterministic benchmark subjects from a seeded <see cref="Random"/> (benchmarks only; never in src/).
/// The mix: about 85 % positive records, 15 % negative (rarely a serious one), about 4 % of records
/// with lifecycle events (pending or rejected disputes, revocations, repairs of negatives), about 3 %
/// delivered twice (an identical copy recorded later), dates spread over four years so some expire.
/// </summary>
internal sealed class BenchmarkData
{
    /// <summary>The day every benchmark scores for.</summary>
    public static readonly LocalDate AsOf = new(2025, 6, 30);

    /// <summary>Every benchmark subject is enrolled since this day.</summary>
    public static readonly Enrolment Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1));

    private static readonly string[] Providers = ["zz.civil-affairs", "zz.public-security", "zz.tax", "zz.library", "zz.red-cross", "zz.utilities"];

    private readonly Random _random;
    private readonly string[] _positive;
    private readonly string[] _negative;
    private readonly string _serious;
    private readonly RuleSet _ruleSet;

    public BenchmarkData(RuleSet ruleSet, int seed)
    {
        _ruleSet = ruleSet;
        _random = new Random(seed);
        _positive = ruleSet.Items.Where(i => i.Polarity == Polarity.Positive).Select(i => i.Code).ToArray();
        _negative = ruleSet.Items.Where(i => i.Polarity == Polarity.Negative && i.Severity != Severity.Serious).Select(i => i.Code).ToArray();
        _serious = ruleSet.Items.First(i => i.Severity == Severity.Serious).Code;
    }

    /// <summary>One subject's request with <paramref name="recordCount"/> delivered records (copies included).</summary>
    public EvaluationRequest Subject(int index, int recordCount)
    {
        var subject = new SubjectId($"S{index:D7}");
        var records = ImmutableArray.CreateBuilder<CreditRecord>(recordCount);
        int n = 0;
        while (records.Count < recordCount)
        {
            var record = NewRecord(subject, index, n++);
            records.Add(record);
            if (records.Count < recordCount && _random.Next(100) < 3)
            {
                // A second delivery of the same record, entered a few hours later.
                records.Add(new CreditRecord(record.Id, record.Subject, record.ItemCode, record.OccurredOn, record.Provider,
                    record.RecordedAt + Duration.FromHours(_random.Next(1, 48)), record.Quantity));
            }
        }

        return new EvaluationRequest { Subject = subject, Enrolment = Enrolment, Records = records.MoveToImmutable(), AsOf = AsOf };
    }

    private CreditRecord NewRecord(SubjectId subject, int index, int n)
    {
        int roll = _random.Next(1000);
        string item = roll < 850 ? _positive[_random.Next(_positive.Length)]
            : roll < 997 ? _negative[_random.Next(_negative.Length)]
            : _serious;
        var occurred = AsOf.PlusDays(-_random.Next(0, 4 * 365));
        var recorded = occurred.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(_random.Next(2, 24 * 20));
        var definition = _ruleSet.FindItem(item)!;
        decimal quantity = definition.PointsPerUnit is null ? 1m
            : item == "charity.donation" ? _random.Next(10, 1001)
            : _random.Next(1, 41);
        var provider = Providers[_random.Next(Providers.Length)];
        return new CreditRecord($"{subject.Value}-{n:D4}", subject, item, occurred, provider, recorded, quantity, Events(recorded, definition.Polarity));
    }

    private ImmutableArray<RecordEvent> Events(Instant recorded, Polarity polarity)
    {
        int roll = _random.Next(1000);
        if (roll >= 40) return ImmutableArray<RecordEvent>.Empty;
        var at = recorded + Duration.FromDays(_random.Next(1, 60));
        return roll switch
        {
            < 12 => [new RecordEvent(RecordEventType.Disputed, at)],
            < 24 => [new RecordEvent(RecordEventType.Disputed, at), new RecordEvent(RecordEventType.DisputeRejected, at + Duration.FromDays(10))],
            < 32 => [new RecordEvent(RecordEventType.Revoked, at)],
            _ when polarity == Polarity.Negative => [new RecordEvent(RecordEventType.Repaired, at)],
            _ => [new RecordEvent(RecordEventType.Disputed, at), new RecordEvent(RecordEventType.DisputeUpheld, at + Duration.FromDays(5))],
        };
    }
}
