using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore;

/// <summary>
/// One fact about a subject from one data provider (信用信息): an item code, the date it occurred,
/// a quantity, the provider, when it was recorded and its later lifecycle events (spec §1, §4).
/// </summary>
/// <remarks>
/// Immutable and thread-safe; value equality over every field, events in order.
/// Whether a record counts is decided by the evaluator against a rule set, never here: an item
/// code the rule set does not know is still a valid record.
/// </remarks>
public sealed class CreditRecord : IEquatable<CreditRecord>
{
    /// <summary>Creates a record.</summary>
    /// <param name="id">The provider's record id; copies with one id are one record.</param>
    /// <param name="subject">Whom the record is about.</param>
    /// <param name="itemCode">The rule-set item this record is an occurrence of.</param>
    /// <param name="occurredOn">The day it happened.</param>
    /// <param name="provider">The data provider's code.</param>
    /// <param name="recordedAt">When it was entered; a view with an earlier <c>knownAt</c> does not see it.</param>
    /// <param name="quantity">How many units (hours, yuan, …); only items priced per unit use it. Default 1.</param>
    /// <param name="events">Lifecycle events after recording; default none.</param>
    /// <exception cref="ArgumentNullException">A reference argument is null.</exception>
    /// <exception cref="ArgumentException">A text is empty, or <paramref name="subject"/> is the default value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is negative.</exception>
    public CreditRecord(
        string id,
        SubjectId subject,
        string itemCode,
        LocalDate occurredOn,
        string provider,
        Instant recordedAt,
        decimal quantity = 1m,
        ImmutableArray<RecordEvent> events = default)
    {
        Id = RequireText(id, nameof(id));
        if (subject.Value.Length == 0) throw new ArgumentException("The subject id is missing.", nameof(subject));
        ItemCode = RequireText(itemCode, nameof(itemCode));
        Provider = RequireText(provider, nameof(provider));
        if (quantity < 0m) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "The quantity must not be negative.");
        Subject = subject;
        OccurredOn = occurredOn;
        RecordedAt = recordedAt;
        Quantity = quantity;
        Events = events.IsDefault ? ImmutableArray<RecordEvent>.Empty : events;
        foreach (var e in Events)
        {
            if (e is null) throw new ArgumentNullException(nameof(events), "An event is null.");
        }
    }

    /// <summary>The provider's record id.</summary>
    public string Id { get; }

    /// <summary>Whom the record is about.</summary>
    public SubjectId Subject { get; }

    /// <summary>The rule-set item code, for example <c>volunteer.service-hours</c>.</summary>
    public string ItemCode { get; }

    /// <summary>The day the fact occurred.</summary>
    public LocalDate OccurredOn { get; }

    /// <summary>The data provider's code.</summary>
    public string Provider { get; }

    /// <summary>When the record was entered (its "recorded" event).</summary>
    public Instant RecordedAt { get; }

    /// <summary>How many units; 1 unless the provider said otherwise.</summary>
    public decimal Quantity { get; }

    /// <summary>Lifecycle events after recording, in delivery order.</summary>
    public ImmutableArray<RecordEvent> Events { get; }

    /// <summary>Whether the content (subject, item, date, quantity, provider) is the same as <paramref name="other"/>'s; events and <see cref="RecordedAt"/> are delivery facts and not compared.</summary>
    public bool HasSameContentAs(CreditRecord other)
    {
        if (other is null) throw new ArgumentNullException(nameof(other));
        return Subject == other.Subject
            && string.Equals(ItemCode, other.ItemCode, StringComparison.Ordinal)
            && OccurredOn == other.OccurredOn
            && Quantity == other.Quantity
            && string.Equals(Provider, other.Provider, StringComparison.Ordinal);
    }

    /// <summary>A copy with different events.</summary>
    public CreditRecord WithEvents(ImmutableArray<RecordEvent> events) =>
        new(Id, Subject, ItemCode, OccurredOn, Provider, RecordedAt, Quantity, events);

    /// <inheritdoc />
    public bool Equals(CreditRecord? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (!string.Equals(Id, other.Id, StringComparison.Ordinal) || RecordedAt != other.RecordedAt || !HasSameContentAs(other)) return false;
        if (Events.Length != other.Events.Length) return false;
        for (int i = 0; i < Events.Length; i++)
        {
            if (!Events[i].Equals(other.Events[i])) return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CreditRecord);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(Id), Subject, StringComparer.Ordinal.GetHashCode(ItemCode), OccurredOn, Quantity, RecordedAt, Events.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Subject} {ItemCode} ×{Quantity} on {OccurredOn:uuuu-MM-dd}";

    private static string RequireText(string value, string name)
    {
        if (value is null) throw new ArgumentNullException(name);
        if (value.Length == 0 || string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The {name} must not be empty.", name);
        return value;
    }
}
