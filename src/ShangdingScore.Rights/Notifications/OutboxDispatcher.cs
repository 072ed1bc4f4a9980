using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>Options of <see cref="OutboxDispatcher"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class OutboxDispatcherOptions
{
    /// <summary>This dispatcher's id, unique among the processes draining one store (for example host name and process id).</summary>
    public required string Owner { get; init; }

    /// <summary>How long a claimed message is reserved for this dispatcher; after it, another may send it.</summary>
    /// <value>The default is 2 minutes.</value>
    public Duration LeaseFor { get; init; } = Duration.FromMinutes(2);

    /// <summary>How many messages one <see cref="OutboxDispatcher.DispatchDueAsync"/> call claims at most.</summary>
    /// <value>The default is 50.</value>
    public int BatchSize { get; init; } = 50;

    /// <summary>The wait after a first failed attempt; it doubles with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 30 seconds.</value>
    public Duration FirstRetryDelay { get; init; } = Duration.FromSeconds(30);

    /// <summary>The longest wait between attempts. A message is never given up: it waits and is tried again.</summary>
    /// <value>The default is 1 hour.</value>
    public Duration MaxRetryDelay { get; init; } = Duration.FromHours(1);
}

/// <summary>What one <see cref="OutboxDispatcher.DispatchDueAsync"/> call did.</summary>
/// <remarks>Immutable.</remarks>
public sealed class OutboxDispatchReport
{
    internal OutboxDispatchReport(int claimed, int sent, ImmutableArray<string> failed)
    {
        Claimed = claimed;
        Sent = sent;
        Failed = failed;
    }

    /// <summary>How many messages were claimed.</summary>
    public int Claimed { get; }

    /// <summary>How many were handed to the sender and marked sent.</summary>
    public int Sent { get; }

    /// <summary>The ids of the messages whose sending failed (each kept with its error and a next attempt).</summary>
    public ImmutableArray<string> Failed { get; }

    /// <inheritdoc />
    public override string ToString() => $"claimed {Claimed}, sent {Sent}, failed {Failed.Length}";
}

/// <summary>
/// Drains the outbox (docs/rights.md, "Notifications"): claims due messages with a lease, hands each to the
/// <see cref="INotificationSender"/>, marks it sent, or, when the sender throws, keeps the error and schedules
/// the next attempt with a doubling delay. A message is never lost: a sender that is down only delays it, and a
/// dispatcher that dies mid-batch leaves its messages to be claimed again when the lease runs out (so a message
/// may be sent twice; recipients drop a repeated id).
/// </summary>
/// <remarks>Thread-safe; several dispatchers (processes) may drain one store, each with its own <see cref="OutboxDispatcherOptions.Owner"/>. Call <see cref="DispatchDueAsync"/> from a timer or a hosted service.</remarks>
public sealed class OutboxDispatcher
{
    private readonly IRightsStore _store;
    private readonly INotificationSender _sender;
    private readonly IClock _clock;
    private readonly OutboxDispatcherOptions _options;

    /// <summary>Creates a dispatcher.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The owner is empty, or a duration or the batch size is not positive.</exception>
    public OutboxDispatcher(IRightsStore store, INotificationSender sender, IClock clock, OutboxDispatcherOptions options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.Owner)) throw new ArgumentException("The dispatcher's Owner must not be empty.", nameof(options));
        if (options.LeaseFor <= Duration.Zero || options.FirstRetryDelay <= Duration.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            throw new ArgumentException("LeaseFor and FirstRetryDelay must be positive, and MaxRetryDelay at least FirstRetryDelay.", nameof(options));
        }

        if (options.BatchSize < 1) throw new ArgumentException("BatchSize must be at least 1.", nameof(options));
    }

    /// <summary>Claims the messages due now and tries to send each once.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; messages claimed and not sent wait for their lease to run out.</exception>
    public async Task<OutboxDispatchReport> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var claimed = await _store.ClaimAsync(new OutboxClaim { Owner = _options.Owner, Now = now, LeaseFor = _options.LeaseFor, MaxCount = _options.BatchSize }, cancellationToken).ConfigureAwait(false);
        int sent = 0;
        var failed = ImmutableArray.CreateBuilder<string>();
        foreach (var item in claimed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await _sender.SendAsync(item.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                var retryAt = _clock.GetCurrentInstant() + RetryDelay(item.Attempts);
                await _store.MarkFailedAsync(new OutboxFailure { MessageId = item.Message.Id, Owner = _options.Owner, Error = $"{ex.GetType().Name}: {ex.Message}", NextAttemptAt = retryAt }, CancellationToken.None).ConfigureAwait(false);
                failed.Add(item.Message.Id);
                continue;
            }

            await _store.MarkSentAsync(item.Message.Id, _clock.GetCurrentInstant(), CancellationToken.None).ConfigureAwait(false);
            sent++;
        }

        return new OutboxDispatchReport(claimed.Length, sent, failed.ToImmutable());
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: the first delay doubled per earlier failure, at most the maximum.</summary>
    public Duration RetryDelay(int attempts)
    {
        var delay = _options.FirstRetryDelay;
        for (int i = 1; i < attempts && delay < _options.MaxRetryDelay; i++) delay += delay;
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }
}
