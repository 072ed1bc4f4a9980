using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring.Tests;

/// <summary>The report from the scores a batch rescoring kept: the same report as scoring every subject, or a refusal.</summary>
public sealed class KeptScoreReportTests
{
    [Fact]
    public async Task FromKeptScores_AfterRescoring_SameReportAsScoringEverySubject()
    {
        await using var city = await SyntheticCity.CreateAsync(900, 17);
        await city.RescoreAsync(null);

        var scored = MonitoringWriters.Json(await city.BuildAtAsync(null));
        var kept = MonitoringWriters.Json(await city.BuildFromKeptScoresAsync(null));

        Assert.Equal(scored, kept);
        Assert.Contains("\"enrolled\"", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromKeptScores_PinnedKnownAt_SameReportAsScoringEverySubjectAtThatInstant()
    {
        await using var city = await SyntheticCity.CreateAsync(600, 23);
        var before = await city.Store.ReadAllSubjectsAsync(SubjectScan.All).SelectMany(s => s.Records.ToAsyncEnumerable()).Select(r => r.RecordedAt).ToListAsync();
        var knownAt = before.OrderBy(i => i).ElementAt(before.Count / 2); // half the copies are not known yet
        await city.RescoreAsync(knownAt);
        await city.RescoreAsync(null); // another view's scores are kept beside and passed over

        var scored = MonitoringWriters.Csv(await city.BuildAtAsync(knownAt));

        Assert.Equal(scored, MonitoringWriters.Csv(await city.BuildFromKeptScoresAsync(knownAt)));
        Assert.NotEqual(MonitoringWriters.Csv(await city.BuildAtAsync(null)), scored);
    }

    [Fact]
    public async Task FromKeptScores_SubjectEnrolledAfterTheRescoring_RefusedNamingTheSubject()
    {
        await using var city = await SyntheticCity.CreateAsync(300, 29);
        await city.RescoreAsync(null);
        await city.Store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(new SubjectId("S-newcomer"), Enrolment.Since(new LocalDate(2025, 6, 1))) });

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => city.BuildFromKeptScoresAsync(null));

        Assert.Contains("1 subject(s) disagree", ex.Message, StringComparison.Ordinal);
        Assert.Contains("S-newcomer has enrolment periods but no kept score", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromKeptScores_SubjectWithdrawnAfterTheRescoring_RefusedNamingTheSubject()
    {
        await using var city = await SyntheticCity.CreateAsync(300, 31);
        await city.RescoreAsync(null);
        var scored = await city.Store.ReadScoresAsync(new ScoreQuery { AsOf = SyntheticCity.AsOf }).FirstAsync(s => s.Status == EvaluationStatus.Scored);
        await city.Store.SetEnrolmentsAsync(new[] { new SubjectEnrolment(scored.Subject, Enrolment.Of(new[] { new EnrolmentPeriod(new LocalDate(2019, 9, 1), new LocalDate(2020, 1, 1)) })) });

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => city.BuildFromKeptScoresAsync(null));

        Assert.Contains($"{scored.Subject} is not enrolled on the day but has a kept score", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromKeptScores_NeverRescored_RefusedCountingEveryEnrolledSubject()
    {
        await using var city = await SyntheticCity.CreateAsync(200, 37);
        int withPeriods = await city.Store.ReadEnrolmentsAsync().CountAsync();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => city.BuildFromKeptScoresAsync(null));

        Assert.Contains($"{withPeriods} subject(s) disagree", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromKeptScores_ScoreKeptWithoutDimensionPoints_Refused()
    {
        var plan = SyntheticCity.Plan;
        var subject = new SubjectId("S-1");
        var enrolment = Enrolment.Since(new LocalDate(2020, 1, 1));
        var summary = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = ImmutableArray<CreditRecord>.Empty, AsOf = plan.AsOf });
        var bare = StoredScore.From(plan, subject, summary, null);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => MonitoringReportBuilder.BuildFromKeptScoresAsync(
            new[] { bare }.ToAsyncEnumerable(), new[] { new SubjectEnrolment(subject, enrolment) }.ToAsyncEnumerable(), plan, SyntheticCity.Districts, new InMemoryDistrictResidenceSource(Array.Empty<KeyValuePair<SubjectId, string>>(), SyntheticCity.Districts)));

        Assert.Contains("S-1 has 0 kept dimension points", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromKeptScores_EnrolmentsOutOfOrder_Refused()
    {
        var plan = SyntheticCity.Plan;
        var enrolment = Enrolment.Since(new LocalDate(2020, 1, 1));
        var points = new decimal[plan.RuleSet.Dimensions.Length];
        var scores = new[] { "S-1", "S-2" }.Select(id =>
        {
            var summary = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = new SubjectId(id), Enrolment = enrolment, Records = ImmutableArray<CreditRecord>.Empty, AsOf = plan.AsOf }, points);
            return StoredScore.From(plan, new SubjectId(id), summary, points, null);
        }).ToArray();
        var enrolments = new[] { "S-2", "S-1" }.Select(id => new SubjectEnrolment(new SubjectId(id), enrolment)).ToArray();

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => MonitoringReportBuilder.BuildFromKeptScoresAsync(
            scores.ToAsyncEnumerable(), enrolments.ToAsyncEnumerable(), plan, SyntheticCity.Districts, new InMemoryDistrictResidenceSource(Array.Empty<KeyValuePair<SubjectId, string>>(), SyntheticCity.Districts)));

        Assert.Contains("not in subject order", ex.Message, StringComparison.Ordinal);
    }
}
