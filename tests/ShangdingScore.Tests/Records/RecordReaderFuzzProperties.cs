using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

/// <summary>
/// Generated bad input for the record reader (spec §4): no exception escapes, every line the framer
/// sees is taken, set aside or blank, and every line set aside has a line number, a known reason
/// code, a message and a field exactly when the reason is about a value. Fixed seeds; a failure
/// names the seed to replay and prints the input.
/// </summary>
public class RecordReaderFuzzProperties
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>Reasons about the line as a whole: they name no field.</summary>
    private static readonly HashSet<string> LineReasons = new(StringComparer.Ordinal)
    {
        RecordRejectionReasons.MalformedJson, RecordRejectionReasons.LineTooLong, RecordRejectionReasons.InvalidUtf8,
        RecordRejectionReasons.BareCarriageReturn, RecordRejectionReasons.ByteOrderMark,
    };

    private static readonly HashSet<string> AllReasons = new(
        typeof(RecordRejectionReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        StringComparer.Ordinal);

    [Fact]
    public void Read_ArbitraryBytes_NeverThrowsAndAccountsForEveryLine() => Check(RecordReaderFuzzInputs.ArbitraryBytes(), seed: 20261202UL, tests: 700);

    [Fact]
    public void Read_StringsWithUnpairedSurrogatesAndControls_NeverThrowsAndAccountsForEveryLine() => Check(RecordReaderFuzzInputs.OddStrings(), seed: 4242UL, tests: 700);

    [Fact]
    public void Read_MutatedRecordLines_NeverThrowsAndAccountsForEveryLine() => Check(RecordReaderFuzzInputs.MutatedRecordLines(), seed: 31337UL, tests: 400);

    private static void Check(Gen<FuzzInput> inputs, ulong seed, int tests)
    {
        string replay = $"replay: Config.QuickThrowOnFailure.WithReplay({seed}UL, 0x{Gamma:X}UL).WithMaxTest({tests})";
        var property = Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            string? problem;
            try
            {
                problem = Problem(input);
            }
            catch (Exception ex)
            {
                problem = "the reader threw " + ex;
            }

            return Prop.Label(problem is null, $"{problem}\n{replay}\ninput: {input}");
        });
        property.Check(Config.QuickThrowOnFailure.WithReplay(seed, Gamma).WithMaxTest(tests));
    }

    /// <summary>What is wrong with how the reader read <paramref name="input"/>, or null.</summary>
    private static string? Problem(FuzzInput input)
    {
        var options = new JsonLinesReaderOptions { MaxLineBytes = input.MaxLineBytes };
        var framed = FramedLines(input.Bytes);
        using var reader = new JsonLinesRecordReader(new ChunkedStream(input.Bytes, input.Chunk), "fuzz.jsonl", options);
        var lines = new List<RecordLine>();
        while (reader.ReadNext() is { } line) lines.Add(line);

        if (reader.LinesRead != framed.Count) return $"{reader.LinesRead} lines read, the framer's definition gives {framed.Count}";
        if (reader.RecordsTaken + reader.LinesSetAside + reader.BlankLines != reader.LinesRead)
        {
            return $"taken {reader.RecordsTaken} + set aside {reader.LinesSetAside} + blank {reader.BlankLines} != read {reader.LinesRead}";
        }

        if (lines.Count != reader.RecordsTaken + reader.LinesSetAside) return $"{lines.Count} lines returned for {reader.RecordsTaken} taken and {reader.LinesSetAside} set aside";
        if (framed.All(l => l.Length <= input.MaxLineBytes) && reader.BlankLines != framed.Count(l => l.IsBlank))
        {
            return $"{reader.BlankLines} blank lines, expected {framed.Count(l => l.IsBlank)}";
        }

        long previous = 0;
        foreach (var line in lines)
        {
            if (line.LineNumber <= previous || line.LineNumber > reader.LinesRead) return $"line number {line.LineNumber} after {previous} of {reader.LinesRead}";
            previous = line.LineNumber;
            var framedLine = framed[(int)line.LineNumber - 1];
            if (line.Rejection is not { } r)
            {
                if (framedLine.HasBareCr || framedLine.StartsWithBom) return $"line {line.LineNumber} holds a bare CR or starts with a BOM and was taken";
                continue;
            }

            if (r.LineNumber != line.LineNumber) return $"rejection says line {r.LineNumber}, the line is {line.LineNumber}";
            if (!AllReasons.Contains(r.Reason)) return $"line {r.LineNumber}: unknown reason \"{r.Reason}\"";
            if (string.IsNullOrWhiteSpace(r.Message)) return $"line {r.LineNumber}: empty message";
            if (LineReasons.Contains(r.Reason) != (r.Field is null)) return $"line {r.LineNumber}: reason {r.Reason} with field {r.Field ?? "null"}";
            if (r.Field is not null && !r.Field.StartsWith("$", StringComparison.Ordinal)) return $"line {r.LineNumber}: field {r.Field} is not a JSON path";
        }

        return null;
    }

    /// <summary>The lines as the framer defines them: a BOM at the very start dropped, split on LF, a last line without LF counted when not empty.</summary>
    private static List<FramedLine> FramedLines(byte[] bytes)
    {
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var lines = new List<FramedLine>();
        for (int i = start; i <= bytes.Length; i++)
        {
            bool lf = i < bytes.Length && bytes[i] == (byte)'\n';
            if (!lf && (i < bytes.Length || i == start)) continue;
            var line = bytes.AsSpan(start, i - start);
            if (lf && line.Length > 0 && line[line.Length - 1] == (byte)'\r') line = line.Slice(0, line.Length - 1);
            lines.Add(new FramedLine(
                line.Length,
                line.IndexOf((byte)'\r') >= 0,
                line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF,
                line.Trim(" \t"u8).Length == 0));
            start = i + 1;
        }

        return lines;
    }

    private sealed record FramedLine(int Length, bool HasBareCr, bool StartsWithBom, bool IsBlank);
}
