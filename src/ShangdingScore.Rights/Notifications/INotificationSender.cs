namespace ShangdingScore.Rights;

/// <summary>
/// Sends one notification by whatever channel the host has (SMS, app push, mail). Called by the
/// <c>OutboxDispatcher</c> for each claimed outbox message; a sender that throws (or is down)
/// loses nothing: the message stays in the outbox and is tried again later.
/// </summary>
/// <remarks>Implementations must be thread-safe. Delivery is at least once: a message may be sent twice when a dispatcher crashes between sending and marking it sent, so recipients should ignore a repeated <see cref="OutboxMessage.Id"/>.</remarks>
public interface INotificationSender
{
    /// <summary>Sends <paramref name="message"/>; returns when it was handed over, throws when it was not.</summary>
    /// <param name="message">The message: kind, recipient, JSON payload with zh-CN and English texts.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    ValueTask SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
