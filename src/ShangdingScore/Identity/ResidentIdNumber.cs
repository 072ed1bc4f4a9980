using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace ShangdingScore.Identity;

/// <summary>
/// A resident identity number (公民身份号码, GB 11643-1999): 18 characters: a 6-digit region code,
/// an 8-digit birth date <c>yyyyMMdd</c>, a 3-digit sequence (odd for men) and an ISO 7064 MOD 11-2
/// check character (0–9 or X). Validated and masked at the edges; the scorer never needs it (spec §1).
/// </summary>
/// <remarks>
/// <para>
/// Never leaks in logs: <see cref="ToString"/>, the debugger display and JSON serialization all give
/// the masked form <c>410105********123X</c> (first 6 and last 4 kept); the full number comes only
/// from <see cref="ToUnmaskedString"/>. Deserializing from JSON is refused: a masked form cannot be
/// read back, and a full number must be parsed on purpose with <see cref="Parse"/>.
/// </para>
/// <para>
/// Validation: the first two digits must be a province-level code (11–15, 21–23, 31–37, 41–46,
/// 50–54, 61–65, 71, 81–83; 83 is used on residence permits for Taiwan residents); the remaining four
/// region digits are not checked against GB/T 2260, which changes every year. The birth date must be
/// a real date from 1800 on and, when the caller supplies today's date, not after it (no clock is
/// read). A lower-case <c>x</c> is accepted and normalised to <c>X</c>. Surrounding white space is
/// not trimmed. Sequence 000 is accepted. The 15-digit first-generation numbers are not accepted
/// (only masked by <see cref="Mask"/>).
/// </para>
/// <para>
/// A synthetic valid example, for documentation and tests: <c>41010519000106123X</c> (region 410105,
/// born 1900-01-06, sequence 123, male); its masked form is <c>410105********123X</c>.
/// </para>
/// <para>Immutable and thread-safe; value equality over the full number.</para>
/// </remarks>
[DebuggerDisplay("{Masked,nq}")]
[JsonConverter(typeof(MaskingJsonConverter))]
public sealed class ResidentIdNumber : IEquatable<ResidentIdNumber>
{
    /// <summary>The number of characters.</summary>
    public const int Length = 18;

    private static readonly int[] Weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static readonly char[] CheckCharacters = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
    private readonly string _value;

    private ResidentIdNumber(string value, LocalDate birthDate)
    {
        _value = value;
        BirthDate = birthDate;
    }

    /// <summary>The 6-digit administrative region code (GB/T 2260) of the place of first registration.</summary>
    public string RegionCode => _value.Substring(0, 6);

    /// <summary>The birth date (characters 7–14).</summary>
    public LocalDate BirthDate { get; }

    /// <summary>The 3-digit sequence code (characters 15–17), as text with its leading zeros.</summary>
    public string Sequence => _value.Substring(14, 3);

    /// <summary>Whether the sequence code is odd, which GB 11643-1999 assigns to men.</summary>
    public bool IsMale => (_value[16] - '0') % 2 == 1;

    /// <summary>The check character, 0–9 or X (upper case).</summary>
    public char CheckCharacter => _value[17];

    /// <summary>The masked form for display and logs: the first 6 and the last 4 characters kept, <c>410105********123X</c>.</summary>
    public string Masked => Mask(_value);

    /// <summary>Parses and validates an 18-character number; never throws for bad input.</summary>
    /// <param name="text">The candidate text.</param>
    /// <param name="today">When given, a birth date after it is refused as <see cref="ResidentIdErrorCodes.BirthDateInFuture"/>. The library reads no clock.</param>
    /// <returns>The number, or the first problem found, checked in this order: length, characters, region, birth date, check character.</returns>
    public static ResidentIdParseResult Parse(string? text, LocalDate? today = null)
    {
        if (text is null || text.Length != Length)
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.WrongLength, $"expected {Length} characters, found {(text is null ? "null" : text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        for (int i = 0; i < Length - 1; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return ResidentIdParseResult.Fail(ResidentIdErrorCodes.InvalidCharacter, $"character {i + 1} must be a digit", i);
            }
        }

        char last = text[Length - 1];
        if (last is not ((>= '0' and <= '9') or 'X' or 'x'))
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.InvalidCharacter, "character 18 must be a digit or X", Length - 1);
        }

        int province = ((text[0] - '0') * 10) + (text[1] - '0');
        if (!IsProvince(province))
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.InvalidRegion, $"{text.Substring(0, 2)} is not a province-level region code", 0);
        }

        int year = Digits(text, 6, 4), month = Digits(text, 10, 2), day = Digits(text, 12, 2);
        if (year < 1800 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month))
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.InvalidBirthDate, "characters 7 to 14 are not a real birth date yyyyMMdd from 1800 on", 6);
        }

        var birthDate = new LocalDate(year, month, day);
        if (today is { } t && birthDate > t)
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.BirthDateInFuture, $"the birth date is after {t:uuuu-MM-dd}", 6);
        }

        char expected = ComputeCheckCharacter(text.AsSpan(0, Length - 1));
        char actual = last == 'x' ? 'X' : last;
        if (actual != expected)
        {
            return ResidentIdParseResult.Fail(ResidentIdErrorCodes.InvalidCheckCharacter, $"the check character is {actual}; the first 17 digits call for {expected}", Length - 1, expected);
        }

        string normalised = last == 'x' ? text.Substring(0, Length - 1) + "X" : text;
        return ResidentIdParseResult.Ok(new ResidentIdNumber(normalised, birthDate));
    }

    /// <summary>Parses and validates; the out value is null on failure.</summary>
    /// <param name="text">The candidate text.</param>
    /// <param name="value">The number, or null.</param>
    /// <param name="today">When given, a birth date after it is refused.</param>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResidentIdNumber? value, LocalDate? today = null)
    {
        value = Parse(text, today).Value;
        return value is not null;
    }

    /// <summary>
    /// Masks any text for logs without validating it: 18 characters keep the first 6 and the last 4
    /// (<c>410105********123X</c>), 15 characters (first-generation numbers) keep the first 6 and the
    /// last 3 (<c>410105******123</c>); any other text is replaced by as many <c>*</c>. Null gives an empty string.
    /// </summary>
    public static string Mask(string? text)
    {
        if (text is null) return string.Empty;
        return text.Length switch
        {
            18 => text.Substring(0, 6) + new string('*', 8) + text.Substring(14, 4),
            15 => text.Substring(0, 6) + new string('*', 6) + text.Substring(12, 3),
            _ => new string('*', text.Length),
        };
    }

    /// <summary>The ISO 7064 MOD 11-2 check character (0–9 or X) of 17 digits.</summary>
    /// <exception cref="ArgumentException"><paramref name="first17"/> is not 17 ASCII digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1) throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
        int sum = 0;
        for (int i = 0; i < first17.Length; i++)
        {
            char c = first17[i];
            if (c is < '0' or > '9') throw new ArgumentException("Exactly 17 digits are needed.", nameof(first17));
            sum += (c - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>The full, unmasked number (with an upper-case X). Handle with care: personal data; never log it.</summary>
    public string ToUnmaskedString() => _value;

    /// <summary>The masked form (<see cref="Masked"/>); never the full number.</summary>
    public override string ToString() => Masked;

    /// <inheritdoc />
    public bool Equals(ResidentIdNumber? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ResidentIdNumber);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Equality.</summary>
    public static bool operator ==(ResidentIdNumber? left, ResidentIdNumber? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ResidentIdNumber? left, ResidentIdNumber? right) => !(left == right);

    private static bool IsProvince(int code) => code is (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46)
        or (>= 50 and <= 54) or (>= 61 and <= 65) or 71 or (>= 81 and <= 83);

    private static int Digits(string text, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++) value = (value * 10) + (text[i] - '0');
        return value;
    }

    /// <summary>Writes the masked form; refuses to read (a masked form is not a number).</summary>
    /// <remarks>Stateless; thread-safe.</remarks>
    private sealed class MaskingJsonConverter : JsonConverter<ResidentIdNumber>
    {
        public override ResidentIdNumber Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("A ResidentIdNumber is serialized masked and cannot be read back; parse the full number with ResidentIdNumber.Parse.");

        public override void Write(Utf8JsonWriter writer, ResidentIdNumber value, JsonSerializerOptions options) => writer.WriteStringValue(value.Masked);
    }
}
