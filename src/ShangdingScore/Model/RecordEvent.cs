using NodaTime;

namespace ShangdingScore;

/// <summary>One lifecycle event of a credit record, stamped with the instant it was entered.</summary>
/// <remarks>Immutable and thread-safe; value equality.</remarks>
public sealed class RecordEvent : IEquatable<RecordEvent>
{
    /// <summary>Creates an event.</summary>
    /// <param name="type">What happened.</param>
    /// <param name="at">When it was entered (seen by evaluations whose <c>knownAt</c> is at or after it).</param>
    /// <param name="effectiveOn">For <see cref="RecordEventType.Repaired"/>: the repair date; when null the date of <paramref name="at"/> in the rule set's time zone is used.</param>
    public RecordEvent(RecordEventType type, Instant at, LocalDate? effectiveOn = null)
    {
        Type = type;
        At = at;
        EffectiveOn = effectiveOn;
    }

    /// <summary>What happened.</summary>
    public RecordEventType Type { get; }

    /// <summary>The instant the event was entered.</summary>
    public Instant At { get; }

    /// <summary>The date a repair takes effect, if the provider stated one.</summary>
    public LocalDate? EffectiveOn { get; }

    /// <inheritdoc />
    public bool Equals(RecordEvent? other) =>
        other is not null && Type == other.Type && At == other.At && EffectiveOn == other.EffectiveOn;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RecordEvent);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, At, EffectiveOn);

    /// <inheritdoc />
    public override string ToString() => EffectiveOn is { } on ? $"{Type}@{At} (effective {on})" : $"{Type}@{At}";
}
