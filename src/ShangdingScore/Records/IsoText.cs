using NodaTime;

namespace ShangdingScore.Records;

/// <summary>
/// The strict ISO 8601 forms of the record format: dates <c>yyyy-MM-dd</c> (years 0001–9999) and
/// instants <c>yyyy-MM-ddTHH:mm:ss[.fffffffff](Z|±HH:mm)</c>, upper-case <c>T</c> and <c>Z</c>.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class IsoText
{
    internal enum InstantParse
    {
        Ok,
        NoZone,
        Invalid,
    }

    public static bool TryParseDate(string text, out LocalDate date)
    {
        date = default;
        return text.Length == 10 && TryParseDateAt(text, out date);
    }

    public static InstantParse TryParseInstant(string text, out Instant instant)
    {
        instant = default;
        // yyyy-MM-ddTHH:mm:ss = 19 characters.
        if (text.Length < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') return InstantParse.Invalid;
        if (!TryParseDateAt(text, out var date)) return InstantParse.Invalid;
        if (!TwoDigits(text, 11, out int hour) || !TwoDigits(text, 14, out int minute) || !TwoDigits(text, 17, out int second)) return InstantParse.Invalid;
        if (hour > 23 || minute > 59 || second > 59) return InstantParse.Invalid;
        int i = 19;
        long nanos = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            int digits = 0;
            while (i < text.Length && text[i] is >= '0' and <= '9')
            {
                if (digits == 9) return InstantParse.Invalid;
                nanos = (nanos * 10) + (text[i] - '0');
                digits++;
                i++;
            }

            if (digits == 0) return InstantParse.Invalid;
            for (int k = digits; k < 9; k++) nanos *= 10;
        }

        if (i == text.Length) return InstantParse.NoZone;
        int offsetSeconds;
        if (text[i] == 'Z' && i + 1 == text.Length)
        {
            offsetSeconds = 0;
        }
        else if ((text[i] == '+' || text[i] == '-') && i + 6 == text.Length && text[i + 3] == ':'
            && TwoDigits(text, i + 1, out int offsetHours) && TwoDigits(text, i + 4, out int offsetMinutes) && offsetMinutes <= 59 && offsetHours <= 18)
        {
            offsetSeconds = ((offsetHours * 3600) + (offsetMinutes * 60)) * (text[i] == '-' ? -1 : 1);
            if (Math.Abs(offsetSeconds) > 18 * 3600) return InstantParse.Invalid;
        }
        else
        {
            return InstantParse.Invalid;
        }

        try
        {
            var local = date.At(new LocalTime(hour, minute, second)).PlusNanoseconds(nanos);
            instant = new OffsetDateTime(local, Offset.FromSeconds(offsetSeconds)).ToInstant();
            return InstantParse.Ok;
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            // Outside the range of Instant (year 9999 with a negative offset, for example).
            return InstantParse.Invalid;
        }
    }

    private static bool TryParseDateAt(string text, out LocalDate date)
    {
        date = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TwoDigits(text, 0, out int c) || !TwoDigits(text, 2, out int y) || !TwoDigits(text, 5, out int month) || !TwoDigits(text, 8, out int day)) return false;
        int year = (c * 100) + y;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)) return false;
        date = new LocalDate(year, month, day);
        return true;
    }

    private static bool TwoDigits(string text, int at, out int value)
    {
        value = 0;
        char a = text[at], b = text[at + 1];
        if (a is < '0' or > '9' || b is < '0' or > '9') return false;
        value = ((a - '0') * 10) + (b - '0');
        return true;
    }
}
