using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Identity;

namespace ShangdingScore.Rights.Tests;

public class EnrolmentTests
{
    [Fact]
    public async Task EnrolAsync_Eligible_RecordsConsentAsDataAndOpensAPeriodToday()
    {
        var city = new RightsCity();
        var result = await city.Rights.EnrolAsync(city.Enrolment());

        Assert.True(result.IsAccepted);
        var consent = result.Value;
        Assert.Equal("enrolment-1", consent.CaseId);
        Assert.Equal(RightsCity.Start, consent.At);
        Assert.Equal(new LocalDate(2026, 6, 1), consent.EnrolledOn);
        Assert.Equal(EnrolmentChannel.IZhengzhouApp, consent.Channel);
        Assert.Equal(RightsPolicy.DefaultConsentText.Version, consent.TextVersion);
        Assert.Equal(RightsPolicy.DefaultConsentText.ContentHash, consent.TextHash);
        Assert.Equal("zz-rights-2019.1", consent.PolicyVersion);

        var entry = Assert.Single(await city.EntriesAsync());
        Assert.Equal(RightsEntryKinds.Enrolled, entry.Kind);
        Assert.Equal((RightsCity.Citizen.Value, RightsActorRoles.Citizen), (entry.ActorId, entry.ActorRole));
        using var payload = JsonDocument.Parse(entry.Payload);
        Assert.Equal("izhengzhou-app", payload.RootElement.GetProperty("channel").GetString());
        Assert.Equal("birth-date", payload.RootElement.GetProperty("birthDateFrom").GetString());
        Assert.Equal("resident", payload.RootElement.GetProperty("residence").GetString());

        var kept = await city.Theme.GetEnrolmentAsync(RightsCity.Citizen, default);
        Assert.Equal(new[] { new EnrolmentPeriod(new LocalDate(2026, 6, 1)) }, kept.Periods);
        var message = Assert.Single(await city.OutboxAsync());
        Assert.Equal((NotificationKinds.EnrolmentConfirmed, RightsCity.Citizen.Value, 1L), (message.Message.Kind, message.Message.Recipient, message.Message.EntrySequence));
        Assert.Equal(consent.CaseId, Assert.Single((await city.Rights.GetStateAsync(RightsCity.Citizen)).Consents).CaseId);
    }

    [Fact]
    public async Task EnrolAsync_AtTheCounterByCreditCenterStaff_Accepted()
    {
        var city = new RightsCity();
        var request = city.Enrolment(actor: RightsActor.CreditCenter("zzcc-7"));
        var result = await city.Rights.EnrolAsync(new EnrolmentRequest
        {
            Subject = request.Subject, Actor = request.Actor, Channel = EnrolmentChannel.Counter,
            ConsentTextVersion = request.ConsentTextVersion, ConsentTextHash = request.ConsentTextHash, BirthDate = request.BirthDate,
        });
        Assert.True(result.IsAccepted);
        Assert.Equal(EnrolmentChannel.Counter, result.Value.Channel);
        Assert.Equal(RightsActorRoles.CreditCenter, (await city.EntriesAsync())[0].ActorRole);
    }

    [Fact]
    public async Task EnrolAsync_FromAResidentIdNumber_TakesItsBirthDateAndDoesNotStoreTheNumber()
    {
        var city = new RightsCity();
        var id = ResidentIdNumber.Parse("41010519000106123X").GetValueOrThrow();
        var result = await city.Rights.EnrolAsync(city.Enrolment(residentId: id));
        Assert.True(result.IsAccepted);
        var entry = (await city.EntriesAsync())[0];
        Assert.Contains("\"birthDateFrom\":\"resident-id\"", entry.Payload);
        Assert.DoesNotContain("41010519000106123X", entry.Payload);
        Assert.DoesNotContain("410105", entry.Payload);
    }

    public static TheoryData<string, Func<RightsCity, EnrolmentRequest>> Refusals => new()
    {
        { RightsRefusalCodes.NotAuthorized, c => c.Enrolment(actor: RightsActor.Citizen(RightsCity.Other)) },
        { RightsRefusalCodes.NotAuthorized, c => c.Enrolment(actor: RightsActor.Provider("zz-metro")) },
        { RightsRefusalCodes.ConsentTextUnknown, c => c.Enrolment(consent: new ConsentText("zz-consent-2019.1", new LocalizedText("别的文本", "Another text"))) },
        { RightsRefusalCodes.ConsentTextUnknown, c => c.Enrolment(consent: new ConsentText("zz-consent-9", RightsPolicy.DefaultConsentText.Text)) },
        { RightsRefusalCodes.BirthDateMissing, c => new EnrolmentRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.CreditZhengzhouWeb, ConsentTextVersion = RightsPolicy.DefaultConsentText.Version, ConsentTextHash = RightsPolicy.DefaultConsentText.ContentHash } },
        { RightsRefusalCodes.ResidentIdInvalid, c => c.Enrolment(residentId: ResidentIdWithBirth(new LocalDate(2030, 1, 1))) },
        { RightsRefusalCodes.BirthDateMismatch, c => c.Enrolment(residentId: ResidentIdNumber.Parse("41010519000106123X").GetValueOrThrow(), birthDate: new LocalDate(1900, 1, 7)) },
        { RightsRefusalCodes.UnderAge, c => c.Enrolment(subject: RightsCity.Minor, birthDate: new LocalDate(2008, 6, 2)) },
        { RightsRefusalCodes.NotResident, c => c.Enrolment(subject: RightsCity.Other) },
        { RightsRefusalCodes.ResidenceUnknown, c => c.Enrolment(subject: new SubjectId("zz-c-unknown")) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EnrolAsync_Ineligible_RefusedWithItsCodeRecordedAndNothingEnrolled(string code, Func<RightsCity, EnrolmentRequest> request)
    {
        var city = new RightsCity();
        var r = request(city);
        var result = await city.Rights.EnrolAsync(r);

        Assert.False(result.IsAccepted);
        Assert.Equal(code, result.RefusalCode);
        Assert.Equal(RightsRefusalCodes.Describe(code), result.Reason);
        var entry = Assert.Single(await city.EntriesAsync());
        Assert.Equal(RightsEntryKinds.Refused, entry.Kind);
        Assert.Contains($"\"code\":\"{code}\"", entry.Payload);
        Assert.Contains("\"action\":\"enrol\"", entry.Payload);
        Assert.False((await city.Theme.GetEnrolmentAsync(r.Subject, default)).IsEnrolledOn(city.Today));
        Assert.Empty(await city.OutboxAsync());
    }

    [Fact]
    public async Task EnrolAsync_OnTheEighteenthBirthday_AcceptedAndTheDayBeforeRefused()
    {
        var city = new RightsCity();
        Assert.Equal(RightsRefusalCodes.UnderAge, (await city.Rights.EnrolAsync(city.Enrolment(RightsCity.Minor, birthDate: new LocalDate(2008, 6, 2)))).RefusalCode);
        Assert.True((await city.Rights.EnrolAsync(city.Enrolment(RightsCity.Minor, birthDate: new LocalDate(2008, 6, 1)))).IsAccepted);
    }

    [Theory]
    [InlineData(2008, 2, 29, 2026, 2, 28, false)]
    [InlineData(2008, 2, 29, 2026, 3, 1, true)]
    [InlineData(2008, 3, 1, 2026, 3, 1, true)]
    [InlineData(2008, 3, 2, 2026, 3, 1, false)]
    [InlineData(2012, 2, 29, 2030, 2, 28, false)]
    [InlineData(2012, 2, 29, 2028, 2, 29, false)]
    public void HasReachedAge_FullYearsFromTheAnniversary_LeapDayBirthdayInACommonYearIsFirstMarch(int by, int bm, int bd, int y, int m, int d, bool expected) =>
        Assert.Equal(expected, RightsWorkflows.HasReachedAge(new LocalDate(by, bm, bd), 18, new LocalDate(y, m, d)));

    [Fact]
    public async Task EnrolAsync_AnOlderConsentText_RefusedAsOutdated()
    {
        var old = new ConsentText("zz-consent-2018.1", new LocalizedText("旧版同意书", "The old consent text"));
        var policy = new RightsPolicy { Version = "p2", ConsentTexts = ImmutableArray.Create(old, RightsPolicy.DefaultConsentText) };
        var city = new RightsCity(policy);
        var result = await city.Rights.EnrolAsync(city.Enrolment(consent: old));
        Assert.Equal(RightsRefusalCodes.ConsentTextOutdated, result.RefusalCode);
    }

    [Fact]
    public async Task EnrolAsync_AlreadyEnrolled_Refused()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        city.AdvanceDays(3);
        var again = await city.Rights.EnrolAsync(city.Enrolment());
        Assert.Equal(RightsRefusalCodes.AlreadyEnrolled, again.RefusalCode);
        Assert.Equal(2L, again.EntrySequence);
    }

    [Fact]
    public async Task EnrolAsync_PolicyWithoutResidenceRequirement_NeedsNoResidenceSource()
    {
        var policy = new RightsPolicy { Version = "no-residence", RequireResidence = false, ConsentTexts = ImmutableArray.Create(RightsPolicy.DefaultConsentText) };
        var city = new RightsCity(policy);
        var result = await city.Rights.EnrolAsync(city.Enrolment(subject: RightsCity.Other));
        Assert.True(result.IsAccepted);
        Assert.Contains("\"residence\":\"not-required\"", (await city.EntriesAsync())[0].Payload);
    }

    [Fact]
    public async Task WithdrawAsync_Enrolled_EndsThePeriodTodayAndScoringStops()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        city.AdvanceDays(10);
        Assert.Equal(EvaluationStatus.Scored, (await city.EvaluateNowAsync()).Status);

        var result = await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.IZhengzhouApp, Reason = "不再需要" });

        Assert.True(result.IsAccepted);
        Assert.Equal(new LocalDate(2026, 6, 11), result.Value.WithdrawnOn);
        var kept = await city.Theme.GetEnrolmentAsync(RightsCity.Citizen, default);
        Assert.Equal(new[] { new EnrolmentPeriod(new LocalDate(2026, 6, 1), new LocalDate(2026, 6, 11)) }, kept.Periods);
        Assert.Equal(EvaluationStatus.NotEnrolled, (await city.EvaluateNowAsync()).Status);
        Assert.Contains(await city.OutboxAsync(), i => i.Message.Kind == NotificationKinds.WithdrawalConfirmed && i.Message.Recipient == RightsCity.Citizen.Value);
        var state = await city.Rights.GetStateAsync(RightsCity.Citizen);
        Assert.Equal(2, state.Entries.Length);
        Assert.Equal("enrolment-1", state.Entries[1].CaseId);
    }

    [Fact]
    public async Task WithdrawAsync_NotEnrolledOrForSomeoneElse_Refused()
    {
        var city = new RightsCity();
        var notEnrolled = await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.IZhengzhouApp });
        Assert.Equal(RightsRefusalCodes.NotEnrolled, notEnrolled.RefusalCode);
        await city.EnrolAsync();
        var other = await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Other), Channel = EnrolmentChannel.IZhengzhouApp });
        Assert.Equal(RightsRefusalCodes.NotAuthorized, other.RefusalCode);
        Assert.True((await city.Theme.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));
    }

    [Fact]
    public async Task EnrolAsync_AfterWithdrawal_AllowedTheSameDayAndLater()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        city.AdvanceDays(5);
        var withdraw = new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.IZhengzhouApp };
        Assert.True((await city.Rights.WithdrawAsync(withdraw)).IsAccepted);
        Assert.True((await city.Rights.EnrolAsync(city.Enrolment())).IsAccepted);
        Assert.True((await city.Theme.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));
        city.AdvanceDays(1);
        Assert.True((await city.Rights.WithdrawAsync(withdraw)).IsAccepted);
        city.AdvanceDays(30);
        Assert.True((await city.Rights.EnrolAsync(city.Enrolment())).IsAccepted);

        var kept = await city.Theme.GetEnrolmentAsync(RightsCity.Citizen, default);
        Assert.Equal(
            new[] { new EnrolmentPeriod(new(2026, 6, 1), new(2026, 6, 6)), new EnrolmentPeriod(new(2026, 6, 6), new(2026, 6, 7)), new EnrolmentPeriod(new(2026, 7, 7)) },
            kept.Periods);
        Assert.Equal(kept.Periods.ToArray(), (await city.Rights.GetStateAsync(RightsCity.Citizen)).Enrolment.Periods.ToArray());
        Assert.Equal(3, (await city.Rights.GetStateAsync(RightsCity.Citizen)).Consents.Length);
    }

    [Fact]
    public void Constructor_InvalidPolicy_ListsEveryProblem()
    {
        var bad = new RightsPolicy { Version = " ", MinimumAge = -1, ConsentTexts = ImmutableArray<ConsentText>.Empty, DisputeDecisionPeriod = Period.FromHours(3) };
        var problems = bad.Validate();
        Assert.Equal(4, problems.Length);
        var ex = Assert.Throws<ArgumentException>(() => new RightsCity(bad));
        Assert.Contains("minimumAge", ex.Message);
        Assert.Contains("disputeDecisionPeriod", ex.Message);
    }

    [Fact]
    public void Constructor_ResidenceRequiredWithoutSource_Throws()
    {
        var options = new RightsWorkflowsOptions { Store = new InMemoryRightsStore(), ThemeDatabase = new InMemoryThemeDatabase(), Rules = RightsCity.History, Clock = new NodaTime.Testing.FakeClock(RightsCity.Start) };
        Assert.Throws<ArgumentException>(() => new RightsWorkflows(options));
    }

    [Fact]
    public void ConsentTextHash_IsTheDocumentedFormOfBothTexts()
    {
        var text = new LocalizedText("同意", "I agree");
        using var sha = System.Security.Cryptography.SHA256.Create();
        var expected = Convert.ToHexStringLower(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes("S6:同意\nS7:I agree\n")));
        Assert.Equal(expected, ConsentText.ComputeHash(text));
        Assert.NotEqual(ConsentText.ComputeHash(new LocalizedText("同意", "I agree.")), ConsentText.ComputeHash(text));
    }

    private static ResidentIdNumber ResidentIdWithBirth(LocalDate birth)
    {
        var first17 = $"410105{birth:uuuuMMdd}123";
        return ResidentIdNumber.Parse(first17 + ResidentIdNumber.ComputeCheckCharacter(first17.AsSpan())).GetValueOrThrow();
    }
}
