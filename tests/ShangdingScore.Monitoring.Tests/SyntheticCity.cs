using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Monitoring.Tests;

/// <summary>
/// A synthetic city: the population generator's subjects in a SQLite theme database, each placed in a district by a
/// deterministic draw (a few left unplaced), with benefit queries and rights steps spread over the last months.
/// </summary>
internal sealed class SyntheticCity : IAsyncDisposable
{
    public static readonly RuleSet Rules = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion);
    public static readonly LocalDate AsOf = new(2025, 6, 30);

    private readonly string _folder;

    private SyntheticCity(string folder, SqliteCreditStore store, InMemoryDistrictResidenceSource residence, ImmutableArray<QueryLogEntry> queries, InMemoryRightsStore rights)
    {
        _folder = folder;
        Store = store;
        Residence = residence;
        Queries = queries;
        Rights = rights;
    }

    public SqliteCreditStore Store { get; }

    public InMemoryDistrictResidenceSource Residence { get; }

    public ImmutableArray<QueryLogEntry> Queries { get; }

    public InMemoryRightsStore Rights { get; }

    public static DistrictCatalog Districts => ZhengzhouDistricts.Latest;

    public static ScoringPlan Plan => ScoringPlan.Create(Rules, AsOf);

    public static async Task<SyntheticCity> CreateAsync(int subjects, ulong seed)
    {
        var folder = Path.Combine(Path.GetTempPath(), "shangding-monitor-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new PopulationOptions { RuleSet = Rules, Subjects = subjects, Seed = seed };
        var store = await SqliteCreditStore.OpenOrCreateAsync(Path.Combine(folder, "theme.db"));
        using (var file = new MemoryStream())
        {
            PopulationGenerator.Write(file, options);
            file.Position = 0;
            await store.ImportAsync(file, new StoreImportOptions { SourceName = "population.jsonl" });
        }

        await store.SetEnrolmentsAsync(PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).ToList());
        var codes = Districts.Districts.Select(d => d.Code).ToArray();
        var placed = new List<KeyValuePair<SubjectId, string>>();
        var queries = ImmutableArray.CreateBuilder<QueryLogEntry>();
        var steps = new List<(Instant At, SubjectId Subject, string Kind)>();
        var start = AsOf.PlusMonths(-11).AtStartOfDayInZone(Rules.TimeZone).ToInstant();
        string[] benefits = ["library.deposit-free", "transport.bike-deposit-free", "unknown.benefit"];
        string[] kinds = [RightsEntryKinds.DisputeFiled, RightsEntryKinds.DisputeDecided, RightsEntryKinds.DisputeOverdue, RightsEntryKinds.RepairApplied, RightsEntryKinds.RepairDecided, RightsEntryKinds.Enrolled];
        for (int i = 0; i < subjects; i++)
        {
            var s = PopulationOptions.SubjectAt(i);
            ulong h = Mix(seed ^ (ulong)i);

            // Skewed: a few districts get few residents, so that the publishable form has something to suppress.
            int pick = (int)(h % 100);
            if (pick >= 3) placed.Add(new(s, codes[pick < 60 ? pick % 4 : pick % codes.Length]));
            for (int q = 0; q < (int)(h >> 8 & 3); q++)
            {
                var at = start + Duration.FromHours((long)((h >> (12 + q)) % (360 * 24)));
                queries.Add(new QueryLogEntry
                {
                    At = at,
                    Grantee = $"venue-{(h >> 20) % 3}",
                    Subject = s,
                    Purpose = benefits[(int)((h >> (24 + q)) % 3)],
                    Disclosed = ImmutableArray<string>.Empty,
                    Outcome = ((h >> (30 + q)) & 1) == 0 ? QueryOutcome.Answered : QueryOutcome.Refused,
                    ReasonCode = ((h >> (30 + q)) & 1) == 0 ? "granted" : "grade-too-low",
                });
            }

            if ((h >> 40) % 5 == 0) steps.Add((start + Duration.FromHours((long)((h >> 42) % (360 * 24))), s, kinds[(int)((h >> 50) % (ulong)kinds.Length)]));
        }

        queries.Add(new QueryLogEntry { At = start, Grantee = "venue-0", Subject = null, Purpose = "library.deposit-free", Disclosed = ImmutableArray<string>.Empty, Outcome = QueryOutcome.Refused, ReasonCode = "bad-signature" });
        var rights = new InMemoryRightsStore();
        var entries = ImmutableArray.CreateBuilder<RightsEntry>();
        string previous = RightsChain.GenesisHash;
        long sequence = 0;
        foreach (var (at, subject, kind) in steps.OrderBy(x => x.At))
        {
            var e = RightsEntry.Seal(++sequence, at, subject, kind, kind == RightsEntryKinds.Enrolled ? null : $"case-{sequence}", "tester", RightsActorRoles.System, "{}", previous);
            entries.Add(e);
            previous = e.Hash;
        }

        Assert.True(await rights.TryAppendAsync(new RightsAppend { ExpectedTailSequence = 0, Entries = entries.ToImmutable(), Messages = ImmutableArray<OutboxMessage>.Empty }));
        return new SyntheticCity(folder, store, new InMemoryDistrictResidenceSource(placed, Districts), queries.ToImmutable(), rights);
    }

    public static ImmutableDictionary<string, string> Families { get; } = new Dictionary<string, string>
    {
        ["library.deposit-free"] = "public-services",
        ["transport.bike-deposit-free"] = "transport",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public Task<MonitoringReport> BuildAsync(int workers = 2) =>
        MonitoringReportBuilder.BuildAsync(Store.ReadAllSubjectsAsync(SubjectScan.All), Plan, Districts, Residence, Queries.ToAsyncEnumerable(), Rights, new MonitoringOptions { BenefitFamilies = Families, MaxDegreeOfParallelism = workers });

    /// <summary>The report seen at <paramref name="knownAt"/> (null: everything), scoring every subject of the store.</summary>
    public Task<MonitoringReport> BuildAtAsync(Instant? knownAt) =>
        MonitoringReportBuilder.BuildAsync(Store.ReadAllSubjectsAsync(new SubjectScan { KnownAt = knownAt }), Plan, Districts, Residence, Queries.ToAsyncEnumerable(), Rights, new MonitoringOptions { BenefitFamilies = Families, KnownAt = knownAt });

    /// <summary>The report seen at <paramref name="knownAt"/> from the scores a batch rescoring kept in the store.</summary>
    public Task<MonitoringReport> BuildFromKeptScoresAsync(Instant? knownAt) =>
        MonitoringReportBuilder.BuildFromKeptScoresAsync(
            Store.ReadScoresAsync(new ScoreQuery { AsOf = AsOf, RuleSetId = Rules.Id, RuleSetVersion = Rules.Version.ToString() }),
            Store.ReadEnrolmentsAsync(),
            Plan,
            Districts,
            Residence,
            Queries.ToAsyncEnumerable(),
            Rights,
            new MonitoringOptions { BenefitFamilies = Families, KnownAt = knownAt });

    /// <summary>Rescores the store for the report's day and rule set as seen at <paramref name="knownAt"/>, keeping the scores.</summary>
    public Task<BatchRescoreResult> RescoreAsync(Instant? knownAt) =>
        new BatchRescorer(ZhengzhouRuleSets.History).RescoreAsync(Store, new BatchRescoreOptions { AsOf = AsOf, KnownAt = knownAt, PinnedVersion = Rules.Version });

    /// <summary>The report with the subjects read in <paramref name="parts"/> parts at once (<see cref="Stores.ICreditStore.OpenSubjectScanAsync"/>).</summary>
    public async Task<MonitoringReport> BuildFromPartsAsync(int parts, int workers = 2)
    {
        await using var scan = await Store.OpenSubjectScanAsync(SubjectScan.All, parts);
        return await MonitoringReportBuilder.BuildAsync(scan.Parts, Plan, Districts, Residence, Queries.ToAsyncEnumerable(), Rights, new MonitoringOptions { BenefitFamilies = Families, MaxDegreeOfParallelism = workers });
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

internal static class AsyncEnumerableExtensions
{
    public static async IAsyncEnumerable<T> ToAsyncEnumerable<T>(this IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
