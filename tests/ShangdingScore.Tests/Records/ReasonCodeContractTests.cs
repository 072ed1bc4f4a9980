using System.Reflection;
using ShangdingScore.Identity;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

/// <summary>The reason codes are public contract: stored next to rejected lines. A rename must fail here.</summary>
public class ReasonCodeContractTests
{
    private static string[] Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => $"{f.Name}={f.GetRawConstantValue()}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

    [Fact]
    public void RecordRejectionReasons_Values_AreStable()
    {
        Assert.Equal(
            new[]
            {
                "BareCarriageReturn=bare-carriage-return", "ByteOrderMark=byte-order-mark",
                "DuplicateKey=duplicate-key", "EmptyValue=empty-value", "IllFormedUnicode=ill-formed-unicode", "InstantWithoutZone=instant-without-zone", "InvalidDate=invalid-date",
                "InvalidInstant=invalid-instant", "InvalidUtf8=invalid-utf8", "InvalidValue=invalid-value", "LineTooLong=line-too-long",
                "MalformedJson=malformed-json", "MissingField=missing-field", "NegativeQuantity=negative-quantity", "UnknownEventType=unknown-event-type",
                "WrongType=wrong-type",
            },
            Constants(typeof(RecordRejectionReasons)));
    }

    [Fact]
    public void ResidentIdErrorCodes_Values_AreStable()
    {
        Assert.Equal(
            new[]
            {
                "BirthDateInFuture=birth-date-in-future", "InvalidBirthDate=invalid-birth-date", "InvalidCharacter=invalid-character",
                "InvalidCheckCharacter=invalid-check-character", "InvalidRegion=invalid-region", "WrongLength=wrong-length",
            },
            Constants(typeof(ResidentIdErrorCodes)));
    }

    [Fact]
    public void RecordEventTypeNames_EveryType_RoundTrips()
    {
        foreach (RecordEventType type in Enum.GetValues(typeof(RecordEventType)))
        {
            Assert.True(RecordEventTypeNames.TryParse(RecordEventTypeNames.ToName(type), out var parsed));
            Assert.Equal(type, parsed);
        }

        Assert.Equal("dispute-upheld", RecordEventTypeNames.ToName(RecordEventType.DisputeUpheld));
        Assert.False(RecordEventTypeNames.TryParse("Disputed", out _));
    }

    [Fact]
    public void JsonLinesRecordReader_AfterDispose_ThrowsObjectDisposed()
    {
        var reader = new JsonLinesRecordReader(new MemoryStream(new byte[] { (byte)'{', (byte)'}' }));
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.ReadNext());
    }
}
