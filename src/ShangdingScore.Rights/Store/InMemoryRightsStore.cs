using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>An <see cref="IRightsStore"/> in memory (tests, samples, a single process).</summary>
/// <remarks>Thread-safe: one lock guards the journal and the outbox; reads stream a snapshot taken under it.</remarks>
public sealed class InMemoryRightsStore : IRightsStore
{
    private readonly object _gate = new();
    private readonly List<RightsEntry> _entries = new();
    private readonly List<string> _outboxOrder = new();
    private readonly Dictionary<string, OutboxItem> _outbox = new(StringComparer.Ordinal);

    /// <summary>Every entry, in sequence order (a snapshot).</summary>
    public ImmutableArray<RightsEntry> Entries
    {
        get
        {
            lock (_gate) return _entries.ToImmutableArray();
        }
    }

    /// <inheritdoc />
    public Task<RightsChainTail?> ReadTailAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) return Task.FromResult(_entries.Count == 0 ? null : RightsChainTail.Of(_entries[_entries.Count - 1]));
    }

    /// <inheritdoc />
    public Task<bool> TryAppendAsync(RightsAppend append, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckAppend(append);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_entries.Count != append.ExpectedTailSequence) return Task.FromResult(false);
            RightsStoreValidation.CheckLinksToTail(append, _entries.Count == 0 ? null : _entries[_entries.Count - 1].Hash);
            if (!append.Entries.IsDefault) _entries.AddRange(append.Entries);
            if (!append.Messages.IsDefault) AddMessages(append.Messages);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RightsEntry> ReadEntriesAsync(RightsEntryQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        ImmutableArray<RightsEntry> snapshot;
        lock (_gate) snapshot = _entries.ToImmutableArray();
        await Task.CompletedTask.ConfigureAwait(false);
        int taken = 0;
        foreach (var e in snapshot)
        {
            if (query.Limit is { } limit && taken >= limit) yield break;
            cancellationToken.ThrowIfCancellationRequested();
            if (!RightsStoreValidation.Matches(query, e)) continue;
            taken++;
            yield return e;
        }
    }

    /// <inheritdoc />
    public Task<int> EnqueueAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckMessages(messages);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) return Task.FromResult(AddMessages(messages));
    }

    /// <inheritdoc />
    public Task<ImmutableArray<OutboxItem>> ClaimAsync(OutboxClaim claim, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckClaim(claim);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var due = _outboxOrder
                .Select(id => _outbox[id])
                .Where(i => i.Status == OutboxStatus.Pending && i.NextAttemptAt <= claim.Now && (i.LeasedUntil is not { } until || until <= claim.Now))
                .OrderBy(i => i.NextAttemptAt)
                .ThenBy(i => i.Message.CreatedAt)
                .ThenBy(i => i.Message.Id, StringComparer.Ordinal)
                .Take(claim.MaxCount)
                .ToList();
            var claimed = ImmutableArray.CreateBuilder<OutboxItem>(due.Count);
            foreach (var item in due)
            {
                var leased = Copy(item, status: item.Status, attempts: item.Attempts + 1, next: item.NextAttemptAt, owner: claim.Owner, until: claim.Now + claim.LeaseFor, sentAt: null, error: item.LastError);
                _outbox[item.Message.Id] = leased;
                claimed.Add(leased);
            }

            return Task.FromResult(claimed.MoveToImmutable());
        }
    }

    /// <inheritdoc />
    public Task<bool> MarkSentAsync(string messageId, Instant sentAt, CancellationToken cancellationToken = default)
    {
        if (messageId is null) throw new ArgumentNullException(nameof(messageId));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_outbox.TryGetValue(messageId, out var item) || item.Status == OutboxStatus.Sent) return Task.FromResult(false);
            _outbox[messageId] = Copy(item, OutboxStatus.Sent, item.Attempts, item.NextAttemptAt, null, null, sentAt, item.LastError);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> MarkFailedAsync(OutboxFailure failure, CancellationToken cancellationToken = default)
    {
        RightsStoreValidation.CheckFailure(failure);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_outbox.TryGetValue(failure.MessageId, out var item) || item.Status == OutboxStatus.Sent || !string.Equals(item.LeaseOwner, failure.Owner, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            _outbox[failure.MessageId] = Copy(item, OutboxStatus.Pending, item.Attempts, failure.NextAttemptAt, null, null, null, failure.Error);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<OutboxItem> ReadOutboxAsync(OutboxQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        List<OutboxItem> snapshot;
        lock (_gate)
        {
            snapshot = _outboxOrder.Select(id => _outbox[id])
                .Where(i => (query.Subject is not { } s || i.Message.Subject == s) && (query.Status is not { } st || i.Status == st))
                .OrderBy(i => i.Message.CreatedAt)
                .ThenBy(i => i.Message.Id, StringComparer.Ordinal)
                .ToList();
        }

        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var item in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }

    private static OutboxItem Copy(OutboxItem item, OutboxStatus status, int attempts, Instant next, string? owner, Instant? until, Instant? sentAt, string? error) => new()
    {
        Message = item.Message,
        Status = status,
        Attempts = attempts,
        NextAttemptAt = next,
        LeaseOwner = owner,
        LeasedUntil = until,
        SentAt = sentAt,
        LastError = error,
    };

    private int AddMessages(IEnumerable<OutboxMessage> messages)
    {
        int added = 0;
        foreach (var m in messages)
        {
            if (_outbox.ContainsKey(m.Id)) continue;
            _outbox[m.Id] = new OutboxItem { Message = m, Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = m.CreatedAt };
            _outboxOrder.Add(m.Id);
            added++;
        }

        return added;
    }
}
