namespace ShangdingScore.Venues;

/// <summary>
/// What a venue's desk asks a decision of: <see cref="VenueGateway"/>, which decides in the venue's process from
/// its record sources, or a client of the credit center (ShangdingScore.CreditCenter.Client), which asks the center
/// and verifies its signed answer. The adapters take either.
/// </summary>
/// <remarks>Implementations are thread-safe. Every failure is an answer with <see cref="Authorization.QueryOutcome.Error"/>, not an exception.</remarks>
public interface IVenueDecider
{
    /// <summary>This venue's id (the grantee its grants name).</summary>
    string VenueId { get; }

    /// <summary>Decides a query.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the decision.</exception>
    Task<VenueDecision> DecideAsync(VenueQuery query, CancellationToken cancellationToken = default);
}
