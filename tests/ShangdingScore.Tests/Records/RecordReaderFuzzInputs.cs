using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Records;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Records;

/// <summary>One generated input for the record reader: the bytes, how the stream hands them out, and the line limit.</summary>
public sealed record FuzzInput(string Kind, byte[] Bytes, int Chunk, int MaxLineBytes)
{
    /// <summary>The input as C#-like text (bytes that are not printable ASCII as <c>\xHH</c>), for failure messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (byte b in Bytes) text.Append(b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        return $"{Kind} (chunk {Chunk}, MaxLineBytes {MaxLineBytes}, {Bytes.Length} bytes): \"{text}\"";
    }
}

/// <summary>
/// Generators of bad input for <see cref="JsonLinesRecordReader"/>: arbitrary bytes, strings with
/// unpaired surrogates (raw and as <c>\uD800</c> escapes) and control characters, and valid record
/// lines from <see cref="ShangdingGen.Records"/> with bytes flipped, inserted and deleted, BOMs, CRs,
/// escapes and huge numbers put in.
/// </summary>
public static class RecordReaderFuzzInputs
{
    private static readonly byte[] Bom = { 0xEF, 0xBB, 0xBF };

    private static readonly Gen<byte> AnyByte = Gen.Frequency(
        (6, Gen.Choose(0, 255).Select(i => (byte)i)),
        (3, Gen.Choose(0x20, 0x7E).Select(i => (byte)i)),
        (2, Gen.Elements<byte>((byte)'\n', (byte)'\r', 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}', (byte)'"', (byte)'\\', (byte)'u', 0xED, 0xA0, 0x80, 0)));

    private static readonly Gen<char> OddChar = Gen.Frequency(
        (5, Gen.Choose(0x20, 0x7E).Select(i => (char)i)),
        (2, Gen.Choose(0, 0x1F).Select(i => (char)i)),
        (3, Gen.Choose(0xD800, 0xDFFF).Select(i => (char)i)),
        (1, Gen.Elements('\uFEFF', '中', '\u2028', '\u007F', '\uFFFE', '\uFFFF', '"', '\\')));

    private static readonly Gen<string> OddString = Gen.Choose(0, 24).SelectMany(n => OddChar.ArrayOf(n)).Select(chars => new string(chars));

    private static readonly string[] Snippets =
    {
        "\\ud800", "\\uDC00", "\\ud83d\\ude00", "\\uD83D", "\\u0000", "\\\\", "\\\"", "\"", "\uFEFF", "\r", "\n", "\r\n",
        "1e400", "9999999999999", "0.0000001", "-1", "0.1999999999999999999999999999", "1e13", "1234567890123", "-0", "1e-7",
        "{", "}", "[", "]", ",", ":", "null", "\"x\":1", "\u0001", "中",
    };

    private static readonly string[] Numbers = { "1e400", "1e13", "1234567890123", "0.1999999999999999999999999999", "0.0000001", "-1", "-1e400", "999999999999.999999", "1e-400", "0e400", "12.5e-6", "00", "1.", ".5", "+1", "NaN" };

    private static readonly string[] Separators = { "\n", "\n", "\r\n", "\r", string.Empty, "\n\n", " \t\n" };

    /// <summary>Arbitrary bytes (biased towards line ends, BOM bytes and JSON punctuation), sometimes after a BOM.</summary>
    public static Gen<FuzzInput> ArbitraryBytes() =>
        from prefix in Gen.Elements(Array.Empty<byte>(), Bom, Bom.Concat(Bom).ToArray())
        from length in Gen.Choose(0, 400)
        from bytes in AnyByte.ArrayOf(length)
        from input in Framing("bytes", prefix.Concat(bytes).ToArray())
        select input;

    /// <summary>
    /// Strings with unpaired surrogates and control characters: encoded as raw UTF-8 where possible
    /// (lone surrogates as the invalid three-byte form, or replaced), and as JSON string escapes in a
    /// field, a property name, an unknown field or an event of an otherwise valid record line.
    /// </summary>
    public static Gen<FuzzInput> OddStrings()
    {
        var raw = from s in OddString
                  from wtf8 in Gen.Elements(true, false)
                  select wtf8 ? Wtf8(s) : Encoding.UTF8.GetBytes(s);
        var inJson = from s in OddString
                     from escapeAll in Gen.Elements(true, false)
                     from rawControls in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
                     from slot in Gen.Choose(0, 8)
                     select Encoding.UTF8.GetBytes(Place(JsonString(s, escapeAll, rawControls), slot));
        var piece = Gen.Frequency((1, raw), (3, inJson), (1, Gen.Constant(Encoding.UTF8.GetBytes(JsonLinesRecordReaderTests.Good))));
        return from count in Gen.Choose(1, 5)
               from pieces in piece.ArrayOf(count)
               from separators in Gen.Elements(Separators).ArrayOf(count)
               from input in Framing("strings", Join(pieces, separators))
               select input;
    }

    /// <summary>Valid lines written by <see cref="JsonLinesRecordWriter"/> from <see cref="ShangdingGen.Records"/>, then mutated one to five times.</summary>
    public static Gen<FuzzInput> MutatedRecordLines()
    {
        var subject = new SubjectId("S-0001");
        var records = from days in Gen.Choose(0, 2000)
                      from all in ShangdingGen.Records(TestRuleSets.Mini, subject, new LocalDate(2020, 1, 1).PlusDays(days))
                      select all.Take(3).ToArray();
        return from chosen in records
               let valid = Write(chosen)
               from count in Gen.Choose(1, 5)
               from mutations in Mutation.ArrayOf(count)
               from input in Framing("mutated", mutations.Aggregate(valid, (bytes, m) => m(bytes)))
               select input;
    }

    private static Gen<FuzzInput> Framing(string kind, byte[] bytes) =>
        from chunk in Gen.Elements(1, 2, 3, 7, 64, 4096)
        from max in Gen.Frequency((3, Gen.Constant(JsonLinesReaderOptions.Default.MaxLineBytes)), (1, Gen.Elements(64, 100, 200)))
        select new FuzzInput(kind, bytes, chunk, max);

    private static readonly Gen<int> Position = Gen.Choose(0, 10_000);

    private static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.Frequency(
        (3, from at in Position from mask in Gen.Choose(1, 255) select (Func<byte[], byte[]>)(b => Flip(b, at, (byte)mask))),
        (3, from at in Position from b in AnyByte select Insert(at, new[] { b })),
        (3, from at in Position from n in Gen.Choose(1, 8) select (Func<byte[], byte[]>)(b => Delete(b, at, n))),
        (2, from at in Position select Insert(at, Bom)),
        (2, from at in Position select Insert(at, new[] { (byte)'\r' })),
        (4, from at in Position from s in Gen.Elements(Snippets) select Insert(at, Encoding.UTF8.GetBytes(s))),
        (3, from n in Gen.Elements(Numbers) select (Func<byte[], byte[]>)(b => ReplaceQuantity(b, n))),
        (1, from at in Position select (Func<byte[], byte[]>)(b => b.AsSpan(0, Scale(at, b.Length)).ToArray())));

    private static int Scale(int position, int length) => (int)((long)position * length / 10_000);

    private static byte[] Flip(byte[] bytes, int position, byte mask)
    {
        if (bytes.Length == 0) return bytes;
        var copy = (byte[])bytes.Clone();
        int i = Math.Min(Scale(position, bytes.Length), bytes.Length - 1);
        copy[i] ^= mask;
        return copy;
    }

    private static Func<byte[], byte[]> Insert(int position, byte[] inserted) => bytes =>
    {
        int i = Scale(position, bytes.Length);
        var result = new byte[bytes.Length + inserted.Length];
        bytes.AsSpan(0, i).CopyTo(result);
        inserted.CopyTo(result, i);
        bytes.AsSpan(i).CopyTo(result.AsSpan(i + inserted.Length));
        return result;
    };

    private static byte[] Delete(byte[] bytes, int position, int count)
    {
        int i = Scale(position, bytes.Length);
        int end = Math.Min(bytes.Length, i + count);
        var result = new byte[bytes.Length - (end - i)];
        bytes.AsSpan(0, i).CopyTo(result);
        bytes.AsSpan(end).CopyTo(result.AsSpan(i));
        return result;
    }

    private static byte[] ReplaceQuantity(byte[] bytes, string number)
    {
        string text = Encoding.UTF8.GetString(bytes);
        int at = text.IndexOf("\"quantity\":", StringComparison.Ordinal);
        if (at < 0)
        {
            int brace = text.IndexOf('{');
            return brace < 0 ? bytes : Encoding.UTF8.GetBytes(text.Insert(brace + 1, "\"quantity\":" + number + ","));
        }

        int start = at + "\"quantity\":".Length, end = start;
        while (end < text.Length && "+-.0123456789eE".IndexOf(text[end]) >= 0) end++;
        return Encoding.UTF8.GetBytes(text.Substring(0, start) + number + text.Substring(end));
    }

    private static byte[] Write(CreditRecord[] records)
    {
        using var stream = new MemoryStream();
        JsonLinesRecordWriter.WriteAll(stream, records);
        return stream.ToArray();
    }

    private static byte[] Join(byte[][] pieces, string[] separators)
    {
        var all = new List<byte>();
        for (int i = 0; i < pieces.Length; i++)
        {
            all.AddRange(pieces[i]);
            all.AddRange(Encoding.UTF8.GetBytes(separators[i]));
        }

        return all.ToArray();
    }

    /// <summary>A record line with <paramref name="jsonString"/> (a JSON string literal) in one of several places.</summary>
    private static string Place(string jsonString, int slot)
    {
        const string Good = JsonLinesRecordReaderTests.Good;
        const string Event = "{\"type\":\"revoked\",\"at\":\"2025-01-04T00:00:00Z\"";
        string rest = Good.Substring(1);
        return slot switch
        {
            0 => Good.Replace("\"g\"", jsonString),
            1 => Good.Replace("\"S-1\"", jsonString),
            2 => Good.Replace("\"2025-01-02\"", jsonString),
            3 => Good.Replace("\"2025-01-03T00:00:00Z\"", jsonString),
            4 => "{" + jsonString + ":1," + rest,
            5 => "{\"note\":" + jsonString + "," + rest,
            6 => "{\"meta\":{" + jsonString + ":[" + jsonString + "]}," + rest,
            7 => "{\"events\":[" + Event + ",\"type\":" + jsonString + "}]," + rest,
            _ => "{\"events\":[" + Event + "," + jsonString + ":" + jsonString + "}]," + rest,
        };
    }

    /// <summary>A JSON string literal of <paramref name="s"/>: unpaired surrogates always as <c>\uD800</c>-style escapes (case varies), other characters escaped when asked.</summary>
    private static string JsonString(string s, bool escapeAll, bool rawControls)
    {
        var text = new StringBuilder("\"");
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool surrogate = char.IsSurrogate(c);
            if (c == '"' || c == '\\') text.Append('\\').Append(c);
            else if (surrogate || escapeAll || (c < 0x20 && !rawControls)) text.Append(i % 2 == 0 ? $"\\u{(int)c:x4}" : $"\\u{(int)c:X4}");
            else text.Append(c);
        }

        return text.Append('"').ToString();
    }

    /// <summary>UTF-8 of <paramref name="s"/> with lone surrogates encoded as three bytes (ED A0 80 …), as a careless encoder would.</summary>
    private static byte[] Wtf8(string s)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < s.Length; i++)
        {
            int c = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s.Substring(i, 2)));
                i++;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else if (c < 0x800)
            {
                bytes.Add((byte)(0xC0 | (c >> 6)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xE0 | (c >> 12)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
        }

        return bytes.ToArray();
    }
}
