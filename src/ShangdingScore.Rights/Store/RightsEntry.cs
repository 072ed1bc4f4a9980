using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>
/// One step of a citizen's rights workflow, as the store keeps it: a row of the append-only,
/// hash-chained journal that is at once the workflows' event log and the audit trail (docs/rights.md).
/// Who did what (<see cref="Kind"/>, <see cref="Payload"/>), to whom (<see cref="Subject"/>), when
/// (<see cref="At"/>), in which case (<see cref="CaseId"/>), and the chain link
/// (<see cref="PreviousHash"/>, <see cref="Hash"/>).
/// </summary>
/// <remarks>
/// <para>Immutable and thread-safe; value equality over every field.</para>
/// <para>
/// A store keeps every field exactly: <see cref="Payload"/> as the same text (not re-encoded JSON, so
/// a PostgreSQL store uses <c>text</c>, not <c>jsonb</c>), <see cref="At"/> to the nanosecond
/// (<c>StoreEncoding.SplitInstant</c>), and the hashes as given. It never recomputes a hash: the
/// verifier (<see cref="RightsChain.Verify(IEnumerable{RightsEntry}, RightsChainTail?)"/>) does.
/// </para>
/// </remarks>
public sealed class RightsEntry : IEquatable<RightsEntry>
{
    /// <summary>Creates an entry from its stored fields (the hash is taken as given, not computed).</summary>
    /// <param name="sequence">The position in the journal, 1 for the first entry; contiguous.</param>
    /// <param name="at">When the step was taken; never before the previous entry's instant.</param>
    /// <param name="subject">The citizen whose rights the step concerns.</param>
    /// <param name="kind">What the step was (<see cref="RightsEntryKinds"/>), kebab-case.</param>
    /// <param name="caseId">The enrolment, dispute or repair case the step belongs to, if any.</param>
    /// <param name="actorId">Who took the step (a subject id, a provider code, a clerk's id, <c>system</c>).</param>
    /// <param name="actorRole">In what role (<see cref="RightsActorRoles"/>).</param>
    /// <param name="payload">What changed and why, as JSON text (an object).</param>
    /// <param name="previousHash">The previous entry's <see cref="Hash"/>, or <see cref="RightsChain.GenesisHash"/> for the first.</param>
    /// <param name="hash">This entry's SHA-256 over its canonical form (<see cref="RightsChain.ComputeHash"/>), 64 lower-case hex digits.</param>
    /// <exception cref="ArgumentNullException">A text argument is null.</exception>
    /// <exception cref="ArgumentException">A text is empty where it must not be, <paramref name="subject"/> is the default value, a hash is not 64 lower-case hex digits, or <paramref name="sequence"/> is below 1.</exception>
    public RightsEntry(long sequence, Instant at, SubjectId subject, string kind, string? caseId, string actorId, string actorRole, string payload, string previousHash, string hash)
    {
        if (sequence < 1) throw new ArgumentException("The sequence starts at 1.", nameof(sequence));
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        Sequence = sequence;
        At = at;
        Subject = subject;
        Kind = RequireText(kind, nameof(kind));
        if (caseId is not null && caseId.Length == 0) throw new ArgumentException("A case id, when present, must not be empty.", nameof(caseId));
        CaseId = caseId;
        ActorId = RequireText(actorId, nameof(actorId));
        ActorRole = RequireText(actorRole, nameof(actorRole));
        Payload = payload ?? throw new ArgumentNullException(nameof(payload));
        PreviousHash = RequireHash(previousHash, nameof(previousHash));
        Hash = RequireHash(hash, nameof(hash));
    }

    /// <summary>The position in the journal: 1, 2, 3, … with no gap.</summary>
    public long Sequence { get; }

    /// <summary>When the step was taken (from the workflow's <see cref="IClock"/>, never before the previous entry's instant).</summary>
    public Instant At { get; }

    /// <summary>The citizen whose rights the step concerns.</summary>
    public SubjectId Subject { get; }

    /// <summary>What the step was, one of <see cref="RightsEntryKinds"/> (kebab-case).</summary>
    public string Kind { get; }

    /// <summary>The case the step belongs to (an enrolment, a dispute, a repair), or null.</summary>
    public string? CaseId { get; }

    /// <summary>Who took the step.</summary>
    public string ActorId { get; }

    /// <summary>In what role, one of <see cref="RightsActorRoles"/>.</summary>
    public string ActorRole { get; }

    /// <summary>What changed and why: a JSON object, kept as exactly this text.</summary>
    public string Payload { get; }

    /// <summary>The previous entry's <see cref="Hash"/>; <see cref="RightsChain.GenesisHash"/> for sequence 1.</summary>
    public string PreviousHash { get; }

    /// <summary>The SHA-256 of this entry's canonical form, 64 lower-case hex digits.</summary>
    public string Hash { get; }

    /// <summary>
    /// Creates an entry and computes its hash: the way workflows create entries.
    /// </summary>
    /// <exception cref="ArgumentNullException">A text argument is null.</exception>
    /// <exception cref="ArgumentException">As the constructor.</exception>
    public static RightsEntry Seal(long sequence, Instant at, SubjectId subject, string kind, string? caseId, string actorId, string actorRole, string payload, string previousHash)
    {
        var unsealed = new RightsEntry(sequence, at, subject, kind, caseId, actorId, actorRole, payload, previousHash, RightsChain.GenesisHash);
        return new RightsEntry(sequence, at, subject, kind, caseId, actorId, actorRole, payload, previousHash, RightsChain.ComputeHash(unsealed));
    }

    /// <inheritdoc />
    public bool Equals(RightsEntry? other) =>
        other is not null
        && Sequence == other.Sequence
        && At == other.At
        && Subject == other.Subject
        && string.Equals(Kind, other.Kind, StringComparison.Ordinal)
        && string.Equals(CaseId, other.CaseId, StringComparison.Ordinal)
        && string.Equals(ActorId, other.ActorId, StringComparison.Ordinal)
        && string.Equals(ActorRole, other.ActorRole, StringComparison.Ordinal)
        && string.Equals(Payload, other.Payload, StringComparison.Ordinal)
        && string.Equals(PreviousHash, other.PreviousHash, StringComparison.Ordinal)
        && string.Equals(Hash, other.Hash, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RightsEntry);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, StringComparer.Ordinal.GetHashCode(Hash));

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {At} {Kind} {Subject}{(CaseId is null ? string.Empty : " " + CaseId)} by {ActorRole}:{ActorId}";

    internal static string RequireHash(string value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (!RightsChain.IsHash(value)) throw new ArgumentException($"The {name} must be 64 lower-case hex digits (SHA-256).", name);
        return value;
    }

    private static string RequireText(string value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The {name} must not be empty.", name);
        return value;
    }
}

/// <summary>The end of the journal: its last entry's sequence, hash and instant.</summary>
/// <remarks>Immutable value. An empty journal has no tail (null), which appends treat as sequence 0 and <see cref="RightsChain.GenesisHash"/>.</remarks>
public sealed class RightsChainTail : IEquatable<RightsChainTail>
{
    /// <summary>Creates a tail.</summary>
    /// <exception cref="ArgumentException"><paramref name="sequence"/> is below 1 or <paramref name="hash"/> is not 64 lower-case hex digits.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
    public RightsChainTail(long sequence, string hash, Instant at)
    {
        if (sequence < 1) throw new ArgumentException("The sequence starts at 1.", nameof(sequence));
        Sequence = sequence;
        Hash = RightsEntry.RequireHash(hash, nameof(hash));
        At = at;
    }

    /// <summary>The last entry's sequence.</summary>
    public long Sequence { get; }

    /// <summary>The last entry's hash: an auditor who keeps it can later detect entries removed from the end.</summary>
    public string Hash { get; }

    /// <summary>The last entry's instant.</summary>
    public Instant At { get; }

    /// <summary>The tail after <paramref name="entry"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    public static RightsChainTail Of(RightsEntry entry) =>
        entry is null ? throw new ArgumentNullException(nameof(entry)) : new RightsChainTail(entry.Sequence, entry.Hash, entry.At);

    /// <inheritdoc />
    public bool Equals(RightsChainTail? other) =>
        other is not null && Sequence == other.Sequence && At == other.At && string.Equals(Hash, other.Hash, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RightsChainTail);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, StringComparer.Ordinal.GetHashCode(Hash));

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Hash}";
}
