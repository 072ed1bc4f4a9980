namespace ShangdingScore.Service.Load;

/// <summary>
/// Latencies in microseconds in log-linear buckets: exact below 128 µs, then 64 linear buckets per power of two, so a
/// bucket is at most 1/64 (1.6 %) wide relative to its values. Percentiles answer the upper bound of the bucket holding
/// the rank (never lower than the true value); the maximum is kept exactly. Recording is lock-free and thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;
    private const int Exact = 2 * SubBuckets;
    private const int MaxShift = 40;
    private readonly long[] _counts = new long[Exact + (MaxShift * SubBuckets)];
    private long _count;
    private long _sum;
    private long _max;

    /// <summary>How many values were recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The largest value recorded (µs), exact; 0 when empty.</summary>
    public long Max => Interlocked.Read(ref _max);

    /// <summary>The mean (µs); 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    /// <summary>Records one value in microseconds (negative values count as 0).</summary>
    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        long max;
        while (micros > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, max) != max)
        {
        }
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < _counts.Length; i++) Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        var m = other.Max;
        long max;
        while (m > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, m, max) != max)
        {
        }
    }

    /// <summary>
    /// The value at percentile <paramref name="percent"/> (0 &lt; p ≤ 100): the upper bound of the bucket that holds the
    /// value of rank ⌈p/100 · n⌉, capped at the exact maximum; 0 when empty.
    /// </summary>
    public long Percentile(double percent)
    {
        if (percent is <= 0 or > 100) throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is above 0 and at most 100.");
        long n = Count;
        if (n == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(percent / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperBoundOf(i), Max);
        }

        return Max;
    }

    /// <summary>The bucket of a value (µs).</summary>
    public static int IndexOf(long micros)
    {
        if (micros < Exact) return (int)micros;
        int log2 = 63 - (int)long.LeadingZeroCount(micros);
        int shift = Math.Min(log2 - 6, MaxShift);
        long top = Math.Min(micros >> shift, (2 * SubBuckets) - 1);
        return Exact + ((shift - 1) * SubBuckets) + (int)(top - SubBuckets);
    }

    /// <summary>The largest value (µs) that falls in bucket <paramref name="index"/>.</summary>
    public static long UpperBoundOf(int index)
    {
        if (index < Exact) return index;
        int shift = ((index - Exact) / SubBuckets) + 1;
        long top = ((index - Exact) % SubBuckets) + SubBuckets;
        return ((top + 1) << shift) - 1;
    }
}
