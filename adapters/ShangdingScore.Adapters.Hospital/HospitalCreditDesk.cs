using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.Hospital;

/// <summary>The hospital services the Shangding score gives priority in (医疗卫生).</summary>
public enum HospitalService
{
    /// <summary>优先家庭医生签约: priority family-doctor signing (benefit <c>healthcare.family-doctor-priority</c>).</summary>
    FamilyDoctorSigning = 0,

    /// <summary>优先缴费、取药: priority payment and pharmacy pick-up at a municipal hospital (<c>healthcare.priority-payment-pharmacy</c>).</summary>
    PaymentAndPharmacy = 1,

    /// <summary>基层医疗机构优先转诊: priority referral from primary care (<c>healthcare.priority-referral</c>).</summary>
    PrimaryCareReferral = 2,
}

/// <summary>
/// The hospital's credit desk: the citizen shows a grant (a QR code from the i郑州 app), the desk asks
/// the gateway, and the nurse or cashier sees which queue the patient goes to.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HospitalCreditDesk
{
    private readonly IVenueDecider _gateway;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the desk.</summary>
    /// <param name="gateway">The gateway configured with the hospital's venue id.</param>
    /// <param name="zone">The zone times are shown in; null for Asia/Shanghai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    public HospitalCreditDesk(IVenueDecider gateway, DateTimeZone? zone = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _zone = zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    }

    /// <summary>The catalog benefit code of a service.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined service.</exception>
    public static string BenefitCodeOf(HospitalService service) => service switch
    {
        HospitalService.FamilyDoctorSigning => "healthcare.family-doctor-priority",
        HospitalService.PaymentAndPharmacy => "healthcare.priority-payment-pharmacy",
        HospitalService.PrimaryCareReferral => "healthcare.priority-referral",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Not a hospital service."),
    };

    /// <summary>Checks whether the patient gets priority for <paramref name="service"/>; asks for the decision only.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> is null.</exception>
    public async Task<HospitalPriorityNotice> CheckPriorityAsync(HospitalService service, string grantToken, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        var decision = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = BenefitCodeOf(service), Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        return new HospitalPriorityNotice(service, decision, _zone);
    }
}

/// <summary>What the nurse or cashier sees: the service, the queue, why, and until when.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HospitalPriorityNotice
{
    internal HospitalPriorityNotice(HospitalService service, VenueDecision decision, DateTimeZone zone)
    {
        Service = service;
        Decision = decision;
        PriorityGranted = decision.IsGranted;
        ServiceName = service switch
        {
            HospitalService.FamilyDoctorSigning => new LocalizedText("家庭医生签约", "Family-doctor signing"),
            HospitalService.PaymentAndPharmacy => new LocalizedText("缴费、取药", "Payment and pharmacy pick-up"),
            _ => new LocalizedText("转诊", "Referral"),
        };
        Queue = decision.IsGranted
            ? new LocalizedText($"信用优先通道（第{decision.Terms?.PriorityLevel ?? 1}优先级）", $"Credit priority lane (tier {decision.Terms?.PriorityLevel ?? 1})")
            : new LocalizedText("普通窗口", "Regular queue");
        ValidUntilLocal = decision.ValidUntil is { } v ? v.InZone(zone).LocalDateTime : null;
    }

    /// <summary>The service asked about.</summary>
    public HospitalService Service { get; }

    /// <summary>The service's name.</summary>
    public LocalizedText ServiceName { get; }

    /// <summary>Whether the patient goes to the priority lane.</summary>
    public bool PriorityGranted { get; }

    /// <summary>The queue to send the patient to.</summary>
    public LocalizedText Queue { get; }

    /// <summary>Until when the priority holds, in local time; null when not granted.</summary>
    public LocalDateTime? ValidUntilLocal { get; }

    /// <summary>The gateway's full answer (what the grant allowed).</summary>
    public VenueDecision Decision { get; }

    /// <summary>The clerk's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "服务：" : "Service: ").Append(ServiceName.In(language)).Append('\n');
        sb.Append(zh ? "排队：" : "Queue: ").Append(Queue.In(language)).Append('\n');
        sb.Append(zh ? "原因：" : "Reason: ").Append(Decision.Reason.In(language)).Append(" [").Append(Decision.ReasonCode).Append("]\n");
        if (ValidUntilLocal is { } until)
        {
            sb.Append(zh ? "有效至：" : "Valid until: ").Append(LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm").Format(until)).Append('\n');
        }

        return sb.ToString();
    }
}
