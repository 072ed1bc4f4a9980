using System.Collections.Immutable;
using System.Threading.Channels;

namespace ShangdingScore.Stores;

/// <summary>
/// One streaming pass over a population with several workers: the subjects are read in chunks and handed
/// to <c>workers</c> threads, each adding them to its own tally; the tallies come back to be merged.
/// Memory is bounded by the chunks in flight and the tallies, not by the number of subjects. The one
/// home of the scan pipeline of <see cref="RuleSetImpactAnalyzer"/> and the monitoring reports.
/// </summary>
/// <remarks>Stateless and thread-safe. A tally must only depend on the subjects it was given, so that the merged result does not depend on the order or the threads.</remarks>
public static class SubjectFold
{
    private const int ChunkSize = 512;

    /// <summary>Folds every item of <paramref name="subjects"/> into per-worker tallies.</summary>
    /// <typeparam name="TItem">What is read: a subject, or a subject with what the caller looked up for it.</typeparam>
    /// <typeparam name="TTally">A worker's tally.</typeparam>
    /// <param name="subjects">The population (for a store: <see cref="ICreditStore.ReadAllSubjectsAsync"/>).</param>
    /// <param name="workers">How many threads add subjects at once (at least 1).</param>
    /// <param name="create">Makes an empty tally, once per worker.</param>
    /// <param name="add">Adds one subject to a worker's tally (never called on one tally from two threads).</param>
    /// <param name="progress">Told the number of subjects read after each chunk, from several threads; null for none.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    /// <returns>The workers' tallies, one per worker.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>The first exception of the reader or a worker stops the others and is thrown as it was.</remarks>
    public static Task<ImmutableArray<TTally>> RunAsync<TItem, TTally>(IAsyncEnumerable<TItem> subjects, int workers, Func<TTally> create, Action<TTally, TItem> add, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        return RunAsync(new[] { subjects }, workers, create, add, progress, cancellationToken);
    }

    /// <summary>
    /// Folds every item of several parts of a population (for a store: the parts of <see cref="ICreditStore.OpenSubjectScanAsync"/>)
    /// into per-worker tallies, each part read by a thread of its own.
    /// </summary>
    /// <typeparam name="TItem">What is read.</typeparam>
    /// <typeparam name="TTally">A worker's tally.</typeparam>
    /// <param name="parts">The parts, read at the same time (at least one).</param>
    /// <param name="workers">How many threads add subjects at once (at least 1).</param>
    /// <param name="create">Makes an empty tally, once per worker.</param>
    /// <param name="add">Adds one subject to a worker's tally (never called on one tally from two threads).</param>
    /// <param name="progress">Told the number of subjects read after each chunk, from several threads; null for none.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    /// <returns>The workers' tallies, one per worker.</returns>
    /// <exception cref="ArgumentNullException">A required argument or a part is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>The first exception of a reader or a worker stops the others and is thrown as it was.</remarks>
    public static async Task<ImmutableArray<TTally>> RunAsync<TItem, TTally>(IReadOnlyList<IAsyncEnumerable<TItem>> parts, int workers, Func<TTally> create, Action<TTally, TItem> add, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (parts is null) throw new ArgumentNullException(nameof(parts));
        if (parts.Count == 0) throw new ArgumentException("At least one part.", nameof(parts));
        if (parts.Any(p => p is null)) throw new ArgumentNullException(nameof(parts), "A part is null.");
        if (create is null) throw new ArgumentNullException(nameof(create));
        if (add is null) throw new ArgumentNullException(nameof(add));
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least 1.");
        var chunks = Channel.CreateBounded<List<TItem>>(new BoundedChannelOptions(Math.Max(workers, parts.Count) * 2) { SingleWriter = parts.Count == 1 });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = failed.Token;
        long read = 0;
        int readersLeft = parts.Count;

        async Task ReadAsync(IAsyncEnumerable<TItem> subjects)
        {
            try
            {
                var chunk = new List<TItem>(ChunkSize);
                await foreach (var s in subjects.WithCancellation(token).ConfigureAwait(false))
                {
                    chunk.Add(s);
                    if (chunk.Count < ChunkSize) continue;
                    await chunks.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                    chunk = new List<TItem>(ChunkSize);
                }

                if (chunk.Count > 0) await chunks.Writer.WriteAsync(chunk, token).ConfigureAwait(false);
                if (Interlocked.Decrement(ref readersLeft) == 0) chunks.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                chunks.Writer.TryComplete(ex);
                failed.Cancel();
                throw;
            }
        }

        async Task<TTally> WorkAsync()
        {
            var tally = create();
            try
            {
                while (await chunks.Reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (chunks.Reader.TryRead(out var chunk))
                    {
                        foreach (var s in chunk) add(tally, s);
                        progress?.Report(Interlocked.Add(ref read, chunk.Count));
                    }
                }
            }
            catch
            {
                failed.Cancel();
                throw;
            }

            return tally;
        }

        var readers = parts.Select(p => Task.Run(() => ReadAsync(p), token)).ToArray();
        var tallies = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, token)).ToArray();
        try
        {
            await Task.WhenAll(tallies.Cast<Task>().Concat(readers)).ConfigureAwait(false);
        }
        catch when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception) when (tallies.Cast<Task>().Concat(readers).Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()).FirstOrDefault(e => e is not OperationCanceledException) is { } real)
        {
            throw real;
        }

        var result = ImmutableArray.CreateBuilder<TTally>(workers);
        foreach (var t in tallies) result.Add(await t.ConfigureAwait(false));
        return result.MoveToImmutable();
    }
}
