using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// What a credit center signs about one venue query it decided (docs/service.md): the venue, the benefit, the
/// outcome and its reason, the grade and score only as far as the grant disclosed them, when it was decided and
/// until when it holds, and the hash of the grant token it was decided on, so the decision is bound to that query.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class SignedDecision
{
    /// <summary>The venue that asked (the grant's grantee).</summary>
    public required string VenueId { get; init; }

    /// <summary>The benefit asked about.</summary>
    public required string BenefitCode { get; init; }

    /// <summary>Answered, refused or error.</summary>
    public required QueryOutcome Outcome { get; init; }

    /// <summary>Whether the benefit is granted.</summary>
    public required bool IsGranted { get; init; }

    /// <summary>The decision's reason code (a refusal, error or benefit reason code).</summary>
    public required string ReasonCode { get; init; }

    /// <summary>The grade's code, only when the grant disclosed the grade; else null.</summary>
    public string? GradeCode { get; init; }

    /// <summary>The score, only when the grant disclosed it; else null.</summary>
    public decimal? Score { get; init; }

    /// <summary>When the query was decided.</summary>
    public required Instant DecidedAt { get; init; }

    /// <summary>Until when a granted decision holds; null when it states no end (refusals, errors).</summary>
    public Instant? ValidUntil { get; init; }

    /// <summary>The hash of the grant token the decision was made on (<see cref="DecisionToken.HashGrant"/>).</summary>
    public required string GrantHash { get; init; }
}

/// <summary>Why a signed decision was not accepted by the venue that received it.</summary>
public static class DecisionRefusalCodes
{
    /// <summary>The token is not in the <c>sdd1</c> format.</summary>
    public const string Malformed = "malformed-decision";

    /// <summary>The token names another key id than the center's key.</summary>
    public const string UnknownKey = "unknown-key";

    /// <summary>The signature does not verify with the center's key (forged or altered).</summary>
    public const string SignatureInvalid = "signature-invalid";

    /// <summary>The decision is for another venue.</summary>
    public const string WrongVenue = "wrong-venue";

    /// <summary>The decision is for another benefit than the one asked about.</summary>
    public const string WrongBenefit = "wrong-benefit";

    /// <summary>The decision was made on another grant token than the one presented.</summary>
    public const string WrongGrant = "wrong-grant";

    /// <summary>The decision's readable fields do not say what its signed token says.</summary>
    public const string ContentMismatch = "content-mismatch";

    /// <summary>The reason's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        Malformed => new("信用中心的认定凭证格式不正确。", "The credit center's decision token is not well-formed."),
        UnknownKey => new("认定凭证的签名密钥不是信用中心的密钥。", "The decision token was not signed with the credit center's key."),
        SignatureInvalid => new("认定凭证签名无效（可能被伪造或篡改）。", "The decision token's signature is invalid (forged or altered)."),
        WrongVenue => new("该认定不是给本机构的。", "The decision is for another venue."),
        WrongBenefit => new("该认定针对的不是本次查询的激励项目。", "The decision is for another benefit than the one asked about."),
        WrongGrant => new("该认定不是基于本次出示的授权码作出的。", "The decision was made on another authorization token."),
        ContentMismatch => new("认定内容与签名凭证不一致。", "The decision's content does not match its signed token."),
        _ => throw new ArgumentException($"'{code}' is not a decision refusal code.", nameof(code)),
    };
}

/// <summary>The outcome of <see cref="DecisionToken.Verify"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DecisionVerification
{
    private DecisionVerification(string? reasonCode, SignedDecision? decision)
    {
        ReasonCode = reasonCode;
        Decision = decision;
    }

    /// <summary>Whether the decision is authentic and is about the query asked.</summary>
    public bool IsAccepted => ReasonCode is null;

    /// <summary>Null when accepted; otherwise one of <see cref="DecisionRefusalCodes"/>.</summary>
    public string? ReasonCode { get; }

    /// <summary>The signed decision, only when accepted.</summary>
    public SignedDecision? Decision { get; }

    internal static DecisionVerification Accept(SignedDecision d) => new(null, d);

    internal static DecisionVerification Refuse(string code) => new(code, null);
}

/// <summary>
/// The signed decision token: <c>sdd1.&lt;header&gt;.&lt;payload&gt;.&lt;signature&gt;</c>, the same compact form as
/// <see cref="GrantToken"/>: header <c>{"alg","kid"}</c>; payload <c>{"ven","ben","out","grt","rsn","grd"?,"scr"?,"dat","vut"?,"gth"}</c>
/// (outcome <c>answered</c>|<c>refused</c>|<c>error</c>, granted <c>true</c>|<c>false</c>, score as a decimal string, instants
/// as <c>uuuu-MM-ddTHH:mm:ssZ</c>), base64url without padding, signature over the ASCII text before it.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class DecisionToken
{
    /// <summary>The format's prefix and version.</summary>
    public const string Prefix = "sdd1";

    /// <summary>The longest token accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>The hash that binds a decision to the grant token it was made on: SHA-256 of the token's UTF-8 text, base64url.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grantToken"/> is null.</exception>
    public static string HashGrant(string grantToken)
    {
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        using var sha = SHA256.Create();
        return Base64Url.Encode(sha.ComputeHash(Encoding.UTF8.GetBytes(grantToken)));
    }

    /// <summary>Signs a decision with <paramref name="key"/> (the credit center's decision key).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, the outcome is not defined, or the key cannot sign.</exception>
    public static string Create(SignedDecision decision, GrantKey key)
    {
        if (decision is null) throw new ArgumentNullException(nameof(decision));
        if (key is null) throw new ArgumentNullException(nameof(key));
        if (!key.CanSign) throw new ArgumentException($"Key '{key.KeyId}' cannot sign.", nameof(key));
        var problem = Check(decision);
        if (problem is not null) throw new ArgumentException(problem, nameof(decision));
        var header = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("alg", key.Algorithm);
            w.WriteString("kid", key.KeyId);
        }));
        var payload = Base64Url.Encode(TokenJson.Write(w =>
        {
            w.WriteString("ven", decision.VenueId);
            w.WriteString("ben", decision.BenefitCode);
            w.WriteString("out", OutcomeName(decision.Outcome));
            w.WriteString("grt", decision.IsGranted ? "true" : "false");
            w.WriteString("rsn", decision.ReasonCode);
            if (decision.GradeCode is { } g) w.WriteString("grd", g);
            if (decision.Score is { } s) w.WriteString("scr", s.ToString(CultureInfo.InvariantCulture));
            w.WriteString("dat", TokenJson.InstantFormat.Format(decision.DecidedAt));
            if (decision.ValidUntil is { } v) w.WriteString("vut", TokenJson.InstantFormat.Format(v));
            w.WriteString("gth", decision.GrantHash);
        }));
        var signingInput = $"{Prefix}.{header}.{payload}";
        return signingInput + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// Checks a decision token as the venue that asked: the signature with the center's <paramref name="centerKey"/>
    /// (its key id and algorithm must match), then that it is for <paramref name="venueId"/>, for
    /// <paramref name="benefitCode"/> and made on <paramref name="grantToken"/>. Never throws for any token text.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="token"/> is null.</exception>
    public static DecisionVerification Verify(string? token, GrantKey centerKey, string venueId, string benefitCode, string grantToken)
    {
        if (centerKey is null) throw new ArgumentNullException(nameof(centerKey));
        if (venueId is null) throw new ArgumentNullException(nameof(venueId));
        if (benefitCode is null) throw new ArgumentNullException(nameof(benefitCode));
        if (grantToken is null) throw new ArgumentNullException(nameof(grantToken));
        if (token is null || token.Length is 0 or > MaxLength) return DecisionVerification.Refuse(DecisionRefusalCodes.Malformed);
        var parts = token.Split('.');
        if (parts.Length != 4 || !string.Equals(parts[0], Prefix, StringComparison.Ordinal)) return DecisionVerification.Refuse(DecisionRefusalCodes.Malformed);
        if (!Base64Url.TryDecode(parts[1], out var headerBytes) || !Base64Url.TryDecode(parts[2], out var payloadBytes) || !Base64Url.TryDecode(parts[3], out var signature))
        {
            return DecisionVerification.Refuse(DecisionRefusalCodes.Malformed);
        }

        var header = TokenJson.ReadStrings(headerBytes, "alg", "kid");
        var payload = TokenJson.ReadStrings(payloadBytes, new[] { "ven", "ben", "out", "grt", "rsn", "dat", "gth" }, "grd", "scr", "vut");
        if (header is null || payload is null) return DecisionVerification.Refuse(DecisionRefusalCodes.Malformed);
        var decision = Read(payload);
        if (decision is null) return DecisionVerification.Refuse(DecisionRefusalCodes.Malformed);
        if (!string.Equals(header["kid"], centerKey.KeyId, StringComparison.Ordinal)) return DecisionVerification.Refuse(DecisionRefusalCodes.UnknownKey);
        if (!string.Equals(header["alg"], centerKey.Algorithm, StringComparison.Ordinal)
            || !centerKey.Verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}.{parts[2]}"), signature))
        {
            return DecisionVerification.Refuse(DecisionRefusalCodes.SignatureInvalid);
        }

        if (!string.Equals(decision.VenueId, venueId, StringComparison.Ordinal)) return DecisionVerification.Refuse(DecisionRefusalCodes.WrongVenue);
        if (!string.Equals(decision.BenefitCode, benefitCode, StringComparison.Ordinal)) return DecisionVerification.Refuse(DecisionRefusalCodes.WrongBenefit);
        if (!string.Equals(decision.GrantHash, HashGrant(grantToken), StringComparison.Ordinal)) return DecisionVerification.Refuse(DecisionRefusalCodes.WrongGrant);
        return DecisionVerification.Accept(decision);
    }

    /// <summary>The wire name of an outcome: <c>answered</c>, <c>refused</c> or <c>error</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined outcome.</exception>
    public static string OutcomeName(QueryOutcome outcome) => outcome switch
    {
        QueryOutcome.Answered => "answered",
        QueryOutcome.Refused => "refused",
        QueryOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a query outcome."),
    };

    /// <summary>Parses the wire name of an outcome (ordinal, exact).</summary>
    public static bool TryParseOutcome(string? text, out QueryOutcome outcome)
    {
        switch (text)
        {
            case "answered": outcome = QueryOutcome.Answered; return true;
            case "refused": outcome = QueryOutcome.Refused; return true;
            case "error": outcome = QueryOutcome.Error; return true;
            default: outcome = QueryOutcome.Answered; return false;
        }
    }

    private static SignedDecision? Read(Dictionary<string, string> p)
    {
        if (!TryParseOutcome(p["out"], out var outcome)) return null;
        if (p["grt"] is not ("true" or "false")) return null;
        var dat = TokenJson.InstantFormat.Parse(p["dat"]);
        if (!dat.Success) return null;
        Instant? vut = null;
        if (p.TryGetValue("vut", out var vutText))
        {
            var parsed = TokenJson.InstantFormat.Parse(vutText);
            if (!parsed.Success) return null;
            vut = parsed.Value;
        }

        decimal? score = null;
        if (p.TryGetValue("scr", out var scr))
        {
            if (!decimal.TryParse(scr, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s)) return null;
            score = s;
        }

        var d = new SignedDecision
        {
            VenueId = p["ven"], BenefitCode = p["ben"], Outcome = outcome, IsGranted = p["grt"] == "true", ReasonCode = p["rsn"],
            GradeCode = p.TryGetValue("grd", out var g) ? g : null, Score = score, DecidedAt = dat.Value, ValidUntil = vut, GrantHash = p["gth"],
        };
        return Check(d) is null ? d : null;
    }

    private static string? Check(SignedDecision d)
    {
        if (string.IsNullOrWhiteSpace(d.VenueId)) return "The decision names no venue.";
        if (string.IsNullOrWhiteSpace(d.BenefitCode)) return "The decision names no benefit.";
        if (string.IsNullOrWhiteSpace(d.ReasonCode)) return "The decision names no reason.";
        if (!Enum.IsDefined(typeof(QueryOutcome), d.Outcome)) return "The decision's outcome is not defined.";
        if (d.IsGranted && d.Outcome != QueryOutcome.Answered) return "Only an answered decision can grant.";
        if (d.GradeCode is { Length: 0 }) return "An empty grade code.";
        if (string.IsNullOrWhiteSpace(d.GrantHash)) return "The decision names no grant hash.";
        return null;
    }
}
