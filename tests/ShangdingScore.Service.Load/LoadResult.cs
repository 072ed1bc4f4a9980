using System.Collections.Concurrent;

namespace ShangdingScore.Service.Load;

/// <summary>What <c>run</c> is asked to do.</summary>
public sealed class LoadOptions
{
    /// <summary>Requests offered per second (open loop: sent on schedule whether or not earlier ones have answered).</summary>
    public double Rate { get; init; } = 2000;

    /// <summary>The measured part of the run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The warm-up before it (same rate; answers counted apart, not in the figures).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most HTTP/1.1 connections to the server.</summary>
    public int Connections { get; init; } = 64;

    /// <summary>The share of requests that resend a grant already redeemed (expected: refused as replayed).</summary>
    public double ReplayShare { get; init; } = 0.01;

    /// <summary>The share of requests that ask, with a fresh grant, about a benefit the grant does not cover (expected: refused).</summary>
    public double WrongBenefitShare { get; init; } = 0.01;

    /// <summary>The most requests in flight; past it a scheduled request is counted as not sent (the generator is saturated).</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>The length of a window of the per-window table.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seed of the choices (which requests replay or ask the wrong benefit).</summary>
    public ulong Seed { get; init; } = 20190801;
}

/// <summary>One window of the run.</summary>
public sealed class LoadWindow
{
    /// <summary>Where the window starts, seconds after the measured part began.</summary>
    public required double StartSeconds { get; init; }

    /// <summary>Latencies of the requests that completed in it.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Answers with HTTP 200 (decisions, granted or not).</summary>
    public long Answered;

    /// <summary>Everything else: another status, a transport error, or not sent.</summary>
    public long Failed;

    /// <summary>The server's resident memory (MB) at the window's end.</summary>
    public double? ServerRssMb { get; set; }

    /// <summary>The server's managed heap (MB) at the window's end, when the host reports it.</summary>
    public double? ServerGcHeapMb { get; set; }

    /// <summary>Server CPU over the window, in cores (1.0 = one core busy).</summary>
    public double? ServerCores { get; set; }

    /// <summary>This generator's CPU over the window, in cores.</summary>
    public double? ClientCores { get; set; }

    /// <summary>The load average at the window's end.</summary>
    public string LoadAverage { get; set; } = string.Empty;
}

/// <summary>Everything a run measured.</summary>
public sealed class LoadResult
{
    /// <summary>The options it ran with.</summary>
    public required LoadOptions Options { get; init; }

    /// <summary>Latency from the scheduled send to the full response (includes any queueing in the generator: no coordinated omission).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Latency from the actual send to the full response.</summary>
    public LatencyHistogram ServiceTime { get; } = new();

    /// <summary>Outcomes by (what was sent, what came back); every request counted once.</summary>
    public ConcurrentDictionary<(string Sent, string Outcome), long> Outcomes { get; } = new();

    /// <summary>Outcomes of the warm-up, apart.</summary>
    public ConcurrentDictionary<(string Sent, string Outcome), long> WarmupOutcomes { get; } = new();

    /// <summary>The windows of the measured part.</summary>
    public List<LoadWindow> Windows { get; } = [];

    /// <summary>Requests scheduled in the measured part.</summary>
    public long Scheduled;

    /// <summary>HTTP 200 answers in the measured part.</summary>
    public long Answered;

    /// <summary>Seconds from the measured part's start to its last answer.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>Load average before and after.</summary>
    public string LoadBefore { get; set; } = string.Empty;

    /// <summary>Load average after.</summary>
    public string LoadAfter { get; set; } = string.Empty;

    /// <summary>How many of a given outcome were seen in the measured part.</summary>
    public long Count(string sent, string outcome) => Outcomes.TryGetValue((sent, outcome), out var n) ? n : 0;

    /// <summary>Every request that is not an HTTP 200 answer.</summary>
    public long NotAnswered => Outcomes.Where(o => !o.Key.Outcome.StartsWith("200 ", StringComparison.Ordinal)).Sum(o => o.Value);
}
