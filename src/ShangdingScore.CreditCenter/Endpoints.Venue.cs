using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ShangdingScore.Authorization;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter;

/// <summary>The venue API: a signed decision on a citizen's grant.</summary>
internal static partial class Endpoints
{
    public const string DecisionsRateLimit = "shangding-decisions";
    public const string SignInRateLimit = "shangding-sign-in";
    public const string VenuePolicy = "shangding-venue";
    public const string CitizenPolicy = "shangding-citizen";
    public const string CenterPolicy = "shangding-center";

    private static void MapVenue(IEndpointRouteBuilder api)
    {
        api.MapPost("/venue/decisions", DecideAsync)
            .RequireAuthorization(VenuePolicy)
            .RequireRateLimiting(DecisionsRateLimit)
            .Accepts<DecisionRequest>("application/json")
            .Produces<DecisionResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("venue")
            .WithSummary("A decision on a citizen's grant, signed by the center (only what the grant discloses).");
    }

    private static async Task<IResult> DecideAsync(HttpContext context, CreditCenterState state)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.DecisionRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request!.GrantToken)) return Problems.Invalid("grantToken", "grantToken is required: the grant token the citizen presented.");
        if (string.IsNullOrWhiteSpace(request.BenefitCode)) return Problems.Invalid("benefitCode", "benefitCode is required: a benefit code of the catalog.");
        DisclosureScope? scope = null;
        if (request.Scope is not null)
        {
            if (!DisclosureScopeNames.TryParse(request.Scope, out var s)) return Problems.Invalid("scope", "scope is one of decision, grade, score-with-explanation, or absent.");
            scope = s;
        }

        // The venue is who authenticated: a grant whose grantee is another venue is refused as wrong-grantee.
        var venueId = context.User.FindFirstValue(CreditCenterClaims.Venue)!;
        var gateway = await state.GatewayForAsync(venueId).ConfigureAwait(false);
        var decision = await gateway.DecideAsync(new VenueQuery { GrantToken = request.GrantToken, BenefitCode = request.BenefitCode, Scope = scope }, context.RequestAborted).ConfigureAwait(false);
        var keys = await state.KeysAsync().ConfigureAwait(false);
        var token = DecisionToken.Create(CreditCenterWire.Sign(decision, venueId, request.GrantToken), keys.DecisionSigner);
        var body = CreditCenterWire.Serialize(CreditCenterWire.ToResponse(decision, token));
        return Results.Text(body, "application/json; charset=utf-8", statusCode: StatusCodes.Status200OK);
    }

    /// <summary>
    /// Reads a JSON body. Only <c>application/json</c> is read (a cross-site form cannot send it without a CORS preflight,
    /// which this service never allows), and a body that does not parse names the JSON path where it failed.
    /// </summary>
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> info)
        where T : class
    {
        if (!context.Request.HasJsonContentType()) return (null, Problems.Invalid("body", "The body must be JSON, sent as Content-Type: application/json."));
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, info, context.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, Problems.Invalid("body", "The body is empty or null.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Problems.Invalid(field, "The body is not valid JSON here: " + e.Message));
        }
    }
}
