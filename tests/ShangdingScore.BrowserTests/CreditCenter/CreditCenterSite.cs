using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.BrowserTests.Infrastructure;
using ShangdingScore.CreditCenter;
using ShangdingScore.CreditCenter.Pages;
using ShangdingScore.Monitoring;
using ShangdingScore.Rights;
using ShangdingScore.Samples.Quickstart;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.BrowserTests.CreditCenter;

/// <summary>
/// The credit center with its pages on a real Kestrel server, on a fresh SQLite theme database in a temporary folder,
/// seeded like the sample host: the quickstart's records and enrolments, a citizen account, the center's staff, and a
/// library with its desk account.
/// </summary>
public sealed class CreditCenterSite : IAsyncLifetime
{
    /// <summary>The citizen: 李强 (S-00002), who has a traffic violation on record (a negative record, suspended by a dispute).</summary>
    public const string Citizen = "S-00002";

    /// <summary>A second citizen: 张伟 (S-00003), who disputes a positive record in the console's test.</summary>
    public const string SecondCitizen = "S-00003";

    /// <summary>The negative record the citizen disputes.</summary>
    public const string DisputedRecord = "zz-trf-000250";

    /// <summary>The library the citizen shows a grant to.</summary>
    public const string Library = "zz-central-library";

    /// <summary>The library desk's sign-in name.</summary>
    public const string LibraryDesk = "desk-zz-central-library";

    /// <summary>A citizen with the top grade: 王芳 (S-00001), who shows grants to every kind of venue.</summary>
    public const string TopCitizen = "S-00001";

    /// <summary>A citizen not enrolled on <see cref="Now"/>: S-00007, who withdrew on 2025-01-01 (enrols and withdraws in the portal's test).</summary>
    public const string NotEnrolledCitizen = "S-00007";

    /// <summary>The venues, one of each kind the desk speaks the vocabulary of: id, kind, names.</summary>
    public static readonly (string Id, string Kind, string ZhCn, string En)[] Venues =
    [
        (Library, "library", "郑州图书馆", "Zhengzhou Library"),
        ("zz-central-hospital", "hospital", "郑州市中心医院", "Zhengzhou Central Hospital"),
        ("zz-rental-agency", "rental", "郑州住房租赁服务中心", "Zhengzhou Rental Service Centre"),
        ("zz-service-hall", "service-hall", "郑州市政务服务大厅", "Zhengzhou Government Service Hall"),
        ("zz-sports-centre", "sports", "郑州市体育中心", "Zhengzhou Sports Centre"),
        ("zz-elderly-care", "elderly-care", "郑州市社会福利院", "Zhengzhou Social Welfare Home"),
    ];

    /// <summary>A venue's desk sign-in name.</summary>
    public static string DeskOf(string venueId) => "desk-" + venueId;

    /// <summary>The center staff's sign-in name.</summary>
    public const string CenterStaff = "center";

    /// <summary>The district S-00001 to S-00003 live in (金水区); the others live in 中原区 (410102).</summary>
    public const string Jinshui = "410105";

    /// <summary>The center's "now": a fixed instant after the quickstart's last record, while the traffic violation still counts.</summary>
    public static readonly Instant Now = Instant.FromUtc(2025, 6, 15, 2, 0);

    /// <summary>Every account's password here.</summary>
    public const string Password = "browser-test-2026";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "shangding-pages-" + Guid.NewGuid().ToString("N"));
    private TestWebHost? _host;
    private SqliteCreditStore? _store;

    /// <summary>The center's clock: a test may advance it (each test class has its own site).</summary>
    public FakeClock Clock { get; } = new(Now);

    /// <summary>The running host.</summary>
    public TestWebHost Host => _host ?? throw new InvalidOperationException("The site is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var store = _store = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(_folder, "theme.db"));
        var sample = SampleCitizens.Load(SampleCitizens.DefaultFolder);
        await using (var file = File.OpenRead(sample.RecordsPath))
        {
            await store.ImportAsync(file, new StoreImportOptions { SourceName = "records.jsonl" });
        }

        await store.SetEnrolmentsAsync(sample.Citizens.Select(c => new SubjectEnrolment(c.Subject, c.Enrolment)));
        var serviceState = (IServiceStateStore)store;

        _host = await TestWebHost.StartAsync(
            app =>
            {
                app.MapShangdingCreditCenter();
                app.MapShangdingCreditCenterPages();
            },
            services =>
            {
                services.AddSingleton<IClock>(Clock);
                services.AddSingleton<ICreditStore>(store);
                services.AddSingleton(serviceState);
                services.AddSingleton<IResidenceSource>(new InMemoryResidenceSource(sample.Citizens.Select(c => KeyValuePair.Create(c.Subject, ResidenceStatus.Resident))));
                services.AddSingleton<IDistrictResidenceSource>(new InMemoryDistrictResidenceSource(
                    sample.Citizens.Select(c => KeyValuePair.Create(c.Subject, string.CompareOrdinal(c.Subject.Value, "S-00003") <= 0 ? Jinshui : "410102"))));
                services.AddShangdingCreditCenter(o => o.SignInsPerMinute = 100);
                services.AddShangdingCreditCenterPages();
            });

        var clock = Host.App.Services.GetRequiredService<IClock>();
        foreach (var (id, kind, zh, en) in Venues)
        {
            await serviceState.Venues.RegisterAsync(new RegisteredVenue
            {
                VenueId = id, Kind = kind, Name = new LocalizedText(zh, en),
                CredentialHash = VenueCredentials.Hash(VenueCredentials.NewSecret()), RegisteredAt = clock.GetCurrentInstant(),
            });
            await RequireAsync(Host.App.Services.CreateCenterAccountAsync(DeskOf(id), Password, CreditCenterClaims.VenueRole, venueId: id));
        }

        await RequireAsync(Host.App.Services.CreateCenterAccountAsync(Citizen, Password, CreditCenterClaims.CitizenRole, new SubjectId(Citizen)));
        await RequireAsync(Host.App.Services.CreateCenterAccountAsync(SecondCitizen, Password, CreditCenterClaims.CitizenRole, new SubjectId(SecondCitizen)));
        await RequireAsync(Host.App.Services.CreateCenterAccountAsync(NotEnrolledCitizen, Password, CreditCenterClaims.CitizenRole, new SubjectId(NotEnrolledCitizen)));
        await RequireAsync(Host.App.Services.CreateCenterAccountAsync(TopCitizen, Password, CreditCenterClaims.CitizenRole, new SubjectId(TopCitizen)));
        await RequireAsync(Host.App.Services.CreateCenterAccountAsync(CenterStaff, Password, CreditCenterClaims.CenterRole));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp folder's cleaning; the test's result does not depend on it.
        }
    }

    private static async Task RequireAsync(Task<Microsoft.AspNetCore.Identity.IdentityResult> created)
    {
        var result = await created;
        if (!result.Succeeded) throw new InvalidOperationException("A test account could not be created: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
