using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Authorization;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.DependencyInjection;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>The venue client against a fake center: it uses a decision only when its signed token verifies and matches the query.</summary>
public sealed class ClientVerificationTests
{
    private const string Venue = "zz-central-library";
    private const string Benefit = "public.library-card-deposit-free";
    private const string Grant = "sdg1.aaaa.bbbb.cccc";
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 2, 0);
    private static readonly EcdsaGrantKey CenterKey = NewKey("decision-1");

    [Fact]
    public async Task ASignedDecisionForThisQuery_IsUsed()
    {
        var answer = await AskAsync(Respond(Granted(), Sign(Granted(), CenterKey)));

        Assert.True(answer.IsVerified);
        Assert.True(answer.Decision.IsGranted);
        Assert.Equal("excellent", answer.Decision.Grade?.Code);
        Assert.Null(answer.VerificationFailure);
    }

    [Fact]
    public async Task ADecisionSignedWithAnotherKeyOfTheSameId_IsRefusedAsForged()
    {
        var forger = NewKey("decision-1");

        var answer = await AskAsync(Respond(Granted(), Sign(Granted(), forger)));

        Assert.False(answer.IsVerified);
        Assert.Equal(QueryOutcome.Error, answer.Decision.Outcome);
        Assert.Equal(QueryErrorCodes.DecisionUnverified, answer.Decision.ReasonCode);
        Assert.Equal(DecisionRefusalCodes.SignatureInvalid, answer.VerificationFailure);
        Assert.False(answer.Decision.IsGranted);
    }

    [Fact]
    public async Task ARefusalTurnedIntoAGrantInTheReadableBody_IsRefusedAsAltered()
    {
        var refused = Granted();
        refused.Outcome = "refused";
        refused.Granted = false;
        refused.ReasonCode = GrantRefusalCodes.Replayed;
        refused.Grade = null;
        var token = Sign(refused, CenterKey);
        var altered = Granted();

        var answer = await AskAsync(Respond(altered, token));

        Assert.Equal(DecisionRefusalCodes.ContentMismatch, answer.VerificationFailure);
        Assert.False(answer.Decision.IsGranted);
    }

    [Fact]
    public async Task ATamperedTokenPayload_IsRefusedAsForged()
    {
        var token = Sign(Granted(), CenterKey);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[2]))).Replace("\"grd\":\"excellent\"", "\"grd\":\"good\"", StringComparison.Ordinal);
        parts[2] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var answer = await AskAsync(Respond(Granted(), string.Join('.', parts)));

        Assert.Equal(DecisionRefusalCodes.SignatureInvalid, answer.VerificationFailure);
    }

    [Theory]
    [InlineData("venue", DecisionRefusalCodes.WrongVenue)]
    [InlineData("benefit", DecisionRefusalCodes.WrongBenefit)]
    [InlineData("grant", DecisionRefusalCodes.WrongGrant)]
    public async Task ADecisionAboutAnotherQuery_IsRefused(string other, string code)
    {
        var signed = new SignedDecision
        {
            VenueId = other == "venue" ? "zz-other-venue" : Venue,
            BenefitCode = other == "benefit" ? "healthcare.family-doctor-priority" : Benefit,
            Outcome = QueryOutcome.Answered, IsGranted = true, ReasonCode = "granted", GradeCode = "excellent", DecidedAt = Now,
            GrantHash = DecisionToken.HashGrant(other == "grant" ? "sdg1.another.grant.token" : Grant),
        };

        var answer = await AskAsync(Respond(Granted(), DecisionToken.Create(signed, CenterKey)));

        Assert.Equal(code, answer.VerificationFailure);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}")]
    [InlineData(HttpStatusCode.OK, "not json")]
    public async Task NoUsableAnswer_IsCenterUnavailable(HttpStatusCode status, string body)
    {
        var answer = await AskAsync(_ => new HttpResponseMessage(status) { Content = new StringContent(body) });

        Assert.Equal(QueryErrorCodes.CenterUnavailable, answer.Decision.ReasonCode);
        Assert.Equal(Now, answer.Decision.DecidedAt);
    }

    [Fact]
    public async Task TheClient_SendsItsVenueCredentials()
    {
        string? header = null;
        await AskAsync(r =>
        {
            header = r.Headers.Authorization?.ToString();
            return Respond(Granted(), Sign(Granted(), CenterKey))(r);
        });

        Assert.Equal($"ShangdingVenue {Venue}:secret-value", header);
    }

    [Fact]
    public void TheDiOneLiner_WithUseCreditCenter_ResolvesTheClientAsTheVenueDecider_WithoutLocalSources()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Now));
        services.AddShangdingScore(o => o.VenueId = Venue).UseCreditCenter(new Uri("https://center.example/"), Venue, "secret-value", CenterKey.PublicOnly());
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IOptions<ShangdingScoreOptions>>().Value;
        var validation = provider.GetServices<IValidateOptions<ShangdingScoreOptions>>().Select(v => v.Validate(Options.DefaultName, provider.GetRequiredService<IOptions<ShangdingScoreOptions>>().Value));

        Assert.IsType<CreditCenterClient>(provider.GetRequiredService<IVenueDecider>());
        Assert.All(validation, r => Assert.True(r.Succeeded, string.Join("; ", r.Failures ?? [])));
    }

    [Fact]
    public void TheDiOneLiner_WithLocalSources_StillResolvesTheGatewayAsTheVenueDecider()
    {
        var services = new ServiceCollection();
        services.AddShangdingScore(o => o.VenueId = Venue);

        Assert.Contains(services, d => d.ServiceType == typeof(IVenueDecider));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ICreditCenterClient));
    }

    private static async Task<CenterDecision> AskAsync(Func<HttpRequestMessage, HttpResponseMessage> center)
    {
        using var http = new HttpClient(new Handler(center));
        using var client = new CreditCenterClient(http, new CreditCenterClientOptions { CenterUri = new Uri("https://center.example/"), VenueId = Venue, Secret = "secret-value", CenterKey = CenterKey.PublicOnly() }, new FakeClock(Now));
        return await client.AskAsync(new VenueQuery { GrantToken = Grant, BenefitCode = Benefit });
    }

    private static DecisionResponse Granted() => new()
    {
        Outcome = "answered", BenefitCode = Benefit, Granted = true, ReasonCode = "granted",
        Reason = new WireText { ZhCn = "信用等级符合条件。", En = "The grade qualifies." },
        DecidedAt = "2026-06-01T02:00:00Z", DisclosedScope = "grade",
        Grade = new WireGrade { Code = "excellent", Name = new WireText { ZhCn = "信用极好", En = "Excellent" }, Rank = 4 },
    };

    private static string Sign(DecisionResponse r, EcdsaGrantKey key) => DecisionToken.Create(new SignedDecision
    {
        VenueId = Venue, BenefitCode = r.BenefitCode, Outcome = r.Outcome == "answered" ? QueryOutcome.Answered : QueryOutcome.Refused, IsGranted = r.Granted,
        ReasonCode = r.ReasonCode, GradeCode = r.Grade?.Code, Score = r.Score, DecidedAt = Now, GrantHash = DecisionToken.HashGrant(Grant),
    }, key);

    private static Func<HttpRequestMessage, HttpResponseMessage> Respond(DecisionResponse body, string token)
    {
        body.DecisionToken = token;
        var json = CreditCenterWire.Serialize(body);
        return _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }

    private static EcdsaGrantKey NewKey(string id)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return EcdsaGrantKey.FromParameters(id, ec.ExportParameters(true));
    }

    private static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4);

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer(request));
    }
}
