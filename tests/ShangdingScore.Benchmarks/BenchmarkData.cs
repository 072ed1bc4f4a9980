using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Benchmarks;

/// <summary>
/// Deterministic benchmark subjects from a seeded <see cref="Random"/> (benchmarks only; never in src/),
/// generated from the rule set's own item codes. The mix: about 85 % positive records, 15 % negative
/// (0.3 % serious), 0.2 % with an item code the rule set does not know; items drawn with realistic
/// weights (volunteer hours, on-time tax and insurance, donations common; honours rare; traffic
/// violations the commonest deduction); about 4 % of records with lifecycle events (pending or
/// rejected disputes, revocations, upheld disputes, repairs of negatives); about 3 % delivered twice
/// (an identical copy recorded later); dates spread over four years so some expire.
/// </summary>
internal sealed class BenchmarkData
{
    /// <summary>The day every benchmark scores for.</summary>
    public static readonly LocalDate AsOf = new(2025, 6, 30);

    /// <summary>Every benchmark subject is enrolled since this day.</summary>
    public static readonly Enrolment Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1));

    /// <summary>An item code a provider still delivers after it left the rule set: it does not count and makes the result not clean.</summary>
    public const string RetiredItemCode = "social.retired-item";

    private static readonly string[] Providers = ["zz.civil-affairs", "zz.public-security", "zz.tax", "zz.library", "zz.red-cross", "zz.utilities"];

    /// <summary>Relative frequency of the default rules' items in delivered data; an item not listed has weight 10.</summary>
    private static readonly Dictionary<string, int> Weights = new(StringComparer.Ordinal)
    {
        ["volunteer.service-hours"] = 300, ["law.tax-on-time"] = 120, ["law.social-insurance-on-time"] = 120,
        ["law.provident-fund-on-time"] = 100, ["charity.donation"] = 100, ["blood.donation"] = 80,
        ["honour.district"] = 20, ["honour.municipal"] = 10, ["honour.provincial"] = 3, ["honour.national"] = 1,
        ["honour.good-samaritan"] = 2, ["honour.moral-model"] = 3, ["stem-cell.donation"] = 1, ["organ.donation-registration"] = 5,
        ["professional.model-worker"] = 3, ["professional.excellent-practitioner"] = 8, ["professional.skills-award"] = 8,
        ["family.civilised-family"] = 10, ["family.filial-model"] = 5,
        ["law.traffic-violation"] = 400, ["social.fare-evasion"] = 150, ["social.utility-arrears"] = 150, ["social.fee-arrears"] = 120,
        ["social.civility-ordinance-breach"] = 80, ["law.administrative-penalty"] = 50, ["law.drunk-driving"] = 20,
        ["professional.misconduct"] = 10, ["family.maintenance-refusal"] = 10, ["law.student-loan-default"] = 10,
        ["law.judgment-defaulter"] = 8, ["law.fraud-conviction"] = 1, ["law.tax-evasion-conviction"] = 1,
    };

    private readonly Random _random;
    private readonly string[] _positive;
    private readonly string[] _negative;
    private readonly string[] _serious;
    private readonly RuleSet _ruleSet;

    public BenchmarkData(RuleSet ruleSet, int seed)
    {
        _ruleSet = ruleSet;
        _random = new Random(seed);
        _positive = Weighted(ruleSet.Items.Where(i => i.Polarity == Polarity.Positive));
        _negative = Weighted(ruleSet.Items.Where(i => i.Polarity == Polarity.Negative && i.Severity != Severity.Serious));
        _serious = Weighted(ruleSet.Items.Where(i => i.Severity == Severity.Serious));
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
        string item = roll < 848 ? _positive[_random.Next(_positive.Length)]
            : roll < 995 ? _negative[_random.Next(_negative.Length)]
            : roll < 998 ? _serious[_random.Next(_serious.Length)]
            : RetiredItemCode;
        var occurred = AsOf.PlusDays(-_random.Next(0, 4 * 365));
        var recorded = occurred.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromHours(_random.Next(2, 24 * 20));
        var definition = _ruleSet.FindItem(item);
        decimal quantity = definition?.PointsPerUnit is not { } perUnit ? 1m
            : perUnit < 0.01m ? _random.Next(10, 5001) // money, in yuan
            : _random.Next(1, 81) / 2m; // hours, in half hours
        var provider = Providers[_random.Next(Providers.Length)];
        return new CreditRecord($"{subject.Value}-{n:D4}", subject, item, occurred, provider, recorded, quantity, Events(recorded, definition?.Polarity ?? Polarity.Positive));
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

    private static string[] Weighted(IEnumerable<ScoreItem> items) =>
        items.SelectMany(i => Enumerable.Repeat(i.Code, Weights.TryGetValue(i.Code, out var w) ? w : 10)).ToArray();
}
