using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using ShangdingScore.Authorization;

namespace ShangdingScore.Stores;

/// <summary>
/// A theme database that also keeps a venue gateway's grant state: the nonces used (so a grant
/// answers once, across every process on the database) and the query log the citizen reads. Both
/// live in tables of the store's schema, created by its migrations, and survive restarts.
/// </summary>
/// <remarks>
/// Give them to the gateway with <c>services.AddShangdingScore(...).UseGrantState(store.NonceStore, store.QueryLog)</c>
/// (package ShangdingScore.DependencyInjection). Their calls need the store migrated (else
/// <see cref="InvalidOperationException"/>) and not disposed (else <see cref="ObjectDisposedException"/>);
/// database failures surface as the driver's exceptions.
/// </remarks>
public interface IGrantStateStore
{
    /// <summary>The used grant nonces, shared by every store object and process on this database.</summary>
    IDurableNonceStore NonceStore { get; }

    /// <summary>The query log, kept in the database.</summary>
    IDurableQueryLog QueryLog { get; }
}

/// <summary>
/// An <see cref="INonceStore"/> kept in a database: <see cref="INonceStore.TryUseAsync"/> is one
/// atomic insert-if-absent on a unique key, so of several processes using one nonce at once exactly
/// one gets true. An entry past its <c>rememberUntil</c> no longer counts as used (a use of that nonce succeeds
/// again); such entries are purged by the calls (the SQLite store: every call; the PostgreSQL store: at most one call
/// a second of the calls' own <c>now</c> per store object) and by <see cref="PurgeExpiredAsync"/>.
/// </summary>
/// <remarks>Thread-safe. Only a hash of each nonce key is kept (<see cref="GrantStateEncoding.NonceKey"/>), not the subject it names.</remarks>
public interface IDurableNonceStore : INonceStore, INonceLookup
{
    /// <summary>Forgets every nonce whose <c>rememberUntil</c> is at or before <paramref name="now"/>.</summary>
    /// <returns>How many were forgotten.</returns>
    Task<long> PurgeExpiredAsync(Instant now, CancellationToken cancellationToken = default);

    /// <summary>How many nonces are remembered now (for monitoring and tests).</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// An <see cref="IQueryLog"/> kept in a database: an append is committed (and synced to disk) before
/// it returns; <see cref="IQueryLog.ReadForSubjectAsync"/> reads oldest first (by <see cref="QueryLogEntry.At"/>,
/// then in append order). Entries attributed to no subject (a forged or malformed grant) are kept too.
/// </summary>
/// <remarks>Thread-safe. The outcome and reason code are kept as text, so a new <see cref="QueryOutcome"/> value needs no migration.</remarks>
public interface IDurableQueryLog : IQueryLog
{
    /// <summary>Every entry, oldest first, also those attributed to no subject (for the operator and audits).</summary>
    IAsyncEnumerable<QueryLogEntry> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>How stores keep grant state in columns, so every store keeps it alike.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class GrantStateEncoding
{
    /// <summary>
    /// The key a nonce is kept under: the SHA-256 of its UTF-8 text in lower-case hex (64 digits). Fixed
    /// length, any text storable, and no subject id kept in clear. Text that is not well-formed Unicode
    /// maps as UTF-8 encoding does (U+FFFD), so two such nonces may share a key: a replay is then refused
    /// wrongly, never accepted wrongly.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="nonce"/> is null.</exception>
    public static string NonceKey(string nonce)
    {
        if (nonce is null) throw new ArgumentNullException(nameof(nonce));
        using var sha = SHA256.Create();
        return StoreEncoding.Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(nonce)));
    }

    /// <summary>An instant as 100-ns Unix ticks rounded up, so an entry is never forgotten before its time.</summary>
    public static long TicksCeiling(Instant instant)
    {
        var (ticks, nanos) = StoreEncoding.SplitInstant(instant);
        return nanos == 0 || ticks == long.MaxValue ? ticks : ticks + 1;
    }

    /// <summary>An instant as 100-ns Unix ticks rounded down.</summary>
    public static long TicksFloor(Instant instant) => StoreEncoding.SplitInstant(instant).Ticks;

    /// <summary>The text kept for an outcome: its name (<c>Answered</c>, <c>Refused</c>, …), or its number when it has none.</summary>
    public static string OutcomeText(QueryOutcome outcome) => outcome.ToString();

    /// <summary>The outcome of <see cref="OutcomeText"/>'s text.</summary>
    /// <exception cref="InvalidOperationException">The text names no outcome this library knows (written by a newer one).</exception>
    public static QueryOutcome ParseOutcome(string text) =>
        Enum.TryParse<QueryOutcome>(text, ignoreCase: false, out var outcome) && !string.IsNullOrEmpty(text)
            ? outcome
            : throw new InvalidOperationException($"The query log holds the outcome '{text}', which this version of ShangdingScore.Authorization does not know; read it with a newer one.");

    /// <summary>The text kept for a requested scope: its wire name (<see cref="DisclosureScopeNames"/>), its number when it has none, null for none.</summary>
    public static string? ScopeText(DisclosureScope? scope) =>
        scope is not { } s ? null
        : Enum.IsDefined(typeof(DisclosureScope), s) ? DisclosureScopeNames.Of(s)
        : ((int)s).ToString(CultureInfo.InvariantCulture);

    /// <summary>The scope of <see cref="ScopeText"/>'s text.</summary>
    /// <exception cref="InvalidOperationException">The text names no scope this library knows.</exception>
    public static DisclosureScope? ParseScope(string? text) =>
        text is null ? null
        : DisclosureScopeNames.TryParse(text, out var scope) ? scope
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? (DisclosureScope)n
        : throw new InvalidOperationException($"The query log holds the scope '{text}', which this version of ShangdingScore.Authorization does not know.");

    /// <summary>The disclosed items as a JSON array of strings.</summary>
    public static string DisclosedText(ImmutableArray<string> disclosed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (!disclosed.IsDefault)
            {
                foreach (var item in disclosed) writer.WriteStringValue(item ?? string.Empty);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// One query-log row as both stores select it: columns 2–9 are grantee, subject (nullable), purpose,
    /// requested scope (nullable), disclosed items, outcome, reason code and key id (nullable); columns 0–1
    /// hold the instant, whose encoding differs per store and which the caller decodes into <paramref name="at"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public static QueryLogEntry ReadEntry(DbDataReader reader, Instant at)
    {
        if (reader is null) throw new ArgumentNullException(nameof(reader));
        return new QueryLogEntry
        {
            At = at,
            Grantee = reader.GetString(2),
            Subject = reader.IsDBNull(3) ? null : new SubjectId(reader.GetString(3)),
            Purpose = reader.GetString(4),
            RequestedScope = ParseScope(reader.IsDBNull(5) ? null : reader.GetString(5)),
            Disclosed = ParseDisclosed(reader.GetString(6)),
            Outcome = ParseOutcome(reader.GetString(7)),
            ReasonCode = reader.GetString(8),
            KeyId = reader.IsDBNull(9) ? null : reader.GetString(9),
            Recognition = reader.IsDBNull(10) ? null : reader.GetString(10),
        };
    }

    /// <summary>The items of <see cref="DisclosedText"/>'s JSON.</summary>
    /// <exception cref="InvalidOperationException">The text is not a JSON array of strings.</exception>
    public static ImmutableArray<string> ParseDisclosed(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var items = ImmutableArray.CreateBuilder<string>();
            foreach (var element in document.RootElement.EnumerateArray()) items.Add(element.GetString() ?? string.Empty);
            return items.ToImmutable();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The query log holds disclosed items that are not a JSON array of strings: {text}", ex);
        }
    }

    /// <summary>
    /// Checks an entry before it is appended.
    /// </summary>
    /// <exception cref="ArgumentNullException">The entry, or its grantee, purpose or reason code, is null.</exception>
    public static void Validate(QueryLogEntry entry)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        if (entry.Grantee is null) throw new ArgumentNullException(nameof(entry), "The entry's Grantee is null.");
        if (entry.Purpose is null) throw new ArgumentNullException(nameof(entry), "The entry's Purpose is null.");
        if (entry.ReasonCode is null) throw new ArgumentNullException(nameof(entry), "The entry's ReasonCode is null.");
    }
}
