using System.Collections.Immutable;
using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Records;

namespace ShangdingScore.Cli.Scoring;

/// <summary>
/// Streams a records file as one group of records per subject. By default the file must hold each
/// subject's records on consecutive lines (sorted or grouped by subject, as a provider export or
/// <c>sort</c> by subject gives): the reader then holds one subject's records at a time, and a subject
/// that comes back after another is refused (<see cref="FailureCodes.UnsortedRecords"/>) naming both
/// lines. With <c>--unsorted</c> every record is gathered into per-subject groups in memory first
/// (memory grows with the file), in the order subjects first appear.
/// Every line set aside is reported on stderr with its line number and counted.
/// </summary>
internal sealed class RecordGroups
{
    private readonly string _path;
    private readonly bool _unsorted;

    public RecordGroups(string path, bool unsorted)
    {
        _path = path;
        _unsorted = unsorted;
    }

    /// <summary>Lines set aside so far.</summary>
    public long SetAside { get; private set; }

    /// <summary>Records taken so far.</summary>
    public long RecordsTaken { get; private set; }

    /// <summary>Every subject met, with the line its records start on (or first appear on).</summary>
    public Dictionary<SubjectId, long> Seen { get; } = new();

    /// <summary>The groups, in file order; <paramref name="position"/> is told the bytes read after each line.</summary>
    public IEnumerable<(SubjectId Subject, ImmutableArray<CreditRecord> Records)> Read(Action<long, long>? position = null)
    {
        using var stream = RecordFiles.Open(_path);
        long length = stream.Length;
        using var reader = new JsonLinesRecordReader(stream, _path);
        var current = ImmutableArray.CreateBuilder<CreditRecord>();
        SubjectId? subject = null;
        Dictionary<SubjectId, ImmutableArray<CreditRecord>.Builder>? all = _unsorted ? new() : null;
        var order = new List<SubjectId>();
        while (reader.ReadNext() is { } line)
        {
            position?.Invoke(stream.Position, length);
            if (!line.IsRecord)
            {
                SetAside++;
                RecordFiles.ReportSetAside(line.Rejection);
                continue;
            }

            RecordsTaken++;
            var record = line.Record;
            if (all is not null)
            {
                if (!all.TryGetValue(record.Subject, out var group))
                {
                    all[record.Subject] = group = ImmutableArray.CreateBuilder<CreditRecord>();
                    Seen[record.Subject] = line.LineNumber;
                    order.Add(record.Subject);
                }

                group.Add(record);
                continue;
            }

            if (subject is { } s && s == record.Subject)
            {
                current.Add(record);
                continue;
            }

            if (Seen.TryGetValue(record.Subject, out var firstLine))
            {
                throw new CliFailure(
                    ExitCodes.Invalid,
                    FailureCodes.UnsortedRecords,
                    $"{_path}:{line.LineNumber}: subject {record.Subject} comes back after other subjects (its records started on line {firstLine}); the file must hold each subject's records on consecutive lines. Sort it by subject, or pass --unsorted to group it in memory.");
            }

            if (subject is { } previous) yield return (previous, current.DrainToImmutable());
            subject = record.Subject;
            Seen[record.Subject] = line.LineNumber;
            current.Add(record);
        }

        if (all is not null)
        {
            foreach (var s in order) yield return (s, all[s].ToImmutable());
        }
        else if (subject is { } last)
        {
            yield return (last, current.DrainToImmutable());
        }
    }
}
