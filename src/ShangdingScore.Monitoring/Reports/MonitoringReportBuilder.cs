using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring;

/// <summary>What a monitoring report counts, and how.</summary>
/// <remarks>Immutable after construction (init-only).</remarks>
public sealed class MonitoringOptions
{
    private readonly int _months = 12;
    private readonly int _scoreBand = 50;
    private readonly int _workers = Environment.ProcessorCount;

    /// <summary>The data view's instant; null for everything.</summary>
    public Instant? KnownAt { get; init; }

    /// <summary>How many months the monthly tables cover, ending with the report day's month.</summary>
    /// <value>The default is 12.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 or above 120.</exception>
    public int Months
    {
        get => _months;
        init => _months = value is >= 1 and <= 120 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "From 1 to 120.");
    }

    /// <summary>The width of the score histogram's bands, in points.</summary>
    /// <value>The default is 50.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int ScoreBand
    {
        get => _scoreBand;
        init => _scoreBand = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Each benefit code's family (from a benefit catalog); a query for a code not listed is counted under the family <c>other</c>.</summary>
    public ImmutableDictionary<string, string> BenefitFamilies { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>How many threads score at once.</summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _workers;
        init => _workers = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    /// <summary>Told the number of subjects read, from several threads; null for none.</summary>
    public IProgress<long>? Progress { get; init; }
}

/// <summary>
/// Builds a <see cref="MonitoringReport"/> in one streaming pass over the subjects (each scored at the plan's day on the
/// score path that also gives the dimensions' points, <see cref="CreditEvaluator.Score(ScoringPlan, EvaluationRequest, Span{decimal})"/>),
/// then one pass over the query log and one over the rights journal.
/// Every subject, query and journal step is placed by the district the <see cref="IDistrictResidenceSource"/> gives
/// for it on the report's day; memory is bounded by the number of cells, not of subjects.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static partial class MonitoringReportBuilder
{
    private const int LookupBatch = 512;

    /// <summary>Builds the internal (unsuppressed) report.</summary>
    /// <param name="subjects">The population (for a store: <see cref="ICreditStore.ReadAllSubjectsAsync"/> with the same <c>KnownAt</c>).</param>
    /// <param name="plan">The rule set and the report's day.</param>
    /// <param name="districts">The districts counted by.</param>
    /// <param name="residence">Where each subject resides.</param>
    /// <param name="queries">The query log (<see cref="IDurableQueryLog.ReadAllAsync"/>); null for none.</param>
    /// <param name="rights">The rights journal; null for none.</param>
    /// <param name="options">What to count; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="InvalidDataException">The residence source names a district the catalog does not have.</exception>
    public static Task<MonitoringReport> BuildAsync(IAsyncEnumerable<SubjectSnapshot> subjects, ScoringPlan plan, DistrictCatalog districts, IDistrictResidenceSource residence, IAsyncEnumerable<QueryLogEntry>? queries = null, IRightsStore? rights = null, MonitoringOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        return BuildAsync(new[] { subjects }, plan, districts, residence, queries, rights, options, cancellationToken);
    }

    /// <summary>Builds the internal (unsuppressed) report from a population read in parts at once, each by a thread of its own.</summary>
    /// <param name="subjectParts">The population's parts (for a store: <see cref="ICreditStore.OpenSubjectScanAsync"/> with the same <c>KnownAt</c>); the report is the same whatever the split.</param>
    /// <param name="plan">The rule set and the report's day.</param>
    /// <param name="districts">The districts counted by.</param>
    /// <param name="residence">Where each subject resides.</param>
    /// <param name="queries">The query log (<see cref="IDurableQueryLog.ReadAllAsync"/>); null for none.</param>
    /// <param name="rights">The rights journal; null for none.</param>
    /// <param name="options">What to count; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="ArgumentNullException">A required argument or a part is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectParts"/> is empty.</exception>
    /// <exception cref="InvalidDataException">The residence source names a district the catalog does not have.</exception>
    public static async Task<MonitoringReport> BuildAsync(IReadOnlyList<IAsyncEnumerable<SubjectSnapshot>> subjectParts, ScoringPlan plan, DistrictCatalog districts, IDistrictResidenceSource residence, IAsyncEnumerable<QueryLogEntry>? queries = null, IRightsStore? rights = null, MonitoringOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (subjectParts is null) throw new ArgumentNullException(nameof(subjectParts));
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (districts is null) throw new ArgumentNullException(nameof(districts));
        if (residence is null) throw new ArgumentNullException(nameof(residence));
        options ??= new MonitoringOptions();
        var shape = new MonitoringShape(plan, districts, options);
        return await CountAsync(subjectParts, s => s.Subject, (t, s, row) => t.AddSubject(s, row), shape, residence, queries, rights, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The subject pass (placed by district in the workers), then the query log and the rights journal.</summary>
    private static async Task<MonitoringReport> CountAsync<T>(IReadOnlyList<IAsyncEnumerable<T>> subjectParts, Func<T, SubjectId> subject, Action<MonitoringTally, T, int> count, MonitoringShape shape, IDistrictResidenceSource residence, IAsyncEnumerable<QueryLogEntry>? queries, IRightsStore? rights, CancellationToken cancellationToken)
    {
        var options = shape.Options;

        // The residence is looked up by the workers, a batch at a time, so that the threads reading the store do nothing
        // else (reading is the bound of the pass on two cores: docs/monitoring.md, "Scale").
        var workers = await SubjectFold.RunAsync(subjectParts, options.MaxDegreeOfParallelism, () => new PlacingWorker<T>(shape, residence, subject, count, cancellationToken), (w, s) => w.Add(s), options.Progress, cancellationToken).ConfigureAwait(false);
        foreach (var w in workers) await w.FlushAsync().ConfigureAwait(false);
        var total = workers[0].Tally;
        for (int i = 1; i < workers.Length; i++) total.Merge(workers[i].Tally);

        if (queries is not null)
        {
            await foreach (var (entry, row) in Placed(queries, e => e.Subject, shape, residence, cancellationToken).ConfigureAwait(false)) total.AddQuery(entry, row);
        }

        if (rights is not null)
        {
            await foreach (var (entry, row) in Placed(rights.ReadEntriesAsync(RightsEntryQuery.All, cancellationToken), e => e.Subject, shape, residence, cancellationToken).ConfigureAwait(false)) total.AddRightsStep(entry, row);
        }

        return total.ToReport();
    }

    /// <summary>The districts of <paramref name="subjects"/>, checked to be one per subject.</summary>
    internal static async ValueTask<ImmutableArray<string?>> DistrictsAsync(IDistrictResidenceSource residence, List<SubjectId> subjects, LocalDate day, CancellationToken cancellationToken)
    {
        var codes = await residence.GetDistrictsAsync(subjects, day, cancellationToken).ConfigureAwait(false);
        if (codes.Length != subjects.Count) throw new InvalidDataException($"The residence source answered {codes.Length} districts for {subjects.Count} subjects.");
        return codes;
    }

    /// <summary>Each item with the row of its subject's district, looked up in batches.</summary>
    private static async IAsyncEnumerable<(T Item, int Row)> Placed<T>(IAsyncEnumerable<T> items, Func<T, SubjectId?> subject, MonitoringShape shape, IDistrictResidenceSource residence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<T>(LookupBatch);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(item);
            if (batch.Count < LookupBatch) continue;
            foreach (var x in await PlaceAsync(batch).ConfigureAwait(false)) yield return x;
            batch.Clear();
        }

        if (batch.Count > 0)
        {
            foreach (var x in await PlaceAsync(batch).ConfigureAwait(false)) yield return x;
        }

        async Task<List<(T, int)>> PlaceAsync(List<T> list)
        {
            var known = list.Select(subject).Where(s => s is not null).Select(s => s!.Value).ToList();
            var codes = known.Count == 0 ? ImmutableArray<string?>.Empty : await DistrictsAsync(residence, known, shape.AsOf, cancellationToken).ConfigureAwait(false);
            var placed = new List<(T, int)>(list.Count);
            int k = 0;
            foreach (var item in list)
            {
                placed.Add((item, subject(item) is null ? shape.UnknownRow : shape.Row(codes[k++], subject(item)!.Value)));
            }

            return placed;
        }
    }
}
