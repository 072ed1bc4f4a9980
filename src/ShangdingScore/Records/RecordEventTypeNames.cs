namespace ShangdingScore.Records;

/// <summary>The JSON names of <see cref="RecordEventType"/> in the record interchange format (spec §4).</summary>
/// <remarks>Stateless; thread-safe.</remarks>
public static class RecordEventTypeNames
{
    /// <summary><see cref="RecordEventType.Recorded"/>.</summary>
    public const string Recorded = "recorded";

    /// <summary><see cref="RecordEventType.Disputed"/>.</summary>
    public const string Disputed = "disputed";

    /// <summary><see cref="RecordEventType.DisputeUpheld"/>.</summary>
    public const string DisputeUpheld = "dispute-upheld";

    /// <summary><see cref="RecordEventType.DisputeRejected"/>.</summary>
    public const string DisputeRejected = "dispute-rejected";

    /// <summary><see cref="RecordEventType.Corrected"/>.</summary>
    public const string Corrected = "corrected";

    /// <summary><see cref="RecordEventType.Revoked"/>.</summary>
    public const string Revoked = "revoked";

    /// <summary><see cref="RecordEventType.Repaired"/>.</summary>
    public const string Repaired = "repaired";

    internal const string AllNames = "recorded, disputed, dispute-upheld, dispute-rejected, corrected, revoked, repaired";

    /// <summary>The JSON name of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static string ToName(RecordEventType type) => type switch
    {
        RecordEventType.Recorded => Recorded,
        RecordEventType.Disputed => Disputed,
        RecordEventType.DisputeUpheld => DisputeUpheld,
        RecordEventType.DisputeRejected => DisputeRejected,
        RecordEventType.Corrected => Corrected,
        RecordEventType.Revoked => Revoked,
        RecordEventType.Repaired => Repaired,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined event type."),
    };

    /// <summary>The event type named <paramref name="name"/> (exact, case-sensitive), if any.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public static bool TryParse(string name, out RecordEventType type)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        switch (name)
        {
            case Recorded: type = RecordEventType.Recorded; return true;
            case Disputed: type = RecordEventType.Disputed; return true;
            case DisputeUpheld: type = RecordEventType.DisputeUpheld; return true;
            case DisputeRejected: type = RecordEventType.DisputeRejected; return true;
            case Corrected: type = RecordEventType.Corrected; return true;
            case Revoked: type = RecordEventType.Revoked; return true;
            case Repaired: type = RecordEventType.Repaired; return true;
            default: type = default; return false;
        }
    }
}
