using System.Runtime.ExceptionServices;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Stores;

/// <summary>
/// Loads a whole store into a <see cref="CompactCity"/>: one scan of every subject with everything known
/// (<see cref="ICreditStore.OpenSubjectScanAsync"/> with <see cref="SubjectScan.All"/>), split into parts that are read at
/// the same time, each part on a thread of its own feeding its own <see cref="CompactCityBuilder"/>.
/// </summary>
/// <remarks>Stateless and thread-safe. The city's subjects are numbered part after part, each part in <see cref="SubjectOrder"/> order.</remarks>
public static class CompactCityLoader
{
    /// <summary>Loads every subject of <paramref name="store"/> (enrolment and delivered records, everything known) into a compact city.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ruleSets">The rule sets the city will be rescored on, at least one.</param>
    /// <param name="parts">How many parts are read at once (one per core is the usual choice; at least 1).</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="ruleSets"/> is empty or holds a rule set twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>The first exception of a part's reader stops the load and is thrown as it was; the scan is disposed in every case.</remarks>
    public static async Task<CompactCity> LoadAsync(ICreditStore store, IEnumerable<RuleSet> ruleSets, int parts, CancellationToken cancellationToken = default)
    {
        if (store is null) throw new ArgumentNullException(nameof(store));
        if (ruleSets is null) throw new ArgumentNullException(nameof(ruleSets));
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "At least 1.");
        var list = ruleSets.ToArray();
        _ = new CompactCityBuilder(list); // checks the rule sets before the store is touched
        var scan = await store.OpenSubjectScanAsync(SubjectScan.All, parts, cancellationToken).ConfigureAwait(false);
        await using (scan.ConfigureAwait(false))
        {
            var builders = scan.Parts.Select(_ => new CompactCityBuilder(list)).ToArray();
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = failed.Token;
            async Task ReadAsync(IAsyncEnumerable<SubjectSnapshot> part, CompactCityBuilder builder)
            {
                try
                {
                    await foreach (var s in part.WithCancellation(token).ConfigureAwait(false)) builder.Add(s.Subject, s.Enrolment, s.Records);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
            }

            var readers = scan.Parts.Select((part, i) => Task.Run(() => ReadAsync(part, builders[i]), token)).ToArray();
            try
            {
                await Task.WhenAll(readers).ConfigureAwait(false);
            }
            catch when (readers.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } first)
            {
                ExceptionDispatchInfo.Capture(first.Exception!.InnerException!).Throw();
                throw;
            }

            return CompactCityBuilder.Build(builders);
        }
    }
}
