using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Serialization;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>The citizen API: only ever the signed-in citizen's own subject.</summary>
internal static partial class Endpoints
{
    private static void MapCitizen(IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization(CitizenPolicy).WithTags("citizen");
        me.MapGet("/score", ScoreAsync).WithSummary("Score, grade and explanation as of a day (asOf, default today), as known at an instant (knownAt, default now).");
        me.MapGet("/hints", HintsAsync).WithSummary("How to improve: the hints as of a day.");
        me.MapGet("/queries", QueriesAsync).Produces<List<QueryView>>().WithSummary("The query log: every venue query about me.");
        me.MapGet("/grants", GrantsAsync).Produces<List<GrantView>>().WithSummary("The grants I issued.");
        me.MapPost("/grants", IssueGrantAsync).Accepts<IssueGrantRequest>("application/json").Produces<IssuedGrantResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Issues a grant for a venue (purpose, scope, lifetime): the token to show the venue.");
        me.MapDelete("/grants/{nonce}", RevokeGrantAsync).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Revokes a grant: a venue presenting it is refused (revoked).");
        me.MapGet("/rights", RightsAsync).Produces<RightsView>().WithSummary("My enrolment, disputes and repairs.");
        me.MapPost("/enrolment", EnrolAsync).Accepts<EnrolRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Enrols (opts in), accepting the consent text.");
        me.MapPost("/withdrawal", WithdrawAsync).Accepts<WithdrawRequest>("application/json").ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Withdraws (opts out).");
        me.MapPost("/disputes", DisputeAsync).Accepts<CaseRequest>("application/json").Produces<DisputeView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Disputes a record: it is suspended while the dispute is pending.");
        me.MapPost("/repairs", RepairAsync).Accepts<CaseRequest>("application/json").Produces<RepairView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Applies to repair a record.");
    }

    private static async Task<IResult> ScoreAsync(HttpContext context, CreditCenterState state, string? asOf, string? knownAt)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (day, at, ruleSet, problem) = ReadView(state, asOf, knownAt);
        if (problem is not null) return problem;
        var evaluation = await state.Rights.EvaluateAsync(ruleSet!, subject, day, at, context.RequestAborted).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("evaluation");
            w.WriteRawValue(EvaluationJson.Serialize(evaluation, indented: false));
            w.WriteStartObject("explanation");
            w.WriteString("zhCn", ExplanationRenderer.Render(evaluation, Language.ZhCn));
            w.WriteString("en", ExplanationRenderer.Render(evaluation, Language.En));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Results.Text(Encoding.UTF8.GetString(buffer.ToArray()), "application/json; charset=utf-8");
    }

    private static async Task<IResult> HintsAsync(HttpContext context, CreditCenterState state, string? asOf)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (day, at, ruleSet, problem) = ReadView(state, asOf, null);
        if (problem is not null) return problem;
        var records = ImmutableArray.CreateBuilder<CreditRecord>();
        await foreach (var r in state.Theme.ReadRecordsAsync(subject, at, context.RequestAborted).ConfigureAwait(false)) records.Add(r);
        var enrolment = await state.Rights.GetEnrolmentAsync(subject, at, context.RequestAborted).ConfigureAwait(false);
        var hints = ImprovementAdvisor.Advise(ruleSet!, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records.ToImmutable(), AsOf = day, KnownAt = at });
        var body = new Dictionary<string, string>
        {
            ["status"] = hints.Status == AdviceStatus.Advised ? "advised" : "not-enrolled",
            ["zhCn"] = ImprovementHintRenderer.Render(hints, Language.ZhCn),
            ["en"] = ImprovementHintRenderer.Render(hints, Language.En),
        };
        return Results.Json(body, CenterJsonContext.Default.DictionaryStringString);
    }

    private static async Task<IResult> QueriesAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var list = new List<QueryView>();
        foreach (var e in await state.GrantState.QueryLog.ReadForSubjectAsync(subject, context.RequestAborted).ConfigureAwait(false))
        {
            list.Add(new QueryView(Iso(e.At), e.Grantee, e.Purpose, e.RequestedScope is { } s ? DisclosureScopeNames.Of(s) : null, [.. e.Disclosed], DecisionToken.OutcomeName(e.Outcome), e.ReasonCode));
        }

        return Results.Json(list, CenterJsonContext.Default.ListQueryView);
    }

    private static async Task<IResult> GrantsAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var grants = await state.ServiceState.IssuedGrants.ListForSubjectAsync(subject, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(grants.Select(View).ToList(), CenterJsonContext.Default.ListGrantView);
    }

    private static async Task<IResult> IssueGrantAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.IssueGrantRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request!.VenueId)) return Problems.Invalid("venueId", "venueId is required: the registered venue the grant is for.");
        if (string.IsNullOrWhiteSpace(request.Purpose)) return Problems.Invalid("purpose", "purpose is required: a benefit code or a family code.");
        if (!DisclosureScopeNames.TryParse(request.Scope ?? DisclosureScopeNames.Decision, out var scope)) return Problems.Invalid("scope", "scope is one of decision, grade, score-with-explanation.");
        var issue = await state.IssueGrantAsync(subject, request.VenueId, request.Purpose, scope, request.ValidMinutes, context.RequestAborted).ConfigureAwait(false);
        if (issue.ReasonCode is not null) return Problems.Result(StatusCodes.Status400BadRequest, issue.ReasonCode, issue.Field);
        var (token, issued) = (issue.Token!, issue.Grant!);
        return Results.Json(new IssuedGrantResponse(token, View(issued)), CenterJsonContext.Default.IssuedGrantResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeGrantAsync(HttpContext context, CreditCenterState state, string nonce)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        return await state.ServiceState.IssuedGrants.RevokeAsync(subject, nonce, state.Clock.GetCurrentInstant(), context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : Problems.Result(StatusCodes.Status404NotFound, CenterReasonCodes.NotFound, "nonce", "No grant of yours with that nonce is in force.");
    }

    private static async Task<IResult> RightsAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var rights = await state.Rights.GetStateAsync(subject, null, context.RequestAborted).ConfigureAwait(false);
        var enrolment = await state.Rights.GetEnrolmentAsync(subject, null, context.RequestAborted).ConfigureAwait(false);
        var today = state.Today();
        return Results.Json(
            new RightsView(enrolment.IsEnrolledOn(today), [.. rights.Disputes.Select(d => View(d, today))], [.. rights.Repairs.Select(View)]),
            CenterJsonContext.Default.RightsView);
    }

    private static async Task<IResult> EnrolAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.EnrolRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(request!.ConsentTextVersion)) return Problems.Invalid("consentTextVersion", "consentTextVersion is required (GET /api/consent-text).");
        if (string.IsNullOrWhiteSpace(request.ConsentTextHash)) return Problems.Invalid("consentTextHash", "consentTextHash is required (GET /api/consent-text).");
        LocalDate? birth = null;
        if (request.BirthDate is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(request.BirthDate);
            if (!parsed.Success) return Problems.Invalid("birthDate", "birthDate is a day as yyyy-MM-dd.");
            birth = parsed.Value;
        }

        var result = await state.EnrolAsync(subject, request.ConsentTextVersion, request.ConsentTextHash, birth, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted ? Results.NoContent() : Refused(result.RefusalCode, result.Reason);
    }

    private static async Task<IResult> WithdrawAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.WithdrawRequest).ConfigureAwait(false);
        if (problem is not null) return problem;
        var result = await state.WithdrawAsync(subject, request!.Reason, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted ? Results.NoContent() : Refused(result.RefusalCode, result.Reason);
    }

    private static async Task<IResult> DisputeAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (request, problem) = await ReadCaseAsync(context).ConfigureAwait(false);
        if (problem is not null) return problem;
        var result = await state.Rights.FileDisputeAsync(new DisputeFiling
        {
            Subject = subject, RecordId = request!.RecordId!, Actor = RightsActor.Citizen(subject), Reason = request.Reason!, Evidence = [.. request.Evidence ?? []],
        }, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted
            ? Results.Json(View(result.Value, state.Today()), CenterJsonContext.Default.DisputeView, statusCode: StatusCodes.Status201Created)
            : Refused(result.RefusalCode, result.Reason);
    }

    private static async Task<IResult> RepairAsync(HttpContext context, CreditCenterState state)
    {
        var subject = new SubjectId(SubjectOf(context.User)!);
        var (request, problem) = await ReadCaseAsync(context).ConfigureAwait(false);
        if (problem is not null) return problem;
        var result = await state.Rights.ApplyForRepairAsync(new RepairApplication
        {
            Subject = subject, RecordId = request!.RecordId!, Actor = RightsActor.Citizen(subject), Reason = request.Reason!, Evidence = [.. request.Evidence ?? []],
        }, context.RequestAborted).ConfigureAwait(false);
        return result.IsAccepted
            ? Results.Json(View(result.Value), CenterJsonContext.Default.RepairView, statusCode: StatusCodes.Status201Created)
            : Refused(result.RefusalCode, result.Reason);
    }

    private static async Task<(CaseRequest? Value, IResult? Problem)> ReadCaseAsync(HttpContext context)
    {
        var (request, problem) = await ReadAsync(context, CenterJsonContext.Default.CaseRequest).ConfigureAwait(false);
        if (problem is not null) return (null, problem);
        if (string.IsNullOrWhiteSpace(request!.RecordId)) return (null, Problems.Invalid("recordId", "recordId is required: the record's id."));
        if (string.IsNullOrWhiteSpace(request.Reason)) return (null, Problems.Invalid("reason", "reason is required."));
        if (request.Evidence is { } ev && ev.Any(string.IsNullOrWhiteSpace)) return (null, Problems.Invalid("evidence", "An evidence reference is empty."));
        return (request, null);
    }

    /// <summary>A rights step refused: 409 with the SDK's <see cref="RightsRefusalCodes"/> code.</summary>
    private static IResult Refused(string code, LocalizedText reason) => Problems.Result(StatusCodes.Status409Conflict, code, reason);

    private static (LocalDate Day, Instant At, RuleSet? RuleSet, IResult? Problem) ReadView(CreditCenterState state, string? asOf, string? knownAt)
    {
        var day = state.Today();
        if (asOf is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(asOf);
            if (!parsed.Success) return (day, default, null, Problems.Invalid("asOf", "asOf is a day as yyyy-MM-dd."));
            day = parsed.Value;
        }

        var at = state.Clock.GetCurrentInstant();
        if (knownAt is not null)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(knownAt);
            if (!parsed.Success) return (day, at, null, Problems.Invalid("knownAt", "knownAt is an instant as yyyy-MM-ddTHH:mm:ssZ."));
            at = parsed.Value;
        }

        var ruleSet = state.Rules.InForceOn(day);
        return ruleSet is null ? (day, at, null, Problems.Result(StatusCodes.Status400BadRequest, CenterReasonCodes.NoRuleSetInForce, "asOf")) : (day, at, ruleSet, null);
    }

    private static GrantView View(IssuedGrant g) =>
        new(g.Nonce, g.Grantee, g.Purpose, DisclosureScopeNames.Of(g.Scope), Iso(g.IssuedAt), Iso(g.ExpiresAt), g.RevokedAt is { } r ? Iso(r) : null);

    private static DisputeView View(DisputeCase d, LocalDate today) =>
        new(d.CaseId, d.Subject.Value, d.RecordId, d.Provider, Kebab(d.Status.ToString()), Day(d.FiledOn), Day(d.Deadline), d.IsOverdueOn(today), d.Suspends);

    private static RepairView View(RepairCase r) => new(r.CaseId, r.RecordId, Kebab(r.Status.ToString()), Iso(r.AppliedAt), Day(r.EligibleFrom), r.EffectiveOn is { } on ? Day(on) : null);

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static string Day(LocalDate day) => LocalDatePattern.Iso.Format(day);

    private static string Kebab(string name) => name.ToLowerInvariant();
}
