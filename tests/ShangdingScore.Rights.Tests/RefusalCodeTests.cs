using System.Reflection;
using System.Text.RegularExpressions;

namespace ShangdingScore.Rights.Tests;

public class RefusalCodeTests
{
    private static readonly string[] Codes = typeof(RightsRefusalCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    [Fact]
    public void Codes_AreTheDocumentedStableStrings()
    {
        Assert.Equal(
            new[]
            {
                "already-enrolled", "already-repaired", "birth-date-mismatch", "birth-date-missing", "case-closed", "case-not-found",
                "consent-text-outdated", "consent-text-unknown", "dispute-pending", "invalid-effective-date", "no-new-grounds", "not-authorized",
                "not-enrolled", "not-negative", "not-resident", "reason-required", "record-closed", "record-not-found", "repair-pending",
                "repair-too-early", "repeat-dispute-not-allowed", "residence-unknown", "resident-id-invalid", "under-age",
            },
            Codes.OrderBy(c => c, StringComparer.Ordinal));
    }

    [Fact]
    public void Describe_EveryCode_KebabCaseWithChineseAndEnglish()
    {
        foreach (var code in Codes)
        {
            Assert.Matches(new Regex("^[a-z]+(-[a-z]+)*$"), code);
            var text = RightsRefusalCodes.Describe(code);
            Assert.Matches(new Regex(@"\p{IsCJKUnifiedIdeographs}"), text.ZhCn);
            Assert.DoesNotMatch(new Regex(@"\p{IsCJKUnifiedIdeographs}"), text.En);
        }

        Assert.Throws<ArgumentException>(() => RightsRefusalCodes.Describe("no-such-code"));
    }

    [Fact]
    public void StoredNames_AreStable()
    {
        Assert.Equal("izhengzhou-app", ChannelNames.Of(EnrolmentChannel.IZhengzhouApp));
        Assert.Equal("credit-zhengzhou-web", ChannelNames.Of(EnrolmentChannel.CreditZhengzhouWeb));
        Assert.Equal("counter", ChannelNames.Of(EnrolmentChannel.Counter));
        foreach (var c in Enum.GetValues<EnrolmentChannel>()) Assert.Equal(c, ChannelNames.Parse(ChannelNames.Of(c)));
        Assert.Throws<InvalidOperationException>(() => ChannelNames.Parse("fax"));
        Assert.Equal(
            new[] { "dispute-decided", "dispute-filed", "dispute-overdue", "enrolled", "refused", "repair-applied", "repair-decided", "withdrawn" },
            typeof(RightsEntryKinds).GetFields().Select(f => (string)f.GetRawConstantValue()!).OrderBy(s => s, StringComparer.Ordinal));
    }
}
