using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ShangdingScore.Records;

namespace ShangdingScore.Packaging;

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over a document before it is parsed: checks the JSON syntax and
/// that every string and property name is well-formed Unicode (UTF-8 bytes, escapes of surrogates only in
/// pairs), naming the JSON path, line and byte of each that is not. <see cref="JsonDocument"/> accepts such
/// text and throws <see cref="InvalidOperationException"/> only when it is read; this finds it first.
/// </summary>
/// <remarks>Stateless; linear in the document's size; builds a path only for a problem.</remarks>
internal static class TextScanner
{
    public static ImmutableArray<JsonDocumentProblem> Scan(ReadOnlySpan<byte> json, int maxErrors)
    {
        var problems = ImmutableArray.CreateBuilder<JsonDocumentProblem>();
        int more = 0;
        var frames = new Frame[JsonDocumentLoading.MaxDepth + 1];
        int depth = 0;
        var lines = new LineCounter();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = JsonDocumentLoading.MaxDepth });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextValue(frames, depth);
                        frames[depth++] = new Frame(reader.TokenType == JsonTokenType.StartArray);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                    case JsonTokenType.PropertyName:
                        frames[depth - 1].NameStart = (int)reader.TokenStartIndex + 1;
                        frames[depth - 1].NameLength = reader.ValueSpan.Length;
                        Check(json, reader.ValueSpan, (int)reader.TokenStartIndex + 1, "property name", frames, depth, ref lines, problems, maxErrors, ref more);
                        break;
                    case JsonTokenType.String:
                        NextValue(frames, depth);
                        Check(json, reader.ValueSpan, (int)reader.TokenStartIndex + 1, "string", frames, depth, ref lines, problems, maxErrors, ref more);
                        break;
                    default:
                        NextValue(frames, depth);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return ImmutableArray.Create(JsonDocumentLoading.Syntax(ex));
        }

        if (more > 0) problems.Add(JsonDocumentLoading.TooManyErrors(problems.Count, more));
        return problems.ToImmutable();
    }

    private static void NextValue(Frame[] frames, int depth)
    {
        if (depth > 0 && frames[depth - 1].IsArray) frames[depth - 1].Index++;
    }

    private static void Check(ReadOnlySpan<byte> json, ReadOnlySpan<byte> raw, int start, string what, Frame[] frames, int depth, ref LineCounter lines, ImmutableArray<JsonDocumentProblem>.Builder problems, int maxErrors, ref int more)
    {
        var why = Problem(raw, out int offset);
        if (why is null) return;
        if (problems.Count >= maxErrors)
        {
            more++;
            return;
        }

        int at = start + offset;
        int line = lines.LineOf(json, at, out int byteInLine);
        problems.Add(new JsonDocumentProblem(PathOf(json, frames, depth), JsonDocumentProblemCodes.IllFormedUnicode,
            $"the {what} at line {line.ToString(CultureInfo.InvariantCulture)}, byte {byteInLine.ToString(CultureInfo.InvariantCulture)} is not well-formed Unicode: {why}."));
    }

    /// <summary>Why the raw (still escaped) bytes of a string are not well-formed Unicode, or null when they are.</summary>
    internal static string? Problem(ReadOnlySpan<byte> raw, out int offset)
    {
        offset = Utf8Validation.IndexOfInvalid(raw);
        if (offset >= 0) return $"byte 0x{raw[offset].ToString("X2", CultureInfo.InvariantCulture)} begins no well-formed UTF-8 sequence";
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\') continue;
            offset = i;
            if (raw[i + 1] != (byte)'u')
            {
                i++;
                continue;
            }

            int unit = Hex4(raw, i + 2);
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 11 < raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u' && Hex4(raw, i + 8) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 11;
                    continue;
                }

                return $"the escape \\u{unit.ToString("x4", CultureInfo.InvariantCulture)} is a high surrogate not followed by an escaped low surrogate (\\udc00–\\udfff)";
            }

            if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                return $"the escape \\u{unit.ToString("x4", CultureInfo.InvariantCulture)} is a low surrogate without an escaped high surrogate (\\ud800–\\udbff) before it";
            }

            i += 5;
        }

        offset = -1;
        return null;
    }

    /// <summary>The value of four hex digits (the reader checked they are).</summary>
    private static int Hex4(ReadOnlySpan<byte> raw, int at)
    {
        int value = 0;
        for (int k = at; k < at + 4; k++)
        {
            int b = raw[k];
            int digit = b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
            value = (value << 4) | digit;
        }

        return value;
    }

    private static string PathOf(ReadOnlySpan<byte> json, Frame[] frames, int depth)
    {
        var path = "$";
        for (int d = 0; d < depth; d++)
        {
            var f = frames[d];
            if (f.IsArray) path += "[" + f.Index.ToString(CultureInfo.InvariantCulture) + "]";
            else if (f.NameStart >= 0) path = JsonDocumentLoading.PropertyPath(path, Display(json.Slice(f.NameStart, f.NameLength)));
        }

        return path;
    }

    /// <summary>A name as written: escapes kept as they are, a byte that is not UTF-8 as <c>\xNN</c>.</summary>
    private static string Display(ReadOnlySpan<byte> raw)
    {
        if (Utf8Validation.IndexOfInvalid(raw) < 0) return Encoding.UTF8.GetString(raw.ToArray());
        var sb = new StringBuilder(raw.Length * 2);
        foreach (var b in raw)
        {
            if (b >= 0x20 && b < 0x7F) sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private struct Frame
    {
        public Frame(bool isArray)
        {
            IsArray = isArray;
            Index = -1;
            NameStart = -1;
            NameLength = 0;
        }

        public bool IsArray;
        public int Index;
        public int NameStart;
        public int NameLength;
    }

    /// <summary>Line numbers of byte positions asked for in increasing order, counted once over the document.</summary>
    private struct LineCounter
    {
        private int _position;
        private int _line;
        private int _lineStart;

        public int LineOf(ReadOnlySpan<byte> json, int at, out int byteInLine)
        {
            for (; _position < at; _position++)
            {
                if (json[_position] == (byte)'\n')
                {
                    _line++;
                    _lineStart = _position + 1;
                }
            }

            byteInLine = at - _lineStart + 1;
            return _line + 1;
        }
    }
}
