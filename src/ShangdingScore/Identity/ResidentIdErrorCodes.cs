namespace ShangdingScore.Identity;

/// <summary>Stable codes for why a text is not a valid resident identity number (GB 11643-1999). The text of each code is part of the public contract.</summary>
/// <remarks>Constants only; thread-safe.</remarks>
public static class ResidentIdErrorCodes
{
    /// <summary>The text is null, or not 18 characters long (surrounding white space is not trimmed).</summary>
    public const string WrongLength = "wrong-length";

    /// <summary>One of the first 17 characters is not a digit, or the last is neither a digit nor X.</summary>
    public const string InvalidCharacter = "invalid-character";

    /// <summary>The first two digits are not a province-level code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81–83).</summary>
    public const string InvalidRegion = "invalid-region";

    /// <summary>Characters 7–14 are not a real calendar date in or after 1800.</summary>
    public const string InvalidBirthDate = "invalid-birth-date";

    /// <summary>The birth date lies after the date the caller supplied as today.</summary>
    public const string BirthDateInFuture = "birth-date-in-future";

    /// <summary>The 18th character is not the ISO 7064 MOD 11-2 check character of the first 17; the result names the expected one.</summary>
    public const string InvalidCheckCharacter = "invalid-check-character";
}
