using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

/// <summary>A gateway over in-memory data, an HMAC key, a fake clock and a source that counts its reads.</summary>
internal sealed class TestCity
{
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    public static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));
    public const string Venue = "venue-a";

    // 20 + 3 = 123: Outstanding.
    public static readonly SubjectId Outstanding = new("S-outstanding");
    public static readonly SubjectId Good = new("S-good");
    public static readonly SubjectId Unclean = new("S-unclean");
    public static readonly SubjectId NotEnrolled = new("S-not-enrolled");

    private readonly List<CreditRecord> _records = new();
    private readonly Dictionary<SubjectId, Enrolment> _enrolments = new();
    private int _nonce;

    public TestCity()
    {
        Add(Outstanding, "honour.national", new LocalDate(2026, 1, 1));
        Add(Outstanding, "blood.donation", new LocalDate(2026, 1, 1));
        Add(Good, "blood.donation", new LocalDate(2026, 1, 1));
        Add(Unclean, "honour.national", new LocalDate(2026, 1, 1));
        Add(Unclean, "blood.donation", new LocalDate(2026, 1, 1));
        Add(Unclean, "no.such-item", new LocalDate(2026, 1, 1));
        Add(NotEnrolled, "honour.national", new LocalDate(2026, 1, 1));
    }

    public FakeClock Clock { get; } = new(Now);

    public InMemoryQueryLog QueryLog { get; } = new();

    public CountingSource Source { get; private set; } = null!;

    public bool FailingSource { get; set; }

    /// <summary>More record sources beside <see cref="Source"/> (misbehaving ones, in the fault tests).</summary>
    public List<ICreditRecordSource> ExtraSources { get; } = new();

    /// <summary>The enrolment source; null: the city's own enrolments.</summary>
    public IEnrolmentSource? EnrolmentSource { get; set; }

    public IBenefitPolicy Policy { get; set; } = GradeThresholdPolicy.Instance;

    /// <summary>The query log the gateway writes to; null: <see cref="QueryLog"/>.</summary>
    public IQueryLog? Log { get; set; }

    /// <summary>The nonce store; null: a new one per gateway.</summary>
    public INonceStore? Nonces { get; set; }

    public IGrantKeyProvider? Keys { get; set; }

    public TimeSpan PerSourceTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PolicyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public InMemoryEnrolmentSource Enrolments => new(_enrolments);

    /// <summary>The city's records as a plain source (for a gateway built by DI).</summary>
    public InMemoryRecordSource Records => new("theme-db", _records);

    public void Add(SubjectId subject, string item, LocalDate on, Instant? recordedAt = null)
    {
        _records.Add(new CreditRecord($"{subject.Value}-{_records.Count}", subject, item, on, "test", recordedAt ?? Instant.FromUtc(2026, 1, 2, 0, 0)));
        if (subject != NotEnrolled) _enrolments[subject] = Enrolment.Since(new LocalDate(2020, 1, 1));
    }

    public VenueGateway Gateway(ILogger<VenueGateway>? logger = null, VenueTelemetry? telemetry = null)
    {
        Source = new CountingSource(Records);
        var sources = new List<ICreditRecordSource> { Source };
        if (FailingSource) sources.Add(new ThrowingSource());
        sources.AddRange(ExtraSources);
        return new VenueGateway(
            new VenueGatewayOptions { VenueId = Venue, PolicyTimeout = PolicyTimeout },
            ZhengzhouRuleSets.History,
            new CompositeRecordSource(sources, new CompositeRecordSourceOptions { PerSourceTimeout = PerSourceTimeout }),
            EnrolmentSource ?? Enrolments,
            DefaultBenefitCatalogs.Default,
            Policy,
            new GrantVerifier(Keys ?? new InMemoryGrantKeyProvider(new GrantKey[] { Key }), Nonces ?? new InMemoryNonceStore(), Clock),
            Log ?? QueryLog,
            Clock,
            logger,
            telemetry);
    }

    public string Token(SubjectId subject, string purpose = "healthcare", DisclosureScope scope = DisclosureScope.Decision, string grantee = Venue, Instant? issuedAt = null, Instant? expiresAt = null, GrantKey? key = null) =>
        GrantToken.Create(
            new Grant
            {
                Subject = subject,
                Grantee = grantee,
                Purpose = purpose,
                Scope = scope,
                IssuedAt = issuedAt ?? Clock.GetCurrentInstant() - Duration.FromMinutes(1),
                ExpiresAt = expiresAt ?? Clock.GetCurrentInstant() + Duration.FromMinutes(30),
                Nonce = GrantNonce.FromBytes(BitConverter.GetBytes(Interlocked.Increment(ref _nonce)).Concat(new byte[12]).ToArray()),
            },
            key ?? Key);

    internal sealed class CountingSource : ICreditRecordSource
    {
        private readonly ICreditRecordSource _inner;
        private int _reads;

        public CountingSource(ICreditRecordSource inner) => _inner = inner;

        public string Name => _inner.Name;

        public int Reads => _reads;

        public IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return _inner.ReadAsync(query, cancellationToken);
        }
    }

    private sealed class ThrowingSource : ICreditRecordSource
    {
        public string Name => "broken-feed";

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new IOException("feed down");
#pragma warning disable CS0162 // Unreachable: makes this an iterator.
            yield break;
#pragma warning restore CS0162
        }
    }
}

/// <summary>Captures every formatted log line and every structured value.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> kvs ? string.Join(" ", kvs.Select(kv => $"{kv.Key}={kv.Value}")) : string.Empty;
        lock (_lines) _lines.Add($"{logLevel} {eventId.Id} {formatter(state, exception)} | {values}");
    }
}
