using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// Spec §3a "Arithmetic": with rule-set numbers at the bounds (12 integer digits, 4 decimals) and quantities at
/// theirs (12 integer digits, 6 decimals), the decimal path, the score-only path and the prepared fixed-point path
/// give the same score, equal to an independent computation in exact integers, and none throws.
/// </summary>
public class BoundsExactnessProperties
{
    /// <summary>The fixed seed of these properties; a failure's message names the step to replay.</summary>
    private static readonly Config Replayable = Config.QuickThrowOnFailure.WithReplay(1_234_567_891UL, 987_654_321UL).WithMaxTest(150);

    private static readonly SubjectId Subject = new("S-bounds");
    private static readonly LocalDate AsOf = new(2030, 6, 30);
    private static readonly decimal MaxRule = 999_999_999_999.9999m;

    [Fact]
    public void AllPaths_NumbersAtTheBounds_AgreeWithExactIntegersAndNeverThrow() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var plan = ScoringPlan.Create(c.RuleSet, AsOf);
            var request = new EvaluationRequest { Subject = Subject, Enrolment = Enrolment.Since(LocalDate.MinIsoValue), Records = c.Records, AsOf = AsOf };
            var evaluated = CreditEvaluator.Evaluate(plan, request).Score;
            var scored = CreditEvaluator.Score(plan, request).Score;
            var prepared = CreditEvaluator.Score(plan, PreparedRecords.Create(c.RuleSet, Subject, c.Records), request.Enrolment).Score;
            var exact = Exact(c);
            return Prop.Label(
                evaluated == exact && Text(scored) == Text(evaluated) && Text(prepared) == Text(evaluated),
                $"exact {exact}, Evaluate {Text(evaluated)}, Score {Text(scored)}, prepared {Text(prepared)}");
        }).Check(Replayable);

    [Fact]
    public void PreparedPath_FourRuleDecimalsTimesSixQuantityDecimals_IsPrecomputedAndExact()
    {
        var rs = RuleSetJson.Load(TestRuleSets.MiniJson.Replace("\"pointsPerUnit\": 0.5", "\"pointsPerUnit\": 0.1234").Replace("\"precision\": 1", "\"precision\": 4")).GetValueOrThrow();
        var records = ImmutableArray.Create(new CreditRecord("v", Subject, "volunteer.hours", AsOf, "p", Instant.FromUtc(2030, 6, 30, 0, 0), 12.345678m));
        var plan = ScoringPlan.Create(rs, AsOf);
        var prepared = PreparedRecords.Create(rs, Subject, records);
        var expected = CreditEvaluator.Evaluate(plan, new EvaluationRequest { Subject = Subject, Enrolment = Enrolment.Since(AsOf), Records = records, AsOf = AsOf }).Score;

        Assert.True(prepared.IsPrecomputed);
        Assert.Equal(101.5235m, expected); // 100 + 0.1234 × 12.345678 = 101.5234566652, rounded half away from zero
        Assert.Equal(expected, CreditEvaluator.Score(plan, prepared, Enrolment.Since(AsOf)).Score);
    }

    [Fact]
    public void PreparedPath_RuleNumbersBeyondFixedPoint_FallsBackToTheDecimalPathWithTheSameScore()
    {
        var rs = RuleSetJson.Load(TestRuleSets.MiniJson.Replace("\"maxBonus\": 100", "\"maxBonus\": 999999999999.9999")).GetValueOrThrow();
        var records = ImmutableArray.Create(
            new CreditRecord("v", Subject, "volunteer.hours", AsOf, "p", Instant.FromUtc(2030, 6, 30, 0, 0), 999_999_999_999.999999m),
            new CreditRecord("t", Subject, "traffic.violation", AsOf, "p", Instant.FromUtc(2030, 6, 30, 0, 0)));
        var plan = ScoringPlan.Create(rs, AsOf);
        var prepared = PreparedRecords.Create(rs, Subject, records);
        var expected = CreditEvaluator.Evaluate(plan, new EvaluationRequest { Subject = Subject, Enrolment = Enrolment.Since(AsOf), Records = records, AsOf = AsOf }).Score;

        Assert.False(prepared.IsPrecomputed);
        Assert.Equal(107.5m, expected);
        Assert.Equal(expected, CreditEvaluator.Score(plan, prepared, Enrolment.Since(AsOf)).Score);
    }

    private static string Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A number with up to <paramref name="decimals"/> decimals: at the bound, 12 random digits, small, or zero.</summary>
    private static Gen<decimal> Bounded(int decimals) =>
        from kind in Gen.Choose(0, 3)
        from high in Gen.Choose(0, 999_999)
        from low in Gen.Choose(0, 999_999)
        from scale in Gen.Choose(0, decimals)
        from fraction in Gen.Choose(0, 999_999)
        let whole = kind switch { 0 => 999_999_999_999m, 1 => (high * 1_000_000m) + low, 2 => low % 1000, _ => 0m }
        let f = scale == 0 ? 0m : decimal.Round((fraction % Pow10(scale)) / Pow10(scale), scale)
        select kind == 0 && scale == decimals ? whole + ((Pow10(scale) - 1) / Pow10(scale)) : whole + f;

    private static decimal Pow10(int n)
    {
        decimal p = 1m;
        for (int i = 0; i < n; i++) p *= 10m;
        return p;
    }

    private static Gen<decimal?> MaybeCap() => Gen.Frequency((1, Gen.Constant<decimal?>(null)), (2, Bounded(4).Select(x => (decimal?)x)));

    private static Gen<BoundCase> Cases() =>
        from precision in Gen.Choose(0, 4)
        from baseValue in Gen.Choose(-999_999, 999_999)
        from cut in Gen.Choose(-999_999, 999_999)
        from maxBonus in Bounded(4)
        from dimensionCaps in Gen.ArrayOf(MaybeCap(), 3)
        from itemCount in Gen.Choose(1, 6)
        from items in Gen.CollectToArray(Enumerable.Range(0, itemCount), i =>
            from negative in Gen.Elements(true, false)
            from perUnit in Gen.Elements(true, false)
            from points in Bounded(4)
            from recordCap in MaybeCap()
            from itemCap in MaybeCap()
            from dim in Gen.Choose(0, 2)
            select new ScoreItem
            {
                Code = "item-" + i, Dimension = "dim-" + dim, Name = new LocalizedText("指标", "Item"),
                Polarity = negative ? Polarity.Negative : Polarity.Positive, Severity = Severity.General,
                Points = perUnit ? null : points, PointsPerUnit = perUnit ? points : null, RecordCap = recordCap, ItemCap = itemCap,
            })
        from recordCount in Gen.Choose(0, 40)
        from records in Gen.CollectToArray(Enumerable.Range(0, recordCount), i =>
            from item in Gen.Choose(0, itemCount - 1)
            from quantity in Bounded(6)
            from days in Gen.Choose(0, 400)
            select new CreditRecord("r" + i, Subject, "item-" + item, AsOf.PlusDays(-days), "p", Instant.FromUtc(2030, 7, 1, 0, 0), quantity))
        let definition = new RuleSetDefinition
        {
            Id = "bounds.rules", Version = "1.0.0", Name = new LocalizedText("边界", "Bounds"), EffectiveFrom = new LocalDate(2020, 1, 1), TimeZone = "Asia/Shanghai",
            Base = baseValue * 1_000_000m, Min = -999_999_999_999m, Max = 999_999_999_999m, MaxBonus = maxBonus, Precision = precision,
            Dimensions = Enumerable.Range(0, 3).Select(d => new Dimension { Code = "dim-" + d, Name = new LocalizedText("维度", "Dimension"), PositiveCap = dimensionCaps[d] }).ToImmutableArray(),
            Items = items.ToImmutableArray(),
            Grades = ImmutableArray.Create(
                new GradeBand { Code = "low", Name = new LocalizedText("低", "Low"), Lower = new BandBound(-MaxRule, true), Upper = new BandBound(cut * 1_000_000m, false) },
                new GradeBand { Code = "high", Name = new LocalizedText("高", "High"), Lower = new BandBound(cut * 1_000_000m, true), Upper = new BandBound(MaxRule, true) }),
            Requirements = ImmutableArray<GradeRequirement>.Empty,
            Repair = RepairPolicy.Immediate,
        }
        select new BoundCase(RuleSet.Create(definition).GetValueOrThrow(), records.ToImmutableArray());

    /// <summary>Steps 3–5 in integers scaled by 10^10 (4 rule decimals + 6 quantity decimals): exact by construction. Caps bind totals, so order does not matter.</summary>
    private static decimal Exact(BoundCase c)
    {
        var rs = c.RuleSet;
        static BigInteger S(decimal d) => new(d * 10_000_000_000m);
        var itemTotals = new BigInteger[rs.Items.Length];
        foreach (var r in c.Records)
        {
            int i = rs.Items.IndexOf(rs.FindItem(r.ItemCode)!);
            var item = rs.Items[i];
            BigInteger raw = item.PointsPerUnit is { } ppu ? new BigInteger(ppu * 10_000m) * new BigInteger(r.Quantity * 1_000_000m) : S(item.Points!.Value);
            itemTotals[i] += item.RecordCap is { } rc ? BigInteger.Min(raw, S(rc)) : raw;
        }

        var dimTotals = new BigInteger[rs.Dimensions.Length];
        BigInteger deductions = 0;
        for (int i = 0; i < rs.Items.Length; i++)
        {
            var item = rs.Items[i];
            var total = item.ItemCap is { } ic ? BigInteger.Min(itemTotals[i], S(ic)) : itemTotals[i];
            if (item.Polarity == Polarity.Negative) deductions += total;
            else dimTotals[rs.Dimensions.IndexOf(rs.Dimensions.Single(d => d.Code == item.Dimension))] += total;
        }

        BigInteger bonus = 0;
        for (int d = 0; d < dimTotals.Length; d++) bonus += rs.Dimensions[d].PositiveCap is { } cap ? BigInteger.Min(dimTotals[d], S(cap)) : dimTotals[d];
        bonus = BigInteger.Min(bonus, S(rs.MaxBonus));
        var score = BigInteger.Max(S(rs.Min), BigInteger.Min(S(rs.Max), S(rs.Base) + bonus - deductions));
        var unit = BigInteger.Pow(10, 10 - rs.Precision);
        var q = BigInteger.DivRem(BigInteger.Abs(score), unit, out var rem);
        if (rem * 2 >= unit) q += 1;
        return (decimal)(score.Sign * q) / Pow10(rs.Precision);
    }

    private sealed record BoundCase(RuleSet RuleSet, ImmutableArray<CreditRecord> Records)
    {
        public override string ToString() =>
            RuleSetJson.Write(RuleSet.Definition) + Environment.NewLine
            + string.Join(Environment.NewLine, Records.Select(r => $"{r.Id} {r.ItemCode} {r.OccurredOn:uuuu-MM-dd} × {r.Quantity.ToString(CultureInfo.InvariantCulture)}"));
    }
}
