using System.Collections.Immutable;
using ShangdingScore.Adapters.ElderlyCare;
using ShangdingScore.Adapters.Hospital;
using ShangdingScore.Adapters.Library;
using ShangdingScore.Adapters.Rental;
using ShangdingScore.Adapters.ServiceHall;
using ShangdingScore.Adapters.Sports;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Pages;

/// <summary>The venue kinds the desk speaks the vocabulary of (a registered venue's <see cref="RegisteredVenue.Kind"/>).</summary>
internal static class VenueKinds
{
    public const string Library = "library";
    public const string Hospital = "hospital";
    public const string Rental = "rental";
    public const string ServiceHall = "service-hall";
    public const string Sports = "sports";
    public const string ElderlyCare = "elderly-care";
}

/// <summary>What the desk clerk typed besides the grant (each kind reads its own fields).</summary>
internal sealed class DeskInput
{
    public string? GrantToken { get; init; }

    public HospitalService HospitalService { get; init; }

    public decimal RentalDepositYuan { get; init; }

    public decimal RentalCommissionYuan { get; init; }

    public decimal SportsFeeYuan { get; init; }

    public decimal ElderlyMonthlyFeeYuan { get; init; }

    public string? HallApplication { get; init; }

    public string? BenefitCode { get; init; }
}

/// <summary>The desk's answer: the decisions (one per benefit asked) and the venue's screen in both languages.</summary>
internal sealed class DeskOutcome
{
    public required ImmutableArray<VenueDecision> Decisions { get; init; }

    public required string ZhCn { get; init; }

    public required string En { get; init; }

    public bool AnyGranted => Decisions.Any(d => d.IsGranted);
}

/// <summary>
/// Runs the venue's adapter on the center's gateway for that venue: the same desks the venues run themselves, each
/// asking for the decision only, so the screen shows nothing more than the grant allows.
/// </summary>
internal sealed class DeskService(CreditCenterState state)
{
    public async Task<RegisteredVenue?> VenueAsync(string venueId, CancellationToken cancellationToken) =>
        await state.ServiceState.Venues.FindAsync(venueId, cancellationToken).ConfigureAwait(false);

    public Benefits.BenefitCatalog Catalog => state.Catalog;

    public async Task<DeskOutcome> DecideAsync(RegisteredVenue venue, DeskInput input, CancellationToken cancellationToken)
    {
        var token = input.GrantToken?.Trim() ?? string.Empty;
        var gateway = await state.GatewayForAsync(venue.VenueId).ConfigureAwait(false);
        switch (venue.Kind)
        {
            case VenueKinds.Library:
            {
                var q = await new LibraryCardDesk(gateway).QuoteReaderCardAsync(token, cancellationToken).ConfigureAwait(false);
                return Outcome([q.Decision], q.Render);
            }

            case VenueKinds.Hospital:
            {
                var n = await new HospitalCreditDesk(gateway).CheckPriorityAsync(input.HospitalService, token, cancellationToken).ConfigureAwait(false);
                return Outcome([n.Decision], n.Render);
            }

            case VenueKinds.Rental:
            {
                var q = await new RentalAgencyDesk(gateway).QuoteLeaseAsync(token, new LeaseAmounts { DepositYuan = input.RentalDepositYuan, CommissionYuan = input.RentalCommissionYuan }, cancellationToken).ConfigureAwait(false);
                return Outcome([q.DepositDecision, q.CommissionDecision], q.Render);
            }

            case VenueKinds.ServiceHall:
            {
                var n = await new ServiceHallDesk(gateway).CheckApplicationAsync(token, input.HallApplication ?? string.Empty, null, cancellationToken).ConfigureAwait(false);
                return Outcome([.. n.Lines.Select(l => l.Decision)], n.Render);
            }

            case VenueKinds.Sports:
            {
                var q = await new SportsVenueDesk(gateway).QuoteAdmissionAsync(token, input.SportsFeeYuan, cancellationToken).ConfigureAwait(false);
                return Outcome([q.Decision], q.Render);
            }

            case VenueKinds.ElderlyCare:
            {
                var n = await new ElderlyCareAdmissionDesk(gateway).CheckAdmissionAsync(token, input.ElderlyMonthlyFeeYuan, cancellationToken).ConfigureAwait(false);
                return Outcome([n.Decision], n.Render);
            }

            default:
            {
                // A kind without an adapter: the benefit the clerk picked, decision only, in the SDK's words.
                var d = await gateway.DecideAsync(new VenueQuery { GrantToken = token, BenefitCode = input.BenefitCode ?? string.Empty, Scope = DisclosureScope.Decision }, cancellationToken).ConfigureAwait(false);
                return Outcome([d], language => (d.BenefitName?.In(language) ?? d.BenefitCode) + "\n" + d.Reason.In(language) + " [" + d.ReasonCode + "]\n");
            }
        }
    }

    private static DeskOutcome Outcome(ImmutableArray<VenueDecision> decisions, Func<Language, string> render) =>
        new() { Decisions = decisions, ZhCn = render(Language.ZhCn), En = render(Language.En) };
}
