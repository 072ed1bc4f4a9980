using System.Collections.Immutable;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// The compact city (<see cref="CompactCity"/>) scores every subject as <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest)"/>
/// does on the subject's delivered records (status, score value and scale, grade, clean flag), on every rule set it was
/// built for and on every day: records with events, copies, unknown item codes, another subject's records, every kind
/// of enrolment, window and repair boundaries, subjects split over several parts.
/// </summary>
// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261203,1234567891")]
public class CompactCityProperties
{
    private static readonly int[] DayOffsets = { -1100, -730, -365, -31, -1, 0, 1, 30, 365, 1100 };

    [Property]
    public Property CompactCity_GeneratedRuleSetsAndSubjects_ScoresEqualEvaluatorOnEveryDay()
    {
        var gen = from first in ShangdingGen.RuleSets()
                  from second in ShangdingGen.RuleSets()
                  from population in Population(first, second)
                  select population;
        return Prop.ForAll(gen.ToArbitrary(), p => Agrees(p));
    }

    [Property]
    public Property CompactCity_ZhengzhouLaunchAndWhatIfVersion_ScoresEqualEvaluatorOnEveryDay()
    {
        var launch = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        return Prop.ForAll(Population(launch, WhatIf.Value).ToArbitrary(), p => Agrees(p));
    }

    [Fact]
    public void CompactCity_RecordOutsideCompactDays_IsKeptRawAndCountedAsFallback()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var asOf = new LocalDate(2025, 6, 30);
        var old = new SubjectId("S-old");
        var fine = new SubjectId("S-fine");
        var builder = new CompactCityBuilder(new[] { rs });
        builder.Add(old, Enrolment.Since(new LocalDate(1890, 1, 1)), ImmutableArray.Create(
            new CreditRecord("a", old, "honour.national", new LocalDate(1899, 12, 31), "p", Instant.FromUtc(1900, 1, 2, 0, 0)),
            new CreditRecord("b", old, "law.traffic-violation", asOf.PlusDays(-3), "p", Instant.FromUtc(2025, 6, 28, 0, 0))));
        builder.Add(fine, Enrolment.Since(new LocalDate(2020, 1, 1)), ImmutableArray.Create(
            new CreditRecord("c", fine, "law.traffic-violation", asOf.PlusDays(-3), "p", Instant.FromUtc(2025, 6, 28, 0, 0))));
        var city = builder.Build();

        Assert.Equal(1, city.FallbackSubjectCount);
        Assert.Equal(1L, city.CompactRecordCounts[0]);
        foreach (var day in new[] { new LocalDate(1950, 1, 1), asOf })
        {
            var plan = ScoringPlan.Create(rs, day);
            var expected = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = old, Enrolment = city.EnrolmentAt(0), Records = Raw(old, asOf), AsOf = day });
            var actual = city.Score(plan, 0);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(Text(expected.Score), Text(actual.Score));
            Assert.Equal(expected.Grade, actual.Grade);
            Assert.Equal(1L, city.Tally(plan, 2).FallbackScored);
        }
    }

    [Fact]
    public void Tally_ThousandsOfSubjectsPerWorker_SumIsTheDecimalSumOfEveryScoreWithItsScale()
    {
        // More scored subjects per worker than the accumulator sums in a long before moving them into a decimal.
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var options = new PopulationOptions { RuleSet = rs, Subjects = 3_000, Seed = 7 };
        var builder = new CompactCityBuilder(new[] { rs });
        var subjects = new List<(SubjectId Subject, Enrolment Enrolment, ImmutableArray<CreditRecord> Records)>();
        using var lines = PopulationGenerator.Lines(options, 0, options.Subjects).GetEnumerator();
        bool more = lines.MoveNext();
        foreach (var (subject, enrolment) in PopulationGenerator.Enrolments(options, 0, options.Subjects))
        {
            var records = ImmutableArray.CreateBuilder<CreditRecord>();
            for (; more && (lines.Current.Record is not { } r || r.Subject == subject); more = lines.MoveNext())
            {
                if (lines.Current.Record is { } record) records.Add(record);
            }

            builder.Add(subject, enrolment, records.ToImmutable());
            subjects.Add((subject, enrolment, records.ToImmutable()));
        }

        var city = builder.Build();
        foreach (var day in new[] { new LocalDate(2025, 6, 30), new LocalDate(2026, 6, 30) })
        {
            var plan = ScoringPlan.Create(rs, day);
            decimal sum = 0m;
            foreach (var (subject, enrolment, records) in subjects)
            {
                sum += CreditEvaluator.Score(plan, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records, AsOf = day }).Score ?? 0m;
            }

            foreach (int workers in new[] { 1, 2 })
            {
                var tally = city.Tally(plan, workers);
                Assert.True(tally.Scored > 1_000 * workers, $"{tally.Scored} scored");
                Assert.Equal(sum.ToString(CultureInfo.InvariantCulture), tally.ScoreSum.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void CompactCity_PlanOfAnotherRuleSet_Throws()
    {
        var rs = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
        var builder = new CompactCityBuilder(new[] { rs });
        builder.Add(new SubjectId("S-1"), Enrolment.None, ImmutableArray<CreditRecord>.Empty);
        var city = builder.Build();

        Assert.Throws<ArgumentException>(() => city.Score(ScoringPlan.Create(WhatIf.Value, new LocalDate(2025, 1, 1)), 0));
        Assert.Throws<InvalidOperationException>(() => builder.Add(new SubjectId("S-2"), Enrolment.None, ImmutableArray<CreditRecord>.Empty));
    }

    /// <summary>2019.1.0 with volunteer hours worth 1 point each (0.1 before) and a record cap of 10 (2 before): a pinned what-if version.</summary>
    internal static readonly Lazy<RuleSet> WhatIf = new(() => RuleSetJson.Load(ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion)
        .Replace("\"version\": \"2019.1.0\"", "\"version\": \"2027.1.0\"", StringComparison.Ordinal)
        .Replace("\"effectiveFrom\": \"2019-08-01\"", "\"effectiveFrom\": \"2027-01-01\"", StringComparison.Ordinal)
        .Replace("\"pointsPerUnit\": 0.1,\n      \"recordCap\": 2,", "\"pointsPerUnit\": 1,\n      \"recordCap\": 10,", StringComparison.Ordinal)).GetValueOrThrow());

    private static ImmutableArray<CreditRecord> Raw(SubjectId old, LocalDate asOf) => ImmutableArray.Create(
        new CreditRecord("a", old, "honour.national", new LocalDate(1899, 12, 31), "p", Instant.FromUtc(1900, 1, 2, 0, 0)),
        new CreditRecord("b", old, "law.traffic-violation", asOf.PlusDays(-3), "p", Instant.FromUtc(2025, 6, 28, 0, 0)));

    private static Gen<CityCase> Population(RuleSet first, RuleSet second) =>
        from days in Gen.Choose(0, 3000)
        let asOf = first.EffectiveFrom.PlusDays(days)
        from count in Gen.Choose(1, 8)
        from subjects in Gen.CollectToArray(Enumerable.Range(0, count), i => Subject(first, second, new SubjectId($"S-{i:D3}"), asOf))
        from parts in Gen.Choose(1, 3)
        select new CityCase(ImmutableArray.Create(first, second), asOf, subjects.ToImmutableArray(), parts);

    private static Gen<EvaluationRequest> Subject(RuleSet first, RuleSet second, SubjectId subject, LocalDate asOf) =>
        from ruleSet in Gen.Elements(first, first, second)
        from records in ShangdingGen.Records(ruleSet, subject, asOf)
        from stray in Gen.Frequency((6, Gen.Constant(ImmutableArray<CreditRecord>.Empty)), (1, ShangdingGen.Records(first, new SubjectId("S-other"), asOf)))
        from enrolment in Enrolments(asOf)
        select new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records.AddRange(stray.Take(2)), AsOf = asOf };

    private static Gen<Enrolment> Enrolments(LocalDate asOf) =>
        Gen.Frequency(
            (1, Gen.Constant(Enrolment.None)),
            (4, Gen.Choose(-1200, 400).Select(d => Enrolment.Since(asOf.PlusDays(d)))),
            (2, from start in Gen.Choose(-1500, 0)
                from length in Gen.Choose(0, 800)
                from gap in Gen.Choose(0, 400)
                select Enrolment.Of(new[] { new EnrolmentPeriod(asOf.PlusDays(start), asOf.PlusDays(start + length)), new EnrolmentPeriod(asOf.PlusDays(start + length + gap)) })));

    private static Property Agrees(CityCase c)
    {
        var builders = Enumerable.Range(0, c.Parts).Select(_ => new CompactCityBuilder(c.RuleSets)).ToArray();
        for (int i = 0; i < c.Subjects.Length; i++)
        {
            var s = c.Subjects[i];
            builders[i * c.Parts / c.Subjects.Length].Add(s.Subject, s.Enrolment, s.Records);
        }

        var city = CompactCityBuilder.Build(builders);
        if (city.SubjectCount != c.Subjects.Length || city.DeliveredRecordCount != c.Subjects.Sum(s => (long)s.Records.Length)) return Prop.Label(false, "counts");
        foreach (var rs in c.RuleSets)
        {
            foreach (var day in Days(c, rs))
            {
                var plan = ScoringPlan.Create(rs, day);
                var all = new ScoreSummary[city.SubjectCount];
                city.ScoreAll(plan, all, 2);
                var tally = city.Tally(plan, 2);
                decimal sum = 0m;
                for (int i = 0; i < c.Subjects.Length; i++)
                {
                    var s = c.Subjects[i];
                    var expected = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = plan.AsOf });
                    var one = city.Score(plan, i);
                    sum += expected.Score ?? 0m;
                    if (!Same(expected, one) || !Same(expected, all[i]) || city.SubjectAt(i) != s.Subject)
                    {
                        return Prop.Label(false, $"{rs.Version} {plan.AsOf:uuuu-MM-dd} subject {i} ({city.SubjectAt(i)}): expected {Show(expected)}, Score {Show(one)}, ScoreAll {Show(all[i])}");
                    }
                }

                if (tally.ScoreSum.ToString(CultureInfo.InvariantCulture) != sum.ToString(CultureInfo.InvariantCulture) || tally.Scored + tally.NotEnrolled != c.Subjects.Length)
                {
                    return Prop.Label(false, $"{rs.Version} {plan.AsOf:uuuu-MM-dd} tally: sum {tally.ScoreSum} (expected {sum}), {tally.Scored} scored + {tally.NotEnrolled} not enrolled");
                }
            }
        }

        return Prop.Label(true, "agrees");
    }

    /// <summary>
    /// Fixed offsets from the case's day, and the boundaries where a record starts or stops counting, each with the
    /// day before and after: occurrence, end of the item's window, first day a repair takes effect (at most 24, spread over them).
    /// </summary>
    private static IEnumerable<LocalDate> Days(CityCase c, RuleSet rs)
    {
        var boundaries = new SortedSet<LocalDate>();
        foreach (var record in c.Subjects.SelectMany(s => s.Records))
        {
            boundaries.Add(record.OccurredOn);
            if (rs.TryGetItemIndex(record.ItemCode, out int item) && rs.CompiledItems[item].Window is { } window && ScoringPlan.Expires(record.OccurredOn, window) is { } end)
            {
                boundaries.Add(end);
            }

            foreach (var ev in record.Events.Where(e => e.Type == RecordEventType.Repaired))
            {
                if (ScoringPlan.Expires(ev.EffectiveOn ?? ev.At.InZone(rs.TimeZone).Date, rs.Repair.Delay) is { } from) boundaries.Add(from);
            }
        }

        var spread = boundaries.Where((_, i) => i % Math.Max(1, boundaries.Count / 8) == 0).Take(8);
        var days = new SortedSet<LocalDate>(DayOffsets.Select(d => c.AsOf.PlusDays(d)));
        foreach (var b in spread.Concat(boundaries.Where(b => b >= c.AsOf.PlusDays(-400) && b <= c.AsOf).Take(4)))
        {
            days.Add(b.PlusDays(-1));
            days.Add(b);
            days.Add(b.PlusDays(1));
        }

        return days;
    }

    private static bool Same(ScoreSummary expected, ScoreSummary actual) =>
        expected.Status == actual.Status && expected.Score == actual.Score && Text(expected.Score) == Text(actual.Score)
        && Equals(expected.Grade, actual.Grade) && expected.IsClean == actual.IsClean;

    private static string Show(ScoreSummary s) => $"{s.Status} {Text(s.Score)} {s.Grade?.Code} clean {s.IsClean}";

    private static string Text(decimal? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A generated population: subjects on two rule sets around a day, split into parts.</summary>
    public sealed record CityCase(ImmutableArray<RuleSet> RuleSets, LocalDate AsOf, ImmutableArray<EvaluationRequest> Subjects, int Parts)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"asOf {AsOf:uuuu-MM-dd}, {Parts} parts, rule sets {string.Join(", ", RuleSets.Select(r => r.Version))}: "
            + string.Join("; ", Subjects.Select(s => $"{s.Subject} [{string.Join(" | ", s.Enrolment.Periods)}] {string.Join(", ", s.Records.Select(r => $"{r.Id} {r.ItemCode} {r.OccurredOn:uuuu-MM-dd} q{r.Quantity} ev{r.Events.Length}"))}"));
    }
}
