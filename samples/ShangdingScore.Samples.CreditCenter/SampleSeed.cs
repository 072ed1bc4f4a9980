using System.Security.Cryptography;
using System.Text;
using ShangdingScore.CreditCenter;
using ShangdingScore.Samples.Quickstart;
using ShangdingScore.Stores;

namespace ShangdingScore.Samples.CreditCenter;

/// <summary>
/// Seeds an empty theme database on start: the quickstart's provider file and enrolments, an account for each of its
/// citizens, one for the center's staff and one for each venue's desk, and six venues (library, hospital, rental agency,
/// service hall, sports centre, elderly care home). In Development the
/// passwords and venue secrets are fixed and printed at every start; elsewhere they are random and printed once, when made.
/// </summary>
public static class SampleSeed
{
    /// <summary>The center staff's sign-in name.</summary>
    public const string CenterUser = "center";

    /// <summary>The Development password of the center's staff account.</summary>
    public const string DevCenterPassword = "center-demo-2026";

    /// <summary>The Development password of every citizen account (the user name is the subject id).</summary>
    public const string DevCitizenPassword = "citizen-demo-2026";

    /// <summary>The venues registered, with their kind and names.</summary>
    public static readonly (string Id, string Kind, string ZhCn, string En)[] Venues =
    [
        ("zz-central-library", "library", "郑州图书馆", "Zhengzhou Library"),
        ("zz-central-hospital", "hospital", "郑州市中心医院", "Zhengzhou Central Hospital"),
        ("zz-rental-agency", "rental", "郑州住房租赁服务中心", "Zhengzhou Rental Service Centre"),
        ("zz-service-hall", "service-hall", "郑州市政务服务大厅", "Zhengzhou Government Service Hall"),
        ("zz-sports-centre", "sports", "郑州市体育中心", "Zhengzhou Sports Centre"),
        ("zz-elderly-care", "elderly-care", "郑州市社会福利院", "Zhengzhou Social Welfare Home"),
    ];

    /// <summary>The Development password of every venue's desk account (the user name is <c>desk-</c> and the venue id).</summary>
    public const string DevVenueStaffPassword = "venue-demo-2026";

    /// <summary>The sign-in name of a venue's desk staff.</summary>
    public static string DeskUser(string venueId) => "desk-" + venueId;

    /// <summary>A Development venue's fixed secret (32 bytes derived from its id; never use outside Development).</summary>
    public static string DevSecret(string venueId) =>
        System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("shangding-dev-venue:" + venueId)));

    /// <summary>
    /// Seeds what is missing and prints the credentials; nothing when <c>Shangding:SeedSample</c> is false (a theme
    /// database of a real size, where counting its subjects to see whether it is empty takes longer than a start should).
    /// </summary>
    public static async Task RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue("Shangding:SeedSample", true)) return;
        var dev = app.Environment.IsDevelopment();
        var store = app.Services.GetRequiredService<ICreditStore>();
        var state = app.Services.GetRequiredService<IServiceStateStore>();
        var clock = app.Services.GetRequiredService<NodaTime.IClock>();
        var sample = SampleCitizens.Load(SampleCitizens.DefaultFolder);
        var lines = new List<string>();

        if ((await store.CountAsync()).Subjects == 0)
        {
            await using (var file = File.OpenRead(sample.RecordsPath))
            {
                var imported = await store.ImportAsync(file, new StoreImportOptions { SourceName = "records.jsonl" });
                lines.Add($"导入 imported records.jsonl: {imported.RecordsAdded} records, {imported.LinesSetAside} lines set aside");
            }

            await store.SetEnrolmentsAsync(sample.Citizens.Select(c => new SubjectEnrolment(c.Subject, c.Enrolment)));
        }

        foreach (var (id, kind, zh, en) in Venues)
        {
            if (await state.Venues.FindAsync(id) is not null)
            {
                if (dev) lines.Add($"机构 venue {id}: Authorization: ShangdingVenue {id}:{DevSecret(id)}");
                continue;
            }

            var secret = dev ? DevSecret(id) : VenueCredentials.NewSecret();
            await state.Venues.RegisterAsync(new RegisteredVenue
            {
                VenueId = id, Kind = kind, Name = new LocalizedText(zh, en), CredentialHash = VenueCredentials.Hash(secret), RegisteredAt = clock.GetCurrentInstant(),
            });
            lines.Add($"机构 venue {id} registered: Authorization: ShangdingVenue {id}:{secret}");
        }

        await AccountAsync(app, lines, dev, CenterUser, dev ? DevCenterPassword : null, CreditCenterClaims.CenterRole, null);
        foreach (var (id, _, _, _) in Venues)
        {
            await AccountAsync(app, lines, dev, DeskUser(id), dev ? DevVenueStaffPassword : null, CreditCenterClaims.VenueRole, null, id);
        }

        foreach (var c in sample.Citizens)
        {
            await AccountAsync(app, lines, dev, c.Subject.Value, dev ? DevCitizenPassword : null, CreditCenterClaims.CitizenRole, c.Subject);
        }

        foreach (var line in lines) Console.WriteLine(line);
    }

    private static async Task AccountAsync(WebApplication app, List<string> lines, bool dev, string userName, string? devPassword, string role, SubjectId? subject, string? venueId = null)
    {
        var password = devPassword ?? VenueCredentials.NewSecret() + "0";
        var state = app.Services.GetRequiredService<IServiceStateStore>();
        if (await state.Accounts.FindByNormalizedNameAsync(userName.ToUpperInvariant()) is not null)
        {
            if (dev) lines.Add($"账户 account {userName} ({role}), password: {password}");
            return;
        }

        var created = await app.Services.CreateCenterAccountAsync(userName, password, role, subject, venueId);
        if (!created.Succeeded) throw new InvalidOperationException($"The sample account {userName} could not be created: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        lines.Add($"账户 account {userName} ({role}) created, password: {password}");
    }
}
