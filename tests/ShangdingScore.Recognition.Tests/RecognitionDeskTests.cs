using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Benefits;

namespace ShangdingScore.Recognition.Tests;

public class RecognitionDeskTests
{
    private const string Library = "public.library-card-deposit-free";

    [Fact]
    public async Task PointsScale_VeryGood880_MapsToOutstanding_GrantsTheLibraryCard_AndLogsTheMapping()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken("very-good", 880m), Library);

        Assert.Equal(QueryOutcome.Answered, d.Decision.Outcome);
        Assert.True(d.Decision.IsGranted);
        Assert.Equal(BenefitReasonCodes.Granted, d.Decision.ReasonCode);
        Assert.Equal("outstanding", d.Mapping!.Grade.Code);
        Assert.Equal("杭州 钱江分 信用优秀（880） → 信用优秀（依据 zhengzhou.recognition@2027.1.0）", d.Mapping.Describe().ZhCn);
        var entry = Assert.Single(city.Log.Entries);
        Assert.Equal("hangzhou.credit-center hangzhou.qianjiang-points very-good 880 -> outstanding (zhengzhou.recognition@2027.1.0)", entry.Recognition);
        Assert.Null(entry.Subject);
        Assert.Equal("zz-library", entry.Grantee);
    }

    [Fact]
    public async Task LetterScale_GradeA_MapsToOutstanding_ThroughTheFamily()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.SuzhouToken("A"), "public.sports-venues-free");
        Assert.True(d.Decision.IsGranted);
        Assert.Equal("Osmanthus grades", d.Mapping!.Agreement.SchemeName.En);
        Assert.Contains("Suzhou Osmanthus grades Grade A → Outstanding", d.Mapping.Describe().En);
    }

    [Fact]
    public async Task MappedGrade_BelowTheBenefitsMinimum_IsAnsweredNotGranted()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken("good", 700m), Library);
        Assert.Equal(QueryOutcome.Answered, d.Decision.Outcome);
        Assert.False(d.Decision.IsGranted);
        Assert.Equal(BenefitReasonCodes.GradeBelowThreshold, d.Decision.ReasonCode);
        Assert.Equal("good", d.Mapping!.Grade.Code);
    }

    [Fact]
    public async Task GrantedDecision_NeverOutlivesTheAttestation()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, issuedAt: TwoCities.Now - Duration.FromHours(1), validFor: Duration.FromHours(2)), Library);
        Assert.True(d.Decision.IsGranted);
        Assert.Equal(TwoCities.Now + Duration.FromHours(1), d.Decision.ValidUntil);
    }

    [Fact]
    public async Task Benefit_TheAgreementDoesNotList_IsRefused_RecognitionIsOffByDefault()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m), "public.rental-deposit-free");
        Assert.Equal(QueryOutcome.Refused, d.Decision.Outcome);
        Assert.Equal(AttestationRefusalCodes.BenefitNotCovered, d.Decision.ReasonCode);
        var none = await new TwoCities().Desk(RecognitionAgreements.None).DecideAsync(city.HangzhouToken("excellent", 950m), Library);
        Assert.Equal(AttestationRefusalCodes.UnknownIssuer, none.Decision.ReasonCode);
    }

    [Theory]
    [InlineData("superb", 950, "a grade the table does not have")]
    [InlineData("very-good", 950, "a score outside the grade's range")]
    [InlineData("fair", 300, "a score below the scale")]
    public async Task Grade_OutsideTheTable_IsRefused(string grade, int score, string why)
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken(grade, score), Library);
        Assert.True(d.Decision.ReasonCode == AttestationRefusalCodes.GradeNotInTable, why);
        Assert.False(d.Decision.IsGranted);
        Assert.Null(d.Mapping);
    }

    [Fact]
    public async Task Scheme_OtherThanTheAgreements_IsRefusedAsNotInTable()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, scheme: "hangzhou.other-points"), Library);
        Assert.Equal(AttestationRefusalCodes.GradeNotInTable, d.Decision.ReasonCode);
    }

    [Fact]
    public async Task UnknownIssuer_IsRefused_AndLogged()
    {
        var city = new TwoCities();
        var stranger = CenterKey.New("xx-1");
        var token = GradeAttestationToken.Create(new GradeAttestation
        {
            Issuer = "nowhere.credit-center", Holder = "N-1", Scheme = "nowhere", Grade = "A",
            IssuedAt = TwoCities.Now, ExpiresAt = TwoCities.Now + Duration.FromDays(1),
        }, stranger.Key);
        var d = await city.Desk().DecideAsync(token, Library);
        Assert.Equal(AttestationRefusalCodes.UnknownIssuer, d.Decision.ReasonCode);
        Assert.Equal("出具该证明的信用机构不在互认名单中。", d.Decision.Reason.ZhCn);
        Assert.Equal(AttestationRefusalCodes.UnknownIssuer, Assert.Single(city.Log.Entries).ReasonCode);
    }

    [Fact]
    public async Task Signature_ByAnotherKeyUnderTheIssuersKeyId_IsRefused()
    {
        var city = new TwoCities();
        var forger = CenterKey.New("hz-2027");
        var d = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, key: forger.Key), Library);
        Assert.Equal(AttestationRefusalCodes.SignatureInvalid, d.Decision.ReasonCode);
    }

    [Fact]
    public async Task Payload_Altered_IsRefusedAsBadSignature()
    {
        var city = new TwoCities();
        var parts = city.HangzhouToken("good", 700m).Split('.');
        var genuine = city.HangzhouToken("excellent", 950m).Split('.');
        var tampered = string.Join(".", parts[0], parts[1], genuine[2], parts[3]);
        var d = await city.Desk().DecideAsync(tampered, Library);
        Assert.Equal(AttestationRefusalCodes.SignatureInvalid, d.Decision.ReasonCode);
    }

    [Fact]
    public async Task Expired_And_NotYetValid_AreRefused()
    {
        var city = new TwoCities();
        var expired = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, issuedAt: TwoCities.Now - Duration.FromDays(40)), Library);
        Assert.Equal(AttestationRefusalCodes.Expired, expired.Decision.ReasonCode);
        var early = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, issuedAt: TwoCities.Now + Duration.FromHours(1)), Library);
        Assert.Equal(AttestationRefusalCodes.NotYetValid, early.Decision.ReasonCode);
    }

    [Fact]
    public async Task Agreement_NotYetInForce_IsRefused()
    {
        var city = new TwoCities();
        city.Clock.Reset(Instant.FromUtc(2026, 12, 1, 2, 0));
        var d = await city.Desk().DecideAsync(city.HangzhouToken("excellent", 950m, issuedAt: Instant.FromUtc(2026, 11, 30, 0, 0)), Library);
        Assert.Equal(AttestationRefusalCodes.NoAgreementInForce, d.Decision.ReasonCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sda1.e30.e30.AA")]
    [InlineData("sdg1.x.y.z")]
    [InlineData("not a token")]
    public async Task Malformed_IsRefused_WithoutThrowing(string token)
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync(token, Library);
        Assert.Equal(AttestationRefusalCodes.Malformed, d.Decision.ReasonCode);
    }

    [Fact]
    public async Task UnknownBenefit_IsRefusedBeforeTheAttestationIsRead()
    {
        var city = new TwoCities();
        var d = await city.Desk().DecideAsync("garbage", "no.such-benefit");
        Assert.Equal(GrantRefusalCodes.UnknownBenefit, d.Decision.ReasonCode);
    }

    [Fact]
    public void EveryRefusalCode_HasTextInBothLanguages()
    {
        foreach (var code in typeof(AttestationRefusalCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!))
        {
            var text = AttestationRefusalCodes.Describe(code);
            Assert.False(string.IsNullOrWhiteSpace(text.ZhCn));
            Assert.False(string.IsNullOrWhiteSpace(text.En));
        }
    }
}
