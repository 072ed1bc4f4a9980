using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <summary>How many ranges of subjects each part of <see cref="OpenSubjectScanAsync"/> has to choose from: parts take the next range when done with one, so a skewed range slows only itself.</summary>
    private const int RangesPerPart = 16;

    /// <inheritdoc />
    /// <remarks>
    /// Three ordered scans (copies, events, enrolment periods) of the tables' primary keys, merged by
    /// subject in one read transaction: one snapshot, sequential reads, memory bounded by one subject.
    /// The scan has a connection of its own without SQLite's per-call mutex (<see cref="SqliteScanConnection"/>).
    /// Rows are read through SQLite's own API (<see cref="SqliteSubjectReader"/>).
    /// </remarks>
    public async IAsyncEnumerable<SubjectSnapshot> ReadAllSubjectsAsync(SubjectScan scan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        await EnsureScannableAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new SqliteSubjectReader(Path, BusyTimeoutMs, Known(scan), ranged: false);
        foreach (var s in reader.Read(null, null, cancellationToken)) yield return s;
        reader.Commit();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>
    /// Each part reads on a scan connection of its own, in a read transaction of its own; the transactions are begun and
    /// their first reads made while a further connection holds the write lock (<c>BEGIN IMMEDIATE</c>, then rolled back),
    /// so no write commits between them and all parts see the same snapshot (WAL readers never block each other). That
    /// waits, up to the busy timeout, for a write in progress. A database SQLite opens read-only is read in one part.
    /// </para>
    /// <para>
    /// The subjects are split into about <c>16 × parts</c> ranges at subjects the store holds, found by seeking the
    /// copies' primary key (a few hundred seeks, whatever the store's size); each part takes the next range when it is
    /// done with one, so the parts stay busy whatever the spread of the subject ids.
    /// </para>
    /// </remarks>
    public async Task<SubjectScanParts> OpenSubjectScanAsync(SubjectScan scan, int parts, CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "At least 1.");
        await EnsureScannableAsync(cancellationToken).ConfigureAwait(false);
        var readers = new List<SqliteSubjectReader>(parts);
        try
        {
            bool ranged = false;
            if (parts > 1)
            {
                using var gate = new SqliteScanConnection(Path, BusyTimeoutMs);
                ranged = gate.TryExecute("BEGIN IMMEDIATE", SqliteReadOnly);
                try
                {
                    // While the gate holds the write lock no write commits: every reader's first read sees the same snapshot.
                    for (int i = 0; i < (ranged ? parts : 1); i++) readers.Add(Begun(new SqliteSubjectReader(Path, BusyTimeoutMs, Known(scan), ranged)));
                }
                finally
                {
                    if (ranged) gate.Execute("ROLLBACK");
                }
            }
            else
            {
                readers.Add(Begun(new SqliteSubjectReader(Path, BusyTimeoutMs, Known(scan), ranged: false)));
            }

            var ranges = new SubjectRangeQueue(ranged ? SubjectRanges.Boundaries(readers[0].FirstSubjectAtOrAfter, parts * RangesPerPart) : ImmutableArray<string>.Empty);
            var enumerables = readers.Select(r => Part(r, ranged ? ranges : null, cancellationToken)).ToImmutableArray();
            var owned = readers.ToArray();
            return new SubjectScanParts(enumerables, () =>
            {
                foreach (var r in owned) r.Dispose();
                return default;
            });
        }
        catch
        {
            foreach (var r in readers) r.Dispose();
            throw;
        }

        static SqliteSubjectReader Begun(SqliteSubjectReader reader)
        {
            try
            {
                reader.TakeSnapshot();
                return reader;
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
    }

    private const int SqliteReadOnly = 8; // SQLITE_READONLY

    private static (long, long)? Known(SubjectScan scan) => scan.KnownAt is { } k ? SqliteEncoding.Instant(k) : null;

    /// <summary>A part: the ranges it takes from <paramref name="ranges"/>, or the whole store when null.</summary>
    private static async IAsyncEnumerable<SubjectSnapshot> Part(SqliteSubjectReader reader, SubjectRangeQueue? ranges, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        reader.Claim();
        await Task.Yield();
        if (ranges is null)
        {
            foreach (var s in reader.Read(null, null, cancellationToken)) yield return s;
            yield break;
        }

        while (ranges.TryTake(out var from, out var to))
        {
            foreach (var s in reader.Read(from, to, cancellationToken)) yield return s;
        }
    }

    private async Task EnsureScannableAsync(CancellationToken cancellationToken)
    {
        if (!_schemaChecked)
        {
            using var check = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_disposed) throw new ObjectDisposedException(nameof(SqliteCreditStore));
    }
}
