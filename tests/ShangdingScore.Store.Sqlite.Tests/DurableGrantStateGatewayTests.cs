using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.DependencyInjection;
using ShangdingScore.Sources;
using ShangdingScore.Venues;

namespace ShangdingScore.Store.Sqlite.Tests;

/// <summary>A venue gateway built by DI on the theme database's nonce store and query log, across a restart.</summary>
public sealed class DurableGrantStateGatewayTests : IDisposable
{
    private const string Venue = "zz-library";
    private const string Benefit = "public.library-card-deposit-free";
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly HmacGrantKey Key = new("k1", Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));
    private static readonly SubjectId Citizen = new("S-citizen");
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task DecideAsync_SameGrantAfterRestartOnTheThemeDatabase_RefusedAsReplayedAndBothQueriesLogged()
    {
        var path = _folder.File("venue.db");
        await using (var importer = await SqliteCreditStore.OpenOrCreateAsync(path))
        {
            await importer.SetEnrolmentsAsync(new[] { new Stores.SubjectEnrolment(Citizen, Enrolment.Since(new LocalDate(2020, 1, 1))) });
        }

        var token = Token(Citizen);
        VenueDecision first;
        await using (var store = await SqliteCreditStore.OpenExistingAsync(path))
        using (var provider = Services(store).BuildServiceProvider())
        {
            first = await provider.GetRequiredService<VenueGateway>().DecideAsync(token, Benefit);
        }

        SqliteConnection.ClearAllPools();
        VenueDecision second;
        await using (var store = await SqliteCreditStore.OpenExistingAsync(path))
        using (var provider = Services(store).BuildServiceProvider())
        {
            Assert.Same(store.NonceStore, provider.GetRequiredService<INonceStore>());
            second = await provider.GetRequiredService<VenueGateway>().DecideAsync(token, Benefit);
        }

        Assert.Equal(QueryOutcome.Answered, first.Outcome);
        Assert.Equal(QueryOutcome.Refused, second.Outcome);
        Assert.Equal(GrantRefusalCodes.Replayed, second.ReasonCode);
        await using var reader = await SqliteCreditStore.OpenExistingAsync(path);
        var log = await reader.QueryLog.ReadForSubjectAsync(Citizen, default);
        Assert.Equal(new[] { QueryOutcome.Answered, QueryOutcome.Refused }, log.Select(e => e.Outcome));
        Assert.Equal(GrantRefusalCodes.Replayed, log[1].ReasonCode);
        Assert.All(log, e => Assert.Equal(Venue, e.Grantee));
    }

    [Fact]
    public async Task UseGrantState_CalledBeforeAddShangdingScore_StillReplacesTheInMemoryDefaults()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(_folder.File("order.db"));
        var services = new ServiceCollection();
        services.UseGrantState(store.NonceStore, store.QueryLog);
        services.AddShangdingScore(o => o.VenueId = Venue);
        using var provider = services.BuildServiceProvider();

        Assert.Same(store.NonceStore, provider.GetRequiredService<INonceStore>());
        Assert.Same(store.QueryLog, provider.GetRequiredService<IQueryLog>());
        Assert.Single(services, d => d.ServiceType == typeof(INonceStore));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static ServiceCollection Services(SqliteCreditStore store)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Now));
        services.AddSingleton<ICreditRecordSource>(store);
        services.AddSingleton<IEnrolmentSource>(store);
        services.AddSingleton<IGrantKeyProvider>(new InMemoryGrantKeyProvider(new GrantKey[] { Key }));
        services.AddShangdingScore(o => o.VenueId = Venue).UseGrantState(store.NonceStore, store.QueryLog);
        return services;
    }

    private static string Token(SubjectId subject) => GrantToken.Create(
        new Grant
        {
            Subject = subject,
            Grantee = Venue,
            Purpose = "public-services",
            Scope = DisclosureScope.Decision,
            IssuedAt = Now - Duration.FromMinutes(1),
            ExpiresAt = Now + Duration.FromMinutes(30),
            Nonce = GrantNonce.FromBytes(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
        },
        Key);
}
