using System.Globalization;
using System.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.Library;

/// <summary>Options of <see cref="LibraryCardDesk"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class LibraryCardOptions
{
    /// <summary>The library's reader-card deposit (押金), in yuan to the fen.</summary>
    /// <value>The default is 100.00 yuan.</value>
    public decimal CardDepositYuan { get; init; } = 100.00m;
}

/// <summary>
/// The library's card desk (办理读书证): the reader shows a grant, the desk asks the gateway whether the
/// card is issued without deposit (图书馆免押金办理读书证), and the librarian sees how much deposit to take.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LibraryCardDesk
{
    /// <summary>The catalog benefit code this desk asks about.</summary>
    public const string BenefitCode = "public.library-card-deposit-free";

    private readonly IVenueDecider _gateway;
    private readonly decimal _deposit;

    /// <summary>Creates the desk.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The deposit is negative or not to the fen.</exception>
    public LibraryCardDesk(IVenueDecider gateway, LibraryCardOptions? options = null)
    {
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _deposit = (options ?? new LibraryCardOptions()).CardDepositYuan;
        if (_deposit < 0m || decimal.Round(_deposit, 2) != _deposit) throw new ArgumentOutOfRangeException(nameof(options), _deposit, "The card deposit is a non-negative amount of yuan to the fen.");
    }

    /// <summary>Asks whether the reader card is issued without deposit; asks for the decision only.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> is null.</exception>
    public async Task<ReaderCardQuote> QuoteReaderCardAsync(string grantToken, CancellationToken cancellationToken = default)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        var decision = await _gateway.DecideAsync(new VenueQuery { GrantToken = grantToken, BenefitCode = BenefitCode, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
        return new ReaderCardQuote(_deposit, decision);
    }
}

/// <summary>What the librarian sees: the normal deposit, how much is waived, and how much to take.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ReaderCardQuote
{
    internal ReaderCardQuote(decimal deposit, VenueDecision decision)
    {
        Decision = decision;
        CardDepositYuan = deposit;
        var waived = 0m;
        if (decision.IsGranted && decision.Terms is { WaivesDeposit: true } terms)
        {
            waived = terms.DepositWaivedUpToYuan is { } cap ? Math.Min(cap, deposit) : deposit;
        }

        DepositWaivedYuan = waived;
        DepositDueYuan = deposit - waived;
    }

    /// <summary>The library's normal deposit, in yuan.</summary>
    public decimal CardDepositYuan { get; }

    /// <summary>The deposit waived, in yuan: the whole deposit up to the catalog's cap when granted, else 0.</summary>
    public decimal DepositWaivedYuan { get; }

    /// <summary>The deposit to take, in yuan.</summary>
    public decimal DepositDueYuan { get; }

    /// <summary>Whether the card is issued without any deposit.</summary>
    public bool IssuedWithoutDeposit => Decision.IsGranted && DepositDueYuan == 0m;

    /// <summary>The gateway's full answer.</summary>
    public VenueDecision Decision { get; }

    /// <summary>The librarian's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "办理读书证" : "Reader card").Append('\n');
        sb.Append(zh ? "押金：" : "Deposit: ").Append(Yuan(CardDepositYuan)).Append('\n');
        sb.Append(zh ? "减免：" : "Waived: ").Append(Yuan(DepositWaivedYuan)).Append('\n');
        sb.Append(zh ? "应收：" : "To collect: ").Append(Yuan(DepositDueYuan)).Append('\n');
        sb.Append(zh ? "原因：" : "Reason: ").Append(Decision.Reason.In(language)).Append(" [").Append(Decision.ReasonCode).Append("]\n");
        return sb.ToString();
    }

    private static string Yuan(decimal amount) => "¥" + amount.ToString("0.00", CultureInfo.InvariantCulture);
}
