namespace ShangdingScore.Testing.Population;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny pseudo-random generator with an explicit
/// algorithm, so the same seed gives the same numbers on every machine and every .NET version
/// (<c>System.Random</c> promises neither and is banned in <c>src/</c>). Integer arithmetic only.
/// </summary>
/// <remarks>A mutable value; not thread-safe. Copying it copies the state.</remarks>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Creates a generator from a seed.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for one stream of a seed (for example one subject), independent of every other stream.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        var g = new SplitMix64(seed ^ 0x6A09E667F3BCC909UL);
        g._state ^= new SplitMix64(unchecked((stream * 0xD1B54A32D192ED03UL) + 0x2545F4914F6CDD1DUL)).NextUInt64();
        return g;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A number in [0, <paramref name="bound"/>) (Lemire's multiply-shift without rejection: the bias is below 2^-32 for bounds under 2^32).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public int Next(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "Must be positive.");
        return (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);
    }

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is below <paramref name="min"/>.</exception>
    public int Between(int min, int max)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "Must not be below min.");
        return min + Next(max - min + 1);
    }

    /// <summary>True with probability <paramref name="perMillion"/> / 1 000 000.</summary>
    public bool Chance(int perMillion) => Next(1_000_000) < perMillion;
}
