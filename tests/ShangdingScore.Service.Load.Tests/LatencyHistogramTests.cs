namespace ShangdingScore.Service.Load.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_one_to_ten_thousand_are_the_true_values_to_within_a_bucket_and_never_below()
    {
        var h = new LatencyHistogram();
        for (long v = 10_000; v >= 1; v--) h.Record(v);
        Assert.Equal(10_000, h.Count);
        Assert.Equal(10_000, h.Max);
        Assert.Equal(5_000.5, h.Mean, 6);
        foreach (var (p, exact) in new[] { (50.0, 5_000L), (90.0, 9_000L), (99.0, 9_900L), (99.9, 9_990L), (100.0, 10_000L) })
        {
            var got = h.Percentile(p);
            Assert.InRange(got, exact, exact + (exact / 64) + 1);
        }
    }

    [Fact]
    public void Values_below_128_microseconds_are_exact()
    {
        var h = new LatencyHistogram();
        foreach (var v in new long[] { 3, 3, 3, 7, 100 }) h.Record(v);
        Assert.Equal(3, h.Percentile(60));
        Assert.Equal(7, h.Percentile(80));
        Assert.Equal(100, h.Percentile(100));
    }

    [Fact]
    public void Every_value_lands_in_a_bucket_whose_upper_bound_is_at_most_one_sixty_fourth_above_it()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            long v = (long)Math.Pow(2, random.NextDouble() * 40);
            var upper = LatencyHistogram.UpperBoundOf(LatencyHistogram.IndexOf(v));
            Assert.InRange(upper, v, v + (v / 64) + 1);
            if (v > 0) Assert.True(LatencyHistogram.IndexOf(v - 1) <= LatencyHistogram.IndexOf(v), $"buckets are not ordered at {v}");
        }
    }

    [Fact]
    public void A_percentile_is_capped_at_the_exact_maximum_and_an_empty_histogram_answers_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.Percentile(99));
        h.Record(1_000_001);
        Assert.Equal(1_000_001, h.Percentile(50));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Percentile(0));
    }

    [Fact]
    public void Adding_histograms_adds_their_counts()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) a.Record(i);
        for (int i = 1; i <= 100; i++) b.Record(1000 + i);
        a.Add(b);
        Assert.Equal(200, a.Count);
        Assert.Equal(1100, a.Max);
        Assert.Equal(100, a.Percentile(50));
        Assert.InRange(a.Percentile(75), 1050, 1050 + 17);
    }

    [Theory]
    [InlineData(200, "{\"outcome\":\"answered\",\"granted\":true,\"reasonCode\":\"granted\",\"terms\":{\"reasonCode\":\"x\"}}", "200 answered: granted")]
    [InlineData(200, "{\"outcome\":\"answered\",\"granted\":false,\"reasonCode\":\"not-enrolled\"}", "200 answered: not granted (not-enrolled)")]
    [InlineData(200, "{\"outcome\":\"refused\",\"granted\":false,\"reasonCode\":\"replayed\"}", "200 refused: replayed")]
    [InlineData(401, "{\"status\":401,\"reasonCode\":\"invalid-venue-credentials\"}", "HTTP 401 invalid-venue-credentials")]
    [InlineData(429, "", "HTTP 429 (no reasonCode)")]
    [InlineData(500, "<html>", "HTTP 500 (body not JSON)")]
    public void An_answer_is_classified_by_status_outcome_and_reason_code(int status, string body, string expected) =>
        Assert.Equal(expected, LoadDriver.Classify(status, System.Text.Encoding.UTF8.GetBytes(body)));
}
