using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Service.Load;

/// <summary>
/// Drives <c>POST /api/venue/decisions</c> in an open loop: request i is due at start + i / rate and is sent then,
/// whatever earlier requests are doing, so a slow server shows as latency instead of as fewer requests (no coordinated
/// omission). Latency runs from the scheduled send to the end of the response body. Each fresh grant is redeemed once;
/// a share of the requests deliberately resend a redeemed grant (<c>replay</c>) or ask about a benefit the grant does
/// not cover (<c>wrong-benefit</c>), each labelled. Every request ends in exactly one outcome count.
/// </summary>
public sealed class LoadDriver
{
    private const string Fresh = "fresh";
    private const string Replay = "replay";
    private const string WrongBenefit = "wrong-benefit";
    private readonly HttpClient _http;
    private readonly Dictionary<string, AuthenticationHeaderValue> _venues;
    private readonly TextReader _grants;
    private readonly LoadOptions _options;
    private readonly Func<int?> _serverPid;
    private readonly Func<double?>? _serverGcHeapMb;
    private readonly TextWriter _output;
    private readonly (string Venue, string Benefit, string Token)[] _redeemed = new (string, string, string)[4096];
    private long _redeemedCount;
    private long _inFlight;
    private SplitMix64 _random;

    /// <summary>A driver over <paramref name="http"/> (its base address is the center) with the venues' secrets and the grants file.</summary>
    public LoadDriver(HttpClient http, IReadOnlyDictionary<string, string> venueSecrets, TextReader grants, LoadOptions options, Func<int?> serverPid, Func<double?>? serverGcHeapMb, TextWriter output)
    {
        _http = http;
        _venues = venueSecrets.ToDictionary(v => v.Key, v => new AuthenticationHeaderValue("ShangdingVenue", v.Key + ":" + v.Value), StringComparer.Ordinal);
        _grants = grants;
        _options = options;
        _serverPid = serverPid;
        _serverGcHeapMb = serverGcHeapMb;
        _output = output;
        _random = new SplitMix64(options.Seed);
    }

    /// <summary>A client for the driver: HTTP/1.1 over at most <paramref name="connections"/> connections, no cookies, no proxy.</summary>
    public static HttpClient CreateClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Runs the warm-up and the measured part; returns when every request sent has ended.</summary>
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var result = new LoadResult { Options = _options, LoadBefore = LoadAverage.Read() };
        double rate = _options.Rate;
        long warmup = (long)(_options.Warmup.TotalSeconds * rate);
        long total = warmup + (long)(_options.Duration.TotalSeconds * rate);
        int windows = (int)Math.Ceiling(_options.Duration.TotalSeconds / _options.Window.TotalSeconds);
        for (int w = 0; w <= windows + 3; w++) result.Windows.Add(new LoadWindow { StartSeconds = w * _options.Window.TotalSeconds });

        long start = Stopwatch.GetTimestamp();
        long measureStart = start + (long)(_options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var sampler = SampleAsync(result, measureStart, cancellationToken);
        long sent = 0;
        bool exhausted = false;
        while (sent < total && !cancellationToken.IsCancellationRequested)
        {
            long due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                long scheduled = start + (long)(sent / rate * Stopwatch.Frequency);
                bool measured = sent >= warmup;
                if (measured) result.Scheduled++;
                var request = exhausted ? null : Next();
                if (request is null)
                {
                    exhausted = true;
                    Count(result, measured, measureStart, scheduled, Fresh, "not sent: grants file exhausted", null);
                }
                else if (Interlocked.Read(ref _inFlight) >= _options.MaxInFlight)
                {
                    Count(result, measured, measureStart, scheduled, request.Value.Sent, "not sent: generator saturated (in-flight cap)", null);
                }
                else
                {
                    Interlocked.Increment(ref _inFlight);
                    _ = SendAsync(result, request.Value, scheduled, measured, measureStart);
                }
            }

            await Task.Delay(1, CancellationToken.None);
        }

        while (Interlocked.Read(ref _inFlight) > 0) await Task.Delay(10, CancellationToken.None);
        result.ElapsedSeconds = Stopwatch.GetElapsedTime(measureStart).TotalSeconds;
        result.LoadAfter = LoadAverage.Read();
        _stopSampling.Cancel();
        await sampler;
        if (exhausted) _output.WriteLine("warning: the grants file ran out; prepare more grants (--grants) for this rate and duration");
        return result;
    }

    private readonly CancellationTokenSource _stopSampling = new();

    private (string Sent, string Venue, string Benefit, string Token)? Next()
    {
        double draw = (_random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
        if (draw < _options.ReplayShare)
        {
            long n = Interlocked.Read(ref _redeemedCount);
            if (n > 0)
            {
                var (venue, benefit, token) = _redeemed[(int)((_random.NextUInt64() % (ulong)Math.Min(n, _redeemed.Length)))];
                if (token is not null) return (Replay, venue, benefit, token);
            }
        }

        var line = _grants.ReadLine();
        if (line is null) return null;
        var parts = line.Split('\t');
        if (parts.Length != 3 || !_venues.ContainsKey(parts[0])) throw new InvalidDataException($"A line of the grants file is not 'venue \\t benefit \\t token' of a known venue: {line[..Math.Min(line.Length, 60)]}");
        if (draw >= _options.ReplayShare && draw < _options.ReplayShare + _options.WrongBenefitShare)
        {
            // Another kind's benefit: the grant's purpose does not cover it.
            var other = Prepare.Kinds.First(k => k.Benefit != parts[1]).Benefit;
            return (WrongBenefit, parts[0], other, parts[2]);
        }

        return (Fresh, parts[0], parts[1], parts[2]);
    }

    private async Task SendAsync(LoadResult result, (string Sent, string Venue, string Benefit, string Token) r, long scheduled, bool measured, long measureStart)
    {
        await Task.Yield();
        string outcome;
        long sentAt = Stopwatch.GetTimestamp();
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/api/venue/decisions") { Content = Body(r.Token, r.Benefit) };
            message.Headers.Authorization = _venues[r.Venue];
            using var answer = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
            var body = await answer.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
            outcome = Classify((int)answer.StatusCode, body);
            if (r.Sent == Fresh && outcome.StartsWith("200 answered", StringComparison.Ordinal))
            {
                long i = Interlocked.Increment(ref _redeemedCount) - 1;
                _redeemed[i % _redeemed.Length] = (r.Venue, r.Benefit, r.Token);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            outcome = "client error: " + e.GetType().Name + (e is HttpRequestException h && h.HttpRequestError != HttpRequestError.Unknown ? " " + h.HttpRequestError : string.Empty);
        }

        long done = Stopwatch.GetTimestamp();
        Count(result, measured, measureStart, scheduled, r.Sent, outcome, (done - scheduled, done - sentAt, done));
        Interlocked.Decrement(ref _inFlight);
    }

    private static void Count(LoadResult result, bool measured, long measureStart, long scheduled, string sent, string outcome, (long Latency, long Service, long Done)? timing)
    {
        var outcomes = measured ? result.Outcomes : result.WarmupOutcomes;
        outcomes.AddOrUpdate((sent, outcome), 1, (_, n) => n + 1);
        if (!measured) return;
        long at = timing?.Done ?? scheduled;
        int w = (int)Math.Clamp((at - measureStart) / (double)Stopwatch.Frequency / result.Options.Window.TotalSeconds, 0, result.Windows.Count - 1);
        var window = result.Windows[w];
        bool ok = outcome.StartsWith("200 ", StringComparison.Ordinal);
        if (ok)
        {
            Interlocked.Increment(ref window.Answered);
            Interlocked.Increment(ref result.Answered);
        }
        else
        {
            Interlocked.Increment(ref window.Failed);
        }

        if (timing is { } t)
        {
            long micros = t.Latency * 1_000_000 / Stopwatch.Frequency;
            result.Latency.Record(micros);
            result.ServiceTime.Record(t.Service * 1_000_000 / Stopwatch.Frequency);
            window.Latency.Record(micros);
        }
    }

    /// <summary>The request body, written with the JSON writer (tokens are escaped as JSON requires).</summary>
    private static ByteArrayContent Body(string token, string benefit)
    {
        var buffer = new ArrayBufferWriter<byte>(token.Length + 96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("grantToken", token);
            json.WriteString("benefitCode", benefit);
            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// The outcome of an answer: <c>200 answered: granted</c>, <c>200 answered: not granted (reason)</c>,
    /// <c>200 refused: reason</c>, <c>200 failed: reason</c>, or <c>HTTP 4xx/5xx reasonCode</c> from the problem body.
    /// </summary>
    public static string Classify(int status, ReadOnlySpan<byte> body)
    {
        string? outcome = null, reason = null;
        bool? granted = null;
        if (body.IsEmpty) return status == 200 ? "200 unreadable body" : $"HTTP {status} (no reasonCode)";
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                if (reader.ValueTextEquals("outcome"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) outcome = reader.GetString();
                else if (reader.ValueTextEquals("reasonCode"u8) && reader.Read() && reader.TokenType == JsonTokenType.String) reason = reader.GetString();
                else if (reader.ValueTextEquals("granted"u8) && reader.Read() && reader.TokenType is JsonTokenType.True or JsonTokenType.False) granted = reader.GetBoolean();
            }
        }
        catch (JsonException)
        {
            return status == 200 ? "200 unreadable body" : $"HTTP {status} (body not JSON)";
        }

        if (status != 200) return $"HTTP {status} {reason ?? "(no reasonCode)"}";
        return outcome switch
        {
            "answered" when granted == true => "200 answered: granted",
            "answered" => $"200 answered: not granted ({reason})",
            null => "200 unreadable body",
            _ => $"200 {outcome}: {reason}",
        };
    }

    /// <summary>Every window's end: the server's memory and CPU, this process's CPU, the load average.</summary>
    private async Task SampleAsync(LoadResult result, long measureStart, CancellationToken cancellationToken)
    {
        var window = _options.Window;
        var self = Process.GetCurrentProcess();
        double? serverCpu = null;
        double clientCpu = 0;
        try
        {
            var untilStart = Stopwatch.GetElapsedTime(measureStart);
            if (untilStart < TimeSpan.Zero) await Task.Delay(-untilStart, _stopSampling.Token);
            serverCpu = _serverPid() is { } p0 ? ProcessMemory.CpuSeconds(p0) : null;
            self.Refresh();
            clientCpu = self.TotalProcessorTime.TotalSeconds;
            for (int w = 0; w < result.Windows.Count && !cancellationToken.IsCancellationRequested; w++)
            {
                var end = TimeSpan.FromSeconds((w + 1) * window.TotalSeconds) - Stopwatch.GetElapsedTime(measureStart);
                if (end > TimeSpan.Zero) await Task.Delay(end, _stopSampling.Token);
                var win = result.Windows[w];
                win.LoadAverage = LoadAverage.Read();
                if (_serverPid() is { } pid)
                {
                    win.ServerRssMb = ProcessMemory.ResidentMegabytes(pid);
                    var cpu = ProcessMemory.CpuSeconds(pid);
                    if (cpu is not null && serverCpu is not null) win.ServerCores = (cpu - serverCpu) / window.TotalSeconds;
                    serverCpu = cpu;
                }

                win.ServerGcHeapMb = _serverGcHeapMb?.Invoke();
                self.Refresh();
                win.ClientCores = (self.TotalProcessorTime.TotalSeconds - clientCpu) / window.TotalSeconds;
                clientCpu = self.TotalProcessorTime.TotalSeconds;
                _output.WriteLine($"  {win.StartSeconds + window.TotalSeconds,5:F0} s: {win.Answered / window.TotalSeconds,7:F0} answered/s, p99 {win.Latency.Percentile(99) / 1000.0,7:F1} ms, not 200: {win.Failed}, server RSS {win.ServerRssMb:F0} MB, server {win.ServerCores:F2} cores, generator {win.ClientCores:F2} cores, load {win.LoadAverage}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended: the last window is partial and is sampled no further.
        }
    }
}
