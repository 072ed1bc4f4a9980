using System.Collections.Immutable;
using System.Text;
using NodaTime;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

public class JsonLinesRecordReaderTests
{
    internal const string SpecExample =
        """{"id":"zz-vol-000123","subject":"S-00042","item":"volunteer.service-hours","quantity":12,"occurredOn":"2025-03-14","provider":"zz-volunteer-federation","recordedAt":"2025-03-15T02:00:00Z","events":[{"type":"disputed","at":"2025-04-01T08:00:00Z"},{"type":"dispute-rejected","at":"2025-04-06T08:00:00Z"}]}""";

    internal const string Good = """{"id":"g","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""";

    private static List<RecordLine> ReadText(string text, JsonLinesReaderOptions? options = null, int chunk = 7) =>
        JsonLinesRecordReader.Read(ChunkedStream.FromText(text, chunk), "test.jsonl", options).ToList();

    private static RecordImportResult ReadAllText(string text, JsonLinesReaderOptions? options = null) =>
        JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(text), "test.jsonl", options);

    [Fact]
    public void Read_SpecExample_ParsesExactly()
    {
        var line = Assert.Single(ReadText(SpecExample + "\n"));

        Assert.True(line.IsRecord);
        Assert.Equal(1, line.LineNumber);
        var expected = new CreditRecord(
            "zz-vol-000123",
            new SubjectId("S-00042"),
            "volunteer.service-hours",
            new LocalDate(2025, 3, 14),
            "zz-volunteer-federation",
            Instant.FromUtc(2025, 3, 15, 2, 0),
            12m,
            ImmutableArray.Create(
                new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2025, 4, 1, 8, 0)),
                new RecordEvent(RecordEventType.DisputeRejected, Instant.FromUtc(2025, 4, 6, 8, 0))));
        Assert.Equal(expected, line.Record);
    }

    [Fact]
    public void Read_OptionalFieldsAbsentOrNull_QuantityOneAndNoEvents()
    {
        var lines = ReadText(
            Good + "\n" +
            """{"id":"n","subject":"S-1","item":"i","quantity":null,"events":null,"occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""");

        Assert.All(lines, l => Assert.True(l.IsRecord));
        Assert.All(lines, l => Assert.Equal(1m, l.Record!.Quantity));
        Assert.All(lines, l => Assert.Empty(l.Record!.Events));
    }

    [Fact]
    public void Read_OffsetInstantAndEventDetails_ConvertsToInstant()
    {
        var line = Assert.Single(ReadText(
            """{"id":"o","subject":"S-1","item":"i","quantity":2.50,"occurredOn":"2024-02-29","provider":"p","recordedAt":"2025-03-15T10:00:00.125+08:00","events":[{"type":"repaired","at":"2025-06-01T00:00:00-01:30","effectiveOn":"2025-05-31","note":"x"},{"type":"recorded","at":"2025-03-15T02:00:00Z","effectiveOn":null}]}"""));

        var record = line.Record!;
        Assert.Equal(Instant.FromUtc(2025, 3, 15, 2, 0).PlusNanoseconds(125_000_000), record.RecordedAt);
        Assert.Equal(2.5m, record.Quantity);
        Assert.Equal(new LocalDate(2024, 2, 29), record.OccurredOn);
        Assert.Equal(new RecordEvent(RecordEventType.Repaired, Instant.FromUtc(2025, 6, 1, 1, 30), new LocalDate(2025, 5, 31)), record.Events[0]);
        Assert.Equal(new RecordEvent(RecordEventType.Recorded, Instant.FromUtc(2025, 3, 15, 2, 0)), record.Events[1]);
    }

    [Fact]
    public void Read_UnknownFieldsAndItemCode_AreIgnoredAndTaken()
    {
        var line = Assert.Single(ReadText(
            """{"schema":2,"id":"u","extra":{"a":[1,{"b":null}],"c":"d"},"subject":"S-1","item":"not.in.any.rule.set","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}"""));

        Assert.True(line.IsRecord);
        Assert.Equal("not.in.any.rule.set", line.Record!.ItemCode);
    }

    [Fact]
    public void Read_ChineseAndEscapedText_DecodesStrings()
    {
        var line = Assert.Single(ReadText(
            """{"id":"\u0069d-1","subject":"张三-01","item":"荣誉.见义勇为","occurredOn":"2025-01-02","provider":"郑州市文明办","recordedAt":"2025-01-03T00:00:00Z"}"""));

        Assert.Equal("id-1", line.Record!.Id);
        Assert.Equal("张三-01", line.Record.Subject.Value);
        Assert.Equal("荣誉.见义勇为", line.Record.ItemCode);
    }

    public static TheoryData<string, string?, string> Rejections() => new()
    {
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z" """, null, RecordRejectionReasons.MalformedJson },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"} {}""", null, RecordRejectionReasons.MalformedJson },
        { """{"id":"x",}""", null, RecordRejectionReasons.MalformedJson },
        { "not json at all", null, RecordRejectionReasons.MalformedJson },
        { """{"id":1,"subject":"S-1" oops""", null, RecordRejectionReasons.MalformedJson },
        { """[1,2]""", "$", RecordRejectionReasons.WrongType },
        { """{"subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.id", RecordRejectionReasons.MissingField },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p"}""", "$.recordedAt", RecordRejectionReasons.MissingField },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","recordedAt":"2025-01-03T00:00:00Z"}""", "$.provider", RecordRejectionReasons.MissingField },
        { """{"id":"x","subject":null,"item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.subject", RecordRejectionReasons.MissingField },
        { """{"id":42,"subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.id", RecordRejectionReasons.WrongType },
        { """{"id":"x","subject":"S-1","item":"i","quantity":"12","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.quantity", RecordRejectionReasons.WrongType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":{}}""", "$.events", RecordRejectionReasons.WrongType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"disputed","at":"2025-01-04T00:00:00Z"},"revoked"]}""", "$.events[1]", RecordRejectionReasons.WrongType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":20250102,"provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.occurredOn", RecordRejectionReasons.WrongType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025/01/02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.occurredOn", RecordRejectionReasons.InvalidDate },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-02-30","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.occurredOn", RecordRejectionReasons.InvalidDate },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"20250102","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.occurredOn", RecordRejectionReasons.InvalidDate },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"repaired","at":"2025-01-04T00:00:00Z","effectiveOn":"2025-13-01"}]}""", "$.events[0].effectiveOn", RecordRejectionReasons.InvalidDate },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-03-15T02:00:00"}""", "$.recordedAt", RecordRejectionReasons.InstantWithoutZone },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-03-15T02:00:00.5"}""", "$.recordedAt", RecordRejectionReasons.InstantWithoutZone },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"disputed","at":"2025-04-01T08:00:00"}]}""", "$.events[0].at", RecordRejectionReasons.InstantWithoutZone },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03"}""", "$.recordedAt", RecordRejectionReasons.InvalidInstant },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03 00:00:00Z"}""", "$.recordedAt", RecordRejectionReasons.InvalidInstant },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00+8"}""", "$.recordedAt", RecordRejectionReasons.InvalidInstant },
        { """{"id":"x","subject":"S-1","item":"i","quantity":-1,"occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.quantity", RecordRejectionReasons.NegativeQuantity },
        { """{"id":"x","subject":"S-1","item":"i","quantity":1e400,"occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.quantity", RecordRejectionReasons.InvalidValue },
        { """{"id":"x","subject":" S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.subject", RecordRejectionReasons.InvalidValue },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"appealed","at":"2025-01-04T00:00:00Z"}]}""", "$.events[0].type", RecordRejectionReasons.UnknownEventType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"disputed","at":"2025-01-04T00:00:00Z"},{"type":"Revoked","at":"2025-01-04T00:00:00Z"}]}""", "$.events[1].type", RecordRejectionReasons.UnknownEventType },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"at":"2025-01-04T00:00:00Z"}]}""", "$.events[0].type", RecordRejectionReasons.MissingField },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"revoked"}]}""", "$.events[0].at", RecordRejectionReasons.MissingField },
        { """{"id":"x","id":"y","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.id", RecordRejectionReasons.DuplicateKey },
        { """{"id":"x","\u0069d":"y","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.id", RecordRejectionReasons.DuplicateKey },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","note":1,"note":2}""", "$.note", RecordRejectionReasons.DuplicateKey },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","meta":{"a":[{"b":1,"b":2}]}}""", "$.meta.a[0].b", RecordRejectionReasons.DuplicateKey },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z","events":[{"type":"revoked","type":"revoked","at":"2025-01-04T00:00:00Z"}]}""", "$.events[0].type", RecordRejectionReasons.DuplicateKey },
        { """{"id":"","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.id", RecordRejectionReasons.EmptyValue },
        { """{"id":"x","subject":"","item":"i","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.subject", RecordRejectionReasons.EmptyValue },
        { """{"id":"x","subject":"S-1","item":"  ","occurredOn":"2025-01-02","provider":"p","recordedAt":"2025-01-03T00:00:00Z"}""", "$.item", RecordRejectionReasons.EmptyValue },
        { """{"id":"x","subject":"S-1","item":"i","occurredOn":"2025-01-02","provider":"","recordedAt":"2025-01-03T00:00:00Z"}""", "$.provider", RecordRejectionReasons.EmptyValue },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Read_BadLineBetweenGoodOnes_SetsAsideWithLineNumberFieldAndReason(string bad, string? field, string reason)
    {
        var lines = ReadText(Good + "\n" + bad + "\n" + Good + "\n");

        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].IsRecord);
        Assert.True(lines[2].IsRecord);
        Assert.Equal(3, lines[2].LineNumber);
        var rejection = lines[1].Rejection;
        Assert.NotNull(rejection);
        Assert.Equal(2, rejection!.LineNumber);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(field, rejection.Field);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        Assert.Equal("test.jsonl", rejection.SourceName);
        Assert.StartsWith(bad.Substring(0, Math.Min(bad.Length, 50)), rejection.RawText);
    }

    [Fact]
    public void ReadAll_MixedFile_KeepsEveryGoodLineAndCountsBadOnesExactly()
    {
        var text = new StringBuilder();
        var expectedBad = new List<long>();
        for (int i = 1; i <= 500; i++)
        {
            if (i % 7 == 0)
            {
                text.Append("{\"id\":\"bad-").Append(i).Append("\"}\n");
                expectedBad.Add(i);
            }
            else if (i % 11 == 0)
            {
                text.Append('\n');
            }
            else
            {
                text.Append(Good.Replace("\"g\"", $"\"g-{i}\"")).Append('\n');
            }
        }

        var result = ReadAllText(text.ToString());

        int blank = Enumerable.Range(1, 500).Count(i => i % 7 != 0 && i % 11 == 0);
        Assert.Equal(500, result.Summary.LinesRead);
        Assert.Equal(expectedBad.Count, result.Summary.LinesSetAside);
        Assert.Equal(blank, result.Summary.BlankLines);
        Assert.Equal(500 - expectedBad.Count - blank, result.Summary.RecordsTaken);
        Assert.Equal(result.Summary.RecordsTaken, result.Records.Length);
        Assert.Equal(expectedBad, result.Summary.Rejections.Select(r => r.LineNumber));
        Assert.All(result.Summary.Rejections, r => Assert.Equal(RecordRejectionReasons.MissingField, r.Reason));
        Assert.Equal(
            Enumerable.Range(1, 500).Where(i => i % 7 != 0 && i % 11 != 0).Select(i => $"g-{i}"),
            result.Records.Select(r => r.Id));
    }

    [Fact]
    public void ReadAll_MoreRejectionsThanKept_CountExactAndFirstKept()
    {
        var text = string.Concat(Enumerable.Repeat("{}\n", 10));

        var summary = ReadAllText(text, new JsonLinesReaderOptions { MaxRejectionsKept = 3 }).Summary;

        Assert.Equal(10, summary.LinesSetAside);
        Assert.Equal(new long[] { 1, 2, 3 }, summary.Rejections.Select(r => r.LineNumber));
        Assert.True(summary.RejectionsTruncated);
    }

    [Fact]
    public void ReadAll_BomCrlfBlankLinesAndNoFinalNewline_AreAccepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }
            .Concat(Encoding.UTF8.GetBytes(Good + "\r\n\r\n   \t\r\n" + Good.Replace("\"g\"", "\"h\"") + "\n\n" + Good.Replace("\"g\"", "\"k\"")))
            .ToArray();

        foreach (int chunk in new[] { 1, 2, 3, 5, 4096 })
        {
            var result = JsonLinesRecordReader.ReadAll(new ChunkedStream(bytes, chunk));

            Assert.Equal(new[] { "g", "h", "k" }, result.Records.Select(r => r.Id));
            Assert.Equal(6, result.Summary.LinesRead);
            Assert.Equal(3, result.Summary.BlankLines);
            Assert.Equal(0, result.Summary.LinesSetAside);
        }
    }

    [Fact]
    public void ReadAll_EmptyStreamOrOnlyBom_ReadsNothing()
    {
        Assert.Equal(0, JsonLinesRecordReader.ReadAll(new MemoryStream()).Summary.LinesRead);
        Assert.Equal(0, JsonLinesRecordReader.ReadAll(new MemoryStream(new byte[] { 0xEF, 0xBB, 0xBF })).Summary.LinesRead);
    }

    [Fact]
    public void Read_BomNotAtStart_IsByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetBytes(Good + "\n").Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat(Encoding.UTF8.GetBytes(Good)).ToArray();

        var lines = JsonLinesRecordReader.Read(new MemoryStream(bytes)).ToList();

        Assert.True(lines[0].IsRecord);
        Assert.Equal(RecordRejectionReasons.ByteOrderMark, lines[1].Rejection!.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8192)]
    public void Read_SeventyKibLine_IsRejectedAndNextLineRead(int chunk)
    {
        string padding = new('a', 70 * 1024);
        string longLine = Good.Replace("\"g\"", $"\"{padding}\"");
        var stream = ChunkedStream.FromText(Good + "\n" + longLine + "\r\n" + Good.Replace("\"g\"", "\"after\"") + "\n", chunk);

        var lines = JsonLinesRecordReader.Read(stream).ToList();

        Assert.Equal(3, lines.Count);
        var rejection = lines[1].Rejection!;
        Assert.Equal(2, rejection.LineNumber);
        Assert.Equal(RecordRejectionReasons.LineTooLong, rejection.Reason);
        Assert.Null(rejection.Field);
        Assert.Contains($"{Encoding.UTF8.GetByteCount(longLine)} bytes", rejection.Message);
        Assert.True(rejection.RawText!.Length <= 201);
        Assert.Equal("after", lines[2].Record!.Id);
    }

    [Fact]
    public void Read_LongLineAtEndWithoutNewline_IsRejected()
    {
        var lines = JsonLinesRecordReader.Read(ChunkedStream.FromText(Good + "\n" + new string('x', 100_000), 1000)).ToList();

        Assert.Equal(2, lines.Count);
        Assert.Equal(RecordRejectionReasons.LineTooLong, lines[1].Rejection!.Reason);
        Assert.Contains("100000 bytes", lines[1].Rejection!.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Read_LineAtTheLimit_TakenAndOneByteMoreRejected(int extra, bool taken)
    {
        var options = new JsonLinesReaderOptions { MaxLineBytes = 256 };
        int idLength = 256 - (Good.Length - 1) + extra;
        string line = Good.Replace("\"g\"", "\"" + new string('z', idLength) + "\"");
        Assert.Equal(256 + extra, Encoding.UTF8.GetByteCount(line));

        foreach (var ending in new[] { "\n", "\r\n", string.Empty })
        {
            foreach (int chunk in new[] { 1, 100, 4096 })
            {
                var lines = JsonLinesRecordReader.Read(ChunkedStream.FromText(ending.Length == 0 ? line : line + ending + Good + "\n", chunk), null, options).ToList();

                Assert.True(taken == lines[0].IsRecord, $"{ending.Length}/{chunk}: {lines[0]}");
                if (!taken) Assert.Equal(RecordRejectionReasons.LineTooLong, lines[0].Rejection!.Reason);
                if (ending.Length > 0) Assert.True(lines[1].IsRecord);
            }
        }
    }

    [Fact]
    public void Read_InvalidUtf8OnOneLine_SetsAsideOnlyThatLine()
    {
        var bad = Encoding.UTF8.GetBytes(Good.Replace("\"g\"", "\"g\u00E9\"")).ToList();
        int at = bad.IndexOf(0xC3);
        bad[at + 1] = 0x28; // a lead byte followed by a non-continuation byte
        var bytes = Encoding.UTF8.GetBytes(Good + "\n").Concat(bad).Concat(new byte[] { (byte)'\n', 0xFF, 0xFE, (byte)'\n' }).Concat(Encoding.UTF8.GetBytes(Good)).ToArray();

        var lines = JsonLinesRecordReader.Read(new ChunkedStream(bytes, 3)).ToList();

        Assert.Equal(4, lines.Count);
        Assert.True(lines[0].IsRecord);
        Assert.Equal(RecordRejectionReasons.InvalidUtf8, lines[1].Rejection!.Reason);
        Assert.Equal(2, lines[1].LineNumber);
        Assert.Contains($"byte {at + 1}", lines[1].Rejection!.Message);
        Assert.Contains('\uFFFD', lines[1].Rejection!.RawText!);
        Assert.Equal(RecordRejectionReasons.InvalidUtf8, lines[2].Rejection!.Reason);
        Assert.True(lines[3].IsRecord);
        Assert.Equal(4, lines[3].LineNumber);
    }

    [Fact]
    public void Read_LoneSurrogateEscape_IsSetAsideNotThrown()
    {
        var line = Assert.Single(ReadText(Good.Replace("\"g\"", "\"\\uD800\"")));

        Assert.Equal(RecordRejectionReasons.IllFormedUnicode, line.Rejection!.Reason);
        Assert.Equal("$.id", line.Rejection.Field);
    }

    [Fact]
    public void Read_RawTextOption_TruncatesOrOmits()
    {
        string bad = "{\"id\":" + new string('9', 500);

        var kept = Assert.Single(ReadText(bad)).Rejection!;
        var none = Assert.Single(ReadText(bad, new JsonLinesReaderOptions { MaxRawTextLength = 0 })).Rejection!;

        Assert.Equal(bad.Substring(0, 200) + "…", kept.RawText);
        Assert.Null(none.RawText);
    }

    [Fact]
    public void Read_TwoHundredThousandLinesFromSmallChunks_StreamsEveryLine()
    {
        const int count = 200_000;
        var stream = new ChunkedStream(GenerateLines(count), chunk: 1000);
        long taken = 0, setAside = 0, lastLine = 0;
        using (var reader = new JsonLinesRecordReader(stream, "generated"))
        {
            while (reader.ReadNext() is { } line)
            {
                Assert.Equal(lastLine + 1, line.LineNumber);
                lastLine = line.LineNumber;
                if (line.IsRecord)
                {
                    Assert.Equal($"r-{line.LineNumber}", line.Record.Id);
                    taken++;
                }
                else
                {
                    Assert.Equal(0, line.LineNumber % 1000);
                    Assert.Equal(RecordRejectionReasons.InstantWithoutZone, line.Rejection.Reason);
                    setAside++;
                }
            }

            var summary = reader.GetSummary();
            Assert.Equal(count, summary.LinesRead);
            Assert.Equal(count / 1000, summary.LinesSetAside);
            Assert.Equal(count - (count / 1000), summary.RecordsTaken);
        }

        Assert.Equal(count - (count / 1000), taken);
        Assert.Equal(count / 1000, setAside);
        // The reader asks for at most its buffer at a time; it never needed the stream's length or position.
        Assert.True(stream.MaxReadRequested <= 256 * 1024);
    }

    [Fact]
    public async Task ReadAsync_TwoHundredThousandLines_StreamsEveryLine()
    {
        const int count = 200_000;
        long taken = 0, setAside = 0;
        await foreach (var line in JsonLinesRecordReader.ReadAsync(new ChunkedStream(GenerateLines(count), chunk: 4000)))
        {
            if (line.IsRecord) taken++;
            else setAside++;
        }

        Assert.Equal(count - (count / 1000), taken);
        Assert.Equal(count / 1000, setAside);
    }

    [Fact]
    public async Task ReadAllAsync_SameAsSync()
    {
        string text = Good + "\n{}\n\n" + SpecExample;

        var sync = JsonLinesRecordReader.ReadAll(ChunkedStream.FromText(text));
        var async = await JsonLinesRecordReader.ReadAllAsync(ChunkedStream.FromText(text));

        Assert.Equal(sync.Records.AsEnumerable(), async.Records.AsEnumerable());
        Assert.Equal(2, async.Records.Length);
        Assert.Equal(sync.Summary.ToString(), async.Summary.ToString());
        Assert.Equal(sync.Summary.Rejections.Select(r => r.ToString()), async.Summary.Rejections.Select(r => r.ToString()));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in JsonLinesRecordReader.ReadAsync(ChunkedStream.FromText(Good), null, null, cts.Token))
            {
            }
        });
    }

    [Fact]
    public void Read_NullStream_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => JsonLinesRecordReader.Read(null!));
    }

    private static IEnumerable<byte[]> GenerateLines(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            string zone = i % 1000 == 0 ? string.Empty : "Z";
            yield return Encoding.UTF8.GetBytes(
                $"{{\"id\":\"r-{i}\",\"subject\":\"S-{i % 977}\",\"item\":\"volunteer.service-hours\",\"quantity\":{i % 13},\"occurredOn\":\"2025-03-14\",\"provider\":\"zz\",\"recordedAt\":\"2025-03-15T02:00:00{zone}\"}}\n");
        }
    }
}
