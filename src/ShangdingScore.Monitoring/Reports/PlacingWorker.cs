using System.Collections.Immutable;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring;

/// <summary>
/// One worker of the subject pass: buffers the subjects it is given, asks the residence source for a batch of them at a
/// time, and adds each to its <see cref="MonitoringTally"/> in its district's row.
/// </summary>
/// <typeparam name="T">What the pass reads per subject: a <see cref="SubjectSnapshot"/> (scored here) or a <see cref="KeptSubject"/>.</typeparam>
/// <remarks>Used by one thread at a time (<see cref="SubjectFold"/> never calls one worker from two threads).</remarks>
internal sealed class PlacingWorker<T>
{
    private const int Batch = 512;

    private readonly MonitoringShape _shape;
    private readonly IDistrictResidenceSource _residence;
    private readonly CancellationToken _cancellationToken;
    private readonly Func<T, SubjectId> _subject;
    private readonly Action<MonitoringTally, T, int> _count;
    private readonly List<T> _subjects = new(Batch);
    private readonly List<SubjectId> _ids = new(Batch);

    public PlacingWorker(MonitoringShape shape, IDistrictResidenceSource residence, Func<T, SubjectId> subject, Action<MonitoringTally, T, int> count, CancellationToken cancellationToken)
    {
        _shape = shape;
        _residence = residence;
        _subject = subject;
        _count = count;
        _cancellationToken = cancellationToken;
        Tally = new MonitoringTally(shape);
    }

    /// <summary>The counts of the subjects placed so far.</summary>
    public MonitoringTally Tally { get; }

    /// <summary>Takes one subject; every <see cref="Batch"/> subjects, places and counts them.</summary>
    /// <remarks>
    /// Called synchronously by the fold, so a residence source that does not answer at once is waited for here, on the
    /// worker's own thread (the in-memory source always answers at once).
    /// </remarks>
    public void Add(T subject)
    {
        _subjects.Add(subject);
        _ids.Add(_subject(subject));
        if (_subjects.Count < Batch) return;
        var lookup = MonitoringReportBuilder.DistrictsAsync(_residence, _ids, _shape.AsOf, _cancellationToken);
        Count(lookup.IsCompletedSuccessfully ? lookup.Result : lookup.AsTask().GetAwaiter().GetResult());
    }

    /// <summary>Places and counts the subjects still buffered.</summary>
    public async ValueTask FlushAsync()
    {
        if (_subjects.Count == 0) return;
        Count(await MonitoringReportBuilder.DistrictsAsync(_residence, _ids, _shape.AsOf, _cancellationToken).ConfigureAwait(false));
    }

    private void Count(ImmutableArray<string?> codes)
    {
        for (int i = 0; i < _subjects.Count; i++) _count(Tally, _subjects[i], _shape.Row(codes[i], _ids[i]));
        _subjects.Clear();
        _ids.Clear();
    }
}
