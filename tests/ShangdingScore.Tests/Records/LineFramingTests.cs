using System.Text;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

/// <summary>
/// Spec §4 line framing: lines end with LF or CRLF; a bare CR is not a line end and a line holding
/// one is set aside as <c>bare-carriage-return</c>; a byte-order mark after the file's start is set
/// aside as <c>byte-order-mark</c>; invalid UTF-8 keeps its own reason.
/// </summary>
public class LineFramingTests
{
    private const string Good = JsonLinesRecordReaderTests.Good;
    private const string Bom = "\uFEFF";

    private static List<RecordLine> Read(byte[] bytes, int chunk = 7, JsonLinesReaderOptions? options = null) =>
        JsonLinesRecordReader.Read(new ChunkedStream(bytes, chunk), "f.jsonl", options).ToList();

    private static List<RecordLine> Read(string text, int chunk = 7, JsonLinesReaderOptions? options = null) => Read(Encoding.UTF8.GetBytes(text), chunk, options);

    private static RecordLineRejection Only(List<RecordLine> lines, long lineNumber) =>
        Assert.Single(lines, l => l.LineNumber == lineNumber).Rejection ?? throw new Xunit.Sdk.XunitException($"line {lineNumber} was taken");

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Read_LineHoldingBareCr_IsSetAsideAsBareCarriageReturnAndNeighboursTaken(int chunk)
    {
        var lines = Read(Good + "\n" + Good + "\r" + Good + "\n" + Good + "\r\n", chunk);

        Assert.Equal(new long[] { 1, 2, 3 }, lines.Select(l => l.LineNumber));
        Assert.True(lines[0].IsRecord);
        Assert.True(lines[2].IsRecord);
        var rejection = lines[1].Rejection!;
        Assert.Equal(RecordRejectionReasons.BareCarriageReturn, rejection.Reason);
        Assert.Null(rejection.Field);
        Assert.Contains($"byte {Good.Length + 1}", rejection.Message);
    }

    [Fact]
    public void Read_FileWhoseLinesEndInBareCr_IsOneLineSetAsideSayingSo()
    {
        var result = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(Good + "\r" + Good + "\r" + Good + "\r"), "mac.jsonl");

        Assert.Equal(1, result.Summary.LinesRead);
        Assert.Equal(1, result.Summary.LinesSetAside);
        var rejection = Assert.Single(result.Summary.Rejections);
        Assert.Equal(RecordRejectionReasons.BareCarriageReturn, rejection.Reason);
        Assert.Contains("one line", rejection.Message);
    }

    [Fact]
    public void Read_BareCrFileLongerThanTheLineLimit_StillNamesTheBareCr()
    {
        var text = string.Concat(Enumerable.Repeat(Good + "\r", 40));

        var lines = Read(text, 13, new JsonLinesReaderOptions { MaxLineBytes = 256 });

        var rejection = Assert.Single(lines).Rejection!;
        Assert.Equal(RecordRejectionReasons.BareCarriageReturn, rejection.Reason);
        Assert.Contains($"{Encoding.UTF8.GetByteCount(text)} bytes", rejection.Message);
    }

    [Theory]
    [InlineData("{\"id\":\"a\rb\",\"subject\":\"S-1\",\"item\":\"i\",\"occurredOn\":\"2025-01-02\",\"provider\":\"p\",\"recordedAt\":\"2025-01-03T00:00:00Z\"}")]
    [InlineData("{\"id\":\"x\",\r\"subject\":\"S-1\",\"item\":\"i\",\"occurredOn\":\"2025-01-02\",\"provider\":\"p\",\"recordedAt\":\"2025-01-03T00:00:00Z\"}")]
    [InlineData("\r\r")]
    [InlineData(" \r ")]
    public void Read_BareCrInsideJsonOrBlankLine_IsBareCarriageReturn(string line)
    {
        var lines = Read(Good + "\n" + line + "\n" + Good + "\n");

        Assert.Equal(RecordRejectionReasons.BareCarriageReturn, Only(lines, 2).Reason);
        Assert.Equal(2, lines.Count(l => l.IsRecord));
    }

    [Fact]
    public void Read_LastLineEndingInCrWithoutLf_IsBareCarriageReturn()
    {
        var lines = Read(Good + "\r\n" + Good + "\r");

        Assert.True(lines[0].IsRecord);
        Assert.Equal(RecordRejectionReasons.BareCarriageReturn, Only(lines, 2).Reason);
    }

    [Fact]
    public void Read_CrlfAndBlankCrlfLines_AreStillAccepted()
    {
        var result = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(Good + "\r\n\r\n \t\r\n" + Good + "\r\n"));

        Assert.Equal(2, result.Records.Length);
        Assert.Equal(2, result.Summary.BlankLines);
        Assert.Equal(0, result.Summary.LinesSetAside);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Read_BomAtStartOfLineTwo_IsSetAsideAsByteOrderMark(int chunk)
    {
        var lines = Read(Bom + Good + "\n" + Bom + Good + "\n" + Good, chunk);

        Assert.True(lines[0].IsRecord);
        var rejection = Only(lines, 2);
        Assert.Equal(RecordRejectionReasons.ByteOrderMark, rejection.Reason);
        Assert.Null(rejection.Field);
        Assert.Contains("byte 1", rejection.Message);
        Assert.True(lines[2].IsRecord);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void Read_DoubledBomAtFileStart_IsSetAsideAsByteOrderMark(int chunk)
    {
        var lines = Read(Bom + Bom + Good + "\n" + Good, chunk);

        Assert.Equal(RecordRejectionReasons.ByteOrderMark, Only(lines, 1).Reason);
        Assert.True(lines[1].IsRecord);
    }

    [Theory]
    [InlineData(" " + Bom + Good)]
    [InlineData(Bom)]
    [InlineData("{\"id\":\"x\"," + Bom + "\"subject\":\"S-1\",\"item\":\"i\",\"occurredOn\":\"2025-01-02\",\"provider\":\"p\",\"recordedAt\":\"2025-01-03T00:00:00Z\"}")]
    [InlineData(Good + Bom)]
    public void Read_BomOutsideStringsAfterFileStart_IsByteOrderMark(string line)
    {
        var lines = Read(Good + "\n" + line + "\n");

        Assert.Equal(RecordRejectionReasons.ByteOrderMark, Only(lines, 2).Reason);
    }

    [Fact]
    public void Read_BomCharacterInsideAString_IsText()
    {
        var line = Assert.Single(Read(Good.Replace("\"g\"", "\"a" + Bom + "b\"")));

        Assert.Equal("a" + Bom + "b", line.Record!.Id);
    }

    [Fact]
    public void Read_TruncatedBomOrInvalidBytesAfterBom_KeepInvalidUtf8()
    {
        byte[] good = Encoding.UTF8.GetBytes(Good);
        byte[] bytes = good.Concat(new byte[] { (byte)'\n', 0xEF, 0xBB }).Concat(good)
            .Concat(new byte[] { (byte)'\n', 0xEF, 0xBB, 0xBF, 0xFF }).Concat(good)
            .Concat(new byte[] { (byte)'\n', 0xFF, 0xFE, (byte)'{', 0, (byte)'\r', 0 }).ToArray();

        var lines = Read(bytes, 3);

        Assert.Equal(RecordRejectionReasons.InvalidUtf8, Only(lines, 2).Reason);
        Assert.Equal(RecordRejectionReasons.InvalidUtf8, Only(lines, 3).Reason);
        Assert.Equal(RecordRejectionReasons.InvalidUtf8, Only(lines, 4).Reason);
    }
}
