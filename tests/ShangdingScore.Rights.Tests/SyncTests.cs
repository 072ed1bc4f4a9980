using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Rights.Tests;

/// <summary>When the theme database fails after a step was recorded, the step stands and reconciling completes it.</summary>
public class SyncTests
{
    [Fact]
    public async Task Step_ThemeDatabaseDownAfterTheAppend_RecordedWithSyncFailureAndReconcileCompletesIt()
    {
        var inner = new InMemoryThemeDatabase(RightsCity.Records());
        var flaky = new FlakyTheme(inner);
        var city = new RightsCity(theme: flaky);
        var store = city.Store;
        Assert.True((await city.Rights.EnrolAsync(city.Enrolment())).IsAccepted);

        flaky.Down = true;
        var dispute = await city.DisputeAsync(RightsCity.Fare);
        Assert.True(dispute.IsAccepted);
        Assert.IsType<IOException>(dispute.SyncFailure);
        Assert.Contains(await city.OutboxAsync(), i => i.Message.Kind == NotificationKinds.DisputeFiled);
        var withdrawal = await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.Counter });
        Assert.NotNull(withdrawal.SyncFailure);

        flaky.Down = false;
        Assert.True((await inner.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));
        Assert.Equal(1, await city.Rights.ReconcileAsync(RightsCity.Citizen));
        Assert.Equal(new[] { new RecordEvent(RecordEventType.Disputed, dispute.Value.FiledAt) }, await EventsAsync(inner, RightsCity.Fare));
        Assert.False((await inner.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));
        Assert.Equal(1, await city.Rights.ReconcileAsync(RightsCity.Citizen));
        Assert.Single(await EventsAsync(inner, RightsCity.Fare));
        Assert.Equal(3L, (await store.ReadTailAsync())!.Sequence);
    }

    [Fact]
    public async Task GetEnrolmentAsync_SubjectWhoNeverUsedTheWorkflows_TheThemeDatabasesPeriods()
    {
        var city = new RightsCity(seed: t => t.SetEnrolmentAsync(RightsCity.Other, Enrolment.Since(new LocalDate(2020, 1, 1)), default).AsTask().GetAwaiter().GetResult());
        var enrolment = await city.Rights.GetEnrolmentAsync(RightsCity.Other, RightsCity.Start);
        Assert.Equal(new[] { new EnrolmentPeriod(new LocalDate(2020, 1, 1)) }, enrolment.Periods.ToArray());
        Assert.Equal(EvaluationStatus.Scored, (await city.EvaluateNowAsync(RightsCity.Other)).Status);
    }

    private static async Task<RecordEvent[]> EventsAsync(InMemoryThemeDatabase theme, string id)
    {
        await foreach (var r in theme.ReadRecordsAsync(RightsCity.Citizen, null, default))
        {
            if (r.Id == id) return r.Events.ToArray();
        }

        return Array.Empty<RecordEvent>();
    }

    private sealed class FlakyTheme : IThemeDatabase
    {
        private readonly InMemoryThemeDatabase _inner;

        public FlakyTheme(InMemoryThemeDatabase inner) => _inner = inner;

        public bool Down { get; set; }

        public IAsyncEnumerable<CreditRecord> ReadRecordsAsync(SubjectId subject, Instant? knownAt, CancellationToken cancellationToken) => _inner.ReadRecordsAsync(subject, knownAt, cancellationToken);

        public ValueTask AppendRecordEventAsync(CreditRecord record, RecordEvent recordEvent, CancellationToken cancellationToken) =>
            Down ? throw new IOException("theme database unreachable") : _inner.AppendRecordEventAsync(record, recordEvent, cancellationToken);

        public ValueTask<Enrolment> GetEnrolmentAsync(SubjectId subject, CancellationToken cancellationToken) => _inner.GetEnrolmentAsync(subject, cancellationToken);

        public ValueTask SetEnrolmentAsync(SubjectId subject, Enrolment enrolment, CancellationToken cancellationToken) =>
            Down ? throw new IOException("theme database unreachable") : _inner.SetEnrolmentAsync(subject, enrolment, cancellationToken);
    }
}
