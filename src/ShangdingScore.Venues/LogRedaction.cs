using System.Text.RegularExpressions;
using ShangdingScore.Identity;

namespace ShangdingScore.Venues;

/// <summary>
/// Masks resident identity numbers (GB 11643-1999, 18 characters, and the 15-digit first generation)
/// wherever they appear in a text before it is logged, with <see cref="ResidentIdNumber.Mask(string?)"/>.
/// Subject ids should be opaque, but a deployment that uses identity numbers as subject ids must still
/// never log one in clear.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class LogRedaction
{
    private static readonly Regex IdLike = new(@"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])", RegexOptions.CultureInvariant);

    /// <summary>The text with every identity-number-like run masked; null gives <c>-</c>.</summary>
    public static string Mask(string? text) => text is null ? "-" : IdLike.Replace(text, m => ResidentIdNumber.Mask(m.Value));

    /// <summary>A subject id fit for a log line.</summary>
    public static string Subject(SubjectId? subject) => subject is { } s ? Mask(s.Value) : "-";
}
