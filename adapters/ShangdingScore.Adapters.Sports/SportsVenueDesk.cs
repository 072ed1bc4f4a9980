using System.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.Sports;

/// <summary>
/// A municipal sports venue's ticket desk (市级体育场馆): the citizen shows a grant, the desk asks the gateway
/// about free use (市级体育场馆免费) and the attendant sees the fee to collect for the session. The fee due is the
/// normal fee at the catalog terms' charge rate (0 in the Zhengzhou catalog: free), rounded once, half away from
/// zero, to the fen; no number comes from this code.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SportsVenueDesk
{
    /// <summary>The catalog benefit code this desk asks about.</summary>
    public const string BenefitCode = "public.sports-venues-free";

    private readonly VenueGateway _gateway;

    /// <summary>Creates the desk.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    public SportsVenueDesk(VenueGateway gateway) => _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));

    /// <summary>Quotes the fee for one use of the venue; asks for the decision only.</summary>
    /// <param name="grantToken">The grant the citizen presented (for the benefit or for the family <c>public-services</c>).</param>
    /// <param name="normalFeeYuan">The venue's normal fee for the session, in yuan to the fen.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The fee is negative or not to the fen.</exception>
    public async Task<SportsAdmissionQuote> QuoteAdmissionAsync(string grantToken, decimal normalFeeYuan, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        AdapterMoney.RequireFen(normalFeeYuan, nameof(normalFeeYuan));
        var decision = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = BenefitCode, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        return new SportsAdmissionQuote(normalFeeYuan, decision);
    }
}

/// <summary>What the attendant sees: the normal fee, the rate applied, the fee to collect, and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SportsAdmissionQuote
{
    internal SportsAdmissionQuote(decimal normalFee, VenueDecision decision)
    {
        Decision = decision;
        NormalFeeYuan = normalFee;
        ChargeRate = decision.IsGranted ? decision.Terms?.ChargeRate : null;
        FeeDueYuan = ChargeRate is { } rate ? AdapterMoney.ApplyChargeRate(normalFee, rate) : normalFee;
    }

    /// <summary>The venue's normal fee, in yuan.</summary>
    public decimal NormalFeeYuan { get; }

    /// <summary>The charge rate of the catalog terms applied (0 is free, 0.5 is 5折); null when not granted or the terms set none.</summary>
    public decimal? ChargeRate { get; }

    /// <summary>The fee to collect, in yuan.</summary>
    public decimal FeeDueYuan { get; }

    /// <summary>The amount waived, in yuan.</summary>
    public decimal WaivedYuan => NormalFeeYuan - FeeDueYuan;

    /// <summary>Whether the citizen uses the venue free of charge.</summary>
    public bool FreeOfCharge => Decision.IsGranted && FeeDueYuan == 0m;

    /// <summary>The gateway's full answer.</summary>
    public VenueDecision Decision { get; }

    /// <summary>The attendant's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "场馆使用：" : "Venue use: ").Append(FreeOfCharge ? (zh ? "免费" : "free of charge") : Decision.IsGranted ? (zh ? "优惠" : "reduced fee") : (zh ? "按标准收费" : "normal fee")).Append('\n');
        sb.Append(zh ? "标准价：" : "Normal fee: ").Append(AdapterMoney.Yuan(NormalFeeYuan)).Append('\n');
        sb.Append(zh ? "减免：" : "Waived: ").Append(AdapterMoney.Yuan(WaivedYuan)).Append('\n');
        sb.Append(zh ? "应收：" : "To collect: ").Append(AdapterMoney.Yuan(FeeDueYuan)).Append('\n');
        sb.Append(zh ? "原因：" : "Reason: ").Append(Decision.Reason.In(language)).Append(" [").Append(Decision.ReasonCode).Append("]\n");
        return sb.ToString();
    }
}
