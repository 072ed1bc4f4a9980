using System.Collections.Immutable;

namespace ShangdingScore.Stores;

/// <summary>
/// A whole-store scan split into parts that can be read at the same time, each on its own thread
/// (<see cref="ICreditStore.OpenSubjectScanAsync"/>): every part streams subjects in <see cref="SubjectOrder"/>
/// order, no subject is in two parts, together they hold exactly the subjects of
/// <see cref="ICreditStore.ReadAllSubjectsAsync"/>, and all were opened on one view of the store (one snapshot).
/// </summary>
/// <remarks>
/// Each part may be enumerated once, by one thread at a time; different parts may be enumerated at once.
/// Dispose the parts when done (or abandoned): that ends the store's read transactions and closes their
/// connections. Not thread-safe to dispose while a part is being read.
/// </remarks>
public sealed class SubjectScanParts : IAsyncDisposable
{
    private readonly Func<ValueTask>? _close;
    private int _closed;

    /// <summary>Creates the parts of a scan (for store implementations).</summary>
    /// <param name="parts">The parts, at least one.</param>
    /// <param name="close">Ends the read transactions and closes what the parts hold, once; null when there is nothing to close.</param>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty or holds null.</exception>
    public SubjectScanParts(ImmutableArray<IAsyncEnumerable<SubjectSnapshot>> parts, Func<ValueTask>? close = null)
    {
        if (parts.IsDefaultOrEmpty) throw new ArgumentException("A scan has at least one part.", nameof(parts));
        foreach (var p in parts)
        {
            if (p is null) throw new ArgumentException("A part is null.", nameof(parts));
        }

        Parts = parts;
        _close = close;
    }

    /// <summary>The parts: disjoint ranges of subjects, each in <see cref="SubjectOrder"/> order.</summary>
    public ImmutableArray<IAsyncEnumerable<SubjectSnapshot>> Parts { get; }

    /// <summary>Ends the read transactions and closes the parts' connections; later calls do nothing.</summary>
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _closed, 1) == 0 && _close is not null ? _close() : default;
}
