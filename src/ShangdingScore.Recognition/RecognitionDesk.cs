using System.Collections.Immutable;
using System.Globalization;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Venues;

namespace ShangdingScore.Recognition;

/// <summary>Options of a <see cref="RecognitionDesk"/>.</summary>
public sealed class RecognitionDeskOptions
{
    /// <summary>The venue's id, written to the query log as the one who asked.</summary>
    public required string VenueId { get; init; }

    /// <summary>Tolerance for the issuing center's clock; default 2 minutes, at most <see cref="GrantVerifierOptions.MaxClockSkew"/>.</summary>
    public Duration ClockSkew { get; init; } = Duration.FromMinutes(2);
}

/// <summary>
/// A venue's answer to a visitor from another city (异地信用互认): a benefit decided on that city's grade, recognised
/// through an agreement, never on records of ours. Each query writes one query-log entry with the mapping.
/// </summary>
/// <remarks>
/// Recognition is off by default: an agreement must list the benefit or its family, and the desk is a separate object a
/// venue chooses to run. An attestation is a statement valid until it expires, not a one-time grant: it may be shown again.
/// Thread-safe.
/// </remarks>
public sealed class RecognitionDesk
{
    private readonly RecognitionDeskOptions _options;
    private readonly RecognitionAgreements _agreements;
    private readonly RuleSetHistory _rules;
    private readonly BenefitCatalog _catalog;
    private readonly IQueryLog _queryLog;
    private readonly IClock _clock;

    /// <summary>Creates a desk.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The venue id is empty, the skew is out of range, or an agreement maps onto a grade no rule-set version has.</exception>
    public RecognitionDesk(RecognitionDeskOptions options, RecognitionAgreements agreements, RuleSetHistory rules, BenefitCatalog catalog, IQueryLog queryLog, IClock clock)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _agreements = agreements ?? throw new ArgumentNullException(nameof(agreements));
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _queryLog = queryLog ?? throw new ArgumentNullException(nameof(queryLog));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        if (string.IsNullOrWhiteSpace(options.VenueId)) throw new ArgumentException("The venue id is required.", nameof(options));
        if (options.ClockSkew < Duration.Zero || options.ClockSkew > GrantVerifierOptions.MaxClockSkew) throw new ArgumentException($"The clock skew must be 0 to {GrantVerifierOptions.MaxClockSkew}.", nameof(options));
        var problems = rules.Versions.SelectMany(r => agreements.ValidateAgainst(r)).ToList();
        if (problems.Count > 0) throw new ArgumentException("The agreements do not fit the rule sets: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")), nameof(agreements));
    }

    /// <summary>Decides <paramref name="benefitCode"/> for the holder of <paramref name="attestationToken"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the decision.</exception>
    public async Task<RecognitionDecision> DecideAsync(string attestationToken, string benefitCode, CancellationToken cancellationToken = default)
    {
        if (attestationToken is null) throw new ArgumentNullException(nameof(attestationToken));
        if (benefitCode is null) throw new ArgumentNullException(nameof(benefitCode));
        cancellationToken.ThrowIfCancellationRequested();
        var now = _clock.GetCurrentInstant();
        var benefit = _catalog.Find(benefitCode);
        if (benefit is null) return await RefuseAsync(now, benefitCode, GrantRefusalCodes.UnknownBenefit, GrantRefusalCodes.Describe(GrantRefusalCodes.UnknownBenefit), null, null).ConfigureAwait(false);

        var verification = GradeAttestationToken.Verify(attestationToken, _agreements.FindKey, now, _options.ClockSkew);
        var attestation = verification.Attestation;
        if (!verification.IsAccepted) return await RefuseAsync(now, benefitCode, verification.ReasonCode!, null, attestation, null).ConfigureAwait(false);

        var a = attestation!;
        var zone = _rules.Versions[_rules.Versions.Length - 1].TimeZone;
        var today = now.InZone(zone).Date;
        var ruleSet = _rules.InForceOn(today);
        var agreement = _agreements.InForce(a.Issuer, today);
        if (agreement is null || ruleSet is null) return await RefuseAsync(now, benefitCode, AttestationRefusalCodes.NoAgreementInForce, null, a, null).ConfigureAwait(false);
        var foreign = string.Equals(agreement.Scheme, a.Scheme, StringComparison.Ordinal) ? agreement.FindGrade(a.Grade) : null;
        if (foreign is null || !foreign.Admits(a.Score)) return await RefuseAsync(now, benefitCode, AttestationRefusalCodes.GradeNotInTable, null, a, null).ConfigureAwait(false);

        var ours = ruleSet.Grades.First(g => string.Equals(g.Code, foreign.MapsTo, StringComparison.Ordinal));
        var mapping = new GradeMapping(agreement, foreign, a.Score, ours, _agreements);
        if (!agreement.Covers(benefit)) return await RefuseAsync(now, benefitCode, AttestationRefusalCodes.BenefitNotCovered, null, a, mapping).ConfigureAwait(false);

        var minimum = ruleSet.Grades.FirstOrDefault(g => string.Equals(g.Code, benefit.MinimumGrade, StringComparison.Ordinal));
        BenefitDecision decision;
        if (minimum is null) decision = BenefitDecision.Refuse(benefit.Code, BenefitReasonCodes.MinimumGradeUnknown);
        else if (!ours.IsAtLeast(minimum)) decision = BenefitDecision.Refuse(benefit.Code, BenefitReasonCodes.GradeBelowThreshold);
        else
        {
            // A decision holds as a grade-based one does, and never beyond the attestation it rests on.
            var validUntil = today.Plus(benefit.ValidFor).AtStartOfDayInZone(zone).ToInstant();
            decision = BenefitDecision.Grant(benefit.Code, benefit.Terms, validUntil < a.ExpiresAt ? validUntil : a.ExpiresAt);
        }

        await _queryLog.AppendAsync(Entry(now, benefitCode, QueryOutcome.Answered, decision.ReasonCode, mapping), CancellationToken.None).ConfigureAwait(false);
        return new RecognitionDecision(
            new VenueDecision
            {
                Outcome = QueryOutcome.Answered, BenefitCode = benefit.Code, BenefitName = benefit.Name, IsGranted = decision.IsGranted,
                ReasonCode = decision.ReasonCode, Reason = decision.Reason, Terms = decision.IsGranted ? decision.Terms : null,
                ValidUntil = decision.ValidUntil, DecidedAt = now, DisclosedScope = DisclosureScope.Decision,
                RuleSet = new RuleSetReference(ruleSet.Id, ruleSet.Version.ToString(), ruleSet.ContentHash, inForce: true),
            },
            mapping);
    }

    private async Task<RecognitionDecision> RefuseAsync(Instant now, string benefitCode, string code, LocalizedText? reason, GradeAttestation? attestation, GradeMapping? mapping)
    {
        await _queryLog.AppendAsync(Entry(now, benefitCode, QueryOutcome.Refused, code, mapping, attestation), CancellationToken.None).ConfigureAwait(false);
        return new RecognitionDecision(
            new VenueDecision
            {
                Outcome = QueryOutcome.Refused, BenefitCode = benefitCode, IsGranted = false, ReasonCode = code,
                Reason = reason ?? AttestationRefusalCodes.Describe(code), DecidedAt = now,
            },
            mapping);
    }

    private QueryLogEntry Entry(Instant now, string benefitCode, QueryOutcome outcome, string reasonCode, GradeMapping? mapping, GradeAttestation? attestation = null) => new()
    {
        At = now,
        Grantee = _options.VenueId,
        Subject = null,
        Purpose = benefitCode,
        Disclosed = outcome == QueryOutcome.Answered ? ImmutableArray.Create(DisclosedItems.Decision) : ImmutableArray<string>.Empty,
        Outcome = outcome,
        ReasonCode = reasonCode,
        Recognition = mapping?.ToString() ?? (attestation is null ? null : $"{attestation.Issuer} {attestation.Scheme} {attestation.Grade}"),
    };
}

/// <summary>How another city's grade was read here: the agreement, the grade there (and score), the grade here.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GradeMapping
{
    internal GradeMapping(RecognitionAgreement agreement, ForeignGrade foreign, decimal? score, CreditGrade ours, RecognitionAgreements document)
    {
        Agreement = agreement;
        ForeignGrade = foreign;
        Score = score;
        Grade = ours;
        Document = $"{document.Id}@{document.Version}";
    }

    /// <summary>The agreement that maps it.</summary>
    public RecognitionAgreement Agreement { get; }

    /// <summary>The grade in the other city's scheme.</summary>
    public ForeignGrade ForeignGrade { get; }

    /// <summary>The score the attestation stated, if any.</summary>
    public decimal? Score { get; }

    /// <summary>The grade of ours it counts as.</summary>
    public CreditGrade Grade { get; }

    /// <summary>The agreements document and version that mapped it (<c>id@version</c>).</summary>
    public string Document { get; }

    /// <summary>The mapping in words, zh-CN and English: "杭州 钱江分 A（880）→ 信用优秀".</summary>
    public LocalizedText Describe()
    {
        var score = Score is { } s ? s.ToString(CultureInfo.InvariantCulture) : null;
        return new LocalizedText(
            $"{Agreement.CityName.ZhCn} {Agreement.SchemeName.ZhCn} {ForeignGrade.Name.ZhCn}{(score is null ? "" : $"（{score}）")} → {Grade.Name.ZhCn}（依据 {Document}）",
            $"{Agreement.CityName.En} {Agreement.SchemeName.En} {ForeignGrade.Name.En}{(score is null ? "" : $" ({score})")} → {Grade.Name.En} (under {Document})");
    }

    /// <summary>The mapping as the query log keeps it: <c>issuer scheme grade[ score] -> our-grade (id@version)</c>.</summary>
    public override string ToString() =>
        $"{Agreement.Issuer} {Agreement.Scheme} {ForeignGrade.Code}{(Score is { } s ? " " + s.ToString(CultureInfo.InvariantCulture) : "")} -> {Grade.Code} ({Document})";
}

/// <summary>
/// A <see cref="RecognitionDesk"/>'s answer: the decision in the same shape a <see cref="VenueDecision"/> from the gateway has
/// (a venue's code handles both alike; no grade, score or explanation of ours is ever in it), and how the other city's
/// grade was read.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class RecognitionDecision
{
    internal RecognitionDecision(VenueDecision decision, GradeMapping? mapping)
    {
        Decision = decision;
        Mapping = mapping;
    }

    /// <summary>The decision: answered (granted or not, with the terms) or refused with the refusal's reason.</summary>
    public VenueDecision Decision { get; }

    /// <summary>How the other city's grade was read here, once the attestation and its grade were accepted; else null.</summary>
    public GradeMapping? Mapping { get; }
}
