using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Venues;

namespace ShangdingScore.CreditCenter.Client;

/// <summary>
/// The venue API's wire format, shared by the center (which writes it) and this client (which reads it):
/// <see cref="VenueDecision"/> to <see cref="DecisionResponse"/> and back, the signed part of a decision, and the JSON metadata.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class CreditCenterWire
{
    /// <summary>The JSON metadata of the wire types (source-generated: camelCase, nulls left out), for an ASP.NET Core host's JSON options.</summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => WireJsonContext.Default;

    /// <summary>What the center signs about <paramref name="decision"/>, made on <paramref name="grantToken"/> for <paramref name="venueId"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static SignedDecision Sign(VenueDecision decision, string venueId, string grantToken)
    {
        if (decision is null) throw new ArgumentNullException(nameof(decision));
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        return new SignedDecision
        {
            VenueId = venueId,
            BenefitCode = decision.BenefitCode.Length == 0 ? "-" : decision.BenefitCode,
            Outcome = decision.Outcome,
            IsGranted = decision.IsGranted,
            ReasonCode = decision.ReasonCode,
            GradeCode = decision.Grade?.Code,
            Score = decision.Score,
            DecidedAt = Seconds(decision.DecidedAt),
            ValidUntil = decision.ValidUntil is { } v ? Seconds(v) : null,
            GrantHash = DecisionToken.HashGrant(grantToken),
        };
    }

    /// <summary>The wire form of a decision with its signed token.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DecisionResponse ToResponse(VenueDecision decision, string decisionToken)
    {
        if (decision is null) throw new ArgumentNullException(nameof(decision));
        if (decisionToken is null) throw new ArgumentNullException(nameof(decisionToken));
        return new DecisionResponse
        {
            Outcome = DecisionToken.OutcomeName(decision.Outcome),
            BenefitCode = decision.BenefitCode,
            BenefitName = Text(decision.BenefitName),
            Granted = decision.IsGranted,
            ReasonCode = decision.ReasonCode,
            Reason = Text(decision.Reason)!,
            Terms = decision.Terms is { } t ? new WireTerms { WaivesDeposit = t.WaivesDeposit, DepositWaivedUpToYuan = t.DepositWaivedUpToYuan, ChargeRate = t.ChargeRate, PriorityLevel = t.PriorityLevel } : null,
            ValidUntil = decision.ValidUntil is { } v ? InstantPattern.ExtendedIso.Format(v) : null,
            DecidedAt = InstantPattern.ExtendedIso.Format(decision.DecidedAt),
            DisclosedScope = decision.DisclosedScope is { } s ? DisclosureScopeNames.Of(s) : null,
            Grade = decision.Grade is { } g ? new WireGrade { Code = g.Code, Name = Text(g.Name)!, Rank = g.Rank } : null,
            Score = decision.Score,
            Explanation = Text(decision.Explanation),
            RuleSet = decision.RuleSet is { } r ? new WireRuleSet { Id = r.Id, Version = r.Version, ContentHash = r.ContentHash, InForce = r.InForce } : null,
            DecisionToken = decisionToken,
        };
    }

    /// <summary>
    /// The decision a response states, checked against its signed part: the readable fields (outcome, granted, reason,
    /// grade, score, decided at, valid until) must say what <paramref name="signed"/> says.
    /// </summary>
    /// <returns>The decision, or null when the response is not well-formed or does not match <paramref name="signed"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static VenueDecision? FromResponse(DecisionResponse response, SignedDecision signed)
    {
        if (response is null) throw new ArgumentNullException(nameof(response));
        if (signed is null) throw new ArgumentNullException(nameof(signed));
        if (!DecisionToken.TryParseOutcome(response.Outcome, out var outcome) || response.Reason is null) return null;
        var decided = InstantPattern.ExtendedIso.Parse(response.DecidedAt ?? string.Empty);
        if (!decided.Success) return null;
        Instant? validUntil = null;
        if (response.ValidUntil is { } vu)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(vu);
            if (!parsed.Success) return null;
            validUntil = parsed.Value;
        }

        DisclosureScope? scope = null;
        if (response.DisclosedScope is { } ds)
        {
            if (!DisclosureScopeNames.TryParse(ds, out var sc)) return null;
            scope = sc;
        }

        var matches = outcome == signed.Outcome
            && response.Granted == signed.IsGranted
            && string.Equals(response.ReasonCode, signed.ReasonCode, StringComparison.Ordinal)
            && string.Equals(response.Grade?.Code, signed.GradeCode, StringComparison.Ordinal)
            && response.Score == signed.Score
            && Seconds(decided.Value) == signed.DecidedAt
            && (validUntil is { } v ? (Instant?)Seconds(v) : null) == signed.ValidUntil;
        if (!matches) return null;
        try
        {
            return Build(response, outcome, decided.Value, validUntil, scope, signed);
        }
        catch (ArgumentException)
        {
            // An empty text or grade name: not a well-formed response.
            return null;
        }
    }

    private static VenueDecision Build(DecisionResponse response, QueryOutcome outcome, Instant decidedAt, Instant? validUntil, DisclosureScope? scope, SignedDecision signed) =>
        new VenueDecision
        {
            Outcome = outcome,
            BenefitCode = response.BenefitCode ?? signed.BenefitCode,
            BenefitName = Text(response.BenefitName),
            IsGranted = response.Granted,
            ReasonCode = response.ReasonCode,
            Reason = Text(response.Reason)!,
            Terms = response.Terms is { } t ? new BenefitTerms { WaivesDeposit = t.WaivesDeposit, DepositWaivedUpToYuan = t.DepositWaivedUpToYuan, ChargeRate = t.ChargeRate, PriorityLevel = t.PriorityLevel } : null,
            ValidUntil = validUntil,
            DecidedAt = decidedAt,
            DisclosedScope = scope,
            Grade = response.Grade is { } g ? new CreditGrade(g.Code, Text(g.Name)!, g.Rank) : null,
            Score = response.Score,
            Explanation = Text(response.Explanation),
            RuleSet = response.RuleSet is { } r ? new RuleSetReference(r.Id, r.Version, r.ContentHash, r.InForce) : null,
        };

    /// <summary>Writes a response as JSON.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    public static string Serialize(DecisionResponse response) =>
        JsonSerializer.Serialize(response ?? throw new ArgumentNullException(nameof(response)), WireJsonContext.Default.DecisionResponse);

    internal static Instant Seconds(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    private static WireText? Text(LocalizedText? text) => text is null ? null : new WireText { ZhCn = text.ZhCn, En = text.En };

    private static LocalizedText? Text(WireText? text) => text is null ? null : new LocalizedText(text.ZhCn ?? string.Empty, text.En ?? string.Empty);
}
