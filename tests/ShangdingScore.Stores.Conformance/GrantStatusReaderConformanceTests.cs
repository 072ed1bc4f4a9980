using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;
using ShangdingScore.Testing.Population;
using static ShangdingScore.Stores.Conformance.QueryLogSamples;

namespace ShangdingScore.Stores.Conformance;

/// <summary>
/// The contract of a nonce store that reads a subject's enrolment and records with a grant's status
/// (<see cref="IGrantStatusReader{TQuery, TRead}"/> of <see cref="RecordQuery"/> and <see cref="EnrolledRecords"/>) for
/// its own credit store, as tests: the read is the one <see cref="IEnrolledRecordSource.ReadEnrolledAsync"/> makes, the
/// status the one <see cref="IRevocationCheckingNonceStore.FindStatusAsync"/> finds, and a revoked or replayed grant
/// reads nothing. A store that implements it derives this class too.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class GrantStatusReaderConformanceTests<TStore>
    where TStore : class, ICreditStore, IGrantStateStore, IServiceStateStore, IEnrolledRecordSource
{
    /// <summary>Creates a store over a new, empty database (not migrated).</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Opens a second store object on <paramref name="store"/>'s database, with connections of its own; <paramref name="store"/> stays open.</summary>
    protected abstract Task<TStore> OpenSecondAsync(TStore store);

    [StoreFact]
    public async Task Reads_ItsOwnCreditStoreOnly()
    {
        await using var store = await MigratedAsync();
        await using var second = await OpenSecondAsync(store);

        Assert.True(Reader(store).Reads(store));
        Assert.False(Reader(store).Reads(second));
        Assert.False(Reader(store).Reads(new InMemoryRecordSource("other", [])));
    }

    [StoreFact]
    public async Task AnUnusedGrant_EverySubjectAndView_ReadsWhatReadEnrolledAsyncReads()
    {
        await using var store = await MigratedAsync();
        var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 40, Seed = 7, NotEnrolledPerMillion = 250_000 };
        using (var stream = new MemoryStream())
        {
            PopulationGenerator.Write(stream, options);
            stream.Position = 0;
            await store.ImportAsync(stream, new StoreImportOptions { SourceName = "population.jsonl" });
        }

        var enrolments = PopulationGenerator.Enrolments(options).ToList();
        await store.SetEnrolmentsAsync(enrolments.Skip(1).Select(e => new SubjectEnrolment(e.Key, e.Value)));
        var subjects = enrolments.Select(e => e.Key).Append(new SubjectId("never-seen")).ToList();
        var earliest = (await store.ReadAsync(new RecordQuery { Subject = subjects[1] }, default).ToListAsync()).Select(r => r.RecordedAt).DefaultIfEmpty(T).Min();

        int records = 0;
        foreach (var subject in subjects)
        {
            var grant = Grant(subject.Value, "n-" + subject.Value);
            foreach (var knownAt in new Instant?[] { null, earliest, T })
            {
                var query = new RecordQuery { Subject = subject, KnownAt = knownAt };
                var found = await Reader(store).FindStatusAndReadAsync(Key(grant), grant, T, query, default);
                var apart = await store.ReadEnrolledAsync(query, default);

                Assert.Equal(GrantNonceStatus.Unused, found.Status);
                Assert.Equal(apart.Enrolment.Periods.ToArray(), found.Read!.Enrolment.Periods.ToArray());
                Assert.Equal(apart.Records.ToArray(), found.Read.Records.ToArray());
                records += apart.Records.Length;
            }
        }

        Assert.True(records > subjects.Count, $"{records} records read");
    }

    [StoreFact]
    public async Task AUsedNonceOrARevokedGrant_TheStatusOfFindStatusAsync_AndNothingRead()
    {
        await using var store = await MigratedAsync();
        await store.SetEnrolmentsAsync([new SubjectEnrolment(new SubjectId("S-1"), Enrolment.Since(new LocalDate(2020, 1, 1)))]);
        var reader = Reader(store);
        var grant = await IssueAsync(store, "n-1", "S-1");
        var query = new RecordQuery { Subject = grant.Subject, KnownAt = T };
        Assert.True(await store.NonceStore.TryUseAsync(Key(grant), T + Duration.FromHours(1), T, default));

        var used = await reader.FindStatusAndReadAsync(Key(grant), grant, T, query, default);
        var forgotten = await reader.FindStatusAndReadAsync(Key(grant), grant, T + Duration.FromHours(1), query, default);
        Assert.True(await ((IServiceStateStore)store).IssuedGrants.RevokeAsync(grant.Subject, "n-1", T));
        var revoked = await reader.FindStatusAndReadAsync(Key(grant), grant, T + Duration.FromHours(1), query, default);

        Assert.Equal((GrantNonceStatus.Used, null), (used.Status, used.Read));
        Assert.Equal(GrantNonceStatus.Unused, forgotten.Status);
        Assert.True(forgotten.Read!.Enrolment.IsEnrolledOn(new LocalDate(2026, 6, 1)));
        Assert.Equal((GrantNonceStatus.Revoked, null), (revoked.Status, revoked.Read));
        Assert.Equal(await reader.FindStatusAsync(Key(grant), grant, T, default), (await reader.FindStatusAndReadAsync(Key(grant), grant, T, query, default)).Status);
    }

    [StoreFact]
    public async Task TheGatewaysVerifier_ReadsAlongForTheStore()
    {
        await using var store = await MigratedAsync();
        var verifier = new GrantVerifier(new InMemoryGrantKeyProvider([]), store.NonceStore, SystemClock.Instance, null, new IssuedGrantRevocationList(((IServiceStateStore)store).IssuedGrants));

        Assert.True(verifier.ReadsAlong<RecordQuery, EnrolledRecords>(store));
    }

    private static IGrantStatusReader<RecordQuery, EnrolledRecords> Reader(TStore store) =>
        Assert.IsAssignableFrom<IGrantStatusReader<RecordQuery, EnrolledRecords>>(store.NonceStore);

    private static string Key(Grant grant) => grant.Subject.Value + "\u001f" + grant.Nonce + "\u001fhealthcare";

    private async Task<TStore> MigratedAsync()
    {
        var store = await CreateStoreAsync();
        await store.MigrateAsync();
        return store;
    }
}
