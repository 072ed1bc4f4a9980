using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Authorization;
using ShangdingScore.Samples.CreditCenter;
using ShangdingScore.Stores.Conformance;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>
/// Two instances of the sample host on one PostgreSQL database (one fresh schema), as behind a load balancer:
/// nothing one instance needs lives only in the other's memory — nonces, revocations, keys (the signing keys and
/// the Data Protection keys that make a sign-in cookie of one valid at the other), the rights journal.
/// Runs with <c>SHANGDING_PG_CONNECTION</c>; skipped without it, except with <c>CI=true</c>, where it fails.
/// </summary>
public sealed class TwoInstancesTests
{
    private const string Library = "zz-central-library";
    private const string Benefit = LibraryCardDesk.BenefitCode;

    [PostgresFact]
    public async Task TwoInstancesOnOnePostgres_ShareNoncesRevocationsKeysSignInsAndDisputes()
    {
        var connection = PostgresEnvironment.RequireConnectionString();
        var schema = "sdcc_test_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            using var a = new PostgresCenter(connection, schema);
            using var citizenAtA = await a.SignedInAsync("S-00001"); // starts A, which migrates and seeds the schema
            using var b = new PostgresCenter(connection, schema);
            using var venueAtA = await a.VenueClientAsync(Library);
            using var venueAtB = await b.VenueClientAsync(Library);

            // One key ring: both instances publish the same keys.
            using (var keysA = a.CreateClient())
            using (var keysB = b.CreateClient())
            {
                Assert.Equal(await keysA.GetStringAsync("/api/keys"), await keysB.GetStringAsync("/api/keys"));
            }

            // A grant redeemed on one instance is refused on the other.
            var (first, _) = await CenterFactory.IssueAsync(citizenAtA, Library, Benefit);
            var query = new VenueQuery { GrantToken = first, BenefitCode = Benefit };
            Assert.True((await venueAtA.DecideAsync(query)).IsGranted);
            var again = await venueAtB.DecideAsync(query);
            Assert.False(again.IsGranted);
            Assert.Equal(GrantRefusalCodes.Replayed, again.ReasonCode);

            // A sign-in cookie made by A is honoured by B (shared Data Protection keys); a grant revoked through B is refused at A.
            using var citizenAtB = WithCookiesOf(b, await SignInCookiesAsync(a, "S-00001"));
            var (second, nonce) = await CenterFactory.IssueAsync(citizenAtA, Library, Benefit);
            Assert.Equal(HttpStatusCode.NoContent, (await citizenAtB.DeleteAsync($"/api/me/grants/{nonce}")).StatusCode);
            var revoked = await venueAtA.DecideAsync(new VenueQuery { GrantToken = second, BenefitCode = Benefit });
            Assert.Equal(GrantRefusalCodes.Revoked, revoked.ReasonCode);

            // A dispute filed on B (by S-00004, whose record it is) is in the queue A's center staff reads.
            using var disputantAtB = WithCookiesOf(b, await SignInCookiesAsync(a, "S-00004"));
            var filed = await disputantAtB.PostAsJsonAsync("/api/me/disputes", new { recordId = "zz-trf-000410", reason = "记录有误。 The record is wrong." });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            using var dispute = JsonDocument.Parse(await filed.Content.ReadAsStringAsync());
            var caseId = dispute.RootElement.GetProperty("caseId").GetString()!;
            using var staffAtA = await a.SignedInAsync(SampleSeed.CenterUser, SampleSeed.DevCenterPassword);
            Assert.Contains(caseId, await staffAtA.GetStringAsync("/api/center/disputes"), StringComparison.Ordinal);

            // And the venue's queries, answered on either instance, are in the one query log the citizen reads.
            var log = await citizenAtA.GetStringAsync("/api/me/queries");
            Assert.Contains(GrantRefusalCodes.Replayed, log, StringComparison.Ordinal);
            Assert.Contains(GrantRefusalCodes.Revoked, log, StringComparison.Ordinal);
        }
        finally
        {
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", db);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> SignInCookiesAsync(WebApplicationFactory<Program> host, string userName)
    {
        using var http = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var answer = await http.PostAsJsonAsync("/api/account/sign-in", new { userName, password = SampleSeed.DevCitizenPassword });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return string.Join("; ", answer.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    private static HttpClient WithCookiesOf(WebApplicationFactory<Program> host, string cookies)
    {
        var http = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", cookies);
        return http;
    }

    /// <summary>The sample host on PostgreSQL, in the given schema.</summary>
    private sealed class PostgresCenter(string connection, string schema) : CenterFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Shangding", connection);
            builder.UseSetting("Shangding:PostgresSchema", schema);
            builder.ConfigureServices(s => s.Configure<CreditCenterOptions>(o => o.SignInsPerMinute = 10_000));
        }
    }
}
