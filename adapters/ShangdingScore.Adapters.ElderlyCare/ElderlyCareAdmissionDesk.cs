using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.ElderlyCare;

/// <summary>
/// The admissions desk of a municipal public elderly-care home (市级公办养老机构): the applicant (or the family,
/// with the applicant's grant) shows a grant, the desk asks the gateway about priority admission and the discount
/// (优先入住及优惠), and the admissions officer sees the waiting list the application goes on and the monthly fee.
/// The priority tier and the charge rate come from the catalog terms only: the Zhengzhou catalog sets a tier and no
/// rate, so the fee stays the home's own until a catalog sets one.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ElderlyCareAdmissionDesk
{
    /// <summary>The catalog benefit code this desk asks about.</summary>
    public const string BenefitCode = "public.elderly-care-priority";

    private readonly VenueGateway _gateway;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the desk.</summary>
    /// <param name="gateway">The gateway configured with the home's venue id.</param>
    /// <param name="zone">The zone times are shown in; null for Asia/Shanghai.</param>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    public ElderlyCareAdmissionDesk(VenueGateway gateway, DateTimeZone? zone = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _zone = zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    }

    /// <summary>Checks priority admission and the fee for an application; asks for the decision only.</summary>
    /// <param name="grantToken">The grant the applicant presented (for the benefit or for the family <c>public-services</c>).</param>
    /// <param name="monthlyFeeYuan">The home's normal monthly fee for the room asked for, in yuan to the fen.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fee is negative or not to the fen.</exception>
    public async Task<ElderlyCareAdmissionNotice> CheckAdmissionAsync(string grantToken, decimal monthlyFeeYuan, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        AdapterMoney.RequireFen(monthlyFeeYuan, nameof(monthlyFeeYuan));
        var decision = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = BenefitCode, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        return new ElderlyCareAdmissionNotice(monthlyFeeYuan, decision, _zone);
    }
}

/// <summary>What the admissions officer sees: the waiting list, the monthly fee, why, and until when.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ElderlyCareAdmissionNotice
{
    internal ElderlyCareAdmissionNotice(decimal monthlyFee, VenueDecision decision, DateTimeZone zone)
    {
        Decision = decision;
        MonthlyFeeYuan = monthlyFee;
        PriorityAdmission = decision.IsGranted;
        PriorityLevel = decision.IsGranted ? decision.Terms?.PriorityLevel : null;
        ChargeRate = decision.IsGranted ? decision.Terms?.ChargeRate : null;
        MonthlyFeeDueYuan = ChargeRate is { } rate ? AdapterMoney.ApplyChargeRate(monthlyFee, rate) : monthlyFee;
        WaitingList = (PriorityAdmission, PriorityLevel) switch
        {
            (true, { } tier) => new LocalizedText($"优先入住轮候（第{tier}优先级）", $"Priority admission list (tier {tier})"),
            (true, null) => new LocalizedText("优先入住轮候", "Priority admission list"),
            _ => new LocalizedText("按登记顺序轮候", "Regular waiting list, in order of registration"),
        };
        ValidUntilLocal = decision.IsGranted && decision.ValidUntil is { } v ? v.InZone(zone).LocalDateTime : null;
    }

    /// <summary>Whether the application goes on the priority admission list.</summary>
    public bool PriorityAdmission { get; }

    /// <summary>The priority tier from the catalog terms (1 first) when granted and the terms set one; else null.</summary>
    public int? PriorityLevel { get; }

    /// <summary>The waiting list the application goes on.</summary>
    public LocalizedText WaitingList { get; }

    /// <summary>The home's normal monthly fee, in yuan.</summary>
    public decimal MonthlyFeeYuan { get; }

    /// <summary>The charge rate of the catalog terms (0.9 is 9折) when granted and the terms set one; else null (no discount from the score).</summary>
    public decimal? ChargeRate { get; }

    /// <summary>The monthly fee to charge, in yuan (rounded once, half away from zero, to the fen when discounted).</summary>
    public decimal MonthlyFeeDueYuan { get; }

    /// <summary>Until when the priority holds, in local time; null when not granted.</summary>
    public LocalDateTime? ValidUntilLocal { get; }

    /// <summary>The gateway's full answer.</summary>
    public VenueDecision Decision { get; }

    /// <summary>The admissions officer's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "入住轮候：" : "Waiting list: ").Append(WaitingList.In(language)).Append('\n');
        sb.Append(zh ? "月费：" : "Monthly fee: ").Append(AdapterMoney.Yuan(MonthlyFeeYuan)).Append(" → ").Append(AdapterMoney.Yuan(MonthlyFeeDueYuan));
        if (ChargeRate is { } rate)
        {
            sb.Append(zh ? $"（按{Zhe(rate)}折）" : $" (charged at {Percent(rate)} %)");
        }
        else if (PriorityAdmission)
        {
            sb.Append(zh ? "（目录条款未定折扣）" : " (the catalog terms set no discount)");
        }

        sb.Append('\n');
        sb.Append(zh ? "原因：" : "Reason: ").Append(Decision.Reason.In(language)).Append(" [").Append(Decision.ReasonCode).Append("]\n");
        if (ValidUntilLocal is { } until)
        {
            sb.Append(zh ? "有效至：" : "Valid until: ").Append(LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm").Format(until)).Append('\n');
        }

        return sb.ToString();
    }

    // 0.85 is 8.5折, 0.9 is 9折, 0 is 0折 (free).
    private static string Zhe(decimal rate) => (rate * 10m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static string Percent(decimal rate) => (rate * 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
