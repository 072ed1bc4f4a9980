using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ShangdingScore.Authorization;

namespace ShangdingScore.Rights;

/// <summary>
/// A query log that also tells the citizen when a venue's query under their grant was answered: each
/// <see cref="QueryOutcome.Answered"/> entry about a subject is written to the inner log, then a
/// <c>grant-used</c> message is enqueued in the rights outbox. Give it to the venue gateway in place of the log.
/// </summary>
/// <remarks>
/// Thread-safe when the inner log and the store are. The message id is derived from the entry (venue, subject,
/// purpose, instant), so an append retried after a failure does not notify twice. When enqueuing fails the
/// exception propagates, so the gateway withholds its answer (an answer never leaves without its notice).
/// </remarks>
public sealed class NotifyingQueryLog : IQueryLog
{
    private readonly IQueryLog _inner;
    private readonly IRightsStore _store;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NotifyingQueryLog(IQueryLog inner, IRightsStore store)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <inheritdoc />
    public async ValueTask AppendAsync(QueryLogEntry entry, CancellationToken cancellationToken)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry));
        await _inner.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        if (entry.Outcome != QueryOutcome.Answered || entry.Subject is not { } subject) return;

        var text = Notices.GrantUsed(entry.Grantee, entry.Purpose, entry.At);
        var payload = PayloadWriter.Write(w => w
            .String("kind", NotificationKinds.GrantUsed)
            .String("grantee", entry.Grantee)
            .String("purpose", entry.Purpose)
            .String("at", RightsChain.FormatInstant(entry.At))
            .Strings("disclosed", entry.Disclosed.IsDefault ? ImmutableArray<string>.Empty : entry.Disclosed)
            .Text("text", text));
        var message = new OutboxMessage(MessageId(entry, subject), subject, subject.Value, NotificationKinds.GrantUsed, payload, entry.At);
        await _store.EnqueueAsync(new[] { message }, CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<QueryLogEntry>> ReadForSubjectAsync(SubjectId subject, CancellationToken cancellationToken) =>
        _inner.ReadForSubjectAsync(subject, cancellationToken);

    private static string MessageId(QueryLogEntry entry, SubjectId subject)
    {
        var key = string.Join("\u001f", entry.Grantee, subject.Value, entry.Purpose, RightsChain.FormatInstant(entry.At), entry.KeyId ?? string.Empty);
        using var sha = SHA256.Create();
        return "grant-used-" + RightsChain.Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(key))).Substring(0, 32);
    }
}
