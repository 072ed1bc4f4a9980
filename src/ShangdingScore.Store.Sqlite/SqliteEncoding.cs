using System.Globalization;
using NodaTime;

namespace ShangdingScore.Store.Sqlite;

/// <summary>How values are kept in SQLite columns: exact, and ordered as the values are.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class SqliteEncoding
{
    /// <summary>The <c>effective_on</c> of an event without one (a key column cannot be NULL).</summary>
    public const long NoDate = 0;

    /// <summary>The <c>known_at</c> of a score for the view of everything (sorts first).</summary>
    public const long Everything = long.MinValue;

    /// <summary>An instant as 100-ns ticks since the Unix epoch (rounded down) and the nanoseconds left (0–99).</summary>
    public static (long Ticks, long Nanos) Instant(Instant instant)
    {
        long ticks = instant.ToUnixTimeTicks();
        long nanos = (instant - NodaTime.Instant.FromUnixTimeTicks(ticks)).ToInt64Nanoseconds();
        return (ticks, nanos);
    }

    public static Instant Instant(long ticks, long nanos) => NodaTime.Instant.FromUnixTimeTicks(ticks) + Duration.FromNanoseconds(nanos);

    /// <summary>A date as the number yyyymmdd (years 1–9999, the range of the record format).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static long Date(LocalDate date)
    {
        if (date.Year is < 1 or > 9999) throw new ArgumentOutOfRangeException(nameof(date), date, "The store keeps dates of the years 0001 to 9999.");
        return (date.Year * 10_000L) + (date.Month * 100L) + date.Day;
    }

    public static LocalDate Date(long value) => new((int)(value / 10_000), (int)(value / 100 % 100), (int)(value % 100));

    /// <summary>A decimal as invariant text without trailing zeros, so 12.50 and 12.5 are one value.</summary>
    public static string Decimal(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0) return text;
        text = text.TrimEnd('0');
        return text[text.Length - 1] == '.' ? text.Substring(0, text.Length - 1) : text;
    }

    public static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
