using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues;

/// <summary>Options of <see cref="VenueGateway"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class VenueGatewayOptions
{
    /// <summary>This venue's id: grants must name it as their grantee.</summary>
    public required string VenueId { get; init; }
}

/// <summary>
/// The one entry point for venues (docs/venues.md): checks the citizen's grant, evaluates the subject
/// from the record sources (<c>asOf</c> = today in the rule set's time zone, <c>knownAt</c> = now, both
/// from the <see cref="IClock"/>), applies the benefit policy, discloses only what the grant's scope and
/// the query allow, writes the query to the query log, and reports logs, metrics and a trace.
/// </summary>
/// <remarks>
/// Immutable and thread-safe when its collaborators are. A refused query learns nothing about the subject:
/// the sources are not read. Cancellation propagates and is not logged as a query. An exception from a
/// source is not one (the composite turns it into an incomplete evaluation); an exception from a custom
/// policy or a rule-set history with no version in force propagates after the grant was used.
/// </remarks>
public sealed class VenueGateway
{
    private readonly string _venueId;
    private readonly RuleSetHistory _rules;
    private readonly SourcedEvaluator _evaluator;
    private readonly BenefitCatalog _catalog;
    private readonly IBenefitPolicy _policy;
    private readonly GrantVerifier _verifier;
    private readonly IQueryLog _queryLog;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly VenueTelemetry _telemetry;

    /// <summary>Creates the gateway.</summary>
    /// <param name="options">The venue's id.</param>
    /// <param name="rules">The rule-set versions; the one in force today is used.</param>
    /// <param name="records">The record sources.</param>
    /// <param name="enrolments">The enrolment source.</param>
    /// <param name="catalog">The benefit catalog; every minimum grade must be a grade of every rule-set version.</param>
    /// <param name="policy">The benefit policy (usually <see cref="GradeThresholdPolicy.Instance"/>).</param>
    /// <param name="verifier">The grant verifier.</param>
    /// <param name="queryLog">Where queries are recorded.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="telemetry">Metrics and traces; a private instance when null.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The venue id is empty.</exception>
    /// <exception cref="BenefitCatalogValidationException">The catalog names a grade some rule-set version does not have.</exception>
    public VenueGateway(
        VenueGatewayOptions options,
        RuleSetHistory rules,
        CompositeRecordSource records,
        IEnrolmentSource enrolments,
        BenefitCatalog catalog,
        IBenefitPolicy policy,
        GrantVerifier verifier,
        IQueryLog queryLog,
        IClock clock,
        ILogger<VenueGateway>? logger = null,
        VenueTelemetry? telemetry = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.VenueId)) throw new ArgumentException("The venue id must not be empty.", nameof(options));
        _venueId = options.VenueId;
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _evaluator = new SourcedEvaluator(rules, records ?? throw new ArgumentNullException(nameof(records)), enrolments ?? throw new ArgumentNullException(nameof(enrolments)));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _queryLog = queryLog ?? throw new ArgumentNullException(nameof(queryLog));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _telemetry = telemetry ?? new VenueTelemetry();
        var errors = rules.Versions.SelectMany(r => BenefitCatalogJson.ValidateAgainst(catalog, r)).ToImmutableArray();
        if (!errors.IsEmpty) throw new BenefitCatalogValidationException(catalog.ToString(), errors);
    }

    /// <summary>This venue's id.</summary>
    public string VenueId => _venueId;

    /// <summary>The catalog the gateway decides from.</summary>
    public BenefitCatalog Catalog => _catalog;

    /// <summary>Decides on <paramref name="benefitCode"/>, disclosing whatever the grant allows.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException">The call was cancelled.</exception>
    public Task<VenueDecision> DecideAsync(string grantToken, string benefitCode, CancellationToken cancellationToken = default) =>
        DecideAsync(new VenueQuery { GrantToken = grantToken ?? throw new ArgumentNullException(nameof(grantToken)), BenefitCode = benefitCode ?? throw new ArgumentNullException(nameof(benefitCode)) }, cancellationToken);

    /// <summary>Decides a query.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The call was cancelled.</exception>
    public async Task<VenueDecision> DecideAsync(VenueQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = _telemetry.ActivitySource.StartActivity("ShangdingScore.Decide");
        activity?.SetTag("shangdingscore.venue", _venueId);
        activity?.SetTag("shangdingscore.benefit", LogRedaction.Mask(query.BenefitCode));
        var now = _clock.GetCurrentInstant();

        var benefit = _catalog.Find(query.BenefitCode);
        if (benefit is null)
        {
            return await RefuseAsync(query, GrantRefusalCodes.UnknownBenefit, null, null, now, activity, cancellationToken).ConfigureAwait(false);
        }

        var verification = await _verifier.VerifyAsync(
            new GrantCheck
            {
                Token = query.GrantToken ?? string.Empty,
                Grantee = _venueId,
                AcceptablePurposes = ImmutableArray.Create(benefit.Code, benefit.Family),
                RequestedScope = query.Scope,
            },
            cancellationToken).ConfigureAwait(false);
        if (!verification.IsAccepted)
        {
            return await RefuseAsync(query, verification.ReasonCode!, verification.AuthenticatedGrant?.Subject, verification.KeyId, now, activity, cancellationToken).ConfigureAwait(false);
        }

        var grant = verification.Grant!;
        var scope = query.Scope ?? grant.Scope;
        var asOf = now.InZone(ZoneFor(now)).Date;
        var sourced = await _evaluator.EvaluateAsync(grant.Subject, asOf, now, cancellationToken: cancellationToken).ConfigureAwait(false);
        var evaluation = sourced.Evaluation;
        if (!sourced.IsComplete)
        {
            VenueLog.Incomplete(_logger, LogRedaction.Subject(grant.Subject), sourced.Failures.Length, string.Join(", ", sourced.Failures.Select(f => f.Source)));
        }

        var ruleSet = _rules.Find(RuleSetVersion.Parse(evaluation.RuleSet.Version))!;
        var decision = await _policy.DecideAsync(
            new BenefitContext { Benefit = benefit, Evaluation = evaluation, RuleSet = ruleSet, IsComplete = sourced.IsComplete, DecidedAt = now },
            cancellationToken).ConfigureAwait(false);

        var disclosed = ImmutableArray.CreateBuilder<string>();
        disclosed.Add(DisclosedItems.Decision);
        CreditGrade? grade = null;
        decimal? score = null;
        LocalizedText? explanation = null;
        if (scope >= DisclosureScope.Grade && evaluation.Grade is not null)
        {
            grade = evaluation.Grade;
            disclosed.Add(DisclosedItems.Grade);
        }

        if (scope >= DisclosureScope.ScoreWithExplanation && evaluation.Score is not null)
        {
            score = evaluation.Score;
            explanation = new LocalizedText(ExplanationRenderer.Render(evaluation, Language.ZhCn), ExplanationRenderer.Render(evaluation, Language.En));
            disclosed.Add(DisclosedItems.Score);
            disclosed.Add(DisclosedItems.Explanation);
        }

        var items = disclosed.ToImmutable();
        await _queryLog.AppendAsync(
            new QueryLogEntry
            {
                At = now,
                Grantee = _venueId,
                Subject = grant.Subject,
                Purpose = benefit.Code,
                RequestedScope = query.Scope,
                Disclosed = items,
                Outcome = QueryOutcome.Answered,
                ReasonCode = decision.ReasonCode,
                KeyId = verification.KeyId,
            },
            cancellationToken).ConfigureAwait(false);
        var outcome = decision.IsGranted ? "granted" : "not-granted";
        _telemetry.RecordDecision(outcome, benefit.Code);
        activity?.SetTag("shangdingscore.outcome", outcome);
        activity?.SetTag("shangdingscore.reason", decision.ReasonCode);
        VenueLog.Answered(_logger, _venueId, benefit.Code, LogRedaction.Subject(grant.Subject), decision.ReasonCode, string.Join("+", items));

        return new VenueDecision
        {
            Outcome = QueryOutcome.Answered,
            BenefitCode = benefit.Code,
            BenefitName = benefit.Name,
            IsGranted = decision.IsGranted,
            ReasonCode = decision.ReasonCode,
            Reason = decision.Reason,
            Terms = decision.Terms,
            ValidUntil = decision.ValidUntil,
            DecidedAt = now,
            DisclosedScope = scope,
            Grade = grade,
            Score = score,
            Explanation = explanation,
        };
    }

    private DateTimeZone ZoneFor(Instant now)
    {
        for (int i = _rules.Versions.Length - 1; i >= 0; i--)
        {
            var v = _rules.Versions[i];
            if (now.InZone(v.TimeZone).Date >= v.EffectiveFrom) return v.TimeZone;
        }

        return _rules.Versions[0].TimeZone;
    }

    private async Task<VenueDecision> RefuseAsync(VenueQuery query, string reason, SubjectId? subject, string? keyId, Instant now, Activity? activity, CancellationToken cancellationToken)
    {
        await _queryLog.AppendAsync(
            new QueryLogEntry
            {
                At = now,
                Grantee = _venueId,
                Subject = subject,
                Purpose = query.BenefitCode,
                RequestedScope = query.Scope,
                Disclosed = ImmutableArray<string>.Empty,
                Outcome = QueryOutcome.Refused,
                ReasonCode = reason,
                KeyId = keyId,
            },
            cancellationToken).ConfigureAwait(false);
        var benefit = _catalog.Find(query.BenefitCode);
        // An unknown code comes from the caller: it is not used as a metric tag, to keep the tag set bounded.
        _telemetry.RecordDecision("refused", benefit?.Code ?? "unknown");
        _telemetry.RecordRefusal(reason);
        activity?.SetTag("shangdingscore.outcome", "refused");
        activity?.SetTag("shangdingscore.reason", reason);
        VenueLog.Refused(_logger, _venueId, LogRedaction.Mask(query.BenefitCode), LogRedaction.Subject(subject), reason);
        return new VenueDecision
        {
            Outcome = QueryOutcome.Refused,
            BenefitCode = query.BenefitCode,
            BenefitName = benefit?.Name,
            IsGranted = false,
            ReasonCode = reason,
            Reason = GrantRefusalCodes.Describe(reason),
            DecidedAt = now,
        };
    }
}
