using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>
/// A nonce store that checks its revocation list (<see cref="IRevocationCheckingNonceStore"/>) and, in the one read
/// that finds a grant's status, also reads what the caller will need next — a subject's records, say — reading
/// nothing when the grant is revoked or its nonce used. Optional: <see cref="GrantVerifier.CheckAndReadAsync"/> asks
/// the database once instead of twice (the status, then the read) when its nonce store reads for the caller's source
/// (<see cref="Reads"/>).
/// </summary>
/// <typeparam name="TQuery">What the caller asks to read.</typeparam>
/// <typeparam name="TRead">What the read answers.</typeparam>
/// <remarks>Implementations must be thread-safe; the status and the read must come from one snapshot.</remarks>
public interface IGrantStatusReader<in TQuery, TRead> : IRevocationCheckingNonceStore
    where TRead : class
{
    /// <summary>Whether <see cref="FindStatusAndReadAsync"/> reads what <paramref name="source"/> would answer for the same query.</summary>
    /// <param name="source">The caller's source of <typeparamref name="TRead"/>.</param>
    bool Reads(object source);

    /// <summary>
    /// The grant's status (as <see cref="IRevocationCheckingNonceStore.FindStatusAsync"/> finds it) and, only when it is
    /// <see cref="GrantNonceStatus.Unused"/>, the answer to <paramref name="query"/>, in one read; nothing is written.
    /// </summary>
    /// <param name="nonce">The qualified nonce, as passed to <see cref="INonceStore.TryUseAsync"/>.</param>
    /// <param name="grant">The grant (authentic), identified by its nonce and subject.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="query">What to read when the grant is neither revoked nor used.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<GrantStatusRead<TRead>> FindStatusAndReadAsync(string nonce, Grant grant, Instant now, TQuery query, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IGrantStatusReader{TQuery, TRead}.FindStatusAndReadAsync"/> found: a grant's status and, for an unused one, the read.</summary>
/// <typeparam name="TRead">What the read answers.</typeparam>
/// <remarks>Immutable when <typeparamref name="TRead"/> is.</remarks>
public sealed class GrantStatusRead<TRead>
    where TRead : class
{
    /// <summary>Creates the answer.</summary>
    /// <exception cref="ArgumentException">The status is <see cref="GrantNonceStatus.Unused"/> without a read, or another status with one.</exception>
    public GrantStatusRead(GrantNonceStatus status, TRead? read)
    {
        if ((status == GrantNonceStatus.Unused) != (read is not null))
        {
            throw new ArgumentException($"A read comes with an unused grant's status, and only with it; the status is {status}.", nameof(read));
        }

        Status = status;
        Read = read;
    }

    /// <summary>The grant's status.</summary>
    public GrantNonceStatus Status { get; }

    /// <summary>The read, when <see cref="Status"/> is <see cref="GrantNonceStatus.Unused"/>; otherwise null (nothing was read).</summary>
    public TRead? Read { get; }
}

/// <summary>What <see cref="GrantVerifier.CheckAndReadAsync"/> found: the check's verification and, for an accepted grant, the read made with it.</summary>
/// <typeparam name="TRead">What the read answers.</typeparam>
/// <remarks>Immutable when <typeparamref name="TRead"/> is.</remarks>
public sealed class GrantCheckRead<TRead>
    where TRead : class
{
    internal GrantCheckRead(GrantVerification verification, TRead? read)
    {
        Verification = verification;
        Read = read;
    }

    /// <summary>The verification, as <see cref="GrantVerifier.CheckAsync"/> answers it.</summary>
    public GrantVerification Verification { get; }

    /// <summary>
    /// The read made with the grant's status, when the grant was accepted and the nonce store read for the caller; null
    /// otherwise (a refused grant: nothing was read; a store that does not read along: the caller reads).
    /// </summary>
    public TRead? Read { get; }
}
