// A venue's application as an adopter builds it from the packages: a generic host, one line of DI, and one
// grant from a citizen who qualifies. Prints the decision and exits non-zero unless it is "granted".
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using ShangdingScore;
using ShangdingScore.Authorization;
using ShangdingScore.DependencyInjection;
using ShangdingScore.Sources;
using ShangdingScore.Venues;

const string venue = "zz-hospital-1";
const string benefit = "healthcare.priority-referral";
var now = SystemClock.Instance.GetCurrentInstant();
var today = now.InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;

// The citizen: enrolled, with a national honour and a blood donation a month ago (Outstanding).
var citizen = new SubjectId("S-venue-consumer");
var records = new[]
{
    new CreditRecord("zz-honour-1", citizen, "honour.national", today.PlusDays(-30), "zz-civilisation-office", now - Duration.FromDays(29)),
    new CreditRecord("zz-blood-1", citizen, "blood.donation", today.PlusDays(-30), "zz-blood-centre", now - Duration.FromDays(29)),
};
var enrolments = new Dictionary<SubjectId, Enrolment> { [citizen] = Enrolment.Since(today.PlusYears(-2)) };

// The issuer's HMAC key, shared with the venue's verifier.
var secret = new byte[32];
RandomNumberGenerator.Fill(secret);
var key = new HmacGrantKey("issuer-key-1", secret);

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<ICreditRecordSource>(new InMemoryRecordSource("theme-db", records));
builder.Services.AddSingleton<IEnrolmentSource>(new InMemoryEnrolmentSource(enrolments));
builder.Services.AddSingleton<IGrantKeyProvider>(new InMemoryGrantKeyProvider(new GrantKey[] { key }));
builder.Services.AddShangdingScore(o => o.VenueId = venue);
using var host = builder.Build();
await host.StartAsync();   // the options are validated here

// The grant the citizen shows (授权查询), signed by the issuer.
var nonce = new byte[16];
RandomNumberGenerator.Fill(nonce);
var token = GrantToken.Create(new Grant
{
    Subject = citizen,
    Grantee = venue,
    Purpose = benefit,
    Scope = DisclosureScope.Decision,
    IssuedAt = now - Duration.FromMinutes(1),
    ExpiresAt = now + Duration.FromMinutes(10),
    Nonce = GrantNonce.FromBytes(nonce),
}, key);

var gateway = host.Services.GetRequiredService<VenueGateway>();
VenueDecision decision = await gateway.DecideAsync(token, benefit);
Console.WriteLine($"decision: {(decision.IsGranted ? "granted" : "not granted")} ({decision.ReasonCode}) {decision.Reason.ZhCn} / {decision.Reason.En}");
await host.StopAsync();
return decision.IsGranted ? 0 : 1;
