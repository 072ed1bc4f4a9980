using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

/// <summary>
/// Spec §4: an unpaired surrogate escape (<c>\ud800</c>) is not Unicode text. Wherever it stands in a
/// line — a known field, an unknown field that is otherwise ignored, an event, a property name at any
/// depth — the line is set aside as <c>ill-formed-unicode</c> with the path of the value or property;
/// the reader never throws and the neighbouring lines are taken.
/// </summary>
public class IllFormedUnicodeTests
{
    private const string Good = JsonLinesRecordReaderTests.Good;
    private const string At = "\"at\":\"2025-01-04T00:00:00Z\"";

    private static string WithEvent(string eventJson) => Good.Substring(0, Good.Length - 1) + ",\"events\":[" + eventJson + "]}";

    private static string WithField(string member) => "{" + member + "," + Good.Substring(1);

    public static TheoryData<string, string, string> Lines() => new()
    {
        { Good.Replace("\"g\"", "\"\\ud800\""), "$.id", "\\ud800" },
        { Good.Replace("\"S-1\"", "\"S\\uDC00-1\""), "$.subject", "\\uDC00" },
        { Good.Replace("\"i\"", "\"\\uD83D\\u0041\""), "$.item", "\\uD83D" },
        { Good.Replace("\"p\"", "\"p\\udbff\""), "$.provider", "\\udbff" },
        { Good.Replace("\"i\"", "\"\\ude00\\ud83d\""), "$.item", "\\ude00" },
        { Good.Replace("\"2025-01-02\"", "\"\\ud800\""), "$.occurredOn", "\\ud800" },
        { Good.Replace("\"2025-01-03T00:00:00Z\"", "\"\\udfff\""), "$.recordedAt", "\\udfff" },
        { WithField("\"\\udc00\":1"), "$['\\udc00']", "\\udc00" },
        { Good.Replace("\"id\"", "\"i\\ud800d\""), "$['i\\ud800d']", "\\ud800" },
        { WithField("\"quantity\":1,\"\\ud800\":\"x\""), "$['\\ud800']", "\\ud800" },
        { WithField("\"note\":\"\\ud800\""), "$.note", "\\ud800" },
        { WithField("\"meta\":{\"a\":[\"ok\",\"\\udbff\\udbff\"]}"), "$.meta.a[1]", "\\udbff" },
        { WithField("\"meta\":{\"b\":1,\"x\\ud800\":2}"), "$.meta['x\\ud800']", "\\ud800" },
        { WithEvent("{\"type\":\"\\ud800\"," + At + "}"), "$.events[0].type", "\\ud800" },
        { WithEvent("{\"type\":\"revoked\",\"at\":\"\\ud800\"}"), "$.events[0].at", "\\ud800" },
        { WithEvent("{\"type\":\"repaired\"," + At + ",\"effectiveOn\":\"\\udc00\"}"), "$.events[0].effectiveOn", "\\udc00" },
        { WithEvent("{\"\\ud800\":1,\"type\":\"revoked\"," + At + "}"), "$.events[0]['\\ud800']", "\\ud800" },
        { WithEvent("{\"type\":\"revoked\"," + At + ",\"note\":{\"k\":\"\\udc00\"}}"), "$.events[0].note.k", "\\udc00" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Read_UnpairedSurrogateEscapeAnywhere_SetsLineAsideAsIllFormedUnicodeWithItsPath(string bad, string field, string escape)
    {
        var result = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(Good + "\n" + bad + "\n" + Good + "\n"), "u.jsonl");

        Assert.Equal(2, result.Records.Length);
        Assert.Equal(3, result.Summary.LinesRead);
        var rejection = Assert.Single(result.Summary.Rejections);
        Assert.Equal(2, rejection.LineNumber);
        Assert.Equal(RecordRejectionReasons.IllFormedUnicode, rejection.Reason);
        Assert.Equal(field, rejection.Field);
        Assert.Contains(escape, rejection.Message);
        Assert.Contains("byte ", rejection.Message);
    }

    [Fact]
    public void Read_UnpairedSurrogateAt_ByteNamesTheEscapePosition()
    {
        string bad = Good.Replace("\"g\"", "\"ab\\ud800\"");
        int at = bad.IndexOf('\\') + 1;

        var rejection = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(bad)).Summary.Rejections.Single();

        Assert.Contains($"at byte {at}", rejection.Message);
    }

    [Fact]
    public void Read_PairedSurrogateEscapes_AreTakenAsOneCharacter()
    {
        var line = JsonLinesRecordReader.Read(ChunkedStream.FromText(Good.Replace("\"g\"", "\"\\ud83d\\ude00\\u4e2d\\\\ud800\""))).Single();

        Assert.True(line.IsRecord);
        Assert.Equal("😀中\\ud800", line.Record!.Id);
    }

    [Fact]
    public void Read_UnpairedSurrogateInLineThatIsNotJson_IsMalformedJson()
    {
        var rejection = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText("{\"id\":\"\\ud800\",")).Summary.Rejections.Single();

        Assert.Equal(RecordRejectionReasons.MalformedJson, rejection.Reason);
    }
}
