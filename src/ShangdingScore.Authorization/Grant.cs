using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// How much a grant lets the grantee learn. Ordered: each scope includes the ones before it, so a
/// query may ask for the grant's scope or less, never more (spec §1 "grant", PIPL minimum necessary).
/// </summary>
public enum DisclosureScope
{
    /// <summary>The decision only (granted or not, the reason and the terms). Wire name <c>decision</c>.</summary>
    Decision = 0,

    /// <summary>The decision and the credit grade. Wire name <c>grade</c>.</summary>
    Grade = 1,

    /// <summary>The decision, the grade, the score and its explanation. Wire name <c>score-with-explanation</c>.</summary>
    ScoreWithExplanation = 2,
}

/// <summary>The wire names of <see cref="DisclosureScope"/> (part of the grant format, docs/grants.md).</summary>
public static class DisclosureScopeNames
{
    /// <summary><see cref="DisclosureScope.Decision"/>.</summary>
    public const string Decision = "decision";

    /// <summary><see cref="DisclosureScope.Grade"/>.</summary>
    public const string Grade = "grade";

    /// <summary><see cref="DisclosureScope.ScoreWithExplanation"/>.</summary>
    public const string ScoreWithExplanation = "score-with-explanation";

    /// <summary>The wire name of a scope.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined scope.</exception>
    public static string Of(DisclosureScope scope) => scope switch
    {
        DisclosureScope.Decision => Decision,
        DisclosureScope.Grade => Grade,
        DisclosureScope.ScoreWithExplanation => ScoreWithExplanation,
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a disclosure scope."),
    };

    /// <summary>Parses a wire name (ordinal, exact).</summary>
    public static bool TryParse(string? text, out DisclosureScope scope)
    {
        switch (text)
        {
            case Decision: scope = DisclosureScope.Decision; return true;
            case Grade: scope = DisclosureScope.Grade; return true;
            case ScoreWithExplanation: scope = DisclosureScope.ScoreWithExplanation; return true;
            default: scope = DisclosureScope.Decision; return false;
        }
    }
}

/// <summary>
/// A subject's consent (授权) that one grantee may query for one purpose, with a scope, valid over
/// [<see cref="IssuedAt"/>, <see cref="ExpiresAt"/>), answering once per benefit (its <see cref="Nonce"/>). Carried
/// as a signed token (<see cref="GrantToken"/>, docs/grants.md).
/// </summary>
/// <remarks>Immutable and thread-safe. Instants travel to the second: sub-second parts are dropped when signed.</remarks>
public sealed class Grant
{
    /// <summary>The subject who consents (an opaque id, never the resident identity number).</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The venue allowed to query, by its id (for example <c>zz-central-hospital</c>).</summary>
    public required string Grantee { get; init; }

    /// <summary>What for: a benefit code (<c>public.library-card-deposit-free</c>) or a family code (<c>healthcare</c>) covering every benefit of it.</summary>
    public required string Purpose { get; init; }

    /// <summary>How much the grantee may learn.</summary>
    public required DisclosureScope Scope { get; init; }

    /// <summary>When the grant was issued; it is not valid before (less the verifier's clock skew).</summary>
    public required Instant IssuedAt { get; init; }

    /// <summary>When it stops being valid (exclusive, plus the verifier's clock skew).</summary>
    public required Instant ExpiresAt { get; init; }

    /// <summary>A unique value, base64url of at least 16 random bytes (see <see cref="GrantNonce"/>); the grant answers once per benefit it covers.</summary>
    public required string Nonce { get; init; }
}

/// <summary>Makes nonces from random bytes the caller supplies (this package takes no randomness of its own).</summary>
public static class GrantNonce
{
    /// <summary>The fewest random bytes a nonce is made of.</summary>
    public const int MinimumBytes = 16;

    /// <summary>The base64url text of <paramref name="randomBytes"/>, for example from <c>RandomNumberGenerator.GetBytes(16)</c>.</summary>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumBytes"/> bytes.</exception>
    public static string FromBytes(ReadOnlySpan<byte> randomBytes)
    {
        if (randomBytes.Length < MinimumBytes) throw new ArgumentException($"A nonce needs at least {MinimumBytes} random bytes.", nameof(randomBytes));
        return Base64Url.Encode(randomBytes.ToArray());
    }
}
