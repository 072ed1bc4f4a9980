using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;

namespace ShangdingScore.Rights.Tests;

public class AuditTests
{
    [Fact]
    public async Task EveryStep_RecordsActorRoleTimeWhatAndWhy()
    {
        var city = await BusyCityAsync();
        var entries = await city.EntriesAsync();
        Assert.Equal(
            new[] { "enrolled", "dispute-filed", "refused", "dispute-decided", "repair-applied", "repair-decided", "withdrawn" },
            entries.Select(e => e.Kind));
        Assert.Equal(new[] { "citizen", "citizen", "provider", "provider", "citizen", "credit-center", "citizen" }, entries.Select(e => e.ActorRole));
        Assert.All(entries.Zip(entries.Skip(1)), p => Assert.True(p.First.At <= p.Second.At));
        Assert.Contains("\"reason\":{\"zh-CN\":\"经核实。\",\"en\":\"Checked.\"}", entries[3].Payload);
        Assert.Contains("\"code\":\"not-authorized\"", entries[2].Payload);
        Assert.True((await new RightsAudit(city.Store).VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task VerifyAsync_ChangedEntry_ReportsHashMismatchAtIt()
    {
        var city = await BusyCityAsync();
        var store = new Tampered(city.Store, list => Replace(list, 3, e => Copy(e, payload: e.Payload.Replace("经核实", "未核实"))));
        var result = await new RightsAudit(store).VerifyAsync();
        Assert.Equal(RightsChainProblemCodes.HashMismatch, result.Problem!.Code);
        Assert.Equal(4, result.Problem.Sequence);
        Assert.Equal(3, result.EntriesChecked);
    }

    [Fact]
    public async Task VerifyAsync_ChangedAndRehashedEntry_ReportsTheBrokenLinkAfterIt()
    {
        var city = await BusyCityAsync();
        var store = new Tampered(city.Store, list => Replace(list, 1, e => RightsEntry.Seal(e.Sequence, e.At, e.Subject, e.Kind, e.CaseId, e.ActorId, e.ActorRole, "{}", e.PreviousHash)));
        var result = await new RightsAudit(store).VerifyAsync();
        Assert.Equal((RightsChainProblemCodes.PreviousHashMismatch, 3L), (result.Problem!.Code, result.Problem.Sequence));
    }

    [Fact]
    public async Task VerifyAsync_RemovedOrReorderedEntry_ReportsASequenceGap()
    {
        var city = await BusyCityAsync();
        var removed = await new RightsAudit(new Tampered(city.Store, list => list.RemoveAt(4))).VerifyAsync();
        Assert.Equal((RightsChainProblemCodes.SequenceGap, 5L), (removed.Problem!.Code, removed.Problem.Sequence));
        var reordered = await new RightsAudit(new Tampered(city.Store, list => (list[1], list[2]) = (list[2], list[1]))).VerifyAsync();
        Assert.Equal((RightsChainProblemCodes.SequenceGap, 2L), (reordered.Problem!.Code, reordered.Problem.Sequence));
    }

    [Fact]
    public async Task VerifyAsync_WithAnAnchor_DetectsTruncationAndARewrittenChain()
    {
        var city = await BusyCityAsync();
        var audit = new RightsAudit(city.Store);
        var anchor = (await audit.VerifyAsync()).Tail!;
        Assert.True((await audit.VerifyAsync(anchor)).IsIntact);

        var truncated = await new RightsAudit(new Tampered(city.Store, list => list.RemoveRange(5, 2))).VerifyAsync(anchor);
        Assert.Equal(RightsChainProblemCodes.Truncated, truncated.Problem!.Code);

        var rewritten = await new RightsAudit(new Tampered(city.Store, list => Rechain(list, 2))).VerifyAsync();
        Assert.True(rewritten.IsIntact);
        var caught = await new RightsAudit(new Tampered(city.Store, list => Rechain(list, 2))).VerifyAsync(anchor);
        Assert.Equal((RightsChainProblemCodes.AnchorMismatch, anchor.Sequence), (caught.Problem!.Code, caught.Problem.Sequence));
    }

    [Fact]
    public void Verify_TimeGoingBack_Reported()
    {
        var first = RightsEntry.Seal(1, Instant.FromUtc(2026, 6, 2, 0, 0), RightsCity.Citizen, "enrolled", null, "a", "citizen", "{}", RightsChain.GenesisHash);
        var second = RightsEntry.Seal(2, Instant.FromUtc(2026, 6, 1, 0, 0), RightsCity.Citizen, "withdrawn", null, "a", "citizen", "{}", first.Hash);
        Assert.Equal(RightsChainProblemCodes.TimeOrder, RightsChain.Verify(new[] { first, second }).Problem!.Code);
    }

    [Fact]
    public void CanonicalForm_IsTheDocumentedLengthPrefixedText()
    {
        var e = RightsEntry.Seal(7, Instant.FromUtc(2026, 6, 1, 2, 0) + Duration.FromMilliseconds(500), new SubjectId("S-1"), "enrolled", null, "S-1", "citizen", "{\"a\":\"异\"}", RightsChain.GenesisHash);
        var text = Encoding.UTF8.GetString(RightsChain.CanonicalForm(e));
        Assert.Equal($"sdr1\nS1:7\nS22:2026-06-01T02:00:00.5Z\nS3:S-1\nS8:enrolled\nN\nS3:S-1\nS7:citizen\nS11:{{\"a\":\"异\"}}\nS64:{RightsChain.GenesisHash}\n", text);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(RightsChain.CanonicalForm(e))), e.Hash);
    }

    [Fact]
    public async Task Export_ForTheAuditor_ReadsBackEntryForEntryAndVerifies()
    {
        var city = await BusyCityAsync();
        using var buffer = new MemoryStream();
        Assert.Equal(7, await new RightsAudit(city.Store).ExportAsync(buffer));
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Equal(7, text.Count(c => c == '\n'));
        Assert.Contains("\"kind\":\"dispute-filed\"", text);

        var back = RightsAudit.ReadExport(text);
        Assert.Equal((await city.EntriesAsync()).ToArray(), back.ToArray());
        Assert.True(RightsChain.Verify(back).IsIntact);
        var edited = RightsAudit.ReadExport(text.Replace("Checked.", "Checked!"));
        Assert.Equal(RightsChainProblemCodes.HashMismatch, RightsChain.Verify(edited).Problem!.Code);
    }

    [Fact]
    public async Task Export_ForTheCitizen_OnlyTheirEntriesEachHashChecked()
    {
        var city = await BusyCityAsync();
        await city.Rights.EnrolAsync(city.Enrolment(RightsCity.Minor, birthDate: new LocalDate(2000, 1, 1)));
        using var buffer = new MemoryStream();
        Assert.Equal(7, await new RightsAudit(city.Store).ExportAsync(buffer, RightsCity.Citizen));
        var mine = RightsAudit.ReadExport(Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.All(mine, e => Assert.Equal(RightsCity.Citizen, e.Subject));
        Assert.Null(RightsAudit.CheckEntryHashes(mine));
        var forged = mine.SetItem(2, Copy(mine[2], payload: "{}"));
        Assert.Equal(mine[2].Sequence, RightsAudit.CheckEntryHashes(forged)!.Sequence);
    }

    [Fact]
    public void ReadExport_BadLine_NamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => RightsAudit.ReadExport("\n{\"sequence\":1}\n"));
        Assert.StartsWith("line 2:", ex.Message);
        Assert.StartsWith("line 1:", Assert.Throws<FormatException>(() => RightsAudit.ReadExport("{not json")).Message);
    }

    [Fact]
    public void ProblemCodes_EachHasBothTexts()
    {
        foreach (var code in new[] { "sequence-gap", "hash-mismatch", "previous-hash-mismatch", "time-order", "truncated", "anchor-mismatch" })
        {
            var text = RightsChainProblemCodes.Describe(code);
            Assert.False(string.IsNullOrWhiteSpace(text.ZhCn));
            Assert.False(string.IsNullOrWhiteSpace(text.En));
        }
    }

    /// <summary>Enrol, dispute, a refused decision, decision, repair applied and approved, withdrawal: seven entries for the citizen.</summary>
    internal static async Task<RightsCity> BusyCityAsync()
    {
        var city = new RightsCity();
        await city.EnrolAsync();
        city.Clock.Advance(Duration.FromHours(1));
        var dispute = (await city.DisputeAsync(RightsCity.Fare)).Value!;
        city.AdvanceDays(2);
        await city.DecideAsync(dispute.CaseId, DisputeOutcome.Upheld, RightsActor.Provider("zz-court"));
        await city.DecideAsync(dispute.CaseId, DisputeOutcome.Rejected);
        city.AdvanceDays(1);
        var repair = (await city.ApplyForRepairAsync(RightsCity.Penalty)).Value!;
        city.AdvanceDays(4);
        await city.DecideRepairAsync(repair.CaseId, approve: true);
        city.AdvanceDays(1);
        await city.Rights.WithdrawAsync(new WithdrawalRequest { Subject = RightsCity.Citizen, Actor = RightsActor.Citizen(RightsCity.Citizen), Channel = EnrolmentChannel.CreditZhengzhouWeb });
        return city;
    }

    private static RightsEntry Copy(RightsEntry e, string? payload = null) =>
        new(e.Sequence, e.At, e.Subject, e.Kind, e.CaseId, e.ActorId, e.ActorRole, payload ?? e.Payload, e.PreviousHash, e.Hash);

    private static void Replace(List<RightsEntry> list, int index, Func<RightsEntry, RightsEntry> change) => list[index] = change(list[index]);

    /// <summary>Changes entry <paramref name="from"/> and re-seals every entry after it: a consistent forged chain.</summary>
    private static void Rechain(List<RightsEntry> list, int from)
    {
        for (int i = from; i < list.Count; i++)
        {
            var e = list[i];
            var payload = i == from ? "{\"forged\":true}" : e.Payload;
            list[i] = RightsEntry.Seal(e.Sequence, e.At, e.Subject, e.Kind, e.CaseId, e.ActorId, e.ActorRole, payload, list[i - 1].Hash);
        }
    }

    /// <summary>A store whose journal reads come back altered, as if someone edited the table.</summary>
    private sealed class Tampered : IRightsStore
    {
        private readonly IRightsStore _inner;
        private readonly Action<List<RightsEntry>> _tamper;

        public Tampered(IRightsStore inner, Action<List<RightsEntry>> tamper)
        {
            _inner = inner;
            _tamper = tamper;
        }

        public async IAsyncEnumerable<RightsEntry> ReadEntriesAsync(RightsEntryQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var list = new List<RightsEntry>();
            await foreach (var e in _inner.ReadEntriesAsync(query, cancellationToken)) list.Add(e);
            _tamper(list);
            foreach (var e in list) yield return e;
        }

        public Task<RightsChainTail?> ReadTailAsync(CancellationToken cancellationToken = default) => _inner.ReadTailAsync(cancellationToken);

        public Task<bool> TryAppendAsync(RightsAppend append, CancellationToken cancellationToken = default) => _inner.TryAppendAsync(append, cancellationToken);

        public Task<int> EnqueueAsync(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken = default) => _inner.EnqueueAsync(messages, cancellationToken);

        public Task<ImmutableArray<OutboxItem>> ClaimAsync(OutboxClaim claim, CancellationToken cancellationToken = default) => _inner.ClaimAsync(claim, cancellationToken);

        public Task<bool> MarkSentAsync(string messageId, Instant sentAt, CancellationToken cancellationToken = default) => _inner.MarkSentAsync(messageId, sentAt, cancellationToken);

        public Task<bool> MarkFailedAsync(OutboxFailure failure, CancellationToken cancellationToken = default) => _inner.MarkFailedAsync(failure, cancellationToken);

        public IAsyncEnumerable<OutboxItem> ReadOutboxAsync(OutboxQuery query, CancellationToken cancellationToken = default) => _inner.ReadOutboxAsync(query, cancellationToken);
    }
}
