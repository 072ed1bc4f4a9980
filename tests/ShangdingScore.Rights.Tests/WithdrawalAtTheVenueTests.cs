using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Sources;
using ShangdingScore.Venues;

namespace ShangdingScore.Rights.Tests;

/// <summary>Withdrawal through the real venue gateway: a grant issued before withdrawal gets no answer about the citizen after it.</summary>
public class WithdrawalAtTheVenueTests
{
    private const string Venue = "zz-first-peoples-hospital";
    private const string Benefit = "healthcare.priority-referral";
    private static readonly SubjectId Star = new("zz-c-3001");
    private static readonly HmacGrantKey Key = new("izhengzhou-test", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task DecideAsync_GrantIssuedBeforeWithdrawal_AnsweredBeforeAndRefusedAfterWithNothingDisclosed()
    {
        var city = StarCity();
        var log = new InMemoryQueryLog();
        var gateway = Gateway(city, log);
        await city.EnrolAsync(Star);

        var before = await gateway.DecideAsync(Grant(city, "n-1", Duration.FromHours(2)), Benefit);
        Assert.Equal(QueryOutcome.Answered, before.Outcome);
        Assert.True(before.IsGranted);
        Assert.NotNull(before.Grade);

        var lateGrant = Grant(city, "n-2", Duration.FromHours(2));
        city.Clock.Advance(Duration.FromMinutes(30));
        Assert.True((await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = Star, Actor = RightsActor.Citizen(Star), Channel = EnrolmentChannel.IZhengzhouApp })).IsAccepted);
        city.Clock.Advance(Duration.FromMinutes(1));

        var after = await gateway.DecideAsync(lateGrant, Benefit);
        Assert.False(after.IsGranted);
        Assert.Equal(BenefitReasonCodes.NotEnrolled, after.ReasonCode);
        Assert.Null(after.Grade);
        Assert.Null(after.Score);
        Assert.Null(after.Explanation);

        // The citizen still reads their own query log, both queries in it.
        var mine = await log.ReadForSubjectAsync(Star, default);
        Assert.Equal(2, mine.Length);
        Assert.Equal(new[] { DisclosedItems.Decision }, mine[1].Disclosed);
    }

    [Fact]
    public async Task DecideAsync_AnyDayAfterWithdrawal_NeverGrantsNorDisclosesAGrade()
    {
        var city = StarCity();
        var gateway = Gateway(city, new InMemoryQueryLog());
        await city.EnrolAsync(Star);
        city.AdvanceDays(2);
        await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = Star, Actor = RightsActor.Citizen(Star), Channel = EnrolmentChannel.Counter });
        for (int i = 0; i < 40; i++)
        {
            var decision = await gateway.DecideAsync(Grant(city, $"n-{i}", Duration.FromMinutes(30)), Benefit);
            Assert.False(decision.IsGranted, $"after {i} steps");
            Assert.Null(decision.Grade);
            city.Clock.Advance(Duration.FromHours(7));
        }
    }

    [Fact]
    public async Task NotifyingQueryLog_AnsweredQuery_EnqueuesOneGrantUsedNoticeAndRefusalsNone()
    {
        var city = StarCity();
        var inner = new InMemoryQueryLog();
        var gateway = Gateway(city, new NotifyingQueryLog(inner, city.Store));
        await city.EnrolAsync(Star);
        var grant = Grant(city, "n-1", Duration.FromHours(1));

        await gateway.DecideAsync(grant, Benefit);
        await gateway.DecideAsync(grant, Benefit);

        var notices = (await city.OutboxAsync(new OutboxQuery { Subject = Star })).Where(i => i.Message.Kind == NotificationKinds.GrantUsed).ToList();
        var notice = Assert.Single(notices);
        Assert.Equal(Star.Value, notice.Message.Recipient);
        Assert.Contains(Venue, notice.Message.Payload);
        Assert.Contains("依据您的授权", notice.Message.Payload);
        Assert.Equal(2, (await inner.ReadForSubjectAsync(Star, default)).Length);
    }

    private static RightsCity StarCity() => new(residents: new[] { Star }, seed: theme =>
    {
        var recorded = Instant.FromUtc(2026, 5, 1, 0, 0);
        int n = 0;
        foreach (var (item, on) in new (string, LocalDate)[]
        {
            ("honour.national", new(2024, 5, 1)), ("honour.provincial", new(2025, 3, 1)), ("stem-cell.donation", new(2025, 1, 10)),
            ("blood.donation", new(2025, 9, 1)), ("professional.model-worker", new(2024, 4, 28)), ("family.civilised-family", new(2025, 2, 1)),
        })
        {
            theme.Add(new CreditRecord($"star-{++n}", Star, item, on, "zz-theme-db", recorded));
        }
    });

    private static VenueGateway Gateway(RightsCity city, IQueryLog log) => new(
        new VenueGatewayOptions { VenueId = Venue },
        RightsCity.History,
        new CompositeRecordSource(new ICreditRecordSource[] { city.Theme }),
        city.Theme,
        DefaultBenefitCatalogs.Default,
        GradeThresholdPolicy.Instance,
        new GrantVerifier(new InMemoryGrantKeyProvider(new GrantKey[] { Key }), new InMemoryNonceStore(), city.Clock),
        log,
        city.Clock);

    private static string Grant(RightsCity city, string nonce, Duration validFor)
    {
        var now = city.Clock.GetCurrentInstant();
        return GrantToken.Create(
            new Grant
            {
                Subject = Star,
                Grantee = Venue,
                Purpose = "healthcare",
                Scope = DisclosureScope.Grade,
                IssuedAt = now,
                ExpiresAt = now + validFor,
                Nonce = GrantNonce.FromBytes(System.Text.Encoding.UTF8.GetBytes(nonce.PadRight(16, '.'))),
            },
            Key);
    }
}
