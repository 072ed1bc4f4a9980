using FsCheck.Xunit;
using ShangdingScore.Records;

namespace ShangdingScore.Tests.Records;

public class Utf8ValidationTests
{
    [Property(MaxTest = 2000)]
    public bool IndexOfInvalid_AnyBytes_AgreesWithFramework(byte[] bytes) =>
        (Utf8Validation.IndexOfInvalid(bytes) < 0) == System.Text.Unicode.Utf8.IsValid(bytes);

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0xE0, 0x80, 0x80 })] // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // surrogate U+D800
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xE4, 0xB8 })] // truncated
    [InlineData(new byte[] { 0x80 })] // lone continuation
    public void IndexOfInvalid_InvalidSequences_AreFound(byte[] bytes)
    {
        Assert.Equal(0, Utf8Validation.IndexOfInvalid(bytes));
    }

    [Fact]
    public void IndexOfInvalid_ValidChineseAndEmoji_IsMinusOne()
    {
        Assert.Equal(-1, Utf8Validation.IndexOfInvalid(System.Text.Encoding.UTF8.GetBytes("商鼎分 😀 abc")));
    }
}
