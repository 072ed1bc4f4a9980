using System.Diagnostics.CodeAnalysis;

namespace ShangdingScore.Identity;

/// <summary>
/// The outcome of <see cref="ResidentIdNumber.Parse(string?, NodaTime.LocalDate?)"/>: the number, or a reason code
/// (<see cref="ResidentIdErrorCodes"/>) with a message. Messages never contain the full input; they
/// name positions and, for a wrong check character, the expected one.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ResidentIdParseResult
{
    private ResidentIdParseResult(ResidentIdNumber? value, string? errorCode, string? message, int? position, char? expectedCheckCharacter)
    {
        Value = value;
        ErrorCode = errorCode;
        Message = message;
        Position = position;
        ExpectedCheckCharacter = expectedCheckCharacter;
    }

    /// <summary>Whether the text is a valid number.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(ErrorCode), nameof(Message))]
    public bool Success => Value is not null;

    /// <summary>The number, or null on failure.</summary>
    public ResidentIdNumber? Value { get; }

    /// <summary>One of <see cref="ResidentIdErrorCodes"/>, or null on success.</summary>
    public string? ErrorCode { get; }

    /// <summary>What is wrong, in English, without the input's hidden digits; null on success.</summary>
    public string? Message { get; }

    /// <summary>The 0-based index of the first offending character, when one character is at fault.</summary>
    public int? Position { get; }

    /// <summary>For <see cref="ResidentIdErrorCodes.InvalidCheckCharacter"/>: the check character the first 17 digits call for.</summary>
    public char? ExpectedCheckCharacter { get; }

    /// <summary>The number, or an exception for the failure.</summary>
    /// <exception cref="FormatException">Parsing failed; the message holds the reason code and no hidden digits.</exception>
    public ResidentIdNumber GetValueOrThrow() =>
        Value ?? throw new FormatException($"Not a valid resident identity number: {Message} [{ErrorCode}]");

    /// <summary><c>ok</c> or the message and code.</summary>
    public override string ToString() => Success ? "ok" : $"{Message} [{ErrorCode}]";

    internal static ResidentIdParseResult Ok(ResidentIdNumber value) => new(value, null, null, null, null);

    internal static ResidentIdParseResult Fail(string code, string message, int? position = null, char? expected = null) =>
        new(null, code, message, position, expected);
}
