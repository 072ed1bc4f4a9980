// The credit center as a runnable host (docs/service.md).
//
//   dotnet run --project samples/ShangdingScore.Samples.CreditCenter
//
// serves the pages (the citizen portal /me, the venue desk /desk, the console /console) and the API (/api), and
// starts on an embedded SQLite theme database in data/ next to the program, seeded on first start with the
// quickstart's citizens, their accounts, the center's staff account and three registered venues (printed in
// Development). With ConnectionStrings__Shangding set (a PostgreSQL connection string) it runs on PostgreSQL.
using ShangdingScore.CreditCenter;
using ShangdingScore.CreditCenter.Pages;
using ShangdingScore.Monitoring;
using ShangdingScore.Rights;
using ShangdingScore.Samples.CreditCenter;
using ShangdingScore.Samples.Quickstart;
using ShangdingScore.Stores;

var builder = WebApplication.CreateBuilder(args);

// The stores are opened when first needed, from the configuration the host ends up with.
builder.Services.AddSingleton<ICreditStore>(sp => SampleStores.Open(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<SampleStores>>()));

// The service state (venues, issued grants, accounts, keys) lives in the same theme database, so instances share it.
builder.Services.AddSingleton<IServiceStateStore>(sp => (IServiceStateStore)sp.GetRequiredService<ICreditStore>());
builder.Services.AddSingleton<IResidenceSource>(_ => new InMemoryResidenceSource(
    SampleCitizens.Load(SampleCitizens.DefaultFolder).Citizens.Select(c => KeyValuePair.Create(c.Subject, ResidenceStatus.Resident))));
// Where the sample's citizens live, for the console's monitoring page (illustrative: the first three in 金水区, the rest in 中原区).
builder.Services.AddSingleton<IDistrictResidenceSource>(_ => new InMemoryDistrictResidenceSource(
    SampleCitizens.Load(SampleCitizens.DefaultFolder).Citizens.Select((c, i) => KeyValuePair.Create(c.Subject, i < 3 ? "410105" : "410102"))));
builder.Services.AddShangdingCreditCenter(o =>
{
    var section = builder.Configuration.GetSection("Shangding");
    o.DecisionsPerMinute = section.GetValue("DecisionsPerMinute", o.DecisionsPerMinute);
    o.VenueCacheLifetime = NodaTime.Duration.FromSeconds(section.GetValue("VenueCacheSeconds", (int)o.VenueCacheLifetime.TotalSeconds));
    o.SignInsPerMinute = section.GetValue("SignInsPerMinute", o.SignInsPerMinute);
    o.OpenIdConnect.Authority = section["OpenIdConnect:Authority"];
    o.OpenIdConnect.ClientId = section["OpenIdConnect:ClientId"];
    o.OpenIdConnect.ClientSecret = section["OpenIdConnect:ClientSecret"];
    o.OpenIdConnect.SubjectClaim = section["OpenIdConnect:SubjectClaim"] ?? o.OpenIdConnect.SubjectClaim;
    // Data Protection's keys are encrypted at rest with this certificate (a .pfx); outside Development the host refuses
    // to start without it unless AllowUnencryptedKeys is set (docs/service.md, "Keys").
    o.DataProtectionKeys.CertificatePath = section["DataProtection:CertificatePath"];
    o.DataProtectionKeys.CertificatePassword = section["DataProtection:CertificatePassword"];
    o.DataProtectionKeys.AllowUnencrypted = section.GetValue("DataProtection:AllowUnencryptedKeys", false);
});
builder.Services.AddShangdingCreditCenterPages();

var app = builder.Build();
await SampleSeed.RunAsync(app);
app.MapShangdingCreditCenter();
app.MapShangdingCreditCenterPages();
app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<ICreditStore>().DisposeAsync().AsTask().GetAwaiter().GetResult());
await app.RunAsync();

/// <summary>The host's entry point (public for the tests' WebApplicationFactory).</summary>
public partial class Program;
