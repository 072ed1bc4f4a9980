using System.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.Rental;

/// <summary>The amounts of a lease before any benefit, in yuan to the fen.</summary>
/// <remarks>Immutable.</remarks>
public sealed class LeaseAmounts
{
    /// <summary>The security deposit (押金) the landlord asks.</summary>
    public required decimal DepositYuan { get; init; }

    /// <summary>The agency's commission (中介佣金) before any discount.</summary>
    public required decimal CommissionYuan { get; init; }
}

/// <summary>
/// A rental agency's desk (租房): the tenant shows a grant for public services (or one per benefit), the
/// desk asks the gateway about the lease without deposit (租房免押金) and the commission at 60 %
/// (租房佣金6折), and the agent sees what to collect. Each benefit is asked once, for the decision only.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RentalAgencyDesk
{
    /// <summary>The benefit code of the lease without deposit.</summary>
    public const string DepositFreeBenefit = "public.rental-deposit-free";

    /// <summary>The benefit code of the commission discount.</summary>
    public const string CommissionBenefit = "public.rental-commission-60";

    private readonly IVenueDecider _gateway;

    /// <summary>Creates the desk.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    public RentalAgencyDesk(IVenueDecider gateway) => _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));

    /// <summary>Quotes a lease. A grant whose purpose is <c>public-services</c> covers both questions.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An amount is negative or not to the fen.</exception>
    public async Task<LeaseQuote> QuoteLeaseAsync(string grantToken, LeaseAmounts amounts, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        if (amounts is null) throw new ArgumentNullException(nameof(amounts));
        RentalMoney.RequireFen(amounts.DepositYuan, nameof(amounts));
        RentalMoney.RequireFen(amounts.CommissionYuan, nameof(amounts));
        var deposit = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = DepositFreeBenefit, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        var commission = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = CommissionBenefit, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        return new LeaseQuote(amounts, deposit, commission);
    }
}

/// <summary>What the agent sees: the deposit and the commission to collect, and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LeaseQuote
{
    internal LeaseQuote(LeaseAmounts amounts, VenueDecision deposit, VenueDecision commission)
    {
        Amounts = amounts;
        DepositDecision = deposit;
        CommissionDecision = commission;
        var waived = 0m;
        if (deposit.IsGranted && deposit.Terms is { WaivesDeposit: true } t)
        {
            waived = t.DepositWaivedUpToYuan is { } cap ? Math.Min(cap, amounts.DepositYuan) : amounts.DepositYuan;
        }

        DepositDueYuan = amounts.DepositYuan - waived;
        CommissionDueYuan = commission.IsGranted && commission.Terms?.ChargeRate is { } rate
            ? RentalMoney.ApplyChargeRate(amounts.CommissionYuan, rate)
            : amounts.CommissionYuan;
    }

    /// <summary>The amounts before benefits.</summary>
    public LeaseAmounts Amounts { get; }

    /// <summary>The deposit to collect, in yuan.</summary>
    public decimal DepositDueYuan { get; }

    /// <summary>The commission to collect, in yuan (rounded half away from zero to the fen when discounted).</summary>
    public decimal CommissionDueYuan { get; }

    /// <summary>The gateway's answer on the deposit.</summary>
    public VenueDecision DepositDecision { get; }

    /// <summary>The gateway's answer on the commission.</summary>
    public VenueDecision CommissionDecision { get; }

    /// <summary>The agent's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "押金：" : "Deposit: ").Append(Yuan(Amounts.DepositYuan)).Append(" → ").Append(Yuan(DepositDueYuan))
          .Append("  ").Append(DepositDecision.Reason.In(language)).Append(" [").Append(DepositDecision.ReasonCode).Append("]\n");
        sb.Append(zh ? "佣金：" : "Commission: ").Append(Yuan(Amounts.CommissionYuan)).Append(" → ").Append(Yuan(CommissionDueYuan))
          .Append("  ").Append(CommissionDecision.Reason.In(language)).Append(" [").Append(CommissionDecision.ReasonCode).Append("]\n");
        return sb.ToString();
    }

    private static string Yuan(decimal amount) => AdapterMoney.Yuan(amount);
}
