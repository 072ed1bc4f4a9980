using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Recognition.Tests;

public class AgreementsJsonTests
{
    [Fact]
    public void TwoLadders_Load_WithTheirShapes()
    {
        var a = new TwoCities().Agreements;
        Assert.Equal("zhengzhou.recognition@2027.1.0", a.ToString());
        var hz = a.Agreements[0];
        Assert.Equal(900m, hz.FindGrade("excellent")!.Min);
        Assert.True(hz.FindGrade("fair")!.Admits(350m));
        Assert.False(hz.FindGrade("fair")!.Admits(650m));
        var sz = a.Agreements[1];
        Assert.Null(sz.FindGrade("A")!.Min);
        Assert.True(sz.FindGrade("A")!.Admits(null));
        Assert.Empty(a.ValidateAgainst(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)));
    }

    [Theory]
    [InlineData("\"min\": 800, \"max\": 899", "\"min\": 800, \"max\": 905", "$.agreements[0].grades[1]", "overlaps")]
    [InlineData("\"min\": 800, \"max\": 899, ", "", "$.agreements[0].grades", "either every grade has a score range or none")]
    [InlineData("\"min\": 800, \"max\": 899", "\"min\": 800", "$.agreements[0].grades[1]", "needs both min and max")]
    [InlineData("{ \"code\": \"good\", \"name\"", "{ \"code\": \"very-good\", \"name\"", "$.agreements[0].grades[2].code", "declared twice")]
    [InlineData("\"effectiveUntil\": \"2028-07-01\"", "\"effectiveUntil\": \"2026-01-01\"", "$.agreements[1].effectiveUntil", "must be after effectiveFrom")]
    [InlineData("\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"", "\"kty\": \"RSA\", \"crv\": \"P-256\", \"x\": \"", "$.agreements[0].keys[0].kty", "only EC keys")]
    [InlineData("\"benefits\": [ \"public-services\" ]", "\"benefits\": [ 7 ]", "$.agreements[1].benefits[0]", "benefit or family code")]
    [InlineData("\"schemaVersion\": 1", "\"schemaVersion\": 2", "$.schemaVersion", "not supported")]
    [InlineData("\"issuer\": \"suzhou.credit-center\"", "\"issuer\": \"hangzhou.credit-center\"", "$.agreements[1].effectiveFrom", "one at a time")]
    [InlineData("\"city\": \"hangzhou\",", "\"city\": \"hangzhou\", \"population\": 1,", "$.agreements[0].population", "not a property")]
    public void BrokenDocument_IsRefused_WithThePath(string find, string replace, string path, string message)
    {
        var json = new TwoCities().Json;
        Assert.Contains(find, json);
        var result = RecognitionAgreementsJson.Load(ReplaceFirst(json, find, replace));
        Assert.Null(result.Agreements);
        Assert.Contains(result.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void KeyCoordinates_NotOnTheCurve_AreRefused()
    {
        var city = new TwoCities();
        var json = city.Json.Replace(city.Hangzhou.Y, city.Suzhou.Y, StringComparison.Ordinal);
        var result = RecognitionAgreementsJson.Load(json);
        Assert.Contains(result.Problems, p => p.Path == "$.agreements[0].keys[0].y" && p.Message.Contains("not a point of P-256", StringComparison.Ordinal));
    }

    [Fact]
    public void MapsTo_AGradeTheRuleSetLacks_IsReportedByValidateAgainst()
    {
        var json = ReplaceFirst(new TwoCities().Json, "\"mapsTo\": \"poor\"", "\"mapsTo\": \"dreadful\"");
        var agreements = RecognitionAgreementsJson.Load(json).GetValueOrThrow();
        var problem = Assert.Single(agreements.ValidateAgainst(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)));
        Assert.Equal("$.agreements[1].grades[3].mapsTo", problem.Path);
        Assert.Throws<ArgumentException>(() => new TwoCities().Desk(agreements));
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
