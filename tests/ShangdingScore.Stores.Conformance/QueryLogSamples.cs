using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores.Conformance;

/// <summary>The instant, the query-log entries and the grants the grant-state suites write, and how they compare entries.</summary>
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

    /// <summary>A grant of <paramref name="subject"/> to venue-a for healthcare, issued a minute before <see cref="T"/>, valid a day.</summary>
    public static Grant Grant(string subject, string nonce) => new()
    {
        Subject = new SubjectId(subject), Grantee = "venue-a", Purpose = "healthcare", Scope = DisclosureScope.Grade,
        IssuedAt = T - Duration.FromMinutes(1), ExpiresAt = T + Duration.FromDays(1), Nonce = nonce,
    };

    /// <summary>Issues <see cref="Grant"/> through the store's issued grants and returns the grant a token of it would carry.</summary>
    public static async Task<Grant> IssueAsync(IServiceStateStore store, string nonce, string subject)
    {
        var grant = Grant(subject, nonce);
        Assert.True(await store.IssuedGrants.AddAsync(new IssuedGrant
        {
            Nonce = nonce, Subject = grant.Subject, Grantee = grant.Grantee, Purpose = grant.Purpose, Scope = grant.Scope,
            IssuedAt = grant.IssuedAt, ExpiresAt = grant.ExpiresAt,
        }));
        return grant;
    }

    /// <summary>Every field of an entry, to compare entries written with entries read.</summary>
    public static string Describe(QueryLogEntry e) =>
        $"{e.At}|{e.Grantee}|{e.Subject}|{e.Purpose}|{e.RequestedScope}|{string.Join("/", e.Disclosed.IsDefault ? ImmutableArray<string>.Empty : e.Disclosed)}|{e.Outcome}|{e.ReasonCode}|{e.KeyId}|{e.Recognition}";
}
