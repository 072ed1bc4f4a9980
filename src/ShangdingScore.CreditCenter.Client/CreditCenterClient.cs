using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Client;

/// <summary>Where the credit center is, who this venue is to it, and the center's key its decisions must verify with.</summary>
/// <remarks>Immutable.</remarks>
public sealed class CreditCenterClientOptions
{
    /// <summary>The center's base address, for example <c>https://credit.zhengzhou.example/</c>.</summary>
    public required Uri CenterUri { get; init; }

    /// <summary>This venue's id, as the center registered it.</summary>
    public required string VenueId { get; init; }

    /// <summary>The secret the center gave at registration (base64url, 32 random bytes). Keep it out of source control.</summary>
    public required string Secret { get; init; }

    /// <summary>The center's decision-signing public key (from <c>GET /api/keys</c>, pinned by configuration).</summary>
    public required GrantKey CenterKey { get; init; }
}

/// <summary>A decision the credit center gave, once checked.</summary>
/// <remarks>Immutable.</remarks>
public sealed class CenterDecision
{
    /// <summary>The decision to act on: the center's when it verified, else an error (<c>center-unavailable</c> or <c>decision-unverified</c>).</summary>
    public required VenueDecision Decision { get; init; }

    /// <summary>Whether the center answered with a decision that verified with its key and is about this query.</summary>
    public required bool IsVerified { get; init; }

    /// <summary>The center's signed decision token, kept as evidence of the decision; null when none verified.</summary>
    public string? DecisionToken { get; init; }

    /// <summary>Why the center's answer was not used: one of <see cref="DecisionRefusalCodes"/>; null when verified or when the center gave no answer.</summary>
    public string? VerificationFailure { get; init; }

    /// <summary>The HTTP status the center answered with; null when it could not be reached.</summary>
    public int? HttpStatus { get; init; }
}

/// <summary>A venue's client of the credit center: asks for a decision on a grant and verifies the center's signed answer.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ICreditCenterClient : IVenueDecider
{
    /// <summary>Asks the center and checks its answer; every failure is a <see cref="CenterDecision"/> whose decision is an error.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<CenterDecision> AskAsync(VenueQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// Asks the credit center over HTTP (<c>POST /api/venue/decisions</c> with <c>Authorization: ShangdingVenue &lt;venueId&gt;:&lt;secret&gt;</c>)
/// and uses a decision only when its signed token verifies with the center's key and names this venue, the benefit
/// asked and the grant presented, and the readable decision says what the token says.
/// </summary>
/// <remarks>Thread-safe. Disposing it disposes the <see cref="HttpClient"/> only when it made it.</remarks>
public sealed class CreditCenterClient : ICreditCenterClient, IDisposable
{
    /// <summary>The authentication scheme of the venue API.</summary>
    public const string AuthenticationScheme = "ShangdingVenue";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly CreditCenterClientOptions _options;
    private readonly Uri _decisions;
    private readonly IClock _clock;

    /// <summary>A client over its own <see cref="HttpClient"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or a member is null.</exception>
    /// <exception cref="ArgumentException">The venue id or the secret is empty, or the key is not a verifying key.</exception>
    public CreditCenterClient(CreditCenterClientOptions options, IClock clock)
        : this(new HttpClient(), options, clock, ownsHttp: true)
    {
    }

    /// <summary>A client over <paramref name="http"/> (not disposed by the client).</summary>
    /// <exception cref="ArgumentNullException">An argument or a member of <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The venue id or the secret is empty.</exception>
    public CreditCenterClient(HttpClient http, CreditCenterClientOptions options, IClock clock)
        : this(http, options, clock, ownsHttp: false)
    {
    }

    private CreditCenterClient(HttpClient http, CreditCenterClientOptions options, IClock clock, bool ownsHttp)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.CenterUri is null) throw new ArgumentNullException(nameof(options), "CenterUri is null.");
        if (options.CenterKey is null) throw new ArgumentNullException(nameof(options), "CenterKey is null.");
        if (string.IsNullOrWhiteSpace(options.VenueId) || options.VenueId.IndexOf(':') >= 0) throw new ArgumentException("VenueId must be non-empty and hold no ':'.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Secret)) throw new ArgumentException("Secret must not be empty.", nameof(options));
        _ownsHttp = ownsHttp;
        _decisions = new Uri(options.CenterUri, "api/venue/decisions");
    }

    /// <inheritdoc />
    public string VenueId => _options.VenueId;

    /// <inheritdoc />
    public async Task<VenueDecision> DecideAsync(VenueQuery query, CancellationToken cancellationToken = default) =>
        (await AskAsync(query, cancellationToken).ConfigureAwait(false)).Decision;

    /// <inheritdoc />
    public async Task<CenterDecision> AskAsync(VenueQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        var grantToken = query.GrantToken ?? string.Empty;
        var benefit = query.BenefitCode ?? string.Empty;
        var body = JsonSerializer.Serialize(
            new DecisionRequest { GrantToken = grantToken, BenefitCode = benefit, Scope = query.Scope is { } s ? DisclosureScopeNames.Of(s) : null },
            WireJsonContext.Default.DecisionRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, _decisions) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue(AuthenticationScheme, _options.VenueId + ":" + _options.Secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        DecisionResponse? response;
        int status;
        try
        {
            using var answer = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)answer.StatusCode;
            if (!answer.IsSuccessStatusCode) return Unavailable(query, status);
            var text = await answer.Content.ReadAsStringAsync().ConfigureAwait(false);
            response = JsonSerializer.Deserialize(text, WireJsonContext.Default.DecisionResponse);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or NotSupportedException)
        {
            // Unreachable, timed out, or not JSON: nothing was decided.
            return Unavailable(query, null);
        }

        if (response is null) return Unavailable(query, status);
        return Check(query, response, status, _options.CenterKey, _options.VenueId);
    }

    /// <summary>Checks a center's answer to <paramref name="query"/> as <paramref name="venueId"/> would.</summary>
    internal CenterDecision Check(VenueQuery query, DecisionResponse response, int? status, GrantKey centerKey, string venueId)
    {
        var verification = DecisionToken.Verify(response.DecisionToken, centerKey, venueId, query.BenefitCode ?? string.Empty, query.GrantToken ?? string.Empty);
        if (!verification.IsAccepted) return Unverified(query, verification.ReasonCode!, status);
        var decision = CreditCenterWire.FromResponse(response, verification.Decision!);
        if (decision is null) return Unverified(query, DecisionRefusalCodes.ContentMismatch, status);
        return new CenterDecision { Decision = decision, IsVerified = true, DecisionToken = response.DecisionToken, HttpStatus = status };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    private CenterDecision Unavailable(VenueQuery query, int? status) =>
        new() { Decision = Error(query, QueryErrorCodes.CenterUnavailable), IsVerified = false, HttpStatus = status };

    private CenterDecision Unverified(VenueQuery query, string failure, int? status) =>
        new() { Decision = Error(query, QueryErrorCodes.DecisionUnverified), IsVerified = false, VerificationFailure = failure, HttpStatus = status };

    private VenueDecision Error(VenueQuery query, string code) => new()
    {
        Outcome = QueryOutcome.Error,
        BenefitCode = query.BenefitCode ?? string.Empty,
        IsGranted = false,
        ReasonCode = code,
        Reason = QueryErrorCodes.Describe(code),
        // When the venue learnt that nothing was decided, by its own clock.
        DecidedAt = _clock.GetCurrentInstant(),
    };
}
