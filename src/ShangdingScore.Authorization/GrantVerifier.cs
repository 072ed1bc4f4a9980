using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>Options of <see cref="GrantVerifier"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GrantVerifierOptions
{
    /// <summary>The most by which the issuer's and the verifier's clocks may disagree (applied to <c>iat</c> and <c>exp</c>).</summary>
    /// <value>The default is 2 minutes; it must be between 0 and 10 minutes.</value>
    public Duration ClockSkew { get; init; } = Duration.FromMinutes(2);

    /// <summary>The largest allowed clock skew.</summary>
    public static Duration MaxClockSkew { get; } = Duration.FromMinutes(10);
}

/// <summary>What a venue asks to do with a grant.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GrantCheck
{
    /// <summary>The token the citizen presented.</summary>
    public required string Token { get; init; }

    /// <summary>The venue asking (must equal the grant's grantee, ordinal).</summary>
    public required string Grantee { get; init; }

    /// <summary>
    /// The purposes that cover this query, the query's own purpose first (a benefit code, then its family
    /// code); the grant's purpose must be one of them. The first is what the nonce is used up for: a grant
    /// for a family answers each of its benefits once.
    /// </summary>
    public required ImmutableArray<string> AcceptablePurposes { get; init; }

    /// <summary>How much the venue asks to learn, at most the grant's scope; null asks for whatever the grant allows.</summary>
    /// <value>The default is null.</value>
    public DisclosureScope? RequestedScope { get; init; }
}

/// <summary>The outcome of checking a grant.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GrantVerification
{
    private GrantVerification(string? reasonCode, Grant? grant, Grant? authenticated, string? keyId, string? nonceKey, Instant rememberUntil)
    {
        ReasonCode = reasonCode;
        Grant = grant;
        AuthenticatedGrant = authenticated;
        KeyId = keyId;
        NonceKey = nonceKey;
        RememberUntil = rememberUntil;
    }

    /// <summary>Whether the query may proceed.</summary>
    public bool IsAccepted => ReasonCode is null;

    /// <summary>Null when accepted; otherwise one of <see cref="GrantRefusalCodes"/>.</summary>
    public string? ReasonCode { get; }

    /// <summary>The grant, only when accepted.</summary>
    public Grant? Grant { get; }

    /// <summary>
    /// The grant whose signature verified, also when refused afterwards (expired, wrong grantee, …), so
    /// that the refusal can be written to the subject's query log. Null when the signature did not verify.
    /// Not for the venue: the facade never passes it on.
    /// </summary>
    public Grant? AuthenticatedGrant { get; }

    /// <summary>The key id named by the token, when it parsed (then it is a valid key id, <see cref="GrantKey.IsValidKeyId"/>).</summary>
    public string? KeyId { get; }

    /// <summary>What the nonce store is asked to remember (<c>subject + nonce + purpose</c>), when accepted.</summary>
    internal string? NonceKey { get; }

    internal Instant RememberUntil { get; }

    internal static GrantVerification Accept(Grant grant, string keyId, string nonceKey, Instant rememberUntil) => new(null, grant, grant, keyId, nonceKey, rememberUntil);

    internal static GrantVerification Refuse(string code, Grant? authenticated = null, string? keyId = null) => new(code, null, authenticated, keyId, null, default);
}

/// <summary>
/// Tells whether the citizen revoked a grant (a credit center that issues grants keeps their revocations).
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IGrantRevocationList
{
    /// <summary>Whether <paramref name="grant"/> (authentic: its signature verified) was revoked by its subject.</summary>
    /// <param name="grant">The grant, identified by its nonce and subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> IsRevokedAsync(Grant grant, CancellationToken cancellationToken);
}

/// <summary>
/// Checks grant tokens, in this order, each failure with its own reason: format, key id, signature,
/// not yet valid, expired, grantee, purpose, scope, revocation (when the verifier has a revocation list), and last the nonce (so that only an otherwise
/// acceptable query uses up the grant). A grant answers once per benefit: replaying it for the same
/// benefit is refused as <see cref="GrantRefusalCodes.Replayed"/>.
/// </summary>
/// <remarks>
/// Two ways to use it: <see cref="VerifyAsync"/> checks and uses up the nonce in one call;
/// <see cref="CheckAsync"/> then <see cref="RedeemAsync"/> check first and use up the nonce only once the
/// query has reached its answer (what <c>VenueGateway</c> does, so that a query that fails half-way does not
/// burn the citizen's grant). Never throws for any token: every token is accepted or refused with a code;
/// exceptions of the key provider and the nonce store propagate.
/// Immutable and thread-safe when its key provider and nonce store are.
/// </remarks>
public sealed class GrantVerifier
{
    private readonly IGrantKeyProvider _keys;
    private readonly INonceStore _nonces;
    private readonly IClock _clock;
    private readonly Duration _skew;
    private readonly IGrantRevocationList? _revocations;

    // The nonce store when it checks the revocations itself, in the statement that reads or uses the nonce.
    private readonly IRevocationCheckingNonceStore? _checking;

    // FindStatusAsync as the status step of CheckCoreAsync, made once rather than on every check.
    private readonly Func<Grant, string, Instant, CancellationToken, ValueTask<GrantNonceStatus>> _findStatus;

    /// <summary>Creates the verifier.</summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The clock skew is negative or above <see cref="GrantVerifierOptions.MaxClockSkew"/>.</exception>
    public GrantVerifier(IGrantKeyProvider keys, INonceStore nonces, IClock clock, GrantVerifierOptions? options = null)
        : this(keys, nonces, clock, options, null)
    {
    }

    /// <summary>
    /// Creates a verifier that also refuses revoked grants (<see cref="GrantRefusalCodes.Revoked"/>): <paramref name="revocations"/>
    /// is asked wherever the nonce is, when the grant is checked and again just before its nonce is used up. When
    /// <paramref name="nonces"/> checks <paramref name="revocations"/> itself (<see cref="IRevocationCheckingNonceStore.Checks"/>),
    /// each of the two is one call to the nonce store, and the second is the write that uses the nonce.
    /// </summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The clock skew is negative or above <see cref="GrantVerifierOptions.MaxClockSkew"/>.</exception>
    public GrantVerifier(IGrantKeyProvider keys, INonceStore nonces, IClock clock, GrantVerifierOptions? options, IGrantRevocationList? revocations)
    {
        _revocations = revocations;
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _nonces = nonces ?? throw new ArgumentNullException(nameof(nonces));
        _checking = revocations is not null && nonces is IRevocationCheckingNonceStore checking && checking.Checks(revocations) ? checking : null;
        _findStatus = FindStatusAsync;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _skew = (options ?? new GrantVerifierOptions()).ClockSkew;
        if (_skew < Duration.Zero || _skew > GrantVerifierOptions.MaxClockSkew)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _skew, "ClockSkew must be between 0 and 10 minutes.");
        }
    }

    /// <summary>Checks a query's grant and, when every check passes, uses up its nonce (<see cref="CheckAsync"/> then <see cref="RedeemAsync"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is null.</exception>
    public async ValueTask<GrantVerification> VerifyAsync(GrantCheck check, CancellationToken cancellationToken)
    {
        var verification = await CheckAsync(check, cancellationToken).ConfigureAwait(false);
        return verification.IsAccepted ? await RedeemAsync(verification, cancellationToken).ConfigureAwait(false) : verification;
    }

    /// <summary>
    /// Checks a query's grant without using up its nonce. A nonce already used is refused as
    /// <see cref="GrantRefusalCodes.Replayed"/> here when the nonce store can tell (<see cref="INonceLookup"/>);
    /// in any case <see cref="RedeemAsync"/> refuses it atomically.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="check"/> is null.</exception>
    public ValueTask<GrantVerification> CheckAsync(GrantCheck check, CancellationToken cancellationToken) =>
        CheckCoreAsync(check ?? throw new ArgumentNullException(nameof(check)), _findStatus, cancellationToken);

    /// <summary>
    /// Whether <see cref="CheckAndReadAsync"/> reads along with the grant's status what <paramref name="source"/> would
    /// answer: the nonce store checks this verifier's revocation list and is an <see cref="IGrantStatusReader{TQuery, TRead}"/>
    /// that reads for <paramref name="source"/>.
    /// </summary>
    /// <typeparam name="TQuery">What the caller asks to read.</typeparam>
    /// <typeparam name="TRead">What the read answers.</typeparam>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public bool ReadsAlong<TQuery, TRead>(object source)
        where TRead : class =>
        _checking is IGrantStatusReader<TQuery, TRead> reader && reader.Reads(source ?? throw new ArgumentNullException(nameof(source)));

    /// <summary>
    /// <see cref="CheckAsync"/>, and, when the grant passes every check and the nonce store reads along
    /// (<see cref="ReadsAlong"/>), the answer to <paramref name="query"/> for the authentic grant, read with the grant's
    /// status in one call to the store; a refused grant reads nothing. Otherwise the same as <see cref="CheckAsync"/>,
    /// with no read: the caller reads.
    /// </summary>
    /// <typeparam name="TQuery">What the caller asks to read.</typeparam>
    /// <typeparam name="TRead">What the read answers.</typeparam>
    /// <param name="check">The query's grant check.</param>
    /// <param name="query">What to read, from the authentic grant (its subject, say); called only for a grant that passed the checks before the status.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async ValueTask<GrantCheckRead<TRead>> CheckAndReadAsync<TQuery, TRead>(GrantCheck check, Func<Grant, TQuery> query, CancellationToken cancellationToken)
        where TRead : class
    {
        if (check is null) throw new ArgumentNullException(nameof(check));
        if (query is null) throw new ArgumentNullException(nameof(query));
        if (_checking is not IGrantStatusReader<TQuery, TRead> reader) return new GrantCheckRead<TRead>(await CheckCoreAsync(check, _findStatus, cancellationToken).ConfigureAwait(false), null);
        TRead? read = null;
        var verification = await CheckCoreAsync(
            check,
            async (grant, nonceKey, now, token) =>
            {
                var found = await reader.FindStatusAndReadAsync(nonceKey, grant, now, query(grant), token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The nonce store returned no status.");
                read = found.Read;
                return found.Status;
            },
            cancellationToken).ConfigureAwait(false);
        return new GrantCheckRead<TRead>(verification, verification.IsAccepted ? read : null);
    }

    /// <summary>The checks of <see cref="CheckAsync"/>, with <paramref name="findStatus"/> asked last for the grant's status.</summary>
    private async ValueTask<GrantVerification> CheckCoreAsync(GrantCheck check, Func<Grant, string, Instant, CancellationToken, ValueTask<GrantNonceStatus>> findStatus, CancellationToken cancellationToken)
    {
        var parsed = GrantToken.TryParse(check.Token);
        if (parsed is null) return GrantVerification.Refuse(GrantRefusalCodes.Malformed);
        var key = await _keys.FindKeyAsync(parsed.KeyId, cancellationToken).ConfigureAwait(false);
        if (key is null) return GrantVerification.Refuse(GrantRefusalCodes.UnknownKey, keyId: parsed.KeyId);
        if (!string.Equals(key.Algorithm, parsed.Algorithm, StringComparison.Ordinal) || !key.Verify(parsed.SigningInput, parsed.Signature))
        {
            return GrantVerification.Refuse(GrantRefusalCodes.SignatureInvalid, keyId: parsed.KeyId);
        }

        var grant = parsed.Grant;
        var now = _clock.GetCurrentInstant();

        // Instants plus or minus the skew saturate at the ends of time: a signed exp of 9999-12-31T23:59:59Z plus the
        // skew is past the last instant NodaTime can represent, and would throw.
        if (grant.IssuedAt > Plus(now, _skew)) return GrantVerification.Refuse(GrantRefusalCodes.NotYetValid, grant, parsed.KeyId);
        if (Plus(now, -_skew) >= grant.ExpiresAt) return GrantVerification.Refuse(GrantRefusalCodes.Expired, grant, parsed.KeyId);
        if (!string.Equals(grant.Grantee, check.Grantee, StringComparison.Ordinal)) return GrantVerification.Refuse(GrantRefusalCodes.WrongGrantee, grant, parsed.KeyId);
        var purposes = check.AcceptablePurposes.IsDefault ? ImmutableArray<string>.Empty : check.AcceptablePurposes;
        if (!purposes.Contains(grant.Purpose, StringComparer.Ordinal)) return GrantVerification.Refuse(GrantRefusalCodes.WrongPurpose, grant, parsed.KeyId);
        if (check.RequestedScope is { } requested && requested > grant.Scope) return GrantVerification.Refuse(GrantRefusalCodes.OverScope, grant, parsed.KeyId);
        var nonceKey = grant.Subject.Value + "\u001f" + grant.Nonce + "\u001f" + purposes[0];
        var status = await findStatus(grant, nonceKey, now, cancellationToken).ConfigureAwait(false);
        return status == GrantNonceStatus.Unused
            ? GrantVerification.Accept(grant, parsed.KeyId, nonceKey, Plus(grant.ExpiresAt, _skew))
            : GrantVerification.Refuse(Refusal(status), grant, parsed.KeyId);
    }

    /// <summary>
    /// Revoked (when the verifier has a revocation list), else used (when the nonce store can tell), else unused: one call
    /// to a nonce store that checks the revocations itself, otherwise the list and the store in turn.
    /// </summary>
    private async ValueTask<GrantNonceStatus> FindStatusAsync(Grant grant, string nonceKey, Instant now, CancellationToken cancellationToken)
    {
        if (_checking is not null) return await _checking.FindStatusAsync(nonceKey, grant, now, cancellationToken).ConfigureAwait(false);
        if (_revocations is not null && await _revocations.IsRevokedAsync(grant, cancellationToken).ConfigureAwait(false)) return GrantNonceStatus.Revoked;
        return _nonces is INonceLookup lookup && await lookup.IsUsedAsync(nonceKey, now, cancellationToken).ConfigureAwait(false)
            ? GrantNonceStatus.Used
            : GrantNonceStatus.Unused;
    }

    /// <summary>The refusal of a grant revoked, or of its nonce used.</summary>
    private static string Refusal(GrantNonceStatus status) =>
        status == GrantNonceStatus.Revoked ? GrantRefusalCodes.Revoked : GrantRefusalCodes.Replayed;

    /// <summary><paramref name="instant"/> + <paramref name="delta"/> (|delta| at most the skew), saturating at <see cref="Instant.MinValue"/> and <see cref="Instant.MaxValue"/>.</summary>
    private static Instant Plus(Instant instant, Duration delta) =>
        delta >= Duration.Zero
            ? instant > Instant.MaxValue - delta ? Instant.MaxValue : instant + delta
            : instant < Instant.MinValue - delta ? Instant.MinValue : instant + delta;

    /// <summary>
    /// Uses up the nonce of a grant <see cref="CheckAsync"/> accepted, atomically: of concurrent redemptions of
    /// one grant for one benefit exactly one gets <paramref name="accepted"/> back; the others (and any later
    /// one) get a <see cref="GrantRefusalCodes.Replayed"/> refusal.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="accepted"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="accepted"/> is a refusal.</exception>
    public ValueTask<GrantVerification> RedeemAsync(GrantVerification accepted, CancellationToken cancellationToken)
    {
        if (accepted is null) throw new ArgumentNullException(nameof(accepted));
        return RedeemCoreAsync(accepted, null, cancellationToken);
    }

    /// <summary>
    /// Whether <see cref="RedeemAndLogAsync"/> can redeem a grant and record its answer in <paramref name="log"/> in one
    /// atomic write: the nonce store is an <see cref="INonceLoggingStore"/> that keeps <paramref name="log"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    public bool LogsWithNonces(IQueryLog log) =>
        _nonces is INonceLoggingStore logging && logging.Keeps(log ?? throw new ArgumentNullException(nameof(log)));

    /// <summary>
    /// <see cref="RedeemAsync"/> and, when the grant is redeemed, <paramref name="entry"/> appended to
    /// <paramref name="log"/>, in one atomic write (see <see cref="LogsWithNonces"/>): a refusal writes nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="accepted"/> is a refusal.</exception>
    /// <exception cref="InvalidOperationException">The nonce store does not keep <paramref name="log"/> (<see cref="LogsWithNonces"/> is false).</exception>
    public ValueTask<GrantVerification> RedeemAndLogAsync(GrantVerification accepted, IQueryLog log, QueryLogEntry entry, CancellationToken cancellationToken)
    {
        if (accepted is null) throw new ArgumentNullException(nameof(accepted));
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        if (!LogsWithNonces(log)) throw new InvalidOperationException("The nonce store does not keep this query log; redeem, then append.");
        return RedeemCoreAsync(accepted, entry, cancellationToken);
    }

    /// <summary>
    /// The one redemption: the revocation checked again, then the nonce used (with <paramref name="entry"/> logged in the
    /// same write when given); one write doing all three when the nonce store checks the revocations.
    /// </summary>
    private async ValueTask<GrantVerification> RedeemCoreAsync(GrantVerification accepted, QueryLogEntry? entry, CancellationToken cancellationToken)
    {
        if (!accepted.IsAccepted || accepted.NonceKey is null) throw new ArgumentException("Only an accepted grant can be redeemed.", nameof(accepted));
        var status = await UseAsync(accepted.NonceKey, accepted.Grant!, accepted.RememberUntil, entry, cancellationToken).ConfigureAwait(false);
        return status == GrantNonceStatus.Unused ? accepted : GrantVerification.Refuse(Refusal(status), accepted.Grant, accepted.KeyId);
    }

    /// <summary>The nonce used (this call: <see cref="GrantNonceStatus.Unused"/>) unless the grant is revoked or the nonce used.</summary>
    private async ValueTask<GrantNonceStatus> UseAsync(string nonceKey, Grant grant, Instant rememberUntil, QueryLogEntry? entry, CancellationToken cancellationToken)
    {
        if (_checking is not null)
        {
            // The revocation checked in the write that uses the nonce: revoked up to the write, the nonce stays unused.
            return await _checking.TryUseUnlessRevokedAsync(nonceKey, grant, rememberUntil, _clock.GetCurrentInstant(), entry, cancellationToken).ConfigureAwait(false);
        }

        // Revoked between the check and now: refused before the nonce is used.
        if (_revocations is not null && await _revocations.IsRevokedAsync(grant, cancellationToken).ConfigureAwait(false)) return GrantNonceStatus.Revoked;
        var now = _clock.GetCurrentInstant();
        var fresh = entry is null
            ? await _nonces.TryUseAsync(nonceKey, rememberUntil, now, cancellationToken).ConfigureAwait(false)
            : await ((INonceLoggingStore)_nonces).TryUseAndAppendAsync(nonceKey, rememberUntil, now, entry, cancellationToken).ConfigureAwait(false);
        return fresh ? GrantNonceStatus.Unused : GrantNonceStatus.Used;
    }
}
