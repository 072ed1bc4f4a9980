using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// Remembers used grant nonces until their grant can no longer be accepted, so that a grant answers
/// once. A shared store (a database, a cache with atomic set-if-absent) is needed when several
/// processes verify grants.
/// </summary>
/// <remarks>Implementations must be thread-safe and <see cref="TryUseAsync"/> atomic.</remarks>
public interface INonceStore
{
    /// <summary>
    /// Marks <paramref name="nonce"/> used; false when it was already used and is still remembered.
    /// </summary>
    /// <param name="nonce">The grant's nonce, qualified by the caller (the verifier uses <c>subject + nonce</c>).</param>
    /// <param name="rememberUntil">After this instant the entry may be forgotten (the grant is expired by then).</param>
    /// <param name="now">The current instant, for purging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken);
}

/// <summary>
/// A nonce store that can also tell, without using it up, whether a nonce is used. Optional: when the
/// store implements it, <see cref="GrantVerifier.CheckAsync"/> refuses a replayed grant before the
/// subject's data is read; without it the replay is refused only at <see cref="GrantVerifier.RedeemAsync"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface INonceLookup
{
    /// <summary>Whether <paramref name="nonce"/> was used and is still remembered at <paramref name="now"/>.</summary>
    /// <param name="nonce">The qualified nonce, as passed to <see cref="INonceStore.TryUseAsync"/>.</param>
    /// <param name="now">The current instant; an entry remembered until <paramref name="now"/> or earlier is forgotten.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken);
}

/// <summary>
/// A nonce store that keeps a query log in the same database, and can use up a nonce and record the answer's log entry
/// in one atomic, durable write: both are kept or neither. Optional: a gateway whose nonce store keeps its query log
/// (<see cref="Keeps"/>) commits once per answered query instead of twice (<see cref="GrantVerifier.RedeemAndLogAsync"/>).
/// </summary>
/// <remarks>Implementations must be thread-safe and <see cref="TryUseAndAppendAsync"/> atomic.</remarks>
public interface INonceLoggingStore : INonceStore
{
    /// <summary>Whether entries written by <see cref="TryUseAndAppendAsync"/> are entries of <paramref name="log"/>.</summary>
    /// <param name="log">A query log.</param>
    bool Keeps(IQueryLog log);

    /// <summary>
    /// Marks <paramref name="nonce"/> used and appends <paramref name="entry"/> to the query log, in one atomic write;
    /// false, and nothing written, when the nonce was already used and is still remembered.
    /// </summary>
    /// <param name="nonce">The qualified nonce, as passed to <see cref="INonceStore.TryUseAsync"/>.</param>
    /// <param name="rememberUntil">After this instant the nonce may be forgotten.</param>
    /// <param name="now">The current instant, for purging.</param>
    /// <param name="entry">The query log entry of the answer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<bool> TryUseAndAppendAsync(string nonce, Instant rememberUntil, Instant now, QueryLogEntry entry, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="IRevocationCheckingNonceStore"/> found for a grant: its nonce unused, used, or the grant revoked.</summary>
public enum GrantNonceStatus
{
    /// <summary>The grant is not revoked and its nonce is not used (when using it: this call used it).</summary>
    Unused,

    /// <summary>The nonce is used and still remembered (a replay); the grant is not revoked.</summary>
    Used,

    /// <summary>The grant was revoked by its subject (whatever its nonce's state).</summary>
    Revoked,
}

/// <summary>
/// A nonce store in the same database as a grant revocation list, which checks the grant's revocation in the statement
/// that looks up or uses its nonce. Optional: when a <see cref="GrantVerifier"/>'s nonce store checks its revocation list
/// (<see cref="Checks"/>), <see cref="GrantVerifier.CheckAsync"/> asks the database once instead of twice, and a
/// redemption is one atomic write that also refuses a grant revoked up to that write (no window between a revocation
/// check and the nonce's use); otherwise the verifier asks the revocation list and the nonce store in turn.
/// </summary>
/// <remarks>Implementations must be thread-safe and <see cref="TryUseUnlessRevokedAsync"/> atomic.</remarks>
public interface IRevocationCheckingNonceStore : INonceLoggingStore, INonceLookup
{
    /// <summary>Whether this store answers for <paramref name="revocations"/>: the revocations are kept in its database.</summary>
    /// <param name="revocations">A revocation list.</param>
    bool Checks(IGrantRevocationList revocations);

    /// <summary>
    /// Whether <paramref name="grant"/> is revoked and, if not, whether <paramref name="nonce"/> is used at
    /// <paramref name="now"/> (as <see cref="INonceLookup.IsUsedAsync"/>), in one read; nothing is written.
    /// </summary>
    /// <param name="nonce">The qualified nonce, as passed to <see cref="INonceStore.TryUseAsync"/>.</param>
    /// <param name="grant">The grant (authentic), identified by its nonce and subject as <see cref="IGrantRevocationList.IsRevokedAsync"/> does.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<GrantNonceStatus> FindStatusAsync(string nonce, Grant grant, Instant now, CancellationToken cancellationToken);

    /// <summary>
    /// Uses up <paramref name="nonce"/> unless <paramref name="grant"/> is revoked or the nonce is used and still
    /// remembered, and appends <paramref name="entry"/> (when given) to the query log, in one atomic write: the status
    /// found is returned, and only <see cref="GrantNonceStatus.Unused"/> wrote anything.
    /// </summary>
    /// <param name="nonce">The qualified nonce, as passed to <see cref="INonceStore.TryUseAsync"/>.</param>
    /// <param name="grant">The grant (authentic), identified by its nonce and subject.</param>
    /// <param name="rememberUntil">After this instant the nonce may be forgotten.</param>
    /// <param name="now">The current instant, for purging.</param>
    /// <param name="entry">The answer's query log entry, or null; only for a log the store keeps (<see cref="INonceLoggingStore.Keeps"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<GrantNonceStatus> TryUseUnlessRevokedAsync(string nonce, Grant grant, Instant rememberUntil, Instant now, QueryLogEntry? entry, CancellationToken cancellationToken);
}

/// <summary>A nonce store in memory for one process; entries are purged once past their expiry.</summary>
/// <remarks>Thread-safe (a lock guards the table).</remarks>
public sealed class InMemoryNonceStore : INonceStore, INonceLookup
{
    private readonly Dictionary<string, Instant> _used = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>How many nonces are remembered now (for tests and monitoring).</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _used.Count;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUseAsync(string nonce, Instant rememberUntil, Instant now, CancellationToken cancellationToken)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        lock (_gate)
        {
            Purge(now);
            if (_used.ContainsKey(nonce)) return new ValueTask<bool>(false);
            _used.Add(nonce, rememberUntil);
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> IsUsedAsync(string nonce, Instant now, CancellationToken cancellationToken)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        lock (_gate)
        {
            return new ValueTask<bool>(_used.TryGetValue(nonce, out var until) && until > now);
        }
    }

    private void Purge(Instant now)
    {
        List<string>? stale = null;
        foreach (var kv in _used)
        {
            if (kv.Value <= now) (stale ??= new List<string>()).Add(kv.Key);
        }

        if (stale is null) return;
        foreach (var k in stale) _used.Remove(k);
    }
}
