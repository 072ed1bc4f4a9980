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

    /// <summary>
    /// How long the benefit policy may take; a policy that does not answer in time (even one that ignores its
    /// cancellation token) is abandoned and the query fails as <see cref="QueryErrorCodes.PolicyFailed"/>.
    /// </summary>
    /// <value>The default is 5 seconds; it must be positive.</value>
    public TimeSpan PolicyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A rule-set version to decide with instead of the one in force on the day (a deliberate pin, for
    /// example while a venue's terms are negotiated). Every answer then names that version in
    /// <see cref="VenueDecision.RuleSet"/> with <see cref="RuleSetReference.InForce"/> false when it is not
    /// the version in force, and the explanation says so. The version must be one of the history's.
    /// </summary>
    /// <value>The default is null: the version in force on the day.</value>
    public RuleSetVersion? PinnedRuleSetVersion { get; init; }
}

/// <summary>
/// The one entry point for venues (docs/venues.md): checks the citizen's grant, evaluates the subject
/// from the record sources (<c>asOf</c> = today in the rule set's time zone, <c>knownAt</c> = now, both
/// from the <see cref="IClock"/>), applies the benefit policy, uses up the grant, writes the query to the
/// query log, and only then discloses what the grant's scope and the query allow; it reports logs, metrics
/// and a trace.
/// </summary>
/// <remarks>
/// Immutable and thread-safe when its collaborators are. Every call that passes argument validation ends in
/// exactly one query-log entry: <see cref="QueryOutcome.Answered"/>, <see cref="QueryOutcome.Refused"/> (the
/// sources are not read), or <see cref="QueryOutcome.Error"/> (<see cref="QueryErrorCodes"/>: a collaborator
/// threw or hung, or the caller cancelled). The grant is used up only by a query that reached a decision, at
/// that moment and atomically: of concurrent queries on one grant for one benefit exactly one is answered, the
/// others are refused as <c>replayed</c>. Sources and the enrolment source are bounded by the per-source
/// timeout and the policy by <see cref="VenueGatewayOptions.PolicyTimeout"/>.
/// </remarks>
public sealed partial class VenueGateway : IVenueDecider
{
    private readonly string _venueId;
    private readonly TimeSpan _policyTimeout;
    private readonly RuleSetVersion? _pinned;
    private readonly RuleSetHistory _rules;
    private readonly SourcedEvaluator _evaluator;
    private readonly BenefitCatalog _catalog;
    private readonly IBenefitPolicy _policy;
    private readonly GrantVerifier _verifier;
    private readonly IQueryLog _queryLog;
    private readonly bool _logsWithNonces;

    // The nonce store reads the subject's enrolment and records with the grant's status (IGrantStatusReader), for the
    // evaluator's one source: one call to the database instead of two.
    private readonly bool _readsAlong;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly VenueTelemetry _telemetry;

    /// <summary>Creates the gateway.</summary>
    /// <param name="options">The venue's id and the policy's timeout.</param>
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
    /// <exception cref="ArgumentException">The venue id is empty, the policy timeout is not positive, or the pinned rule-set version is not in <paramref name="rules"/>.</exception>
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
        if (options.PolicyTimeout <= TimeSpan.Zero) throw new ArgumentException("PolicyTimeout must be positive.", nameof(options));
        _venueId = options.VenueId;
        _policyTimeout = options.PolicyTimeout;
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        if (options.PinnedRuleSetVersion is { } pin && rules.Find(pin) is null)
        {
            throw new ArgumentException($"PinnedRuleSetVersion {pin} is not a version of '{rules.Id}'; it has {string.Join(", ", rules.Versions.Select(v => v.Version))}.", nameof(options));
        }

        _pinned = options.PinnedRuleSetVersion;
        _evaluator = new SourcedEvaluator(rules, records ?? throw new ArgumentNullException(nameof(records)), enrolments ?? throw new ArgumentNullException(nameof(enrolments)));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _queryLog = queryLog ?? throw new ArgumentNullException(nameof(queryLog));
        _logsWithNonces = _verifier.LogsWithNonces(_queryLog);
        _readsAlong = _evaluator.EnrolledSource is { } source && _verifier.ReadsAlong<RecordQuery, EnrolledRecords>(source);
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
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the decision; the query was logged as <c>cancelled</c> first.</exception>
    public Task<VenueDecision> DecideAsync(string grantToken, string benefitCode, CancellationToken cancellationToken = default) =>
        DecideAsync(new VenueQuery { GrantToken = grantToken ?? throw new ArgumentNullException(nameof(grantToken)), BenefitCode = benefitCode ?? throw new ArgumentNullException(nameof(benefitCode)) }, cancellationToken);

    /// <summary>Decides a query. Every other failure is an answer with <see cref="QueryOutcome.Error"/>, not an exception.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the decision; the query was logged as <c>cancelled</c> first.</exception>
    public async Task<VenueDecision> DecideAsync(VenueQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        using var activity = _telemetry.ActivitySource.StartActivity("ShangdingScore.Decide");
        var q = new Asked(query, _clock.GetCurrentInstant(), activity);
        activity?.SetTag("shangdingscore.venue", _venueId);
        activity?.SetTag("shangdingscore.benefit", LogRedaction.Mask(query.BenefitCode));

        // The step under way names the error when something throws.
        var step = QueryErrorCodes.InternalError;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var benefit = _catalog.Find(query.BenefitCode ?? string.Empty);
            if (benefit is null) return await RefuseAsync(q, GrantRefusalCodes.UnknownBenefit, null, null).ConfigureAwait(false);
            q.Benefit = benefit;

            step = QueryErrorCodes.GrantCheckFailed;
            var check = new GrantCheck
            {
                Token = query.GrantToken ?? string.Empty,
                Grantee = _venueId,
                AcceptablePurposes = ImmutableArray.Create(benefit.Code, benefit.Family),
                RequestedScope = query.Scope,
            };
            var (verification, read) = _readsAlong
                ? await CheckAndReadAsync(check, q, cancellationToken).ConfigureAwait(false)
                : (await _verifier.CheckAsync(check, cancellationToken).ConfigureAwait(false), null);
            if (!verification.IsAccepted) return await RefuseAsync(q, verification.ReasonCode!, verification.AuthenticatedGrant?.Subject, verification.KeyId).ConfigureAwait(false);
            var grant = verification.Grant!;
            q.Subject = grant.Subject;
            q.KeyId = verification.KeyId;

            step = QueryErrorCodes.EvaluationFailed;
            var asOf = q.At.InZone(ZoneFor(q.At)).Date;
            var sourced = read is not null
                ? _evaluator.Evaluate(read, RecordsOf(grant, q), asOf, _pinned)
                : await _evaluator.EvaluateAsync(grant.Subject, asOf, q.At, _pinned, cancellationToken).ConfigureAwait(false);
            var evaluation = sourced.Evaluation;
            if (!sourced.IsComplete)
            {
                VenueLog.Incomplete(_logger, LogRedaction.Subject(grant.Subject), sourced.Failures.Length, LogRedaction.Mask(string.Join(", ", sourced.Failures.Select(f => f.Source))));
            }

            var ruleSet = _rules.Find(RuleSetVersion.Parse(evaluation.RuleSet.Version))!;
            step = QueryErrorCodes.PolicyFailed;
            var context = new BenefitContext { Benefit = benefit, Evaluation = evaluation, RuleSet = ruleSet, IsComplete = sourced.IsComplete, DecidedAt = q.At };
            var decided = await Deadline.RunAsync(t => _policy.DecideAsync(context, t).AsTask(), _policyTimeout, cancellationToken).ConfigureAwait(false);
            if (!decided.Succeeded || decided.Value is null)
            {
                return await FailAsync(q, QueryErrorCodes.PolicyFailed, decided.Error ?? new TimeoutException(decided.TimedOut ? $"The benefit policy did not answer within {_policyTimeout.TotalMilliseconds:0} ms." : "The benefit policy returned no decision.")).ConfigureAwait(false);
            }

            step = QueryErrorCodes.InternalError;
            // A grade or score computed from incomplete data must not be used as if complete: only the decision is disclosed.
            var answer = Disclose(q, benefit, decided.Value, evaluation, sourced.IsComplete ? query.Scope ?? grant.Scope : DisclosureScope.Decision);

            // The last moment the caller's cancellation counts: from here the query is decided.
            cancellationToken.ThrowIfCancellationRequested();
            // Where the nonce store keeps the query log, the nonce and the answer's entry are one durable write.
            step = QueryErrorCodes.NonceStoreFailed;
            var entry = Entry(q, QueryOutcome.Answered, decided.Value.ReasonCode, answer.Disclosed);
            var redeemed = _logsWithNonces
                ? await _verifier.RedeemAndLogAsync(verification, _queryLog, entry, CancellationToken.None).ConfigureAwait(false)
                : await _verifier.RedeemAsync(verification, CancellationToken.None).ConfigureAwait(false);
            if (!redeemed.IsAccepted) return await RefuseAsync(q, redeemed.ReasonCode!, grant.Subject, verification.KeyId).ConfigureAwait(false);

            step = QueryErrorCodes.QueryLogFailed;
            if (!_logsWithNonces) await _queryLog.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
            Report(q, answer.Decision.IsGranted ? "granted" : "not-granted", answer.Decision.ReasonCode, () =>
                VenueLog.Answered(_logger, _venueId, benefit.Code, LogRedaction.Subject(grant.Subject), answer.Decision.ReasonCode, string.Join("+", answer.Disclosed)));
            return answer.Decision;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FailAsync(q, QueryErrorCodes.Cancelled, null).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            return await FailAsync(q, step, ex).ConfigureAwait(false);
        }
    }

    /// <summary>The records a decision evaluates: the grant's subject's, as known when the query was asked.</summary>
    private static RecordQuery RecordsOf(Grant grant, Asked q) => new() { Subject = grant.Subject, KnownAt = q.At };

    /// <summary>
    /// The grant's check with the subject's enrolment and records read along, under the sources' timeout; when that
    /// call fails or times out (the read is the larger part of it), it is logged and the check is made again alone,
    /// so that the records are then read — or fail — as the evaluator's own read does.
    /// </summary>
    private async Task<(GrantVerification Verification, EnrolledRecords? Read)> CheckAndReadAsync(GrantCheck check, Asked q, CancellationToken cancellationToken)
    {
        var attempt = await Deadline.RunAsync(
            token => _verifier.CheckAndReadAsync<RecordQuery, EnrolledRecords>(check, grant => RecordsOf(grant, q), token).AsTask(),
            _evaluator.PerSourceTimeout,
            cancellationToken).ConfigureAwait(false);
        if (attempt.Succeeded) return (attempt.Value!.Verification, attempt.Value.Read);
        VenueLog.ReadAlongFailed(_logger, _venueId, attempt.TimedOut ? $"no answer within {_evaluator.PerSourceTimeout.TotalMilliseconds:0} ms" : attempt.Error!.GetType().Name, attempt.Error);
        return (await _verifier.CheckAsync(check, cancellationToken).ConfigureAwait(false), null);
    }

    private (VenueDecision Decision, ImmutableArray<string> Disclosed) Disclose(Asked q, BenefitDefinition benefit, BenefitDecision decision, CreditEvaluation evaluation, DisclosureScope scope)
    {
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

        return (new VenueDecision
        {
            Outcome = QueryOutcome.Answered,
            BenefitCode = benefit.Code,
            BenefitName = benefit.Name,
            IsGranted = decision.IsGranted,
            ReasonCode = decision.ReasonCode,
            Reason = decision.Reason,
            Terms = decision.Terms,
            ValidUntil = decision.ValidUntil,
            DecidedAt = q.At,
            DisclosedScope = scope,
            Grade = grade,
            Score = score,
            Explanation = explanation,
            RuleSet = evaluation.RuleSet,
        }, disclosed.ToImmutable());
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
}
