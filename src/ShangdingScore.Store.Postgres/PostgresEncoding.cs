using NodaTime;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

/// <summary>How values are kept in PostgreSQL columns: exact, and ordered as the values are.</summary>
/// <remarks>
/// Instants as 100-ns Unix ticks (<c>bigint</c>) plus the nanoseconds left (<c>smallint</c>): a
/// <c>timestamptz</c> keeps microseconds only, and records carry nanoseconds. Dates as the number
/// yyyymmdd (<c>integer</c>), the same on every target. Quantities and scores as <c>numeric</c>
/// without trailing zeros. Stateless and thread-safe.
/// </remarks>
internal static class PostgresEncoding
{
    /// <summary>The <c>effective_on</c> of an event without one (a key column cannot be NULL).</summary>
    public const int NoDate = 0;

    /// <summary>The <c>known_at</c> of a score for the view of everything (sorts first).</summary>
    public const long Everything = long.MinValue;

    public static (long Ticks, short Nanos) Instant(Instant instant)
    {
        var (ticks, nanos) = StoreEncoding.SplitInstant(instant);
        return (ticks, (short)nanos);
    }

    public static Instant Instant(long ticks, short nanos) => StoreEncoding.JoinInstant(ticks, nanos);

    /// <summary>A date as the number yyyymmdd (<see cref="StoreEncoding.DateToNumber"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1–9999.</exception>
    public static int Date(LocalDate date) => StoreEncoding.DateToNumber(date);

    public static LocalDate Date(int value) => StoreEncoding.DateFromNumber(value);

    /// <summary>The same number without trailing zeros, so 12.50 and 12.5 are kept and read back as one value.</summary>
    public static decimal Normalize(decimal value)
    {
        var whole = decimal.Truncate(value);
        if (whole == value) return whole;
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        return decimal.Parse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether PostgreSQL <c>text</c> can keep <paramref name="value"/> (it cannot keep U+0000).</summary>
    public static bool Storable(string? value) => value is null || value.IndexOf('\0') < 0;

    /// <summary><paramref name="value"/> with every U+0000 replaced by U+FFFD, for texts kept for people to read (rejects).</summary>
    public static string? Readable(string? value) => Storable(value) ? value : value!.Replace('\0', '\uFFFD');
}
