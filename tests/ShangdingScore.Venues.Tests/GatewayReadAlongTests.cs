using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

/// <summary>
/// A gateway whose nonce store reads the subject's enrolment and records with the grant's status
/// (<see cref="IGrantStatusReader{TQuery, TRead}"/> for its one source) asks the database once before it decides, and
/// decides as a gateway that reads them apart; when that read fails or hangs, it checks and reads apart.
/// </summary>
public class GatewayReadAlongTests
{
    private const string Benefit = "healthcare.priority-referral";

    public static TheoryData<string, DisclosureScope> Queries() => new()
    {
        { TestCity.Outstanding.Value, DisclosureScope.ScoreWithExplanation },
        { TestCity.Outstanding.Value, DisclosureScope.Decision },
        { TestCity.Good.Value, DisclosureScope.Grade },
        { TestCity.Unclean.Value, DisclosureScope.ScoreWithExplanation },
        { TestCity.NotEnrolled.Value, DisclosureScope.Grade },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task ReadAlong_OneCallBeforeTheDecision_SameDecisionAsReadingApart(string subject, DisclosureScope scope)
    {
        var city = new TestCity();
        var database = new Database(city);
        var token = city.Token(new SubjectId(subject), scope: scope);

        var along = await Gateway(city, database).DecideAsync(token, Benefit);
        var apart = await city.Gateway().DecideAsync(token, Benefit);

        Assert.Equal((1, 0), (database.Nonces.StatusReads, database.SeparateReads));
        Assert.Equal(subject, Assert.Single(database.Nonces.ReadFor).Subject.Value);
        Assert.Equal(TestCity.Now, database.Nonces.ReadFor.Single().KnownAt);
        Assert.Equal(
            (apart.Outcome, apart.IsGranted, apart.ReasonCode, apart.DisclosedScope, apart.Grade?.Code, apart.Score, apart.Explanation?.ZhCn, apart.Explanation?.En),
            (along.Outcome, along.IsGranted, along.ReasonCode, along.DisclosedScope, along.Grade?.Code, along.Score, along.Explanation?.ZhCn, along.Explanation?.En));
    }

    [Fact]
    public async Task AReplayedGrant_RefusedAtTheCheck_TheSubjectIsNotRead()
    {
        var city = new TestCity();
        var database = new Database(city);
        var gateway = Gateway(city, database);
        var token = city.Token(TestCity.Outstanding);

        var first = await gateway.DecideAsync(token, Benefit);
        var again = await gateway.DecideAsync(token, Benefit);

        Assert.True(first.IsGranted);
        Assert.Equal(GrantRefusalCodes.Replayed, again.ReasonCode);
        Assert.Single(database.Nonces.ReadFor);
        Assert.Equal(0, database.SeparateReads);
    }

    [Fact]
    public async Task TheReadAlongFails_TheGrantIsCheckedAlone_AndTheRecordsReadApart_SameDecision()
    {
        var city = new TestCity();
        var database = new Database(city);
        database.Nonces.Failure = new IOException("statement timeout");

        var d = await Gateway(city, database).DecideAsync(city.Token(TestCity.Outstanding, scope: DisclosureScope.ScoreWithExplanation), Benefit);

        Assert.True(d.IsGranted);
        Assert.Equal(123.0m, d.Score);
        Assert.Equal((1, 1, 1), (database.Nonces.StatusReads, database.Nonces.Finds, database.SeparateReads));
        Assert.Equal(QueryOutcome.Answered, city.QueryLog.Entries[^1].Outcome);
    }

    [Fact]
    public async Task TheReadAlongHangs_PastTheSourcesTimeout_TheGrantIsCheckedAlone_AndAnswered()
    {
        var city = new TestCity { PerSourceTimeout = TimeSpan.FromMilliseconds(200) };
        var database = new Database(city);
        database.Nonces.Hang = true;

        var d = await Gateway(city, database).DecideAsync(city.Token(TestCity.Outstanding), Benefit);

        Assert.True(d.IsGranted);
        Assert.Equal((1, 1), (database.Nonces.Finds, database.SeparateReads));
    }

    [Fact]
    public async Task BesideAnotherRecordSource_TheGrantAndTheRecordsAreReadApart()
    {
        var city = new TestCity();
        var database = new Database(city);

        var d = await Gateway(city, database, new InMemoryRecordSource("other", [])).DecideAsync(city.Token(TestCity.Outstanding), Benefit);

        Assert.True(d.IsGranted);
        Assert.Equal((0, 1), (database.Nonces.StatusReads, database.Nonces.Finds));
    }

    private static VenueGateway Gateway(TestCity city, Database database, params ICreditRecordSource[] others) => new(
        new VenueGatewayOptions { VenueId = TestCity.Venue },
        ZhengzhouRuleSets.History,
        new CompositeRecordSource(new ICreditRecordSource[] { database }.Concat(others), new CompositeRecordSourceOptions { PerSourceTimeout = city.PerSourceTimeout }),
        database,
        DefaultBenefitCatalogs.Default,
        GradeThresholdPolicy.Instance,
        new GrantVerifier(new InMemoryGrantKeyProvider([TestCity.Key]), database.Nonces, city.Clock, null, database.Revocations),
        city.QueryLog,
        city.Clock);

    /// <summary>The city's records and enrolments as one database, with a nonce store that reads them along; counts its reads.</summary>
    private sealed class Database : IEnrolledRecordSource
    {
        private readonly TestCity city;
        private int _separate;

        public Database(TestCity city)
        {
            this.city = city;
            Nonces = new ReadingNonces(this);
        }

        public ReadingNonces Nonces { get; }

        public NoRevocations Revocations { get; } = new();

        public int SeparateReads => _separate;

        public string Name => "theme-db";

        public async ValueTask<EnrolledRecords> ReadEnrolledAsync(RecordQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _separate);
            return await Read(query, cancellationToken);
        }

        public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _separate);
            return city.Enrolments.GetEnrolmentAsync(subject, cancellationToken);
        }

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _separate);
            await foreach (var r in city.Records.ReadAsync(query, cancellationToken)) yield return r;
        }

        /// <summary>What <see cref="ReadEnrolledAsync"/> answers, without counting.</summary>
        public async ValueTask<EnrolledRecords> Read(RecordQuery query, CancellationToken cancellationToken) =>
            new(await city.Enrolments.GetEnrolmentAsync(query.Subject, cancellationToken), [.. await city.Records.ReadAsync(query, cancellationToken).ToListAsync(cancellationToken)]);
    }

    private sealed class NoRevocations : IGrantRevocationList
    {
        public ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken) => new(false);
    }

    private sealed class ReadingNonces(Database database) : IGrantStatusReader<RecordQuery, EnrolledRecords>
    {
        private readonly ConcurrentDictionary<string, Instant> _used = new(StringComparer.Ordinal);
        private int _statusReads;
        private int _finds;

        public Exception? Failure { get; set; }

        public bool Hang { get; set; }

        public int StatusReads => _statusReads;

        public int Finds => _finds;

        public ConcurrentQueue<RecordQuery> ReadFor { get; } = new();

        public bool Reads(object source) => ReferenceEquals(source, database);

        public bool Checks(IGrantRevocationList revocations) => ReferenceEquals(revocations, database.Revocations);

        public bool Keeps(IQueryLog log) => false;

        public async ValueTask<GrantStatusRead<EnrolledRecords>> FindStatusAndReadAsync(string nonce, Grant grant, Instant now, RecordQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _statusReads);
            if (Hang) await Task.Delay(Timeout.Infinite, cancellationToken);
            if (Failure is not null) throw Failure;
            if (IsUsed(nonce, now)) return new GrantStatusRead<EnrolledRecords>(GrantNonceStatus.Used, null);
            ReadFor.Enqueue(query);
            return new GrantStatusRead<EnrolledRecords>(GrantNonceStatus.Unused, await database.Read(query, cancellationToken));
        }

        public ValueTask<GrantNonceStatus> FindStatusAsync(string nonce, Grant grant, Instant now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _finds);
            return new(IsUsed(nonce, now) ? GrantNonceStatus.Used : GrantNonceStatus.Unused);
        }

        public ValueTask<GrantNonceStatus> TryUseUnlessRevokedAsync(string nonce, Grant grant, Instant rememberUntil, Instant now, QueryLogEntry? entry, CancellationToken cancellationToken) =>
            new(_used.TryAdd(nonce, rememberUntil) ? GrantNonceStatus.Unused : GrantNonceStatus.Used);

        public ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken) => new(_used.TryAdd(nonce, rememberUntil));

        public ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Keeps no log.");

        public ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken) => new(IsUsed(nonce, now));

        private bool IsUsed(string nonce, Instant now) => _used.TryGetValue(nonce, out var until) && until > now;
    }
}
