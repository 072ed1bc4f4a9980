using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

namespace ShangdingScore.Rights.Tests;

/// <summary>The workflows on a real theme database: the SQLite store keeps the journal, the outbox, the record events and the enrolment.</summary>
public sealed class SqliteThemeDatabaseTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rights-sqlite-" + Guid.NewGuid().ToString("N"));

    public SqliteThemeDatabaseTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Workflows_OnTheSqliteStore_WriteEventsAndEnrolmentThroughTheStoreContract()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(_folder, "theme.db"));
        using (var lines = new MemoryStream())
        {
            JsonLinesRecordWriter.WriteAll(lines, RightsCity.Records());
            lines.Position = 0;
            await store.ImportAsync(lines, new StoreImportOptions { SourceName = "providers" });
        }

        var city = new RightsCity(store: store, theme: new CreditStoreThemeDatabase(store));
        await city.EnrolAsync();
        Assert.True((await store.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));

        city.Clock.Advance(Duration.FromHours(1));
        var dispute = await city.DisputeAsync(RightsCity.Fare);
        Assert.True(dispute.IsAccepted);
        Assert.Null(dispute.SyncFailure);
        var now = city.Clock.GetCurrentInstant();
        var suspended = await city.Rights.EvaluateAsync(RightsCity.Rules, RightsCity.Citizen, city.Today, now);
        Assert.Equal(100.0m, suspended.Score);
        Assert.Equal(RecordOutcome.DisputePending, suspended.Records.Single(r => r.RecordId == RightsCity.Fare).Outcome);

        city.AdvanceDays(2);
        Assert.True((await city.DecideAsync(dispute.Value.CaseId, DisputeOutcome.Rejected)).IsAccepted);
        var repair = (await city.ApplyForRepairAsync(RightsCity.Penalty)).Value!;
        Assert.True((await city.DecideRepairAsync(repair.CaseId, approve: true)).IsAccepted);
        Assert.Equal(103.0m, (await city.Rights.EvaluateAsync(RightsCity.Rules, RightsCity.Citizen, city.Today, city.Clock.GetCurrentInstant())).Score);
        Assert.Equal(100.0m, (await city.Rights.EvaluateAsync(RightsCity.Rules, RightsCity.Citizen, new LocalDate(2026, 6, 1), now)).Score);

        Assert.True((await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.IZhengzhouApp })).IsAccepted);
        Assert.False((await store.GetEnrolmentAsync(RightsCity.Citizen, default)).IsEnrolledOn(city.Today));
        Assert.True((await new RightsAudit(store).VerifyAsync()).IsIntact);
        Assert.Equal(3, await city.Rights.ReconcileAsync(RightsCity.Citizen));
        Assert.Equal(3, (await store.CountAsync()).Events);
    }

    [Fact]
    public async Task AppendRecordEventAsync_RecordTheStoreDoesNotKeep_Throws()
    {
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(_folder, "empty.db"));
        var theme = new CreditStoreThemeDatabase(store);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            theme.AppendRecordEventAsync(RightsCity.Records()[0], new RecordEvent(RecordEventType.Disputed, RightsCity.Start), default).AsTask());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the system.
        }
    }
}
