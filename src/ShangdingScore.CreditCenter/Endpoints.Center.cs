using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;
using ShangdingScore.CreditCenter.Client;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>The center's API (role <c>center</c>): imports, the dispute queue, rule-set versions and impact, venue registration.</summary>
internal static partial class Endpoints
{
    private static void MapCenter(IEndpointRouteBuilder api)
    {
        var center = api.MapGroup("/center").RequireAuthorization(CenterPolicy).WithTags("center");
        center.MapGet("/imports", ImportsAsync).Produces<ImportsView>()
            .WithSummary("What the theme database keeps and the lines imports set aside (it keeps no history of imports).");
        center.MapGet("/disputes", DisputeQueueAsync).Produces<List<DisputeView>>().WithSummary("The pending disputes by deadline: overdue first.");
        center.MapPost("/disputes/{caseId}/decision", DecideDisputeAsync).Accepts<DisputeDecisionRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Decides a dispute (upheld or rejected).");
        center.MapGet("/repairs", RepairQueueAsync).Produces<List<RepairView>>().WithSummary("The pending repair applications, oldest first.");
        center.MapPost("/repairs/{caseId}/decision", DecideRepairAsync).Accepts<RepairDecisionRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Decides a repair application (an approval takes effect on effectiveOn, default today).");
        center.MapGet("/rule-sets", RuleSets).Produces<List<RuleSetView>>().WithSummary("The rule-set versions.");
        center.MapGet("/impact", ImpactAsync).Produces<ImpactView>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The impact of moving between two rule-set versions (from, to) on a day (asOf), over every subject of the theme database.");
        center.MapGet("/venues", VenuesAsync).Produces<List<VenueView>>().WithSummary("The registered venues.");
        center.MapPost("/venues", RegisterVenueAsync).Accepts<RegisterVenueRequest>("application/json").Produces<VenueCredentialsResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Registers a venue; its secret is shown once.");
        center.MapPost("/venues/{venueId}/credential", RotateAsync).Produces<VenueCredentialsResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Replaces a venue's credential; the old one stops working at once. The new secret is shown once.");
        center.MapPost("/venues/{venueId}/disable", DisableAsync).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Disables a venue.");
    }

    private static async Task<IResult> ImportsAsync(HttpContext context, CreditCenterState state, string? source, int? limit)
    {
        var max = Math.Clamp(limit ?? 200, 1, 10_000);
        var counts = await state.CreditStore.CountAsync(context.RequestAborted).ConfigureAwait(false);
        var lines = new List<SetAsideView>();
        await foreach (var r in state.CreditStore.ReadRejectsAsync(source, context.RequestAborted).ConfigureAwait(false))
        {
            if (lines.Count == max) break;
            lines.Add(new SetAsideView(r.SourceName, r.LineNumber, r.Field, r.Reason, r.Message));
        }

        return Results.Json(new ImportsView(counts.Subjects, counts.Copies, counts.Rejects, counts.Scores, lines), CenterJsonContext.Default.ImportsView);
    }

    private static async Task<IResult> DisputeQueueAsync(HttpContext context, CreditCenterState state)
    {
        var today = state.Today();
        var queue = await state.PendingDisputesAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(queue.Select(d => View(d, today)).ToList(), CenterJsonContext.Default.ListDisputeView);
    }

    private static async Task<IResult> RepairQueueAsync(HttpContext context, CreditCenterState state)
    {
        var queue = await state.Rights.ReadPendingRepairsAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(queue.Select(View).ToList(), CenterJsonContext.Default.ListRepairView);
    }

    private static async Task<IResult> DecideDisputeAsync(HttpContext context, CreditCenterState state, string caseId)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.DisputeDecisionRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (!RightsSteps.TryParseOutcome(request!.Outcome, out var outcome)) return Problems.Invalid("outcome", "outcome is upheld or rejected.");
        var (reason, reasonProblem) = Reason(request.ReasonZhCn, request.ReasonEn);
        if (reasonProblem is not null) return reasonProblem;
        var result = await state.DecideDisputeAsync(context.User, caseId, outcome, reason!, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted ? Results.Json(View(result.Value, state.Today()), CenterJsonContext.Default.DisputeView) : Refused(result.RefusalCode, result.Reason);
    }

    private static async Task<IResult> DecideRepairAsync(HttpContext context, CreditCenterState state, string caseId)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.RepairDecisionRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (request!.Approve is not { } approve) return Problems.Invalid("approve", "approve is required: true or false.");
        var (reason, reasonProblem) = Reason(request.ReasonZhCn, request.ReasonEn);
        if (reasonProblem is not null) return reasonProblem;
        LocalDate? effectiveOn = null;
        if (request.EffectiveOn is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(request.EffectiveOn);
            if (!parsed.Success) return Problems.Invalid("effectiveOn", "effectiveOn is a day as yyyy-MM-dd.");
            if (!approve) return Problems.Invalid("effectiveOn", "effectiveOn goes with an approval only.");
            effectiveOn = parsed.Value;
        }

        var result = await state.DecideRepairAsync(context.User, caseId, approve, effectiveOn, reason!, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted ? Results.Json(View(result.Value), CenterJsonContext.Default.RepairView) : Refused(result.RefusalCode, result.Reason);
    }

    private static IResult RuleSets(CreditCenterState state)
    {
        var inForce = state.Rules.InForceOn(state.Today());
        return Results.Json(
            state.Rules.Versions.Select(v => new RuleSetView(v.Id, v.Version.ToString(), Day(v.EffectiveFrom), v.ContentHash, ReferenceEquals(v, inForce))).ToList(),
            CenterJsonContext.Default.ListRuleSetView);
    }

    private static async Task<IResult> ImpactAsync(HttpContext context, CreditCenterState state, string? from, string? to, string? asOf)
    {
        if (!RuleSetVersion.TryParse(from ?? string.Empty, out var fv) || state.Rules.Find(fv) is not { } fromSet) return Problems.Invalid("from", "from is a rule-set version (GET /api/center/rule-sets).");
        if (!RuleSetVersion.TryParse(to ?? string.Empty, out var tv) || state.Rules.Find(tv) is not { } toSet) return Problems.Invalid("to", "to is a rule-set version (GET /api/center/rule-sets).");
        var day = state.Today();
        if (asOf is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(asOf);
            if (!parsed.Success) return Problems.Invalid("asOf", "asOf is a day as yyyy-MM-dd.");
            day = parsed.Value;
        }

        var knownAt = state.Clock.GetCurrentInstant();
        var report = await RuleSetImpactAnalyzer.AnalyzeAsync(
            state.CreditStore.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }, context.RequestAborted),
            Evaluation.ScoringPlan.Create(fromSet, day),
            Evaluation.ScoringPlan.Create(toSet, day),
            new RuleSetImpactOptions { KnownAt = knownAt },
            context.RequestAborted).ConfigureAwait(false);
        var view = new ImpactView(
            report.From.Version, report.To.Version, Day(report.AsOf), report.Subjects, report.Scored, report.ScoreUp, report.ScoreDown,
            [.. report.Cells.Select(c => new ImpactCellView(c.From, c.To, c.Count))],
            [.. report.Benefits.Select(b => new BenefitShiftView(b.Benefit.Code, b.Gained, b.Lost))]);
        return Results.Json(view, CenterJsonContext.Default.ImpactView);
    }

    private static async Task<IResult> VenuesAsync(HttpContext context, CreditCenterState state)
    {
        var venues = await state.ServiceState.Venues.ListAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Json(
            venues.Select(v => new VenueView(v.VenueId, new WireText { ZhCn = v.Name.ZhCn, En = v.Name.En }, v.Kind, Iso(v.RegisteredAt), v.CredentialReplacedAt is { } r ? Iso(r) : null, v.DisabledAt is { } d ? Iso(d) : null)).ToList(),
            CenterJsonContext.Default.ListVenueView);
    }

    private static async Task<IResult> RegisterVenueAsync(HttpContext context, CreditCenterState state)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.RegisterVenueRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (!GrantKey.IsValidKeyId(request!.VenueId) || request.VenueId!.Contains(':', StringComparison.Ordinal)) return Problems.Invalid("venueId", "venueId is 1–64 printable ASCII characters without spaces, quotes, backslashes or ':'.");
        if (string.IsNullOrWhiteSpace(request.NameZhCn)) return Problems.Invalid("nameZhCn", "nameZhCn is required.");
        if (string.IsNullOrWhiteSpace(request.NameEn)) return Problems.Invalid("nameEn", "nameEn is required.");
        if (string.IsNullOrWhiteSpace(request.Kind)) return Problems.Invalid("kind", "kind is required, for example library.");
        var secret = VenueCredentials.NewSecret();
        var venue = new RegisteredVenue
        {
            VenueId = request.VenueId, Name = new LocalizedText(request.NameZhCn, request.NameEn), Kind = request.Kind,
            CredentialHash = VenueCredentials.Hash(secret), RegisteredAt = state.Clock.GetCurrentInstant(),
        };
        if (!await state.ServiceState.Venues.RegisterAsync(venue, context.RequestAborted).ConfigureAwait(false)) return Problems.Result(StatusCodes.Status409Conflict, CenterReasonCodes.VenueExists, "venueId");
        return Results.Json(Credentials(venue.VenueId, secret), CenterJsonContext.Default.VenueCredentialsResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RotateAsync(HttpContext context, CreditCenterState state, string venueId)
    {
        var secret = VenueCredentials.NewSecret();
        var replaced = await state.ServiceState.Venues.ReplaceCredentialAsync(venueId, VenueCredentials.Hash(secret), state.Clock.GetCurrentInstant(), context.RequestAborted).ConfigureAwait(false);
        state.ForgetVenue(venueId);
        return replaced
            ? Results.Json(Credentials(venueId, secret), CenterJsonContext.Default.VenueCredentialsResponse)
            : Problems.Result(StatusCodes.Status404NotFound, CenterReasonCodes.NotFound, "venueId", "No enabled venue has that id.");
    }

    private static async Task<IResult> DisableAsync(HttpContext context, CreditCenterState state, string venueId)
    {
        var disabled = await state.ServiceState.Venues.DisableAsync(venueId, state.Clock.GetCurrentInstant(), context.RequestAborted).ConfigureAwait(false);
        state.ForgetVenue(venueId);
        return disabled ? Results.NoContent() : Problems.Result(StatusCodes.Status404NotFound, CenterReasonCodes.NotFound, "venueId", "No enabled venue has that id.");
    }

    private static VenueCredentialsResponse Credentials(string venueId, string secret) => new(venueId, secret, $"{VenueCredentials.Scheme} {venueId}:{secret}");

    private static (LocalizedText? Reason, IResult? Problem) Reason(string? zhCn, string? en)
    {
        if (string.IsNullOrWhiteSpace(zhCn)) return (null, Problems.Invalid("reasonZhCn", "reasonZhCn is required."));
        if (string.IsNullOrWhiteSpace(en)) return (null, Problems.Invalid("reasonEn", "reasonEn is required."));
        return (new LocalizedText(zhCn, en), null);
    }
}
