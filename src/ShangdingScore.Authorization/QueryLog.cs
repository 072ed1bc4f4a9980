using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Authorization;

/// <summary>Whether a query was answered, refused, or failed.</summary>
public enum QueryOutcome
{
    /// <summary>The grant was accepted and the venue got a decision.</summary>
    Answered = 0,

    /// <summary>The query was refused; the venue learnt nothing about the subject.</summary>
    Refused = 1,

    /// <summary>
    /// The query failed before it reached a decision (a collaborator threw or hung, or the caller cancelled);
    /// the venue learnt nothing about the subject and the grant was not used up. The reason is one of
    /// <see cref="QueryErrorCodes"/>.
    /// </summary>
    Error = 2,
}

/// <summary>The names of what a query disclosed to the venue (<see cref="QueryLogEntry.Disclosed"/>).</summary>
public static class DisclosedItems
{
    /// <summary>The decision: granted or not, the reason and the terms.</summary>
    public const string Decision = "decision";

    /// <summary>The credit grade.</summary>
    public const string Grade = "grade";

    /// <summary>The score.</summary>
    public const string Score = "score";

    /// <summary>The explanation of the score (every record's points).</summary>
    public const string Explanation = "explanation";
}

/// <summary>
/// One query, answered or refused (PIPL; credit-information practice: every query is logged and visible
/// to the subject): who asked, when, for what, with what scope, what was disclosed and the outcome.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class QueryLogEntry
{
    /// <summary>When the query was made.</summary>
    public required Instant At { get; init; }

    /// <summary>The venue that asked.</summary>
    public required string Grantee { get; init; }

    /// <summary>
    /// The subject, when the grant's signature verified; null for a token that was malformed, forged or
    /// signed with an unknown key (its claimed subject is not trusted, so the entry is not shown to anyone as theirs).
    /// </summary>
    public SubjectId? Subject { get; init; }

    /// <summary>The benefit the venue asked about.</summary>
    public required string Purpose { get; init; }

    /// <summary>The scope the venue asked for; null when it asked for whatever the grant allows.</summary>
    public DisclosureScope? RequestedScope { get; init; }

    /// <summary>What the venue learnt (<see cref="DisclosedItems"/>); empty on refusal and on error.</summary>
    public required ImmutableArray<string> Disclosed { get; init; }

    /// <summary>Answered, refused or error.</summary>
    public required QueryOutcome Outcome { get; init; }

    /// <summary>
    /// For a refusal, one of <see cref="GrantRefusalCodes"/>; for an error, one of <see cref="QueryErrorCodes"/>;
    /// for an answer, the decision's reason code (for example <c>granted</c>).
    /// </summary>
    public required string ReasonCode { get; init; }

    /// <summary>The key id of the grant token, when it parsed (at most 64 printable ASCII characters, <see cref="GrantKey.IsValidKeyId"/>).</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// For a query decided on another city's grade (ShangdingScore.Recognition): the attestation's issuer, scheme and grade
    /// and the grade of ours it was read as, with the agreements document that mapped it; null for every other query.
    /// </summary>
    public string? Recognition { get; init; }
}

/// <summary>Where every query is recorded, and where the subject reads their own queries.</summary>
/// <remarks>Implementations must be thread-safe; an append must not be lost once it returns.</remarks>
public interface IQueryLog
{
    /// <summary>Records a query.</summary>
    ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken);

    /// <summary>The queries about <paramref name="subject"/>, oldest first.</summary>
    ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken);
}

/// <summary>A query log in memory (tests, samples, a single process).</summary>
/// <remarks>Thread-safe (a lock guards the list).</remarks>
public sealed class InMemoryQueryLog : IQueryLog
{
    private readonly List<QueryLogEntry> _entries = new();
    private readonly object _gate = new();

    /// <summary>Every entry, oldest first, also those attributed to no subject (for the operator and tests).</summary>
    public ImmutableArray<QueryLogEntry> Entries
    {
        get
        {
            lock (_gate) return _entries.ToImmutableArray();
        }
    }

    /// <inheritdoc />
    public ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        lock (_gate) _entries.Add(entry);
        return default;
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return new ValueTask<ImmutableArray<QueryLogEntry>>(_entries.Where(e => e.Subject is { } s && s == subject).ToImmutableArray());
        }
    }
}
