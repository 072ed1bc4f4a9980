using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ShangdingScore.Rules;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

// A fixed seed, so CI runs the same cases every time; FsCheck's failure message names the step to replay.
[Properties(Replay = "20261202,1234567891")]
public class GradeScaleProperties
{
    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property ValidScale_Generated_PartitionsGridMonotonicallyAndIsAccepted(ScaleSpec spec)
    {
        var created = spec.Create();
        if (!created.IsValid)
        {
            return Prop.Label(false, "GradeScale.Create refused: " + string.Join("; ", created.Errors));
        }

        var report = GradeScaleLaws.Check(created.Scale!);
        var ranks = created.Scale!.Grades.Select(g => g.Code).ToArray();
        return Prop.Label(report.IsSatisfied, report.ToString())
            .And(Prop.Label(report.GridPoints == spec.GridPoints, $"checked {report.GridPoints} grid scores, expected {spec.GridPoints}"))
            .And(Prop.Label(ranks.SequenceEqual(spec.CodesByRank), $"ranks {string.Join(",", ranks)}, expected {string.Join(",", spec.CodesByRank)}"));
    }

    [Property(Arbitrary = new[] { typeof(ShangdingArbitraries) })]
    public Property BrokenScale_InjectedGapOrOverlap_IsRefusedNamingFirstGridScore(BrokenScaleSpec broken)
    {
        var spec = broken.Scale;
        var (scannedCode, scannedScore) = FirstDefectByScan(spec.Bands, spec.Min, spec.Max, spec.Precision);
        var created = spec.Create();
        var error = created.Errors.FirstOrDefault(e => e.Code is RuleSetErrorCodes.BandGap or RuleSetErrorCodes.BandOverlap);
        return Prop.Label(scannedCode == broken.ExpectedErrorCode && scannedScore == broken.FirstScore, $"the scan finds {scannedCode} at {scannedScore}")
            .And(Prop.Label(!created.IsValid, "GradeScale.Create accepted the broken scale"))
            .And(Prop.Label(created.Errors.Length == 1, "errors: " + string.Join("; ", created.Errors)))
            .And(Prop.Label(error is not null && error.Code == scannedCode && error.Score == scannedScore, $"error {error} (score {error?.Score}), the scan says {scannedCode} at {scannedScore}"))
            .And(Prop.Label(error is not null && error.Message.Contains(GradeScale.Fmt(scannedScore!.Value)), $"the message does not name {scannedScore}: {error?.Message}"));
    }

    [Fact]
    public void GradeScaleLaws_BandsWithGapAndOverlap_ReportsEachGridScore()
    {
        static GradeBand B(string code, decimal lo, bool loIn, decimal hi, bool hiIn) =>
            new() { Code = code, Name = new LocalizedText(code, code), Lower = new BandBound(lo, loIn), Upper = new BandBound(hi, hiIn) };

        // Built without GradeScale.Create's check: 5 is in no band, 8 in two.
        var scale = GradeScale.Build(ImmutableArray.Create(B("low", 0, true, 5, false), B("high", 5, false, 10, true), B("mid", 8, true, 8, true)), 0m, 10m, 0);
        var report = GradeScaleLaws.Check(scale);
        Assert.False(report.IsSatisfied);
        Assert.Equal(11, report.GridPoints);
        Assert.Contains(report.Problems, p => p.StartsWith("score 5 is in no band", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("score 8 is in 2 bands", StringComparison.Ordinal));
        Assert.Throws<GradeScaleLawException>(() => GradeScaleLaws.Verify(scale));
    }

    [Fact]
    public void GradeScaleLaws_MiniRuleSet_HoldOnEveryGridScore()
    {
        var report = GradeScaleLaws.Verify(TestRuleSets.Mini);
        Assert.Equal(2001, report.GridPoints);
    }

    /// <summary>The test's own scan: walk the grid, count the bands holding each score with explicit comparisons.</summary>
    private static (string? code, decimal? score) FirstDefectByScan(ImmutableArray<GradeBand> bands, decimal min, decimal max, int precision)
    {
        decimal step = precision switch { 0 => 1m, 1 => 0.1m, 2 => 0.01m, _ => throw new ArgumentOutOfRangeException(nameof(precision)) };
        for (decimal s = min; s <= max; s += step)
        {
            int holders = 0;
            foreach (var b in bands)
            {
                bool aboveLower = b.Lower.Inclusive ? s >= b.Lower.Value : s > b.Lower.Value;
                bool belowUpper = b.Upper.Inclusive ? s <= b.Upper.Value : s < b.Upper.Value;
                if (aboveLower && belowUpper) holders++;
            }

            if (holders == 0) return (RuleSetErrorCodes.BandGap, s);
            if (holders > 1) return (RuleSetErrorCodes.BandOverlap, s);
        }

        return (null, null);
    }
}
