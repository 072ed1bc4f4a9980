using System.Text.Json.Serialization;

namespace ShangdingScore.CreditCenter.Client;

/// <summary>The body of <c>POST /api/venue/decisions</c> (docs/service.md).</summary>
/// <remarks>Settable, for JSON binding.</remarks>
public sealed class DecisionRequest
{
    /// <summary>The grant token the citizen presented (<c>sdg1.…</c>).</summary>
    public string? GrantToken { get; set; }

    /// <summary>The benefit asked about, a code of the center's catalog.</summary>
    public string? BenefitCode { get; set; }

    /// <summary>How much to learn (<c>decision</c>, <c>grade</c>, <c>score-with-explanation</c>); null for whatever the grant allows.</summary>
    public string? Scope { get; set; }
}

/// <summary>A text in zh-CN and English on the wire.</summary>
public sealed class WireText
{
    /// <summary>The zh-CN text.</summary>
    public string ZhCn { get; set; } = string.Empty;

    /// <summary>The English text.</summary>
    public string En { get; set; } = string.Empty;
}

/// <summary>A credit grade on the wire.</summary>
public sealed class WireGrade
{
    /// <summary>The grade's code.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>The grade's name.</summary>
    public WireText Name { get; set; } = new();

    /// <summary>The grade's rank (higher is better).</summary>
    public int Rank { get; set; }
}

/// <summary>A benefit's terms on the wire.</summary>
public sealed class WireTerms
{
    /// <summary>Whether a deposit is waived.</summary>
    public bool WaivesDeposit { get; set; }

    /// <summary>Up to how many yuan of deposit are waived.</summary>
    public decimal? DepositWaivedUpToYuan { get; set; }

    /// <summary>The charge rate (for example 0.5 for half the commission).</summary>
    public decimal? ChargeRate { get; set; }

    /// <summary>The priority level.</summary>
    public int? PriorityLevel { get; set; }
}

/// <summary>The rule set a decision was made with, on the wire.</summary>
public sealed class WireRuleSet
{
    /// <summary>The rule set's id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Its version.</summary>
    public string Version { get; set; } = string.Empty;

    /// <summary>Its content hash.</summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>Whether it was in force on the day decided.</summary>
    public bool InForce { get; set; }
}

/// <summary>
/// The answer of <c>POST /api/venue/decisions</c>: the decision as far as the grant discloses it, and
/// <see cref="DecisionToken"/>, the center's signature over it (<c>sdd1.…</c>, ShangdingScore.Authorization.DecisionToken).
/// </summary>
public sealed class DecisionResponse
{
    /// <summary><c>answered</c>, <c>refused</c> or <c>error</c>.</summary>
    public string Outcome { get; set; } = string.Empty;

    /// <summary>The benefit asked about.</summary>
    public string BenefitCode { get; set; } = string.Empty;

    /// <summary>The benefit's name, when the catalog holds it.</summary>
    public WireText? BenefitName { get; set; }

    /// <summary>Whether the benefit is granted.</summary>
    public bool Granted { get; set; }

    /// <summary>The reason code (a refusal, error or benefit reason code).</summary>
    public string ReasonCode { get; set; } = string.Empty;

    /// <summary>The reason in zh-CN and English.</summary>
    public WireText Reason { get; set; } = new();

    /// <summary>The terms, when granted.</summary>
    public WireTerms? Terms { get; set; }

    /// <summary>Until when a granted decision holds (ISO 8601 UTC).</summary>
    public string? ValidUntil { get; set; }

    /// <summary>When the query was decided (ISO 8601 UTC).</summary>
    public string DecidedAt { get; set; } = string.Empty;

    /// <summary>The scope disclosed; null when refused.</summary>
    public string? DisclosedScope { get; set; }

    /// <summary>The grade, only when disclosed.</summary>
    public WireGrade? Grade { get; set; }

    /// <summary>The score, only when disclosed.</summary>
    public decimal? Score { get; set; }

    /// <summary>The explanation, only when disclosed.</summary>
    public WireText? Explanation { get; set; }

    /// <summary>The rule set decided with, when answered.</summary>
    public WireRuleSet? RuleSet { get; set; }

    /// <summary>The center's signed decision token.</summary>
    public string DecisionToken { get; set; } = string.Empty;
}

/// <summary>One public key the center publishes at <c>GET /api/keys</c>, in JSON Web Key style.</summary>
public sealed class WireKey
{
    /// <summary>The key id.</summary>
    public string Kid { get; set; } = string.Empty;

    /// <summary>Always <c>EC</c>.</summary>
    public string Kty { get; set; } = "EC";

    /// <summary>Always <c>P-256</c>.</summary>
    public string Crv { get; set; } = "P-256";

    /// <summary>Always <c>ES256</c>.</summary>
    public string Alg { get; set; } = "ES256";

    /// <summary>What the key signs: <c>grant</c> or <c>decision</c>.</summary>
    public string Use { get; set; } = string.Empty;

    /// <summary>The public point's x, base64url.</summary>
    public string X { get; set; } = string.Empty;

    /// <summary>The public point's y, base64url.</summary>
    public string Y { get; set; } = string.Empty;
}

/// <summary>The body of <c>GET /api/keys</c>.</summary>
public sealed class WireKeySet
{
    /// <summary>The keys.</summary>
    public List<WireKey> Keys { get; set; } = new();
}

/// <summary>The wire's JSON: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionRequest))]
[JsonSerializable(typeof(DecisionResponse))]
[JsonSerializable(typeof(WireKeySet))]
internal sealed partial class WireJsonContext : JsonSerializerContext
{
}
