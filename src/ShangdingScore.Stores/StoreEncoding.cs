using System.Collections.Immutable;
using System.Globalization;
using NodaTime;

namespace ShangdingScore.Stores;

/// <summary>
/// Column encodings every store uses, so that stores keep values exactly and in their order:
/// an instant as 100-ns Unix ticks (rounded down) plus the nanoseconds left (0–99), since common
/// timestamp columns keep microseconds at best; a date as the number yyyymmdd.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class StoreEncoding
{
    /// <summary>An instant as 100-ns ticks since the Unix epoch (rounded down) and the nanoseconds left (0–99).</summary>
    public static (long Ticks, int Nanos) SplitInstant(Instant instant)
    {
        long ticks = instant.ToUnixTimeTicks();
        long nanos = (instant - Instant.FromUnixTimeTicks(ticks)).ToInt64Nanoseconds();
        return (ticks, (int)nanos);
    }

    /// <summary>The instant of <see cref="SplitInstant"/>'s parts.</summary>
    public static Instant JoinInstant(long ticks, long nanos) => Instant.FromUnixTimeTicks(ticks) + Duration.FromNanoseconds(nanos);

    /// <summary>A date as the number yyyymmdd (years 1–9999, the range of the record format).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static int DateToNumber(LocalDate date)
    {
        if (date.Year is < 1 or > 9999) throw new ArgumentOutOfRangeException(nameof(date), date, "The store keeps dates of the years 0001 to 9999.");
        return (date.Year * 10_000) + (date.Month * 100) + date.Day;
    }

    /// <summary>The date of a yyyymmdd number.</summary>
    public static LocalDate DateFromNumber(long value) => new((int)(value / 10_000), (int)(value / 100 % 100), (int)(value % 100));

    /// <summary>An event's effective date as kept in a key column (which cannot be NULL): yyyymmdd, or 0 when it has none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="recordEvent"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static int EffectiveOnNumber(RecordEvent recordEvent)
    {
        if (recordEvent is null) throw new ArgumentNullException(nameof(recordEvent));
        return recordEvent.EffectiveOn is { } on ? DateToNumber(on) : 0;
    }

    /// <summary>
    /// Checks the events given to <see cref="ICreditStore.AppendEventsAsync"/> before a store writes any
    /// of them, and returns them in the order given.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or an element is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An event's effective date lies outside the years 0001–9999.</exception>
    public static IReadOnlyList<RecordEventAppend> CheckAppends(IReadOnlyCollection<RecordEventAppend> events)
    {
        if (events is null) throw new ArgumentNullException(nameof(events));
        var list = new List<RecordEventAppend>(events.Count);
        foreach (var e in events)
        {
            if (e is null) throw new ArgumentNullException(nameof(events), $"The event to append at position {list.Count} is null.");
            if (e.Event.EffectiveOn is { } on && on.Year is < 1 or > 9999)
            {
                throw new ArgumentOutOfRangeException(nameof(events), on, $"The event to append at position {list.Count} ({e}) has an effective date outside the years 0001 to 9999, which the store cannot keep.");
            }

            list.Add(e);
        }

        return list;
    }

    /// <summary>
    /// A score's dimension points as one text column (<see cref="StoredScore.DimensionPoints"/>): each value in the
    /// invariant culture with its scale kept (12.50 stays 12.50), separated by <c>;</c>; null for none.
    /// </summary>
    public static string? DimensionPointsToText(ImmutableArray<decimal> points)
    {
        if (points.IsDefaultOrEmpty) return null;
        var text = new System.Text.StringBuilder(points.Length * 6);
        for (int i = 0; i < points.Length; i++)
        {
            if (i > 0) text.Append(';');
            text.Append(points[i].ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The dimension points kept by <see cref="DimensionPointsToText"/>; empty for null.</summary>
    /// <exception cref="FormatException">A value is not an invariant decimal.</exception>
    public static ImmutableArray<decimal> DimensionPointsFromText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return ImmutableArray<decimal>.Empty;
        var parts = text!.Split(';');
        var points = ImmutableArray.CreateBuilder<decimal>(parts.Length);
        foreach (var part in parts) points.Add(DimensionPointFromText(part));
        return points.MoveToImmutable();
    }

    /// <summary>One value of <see cref="DimensionPointsToText"/>, its scale kept.</summary>
    /// <exception cref="FormatException">The text is not an invariant decimal.</exception>
    public static decimal DimensionPointFromText(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a dimension's points (an invariant decimal number).");

    /// <summary>Bytes as lower-case hex.</summary>
    internal static string Hex(byte[] bytes)
    {
        const string Digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }
}
