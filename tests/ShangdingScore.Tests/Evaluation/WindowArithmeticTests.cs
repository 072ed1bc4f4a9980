using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// Spec §3a "Windows": a record counts while <c>occurredOn.Plus(countsFor) &gt; asOf</c>, with NodaTime's
/// calendar arithmetic (month ends clamped). The plan turns each window into a first counting date;
/// this pins that the two agree on every day, month ends and leap days included.
/// </summary>
public class WindowArithmeticTests
{
    public static TheoryData<string> Windows => new() { "P1D", "P90D", "P2W", "P1M", "P6M", "P1Y", "P2Y", "P1Y6M", "P1M15D", "P3Y" };

    [Theory]
    [MemberData(nameof(Windows))]
    public void FirstCounting_EveryAsOfAcrossALeapYear_AgreesWithLocalDatePlus(string window)
    {
        var period = NodaTime.Text.PeriodPattern.Roundtrip.Parse(window).Value;
        for (var asOf = new LocalDate(2023, 12, 1); asOf <= new LocalDate(2024, 4, 5); asOf = asOf.PlusDays(1))
        {
            var first = ScoringPlan.FirstCounting(asOf, period);
            for (var occurred = asOf.Minus(period).PlusDays(-5); occurred <= asOf.Minus(period).PlusDays(5); occurred = occurred.PlusDays(1))
            {
                bool counts = occurred.Plus(period) > asOf;
                Assert.True(counts == (occurred >= first), $"{window}: occurred {occurred:uuuu-MM-dd}, asOf {asOf:uuuu-MM-dd}: Plus says {counts}, first counting day {first:uuuu-MM-dd}");
            }
        }
    }

    [Fact]
    public void Expires_January31PlusOneMonth_IsTheLastDayOfFebruary()
    {
        var window = Period.FromMonths(1);
        Assert.Equal(new LocalDate(2024, 2, 29), ScoringPlan.Expires(new LocalDate(2024, 1, 31), window));
        Assert.Equal(new LocalDate(2023, 2, 28), ScoringPlan.Expires(new LocalDate(2023, 1, 31), window));
        // On 2023-02-28 the records of 28–31 January have all expired (each + P1M is 28 February),
        // so the first counting occurrence is 1 February.
        Assert.Equal(new LocalDate(2023, 2, 1), ScoringPlan.FirstCounting(new LocalDate(2023, 2, 28), window));
    }
}
