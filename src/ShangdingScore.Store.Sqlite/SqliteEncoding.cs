using System.Globalization;
using NodaTime;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

/// <summary>How values are kept in SQLite columns: exact, and ordered as the values are.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class SqliteEncoding
{
    /// <summary>The <c>effective_on</c> of an event without one (a key column cannot be NULL).</summary>
    public const long NoDate = 0;

    /// <summary>The <c>known_at</c> of a score for the view of everything (sorts first).</summary>
    public const long Everything = long.MinValue;

    /// <summary>An instant as 100-ns ticks since the Unix epoch and the nanoseconds left (<see cref="StoreEncoding.SplitInstant"/>).</summary>
    public static (long Ticks, long Nanos) Instant(Instant instant)
    {
        var (ticks, nanos) = StoreEncoding.SplitInstant(instant);
        return (ticks, nanos);
    }

    public static Instant Instant(long ticks, long nanos) => StoreEncoding.JoinInstant(ticks, nanos);

    /// <summary>A date as the number yyyymmdd (<see cref="StoreEncoding.DateToNumber"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static long Date(LocalDate date) => StoreEncoding.DateToNumber(date);

    public static LocalDate Date(long value) => StoreEncoding.DateFromNumber(value);

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
