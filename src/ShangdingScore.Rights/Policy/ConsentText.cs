using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShangdingScore.Rights;

/// <summary>
/// One version of the consent text a citizen reads before enrolling (授权同意书): its version and its
/// text in zh-CN and English. The enrolment records the version and the content hash of the text shown,
/// so what the citizen agreed to can be proven later.
/// </summary>
/// <remarks>Immutable and thread-safe; value equality over version and text.</remarks>
public sealed class ConsentText : IEquatable<ConsentText>
{
    /// <summary>Creates a consent text and computes its hash.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="version"/> is empty.</exception>
    public ConsentText(string version, LocalizedText text)
    {
        if (version is null) throw new ArgumentNullException(nameof(version));
        if (string.IsNullOrWhiteSpace(version)) throw new ArgumentException("The consent text's version must not be empty.", nameof(version));
        Version = version;
        Text = text ?? throw new ArgumentNullException(nameof(text));
        ContentHash = ComputeHash(text);
    }

    /// <summary>The version, for example <c>zz-consent-2019.1</c>.</summary>
    public string Version { get; }

    /// <summary>The text as shown, in zh-CN and English.</summary>
    public LocalizedText Text { get; }

    /// <summary>The SHA-256 of the text (<see cref="ComputeHash"/>), 64 lower-case hex digits.</summary>
    public string ContentHash { get; }

    /// <summary>
    /// The content hash of a text: SHA-256 over the UTF-8 bytes of <c>S</c> + the zh-CN text's UTF-8 length +
    /// <c>:</c> + the zh-CN text + <c>\n</c>, then the same for the English text; lower-case hex. An app that
    /// shows the text computes the same hash from the same two strings.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string ComputeHash(LocalizedText text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        var form = new StringBuilder();
        foreach (var part in new[] { text.ZhCn, text.En })
        {
            form.Append('S').Append(Encoding.UTF8.GetByteCount(part).ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('\n');
        }

        using var sha = SHA256.Create();
        return RightsChain.Hex(sha.ComputeHash(Encoding.UTF8.GetBytes(form.ToString())));
    }

    /// <inheritdoc />
    public bool Equals(ConsentText? other) => other is not null && string.Equals(Version, other.Version, StringComparison.Ordinal) && Text.Equals(other.Text);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConsentText);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ContentHash);

    /// <inheritdoc />
    public override string ToString() => $"{Version} ({ContentHash.Substring(0, 12)}…)";
}
