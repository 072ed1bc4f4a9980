using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The instant and the query-log entries the grant-state suites write, and how they compare them.</summary>
internal static class QueryLogSamples
{
    /// <summary>The suites' "now".</summary>
    public static readonly Instant T = Instant.FromUtc(2026, 6, 1, 2, 0);

    /// <summary>A refusal logged <paramref name="minute"/> minutes after <see cref="T"/>.</summary>
    public static QueryLogEntry Entry(string? subject, int minute, string reason = GrantRefusalCodes.Expired) => new()
    {
        At = T + Duration.FromMinutes(minute),
        Grantee = "venue-a",
        Subject = subject is null ? null : new SubjectId(subject),
        Purpose = "healthcare",
        Disclosed = ImmutableArray<string>.Empty,
        Outcome = QueryOutcome.Refused,
        ReasonCode = reason,
    };

    /// <summary>Every field of an entry, to compare entries written with entries read.</summary>
    public static string Describe(QueryLogEntry e) =>
        $"{e.At}|{e.Grantee}|{e.Subject}|{e.Purpose}|{e.RequestedScope}|{string.Join("/", e.Disclosed.IsDefault ? ImmutableArray<string>.Empty : e.Disclosed)}|{e.Outcome}|{e.ReasonCode}|{e.KeyId}|{e.Recognition}";
}
