using System.Collections.Immutable;
using System.Text;
using FsCheck.Xunit;
using NodaTime;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

public class JsonLinesRecordWriterTests
{
    private static readonly CreditRecord Plain = new("r-1", new SubjectId("S-1"), "honour.good-samaritan", new LocalDate(2025, 1, 2), "郑州市文明办", Instant.FromUtc(2025, 1, 3, 4, 5, 6));

    [Fact]
    public void ToJsonLine_SpecExampleRecord_WritesExactlyTheSpecLine()
    {
        var record = JsonLinesRecordReader.Read(ChunkedStream.FromText(JsonLinesRecordReaderTests.SpecExample)).Single().Record!;

        Assert.Equal(JsonLinesRecordReaderTests.SpecExample, JsonLinesRecordWriter.ToJsonLine(record));
    }

    [Fact]
    public void Write_RecordWithoutEvents_OmitsEventsAndWritesQuantityAndChineseAsIs()
    {
        var stream = new MemoryStream();
        using (var writer = new JsonLinesRecordWriter(stream))
        {
            writer.Write(Plain);
            writer.Write(Plain.WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2025, 6, 1, 0, 0).PlusNanoseconds(1_500_000), new LocalDate(2025, 5, 31)))));
            Assert.Equal(2, writer.RecordsWritten);
        }

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(
            "{\"id\":\"r-1\",\"subject\":\"S-1\",\"item\":\"honour.good-samaritan\",\"quantity\":1,\"occurredOn\":\"2025-01-02\",\"provider\":\"郑州市文明办\",\"recordedAt\":\"2025-01-03T04:05:06Z\"}\n" +
            "{\"id\":\"r-1\",\"subject\":\"S-1\",\"item\":\"honour.good-samaritan\",\"quantity\":1,\"occurredOn\":\"2025-01-02\",\"provider\":\"郑州市文明办\",\"recordedAt\":\"2025-01-03T04:05:06Z\",\"events\":[{\"type\":\"repaired\",\"at\":\"2025-06-01T00:00:00.0015Z\",\"effectiveOn\":\"2025-05-31\"}]}\n",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Write_DateOutsideFormatYears_Throws()
    {
        var ancient = new CreditRecord("r", new SubjectId("S"), "i", new LocalDate(0, 1, 1), "p", Instant.FromUtc(2025, 1, 1, 0, 0));

        Assert.Throws<ArgumentOutOfRangeException>(() => JsonLinesRecordWriter.ToJsonLine(ancient));
    }

    [Property(Arbitrary = new[] { typeof(RecordArbitraries) }, MaxTest = 300)]
    public bool WriteThenRead_AnyRecords_GivesEqualRecords(CreditRecord[] records)
    {
        var stream = new MemoryStream();
        JsonLinesRecordWriter.WriteAll(stream, records);
        stream.Position = 0;

        var result = JsonLinesRecordReader.ReadAll(stream);

        return result.Summary.LinesSetAside == 0 && result.Records.SequenceEqual(records) && result.Summary.LinesRead == records.Length;
    }

    [Fact]
    public async Task WriteAllAsync_ThenReadAsync_GivesEqualRecords()
    {
        var records = new[] { Plain, Plain.WithEvents(ImmutableArray.Create(new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2025, 2, 1, 0, 0)))) };
        var stream = new MemoryStream();

        long written = await JsonLinesRecordWriter.WriteAllAsync(stream, ToAsync(records));
        stream.Position = 0;
        var result = await JsonLinesRecordReader.ReadAllAsync(stream);

        Assert.Equal(2, written);
        Assert.Equal(records, result.Records);
    }

    private static async IAsyncEnumerable<CreditRecord> ToAsync(IEnumerable<CreditRecord> records)
    {
        foreach (var r in records)
        {
            await Task.Yield();
            yield return r;
        }
    }
}
