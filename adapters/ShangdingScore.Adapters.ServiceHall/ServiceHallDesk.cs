using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.ServiceHall;

/// <summary>The facilitations (便利措施) a government service hall gives on the Shangding score (政务服务).</summary>
public enum HallFacilitation
{
    /// <summary>绿色通道: the green channel, a window ahead of the queue (benefit <c>government.green-channel</c>).</summary>
    GreenChannel = 0,

    /// <summary>告知承诺: notification and commitment, a written pledge in place of some proofs (<c>government.notification-commitment</c>).</summary>
    NotificationCommitment = 1,

    /// <summary>容缺受理: the application is accepted with secondary documents still to come (<c>government.pending-documents-acceptance</c>).</summary>
    PendingDocumentsAcceptance = 2,

    /// <summary>加急办理: expedited handling (<c>government.expedited-handling</c>).</summary>
    ExpeditedHandling = 3,
}

/// <summary>
/// The government service hall's credit desk (政务服务大厅): for the application (事项) the clerk is handling,
/// the citizen shows a grant and the desk asks the gateway, one query per facilitation, which of the four
/// facilitations apply; the clerk sees each as the hall words it (可走绿色通道 / Green channel: yes).
/// </summary>
/// <remarks>
/// <para>
/// The gateway answers one benefit per query, so the desk names each facilitation it asks about. A grant whose
/// purpose is the family <see cref="FamilyCode"/> covers all four; the replay rule (docs/grants.md) uses the
/// grant up per benefit, so such a grant answers each facilitation once — one application's check — and a second
/// check on the same grant is refused as <c>replayed</c> for every facilitation already answered. The citizen
/// authorizes again for the next application. A grant for one benefit code answers that facilitation only; the
/// others are refused as <c>wrong-purpose</c>, which does not use the grant up. Ask only the facilitations the
/// application can use: an answered one (granted or not) uses the grant up for it.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class ServiceHallDesk
{
    /// <summary>The catalog family of the four facilitations; a grant with this purpose covers each of them once.</summary>
    public const string FamilyCode = "government-services";

    private readonly VenueGateway _gateway;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the desk.</summary>
    /// <param name="gateway">The gateway configured with the hall's venue id.</param>
    /// <param name="zone">The zone times are shown in; null for Asia/Shanghai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    public ServiceHallDesk(VenueGateway gateway, DateTimeZone? zone = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _zone = zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    }

    /// <summary>The four facilitations, in the order the hall's screen lists them.</summary>
    public static ImmutableArray<HallFacilitation> AllFacilitations { get; } = ImmutableArray.Create(
        HallFacilitation.GreenChannel, HallFacilitation.NotificationCommitment, HallFacilitation.PendingDocumentsAcceptance, HallFacilitation.ExpeditedHandling);

    /// <summary>The catalog benefit code of a facilitation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined facilitation.</exception>
    public static string BenefitCodeOf(HallFacilitation facilitation) => facilitation switch
    {
        HallFacilitation.GreenChannel => "government.green-channel",
        HallFacilitation.NotificationCommitment => "government.notification-commitment",
        HallFacilitation.PendingDocumentsAcceptance => "government.pending-documents-acceptance",
        HallFacilitation.ExpeditedHandling => "government.expedited-handling",
        _ => throw new ArgumentOutOfRangeException(nameof(facilitation), facilitation, "Not a service-hall facilitation."),
    };

    /// <summary>
    /// Checks which facilitations apply to <paramref name="application"/>: one query per facilitation, in the order
    /// given, each for the decision only.
    /// </summary>
    /// <param name="grantToken">The grant the citizen presented.</param>
    /// <param name="application">The application's name as the hall shows it (事项, for example 企业开办 or 不动产登记).</param>
    /// <param name="facilitations">The facilitations to ask about, each at most once; null for all four.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> or <paramref name="application"/> is null.</exception>
    /// <exception cref="ArgumentException">The application name is empty, the list is empty, or names a facilitation twice (the second query would only be refused as replayed).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The list holds a value that is not a facilitation.</exception>
    public async Task<ServiceHallNotice> CheckApplicationAsync(string grantToken, string application, IEnumerable<HallFacilitation>? facilitations = null, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        if (application is null) throw new ArgumentNullException(nameof(application));
        if (string.IsNullOrWhiteSpace(application)) throw new ArgumentException("The application (事项) must be named.", nameof(application));
        var asked = facilitations is null ? AllFacilitations : facilitations.ToImmutableArray();
        if (asked.IsEmpty) throw new ArgumentException("Ask about at least one facilitation.", nameof(facilitations));
        var seen = new HashSet<HallFacilitation>();
        foreach (var f in asked)
        {
            _ = BenefitCodeOf(f);
            if (!seen.Add(f)) throw new ArgumentException($"{f} is named twice; a grant answers each facilitation once.", nameof(facilitations));
        }

        var lines = ImmutableArray.CreateBuilder<HallFacilitationLine>(asked.Length);
        foreach (var f in asked)
        {
            var decision = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = BenefitCodeOf(f), Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
            lines.Add(new HallFacilitationLine(f, decision, _zone));
        }

        return new ServiceHallNotice(application.Trim(), lines.MoveToImmutable());
    }
}
