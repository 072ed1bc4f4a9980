using System.Text.Json.Serialization;

namespace ShangdingScore;

/// <summary>
/// A name or message in Chinese (zh-CN, first) and English. Every grade, dimension, item and
/// benefit carries one. In JSON it is written <c>{"zh-CN": "…", "en": "…"}</c>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LocalizedText : IEquatable<LocalizedText>
{
    /// <summary>Creates a text from its Chinese and English forms.</summary>
    /// <param name="zhCn">The zh-CN text; must not be empty.</param>
    /// <param name="en">The English text; must not be empty.</param>
    /// <exception cref="ArgumentNullException">Either text is null.</exception>
    /// <exception cref="ArgumentException">Either text is empty or white space.</exception>
    public LocalizedText(string zhCn, string en)
    {
        if (zhCn is null) throw new ArgumentNullException(nameof(zhCn));
        if (en is null) throw new ArgumentNullException(nameof(en));
        if (string.IsNullOrWhiteSpace(zhCn)) throw new ArgumentException("The zh-CN text must not be empty.", nameof(zhCn));
        if (string.IsNullOrWhiteSpace(en)) throw new ArgumentException("The English text must not be empty.", nameof(en));
        ZhCn = zhCn;
        En = en;
    }

    /// <summary>The Chinese (zh-CN) form.</summary>
    [JsonPropertyName("zh-CN")]
    [JsonPropertyOrder(0)]
    public string ZhCn { get; }

    /// <summary>The English form.</summary>
    [JsonPropertyName("en")]
    [JsonPropertyOrder(1)]
    public string En { get; }

    /// <summary>The text in the given language.</summary>
    public string In(Language language) => language == Language.ZhCn ? ZhCn : En;

    /// <inheritdoc />
    public bool Equals(LocalizedText? other) =>
        other is not null && string.Equals(ZhCn, other.ZhCn, StringComparison.Ordinal) && string.Equals(En, other.En, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LocalizedText);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(ZhCn), StringComparer.Ordinal.GetHashCode(En));

    /// <summary>Both forms, Chinese first: <c>信用良好 (Good)</c>.</summary>
    public override string ToString() => $"{ZhCn} ({En})";
}

/// <summary>The languages explanations render in.</summary>
public enum Language
{
    /// <summary>Simplified Chinese, zh-CN (the first language of the scheme).</summary>
    ZhCn = 0,

    /// <summary>English.</summary>
    En = 1,
}
