using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Rules;

public class RuleSetHistoryTests
{
    private static readonly SubjectId S = new("S-H");

    private static RuleSet Version(string version, string effectiveFrom, decimal bloodPoints = 5m)
    {
        var doc = JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();
        doc["version"] = version;
        doc["effectiveFrom"] = effectiveFrom;
        doc["items"]![2]!["points"] = bloodPoints;
        return RuleSetJson.Load(doc.ToJsonString(), version).GetValueOrThrow();
    }

    private static readonly RuleSet V1 = Version("1.0.0", "2019-08-01");
    private static readonly RuleSet V2 = Version("2.0.0", "2022-01-01", bloodPoints: 8m);

    [Fact]
    public void Create_TwoVersionsWithSameEffectiveFrom_IsRefused()
    {
        var clash = Version("1.1.0", "2019-08-01");
        var ex = Assert.Throws<RuleSetValidationException>(() => RuleSetHistory.Create(new[] { V1, clash }));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(RuleSetErrorCodes.VersionConflict, e.Code);
        Assert.Equal("$.effectiveFrom", e.Path);
        Assert.Contains("2019-08-01", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SameVersionTwice_IsRefused()
    {
        var ex = Assert.Throws<RuleSetValidationException>(() => RuleSetHistory.Create(new[] { V1, Version("1.0.0", "2020-01-01") }));
        Assert.Equal(RuleSetErrorCodes.VersionConflict, Assert.Single(ex.Errors).Code);
    }

    [Theory]
    [InlineData("2019-07-31", null)]
    [InlineData("2019-08-01", "1.0.0")]
    [InlineData("2021-12-31", "1.0.0")]
    [InlineData("2022-01-01", "2.0.0")]
    [InlineData("2030-01-01", "2.0.0")]
    public void InForceOn_Date_IsLatestEffectiveFromOnOrBefore(string asOf, string? expected)
    {
        var history = RuleSetHistory.Create(new[] { V2, V1 });
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(asOf).Value;
        Assert.Equal(expected, history.InForceOn(date)?.Version.ToString());
    }

    [Fact]
    public void PlanFor_NoPin_UsesVersionInForceAndIsMarkedInForce()
    {
        var history = RuleSetHistory.Create(new[] { V1, V2 });
        var plan = history.PlanFor(new LocalDate(2023, 1, 1));
        Assert.Same(V2, plan.RuleSet);
        Assert.True(plan.InForce);
        var result = CreditEvaluator.Evaluate(plan, Request(plan.AsOf));
        Assert.True(result.RuleSet.InForce);
        Assert.DoesNotContain(result.Flags, f => f.Kind == EvaluationFlagKind.RuleSetNotInForce);
        Assert.Equal(108m, result.Score); // blood donation worth 8 in 2.0.0
    }

    [Fact]
    public void PlanFor_PinnedVersionNotInForce_MarksResultNotInForceWithFlag()
    {
        var history = RuleSetHistory.Create(new[] { V1, V2 });
        var asOf = new LocalDate(2023, 1, 1);
        var plan = history.PlanFor(asOf, RuleSetVersion.Parse("1.0.0"));
        Assert.Same(V1, plan.RuleSet);
        Assert.False(plan.InForce);

        var result = CreditEvaluator.Evaluate(plan, Request(asOf));
        Assert.False(result.RuleSet.InForce);
        Assert.Equal("1.0.0", result.RuleSet.Version);
        Assert.Equal(V1.ContentHash, result.RuleSet.ContentHash);
        var flag = Assert.Single(result.Flags, f => f.Kind == EvaluationFlagKind.RuleSetNotInForce);
        Assert.False(flag.MakesUnclean);
        Assert.Equal(105m, result.Score); // what-if: blood donation worth 5 in 1.0.0
    }

    [Fact]
    public void PlanFor_PinnedVersionInForce_IsMarkedInForce()
    {
        var history = RuleSetHistory.Create(new[] { V1, V2 });
        var plan = history.PlanFor(new LocalDate(2020, 1, 1), RuleSetVersion.Parse("1.0.0"));
        Assert.True(plan.InForce);
    }

    [Fact]
    public void PlanFor_PinnedVersionUnknown_ThrowsNamingTheVersions()
    {
        var history = RuleSetHistory.Create(new[] { V1, V2 });
        var ex = Assert.Throws<InvalidOperationException>(() => history.PlanFor(new LocalDate(2023, 1, 1), RuleSetVersion.Parse("3.0.0")));
        Assert.Contains("3.0.0", ex.Message, StringComparison.Ordinal);
    }

    private static EvaluationRequest Request(LocalDate asOf) => new()
    {
        Subject = S,
        Enrolment = Enrolment.Since(new LocalDate(2019, 8, 1)),
        Records = ImmutableArray.Create(new CreditRecord("b1", S, "blood.donation", asOf.PlusDays(-30), "p", Instant.FromUtc(2019, 9, 1, 0, 0))),
        AsOf = asOf,
    };
}
