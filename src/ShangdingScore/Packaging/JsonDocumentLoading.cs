using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ShangdingScore.Packaging;

/// <summary>Stable codes of <see cref="JsonDocumentProblem"/>; the rule-set and benefit-catalog error codes of the same name have the same text.</summary>
public static class JsonDocumentProblemCodes
{
    /// <summary>The document is not well-formed JSON (the message names line and byte).</summary>
    public const string Syntax = "syntax";

    /// <summary>A string or property name is not well-formed Unicode: bytes that are not UTF-8, or an escape <c>\uD800</c>–<c>\uDFFF</c> that is not half of a surrogate pair.</summary>
    public const string IllFormedUnicode = "ill-formed-unicode";

    /// <summary>The document is larger than <see cref="JsonLoadOptions.MaxDocumentBytes"/>; it was not parsed.</summary>
    public const string DocumentTooLarge = "document-too-large";

    /// <summary>More errors were found than <see cref="JsonLoadOptions.MaxErrors"/>; this last error counts those not listed.</summary>
    public const string TooManyErrors = "too-many-errors";
}

/// <summary>Why a document could not be parsed: where (a JSON path, <c>$</c> for the whole document), what (a stable code) and why.</summary>
/// <remarks>Immutable.</remarks>
public sealed class JsonDocumentProblem
{
    /// <summary>Creates a problem (loaders of other document kinds report theirs with it).</summary>
    public JsonDocumentProblem(string path, string code, string message)
    {
        Path = path;
        Code = code;
        Message = message;
    }

    /// <summary>The JSON path of the offending string or property, or <c>$</c>.</summary>
    public string Path { get; }

    /// <summary>One of <see cref="JsonDocumentProblemCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What is wrong, in English, with the line and byte where it is.</summary>
    public string Message { get; }
}

/// <summary>
/// The first step of every JSON document loader of the SDK (rule sets, benefit catalogs): the size bound,
/// the byte-order mark, strict JSON (no comments, no trailing commas, depth 32), and well-formed Unicode in
/// every string and property name, each failure a located <see cref="JsonDocumentProblem"/> instead of an exception.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. After a successful parse, every <see cref="JsonElement.GetString"/> and property
/// name of the document succeeds: nothing in it throws on reading text. Linear in the document's size.
/// </remarks>
public static class JsonDocumentLoading
{
    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 32;

    private const int ExcerptLength = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses UTF-8 bytes (a byte-order mark is accepted).</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="options">The bounds; null for <see cref="JsonLoadOptions.Default"/>.</param>
    /// <param name="document">The parsed document (dispose it) when the result is true.</param>
    /// <param name="problems">Why it was refused when the result is false; empty otherwise.</param>
    /// <returns>Whether the document was parsed.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, JsonLoadOptions? options, [NotNullWhen(true)] out JsonDocument? document, out ImmutableArray<JsonDocumentProblem> problems)
    {
        options ??= JsonLoadOptions.Default;
        document = null;
        if (utf8Json.Length > options.MaxDocumentBytes)
        {
            problems = ImmutableArray.Create(TooLarge($"is {utf8Json.Length.ToString(CultureInfo.InvariantCulture)} bytes", options));
            return false;
        }

        var bytes = utf8Json;
        if (bytes.Length >= 3 && bytes.Span[0] == 0xEF && bytes.Span[1] == 0xBB && bytes.Span[2] == 0xBF) bytes = bytes.Slice(3);
        problems = TextScanner.Scan(bytes.Span, options.MaxErrors);
        if (!problems.IsEmpty) return false;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
            return true;
        }
        catch (JsonException ex)
        {
            problems = ImmutableArray.Create(Syntax(ex));
            return false;
        }
    }

    /// <summary>Parses text; an unpaired surrogate in it is refused (never replaced).</summary>
    /// <inheritdoc cref="TryParse(ReadOnlyMemory{byte}, JsonLoadOptions?, out JsonDocument?, out ImmutableArray{JsonDocumentProblem})"/>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static bool TryParse(string json, JsonLoadOptions? options, [NotNullWhen(true)] out JsonDocument? document, out ImmutableArray<JsonDocumentProblem> problems)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        options ??= JsonLoadOptions.Default;
        document = null;
        int byteCount;
        try
        {
            // At most 3 bytes per UTF-16 unit: a short enough string is not counted.
            byteCount = (long)json.Length * 3 <= options.MaxDocumentBytes ? 0 : StrictUtf8.GetByteCount(json);
            if (byteCount > options.MaxDocumentBytes)
            {
                problems = ImmutableArray.Create(TooLarge($"is {byteCount.ToString(CultureInfo.InvariantCulture)} bytes in UTF-8", options));
                return false;
            }

            return TryParse(StrictUtf8.GetBytes(json), options, out document, out problems);
        }
        catch (EncoderFallbackException)
        {
            problems = ImmutableArray.Create(UnpairedSurrogate(json));
            return false;
        }
    }

    /// <summary>Reads a UTF-8 stream to its end (not closed), at most <see cref="JsonLoadOptions.MaxDocumentBytes"/> and one byte, and parses it.</summary>
    /// <inheritdoc cref="TryParse(ReadOnlyMemory{byte}, JsonLoadOptions?, out JsonDocument?, out ImmutableArray{JsonDocumentProblem})"/>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static bool TryParse(Stream utf8Json, JsonLoadOptions? options, [NotNullWhen(true)] out JsonDocument? document, out ImmutableArray<JsonDocumentProblem> problems)
    {
        if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
        options ??= JsonLoadOptions.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = utf8Json.Read(chunk, 0, (int)Math.Min(chunk.Length, (long)options.MaxDocumentBytes + 1 - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > options.MaxDocumentBytes)
            {
                document = null;
                problems = ImmutableArray.Create(TooLarge("is larger", options));
                return false;
            }
        }

        return TryParse(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), options, out document, out problems);
    }

    /// <summary>
    /// The JSON path of property <paramref name="name"/> of the value at <paramref name="parentPath"/>: <c>$.a.name</c>
    /// for a plain name (ASCII letters, digits, <c>_</c>, <c>-</c>, <c>$</c>), otherwise <c>$.a['…']</c>; a name longer
    /// than 64 characters is cut (see <see cref="Excerpt"/>), so that a hostile name cannot make paths huge.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string PropertyPath(string parentPath, string name)
    {
        if (parentPath is null) throw new ArgumentNullException(nameof(parentPath));
        if (name is null) throw new ArgumentNullException(nameof(name));
        bool plain = name.Length > 0 && name.Length <= ExcerptLength;
        foreach (var c in name)
        {
            plain &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '$';
        }

        return plain ? parentPath + "." + name : parentPath + "['" + Excerpt(name).Replace("'", "\\'") + "']";
    }

    /// <summary>Text from a document quoted in a message: at most 64 characters (a surrogate pair never cut), then its length.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Excerpt(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        if (text.Length <= ExcerptLength) return text;
        int cut = char.IsHighSurrogate(text[ExcerptLength - 1]) ? ExcerptLength - 1 : ExcerptLength;
        return text.Substring(0, cut) + "… (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)";
    }

    /// <summary>The last error of a report cut at <see cref="JsonLoadOptions.MaxErrors"/>: how many more were found.</summary>
    /// <param name="listed">How many errors the report lists.</param>
    /// <param name="more">How many more were found and not listed.</param>
    public static JsonDocumentProblem TooManyErrors(int listed, int more) =>
        new("$", JsonDocumentProblemCodes.TooManyErrors, $"{more.ToString(CultureInfo.InvariantCulture)} more error(s) were found and are not listed; only the first {listed.ToString(CultureInfo.InvariantCulture)} are (JsonLoadOptions.MaxErrors).");

    private static JsonDocumentProblem TooLarge(string size, JsonLoadOptions options) =>
        new("$", JsonDocumentProblemCodes.DocumentTooLarge, $"the document {size}; at most {options.MaxDocumentBytes.ToString(CultureInfo.InvariantCulture)} bytes are read (JsonLoadOptions.MaxDocumentBytes). It was not parsed.");

    internal static JsonDocumentProblem Syntax(JsonException ex)
    {
        var where = ex.LineNumber is { } line
            ? $"line {(line + 1).ToString(CultureInfo.InvariantCulture)}, byte {(ex.BytePositionInLine + 1)?.ToString(CultureInfo.InvariantCulture)}"
            : "unknown position";
        return new JsonDocumentProblem("$", JsonDocumentProblemCodes.Syntax, $"not well-formed JSON at {where}: {ex.Message}");
    }

    private static JsonDocumentProblem UnpairedSurrogate(string json)
    {
        int line = 1, column = 1;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (char.IsHighSurrogate(c) && i + 1 < json.Length && char.IsLowSurrogate(json[i + 1]))
            {
                i++;
                column += 2;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return new JsonDocumentProblem("$", JsonDocumentProblemCodes.IllFormedUnicode,
                    $"the text holds an unpaired surrogate U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)} at line {line.ToString(CultureInfo.InvariantCulture)}, character {column.ToString(CultureInfo.InvariantCulture)}; it is not Unicode text and is not replaced.");
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new JsonDocumentProblem("$", JsonDocumentProblemCodes.IllFormedUnicode, "the text is not well-formed UTF-16.");
    }
}
