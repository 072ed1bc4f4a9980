using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Npgsql;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One statement (one snapshot): a merge of three index scans (events, copies, enrolment periods,
    /// each in primary-key order) on the subject, streamed to the client; the server never sorts the
    /// store and the client holds one subject at a time plus Npgsql's read buffer.
    /// </remarks>
    public async IAsyncEnumerable<SubjectSnapshot> ReadAllSubjectsAsync(SubjectScan scan, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await foreach (var s in ScanAsync(connection, tx, scan, cancellationToken).ConfigureAwait(false)) yield return s;
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One part for now: the scan of <see cref="ReadAllSubjectsAsync"/> in a repeatable-read transaction whose snapshot is
    /// taken before this call returns. Splitting it over several connections (ranges of subjects on one exported
    /// snapshot) is not done yet.
    /// </remarks>
    public async Task<SubjectScanParts> OpenSubjectScanAsync(SubjectScan scan, int parts, CancellationToken cancellationToken = default)
    {
        if (scan is null) throw new ArgumentNullException(nameof(scan));
        if (parts < 1) throw new ArgumentOutOfRangeException(nameof(parts), parts, "At least 1.");
        var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction tx;
        try
        {
            tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            await ExecuteAsync(connection, tx, "SELECT 1", cancellationToken).ConfigureAwait(false); // takes the snapshot now
        }
        catch
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        int claimed = 0;
        async IAsyncEnumerable<SubjectSnapshot> Part([EnumeratorCancellation] CancellationToken token = default)
        {
            if (Interlocked.Exchange(ref claimed, 1) != 0) throw new InvalidOperationException("A part of a subject scan is read once.");
            await foreach (var s in ScanAsync(connection, tx, scan, token).ConfigureAwait(false)) yield return s;
        }

        return new SubjectScanParts(ImmutableArray.Create(Part(cancellationToken)), async () =>
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        });
    }

    private async IAsyncEnumerable<SubjectSnapshot> ScanAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SubjectScan scan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keep the plan a merge of index scans (already in order) rather than a sort of the whole store.
        await ExecuteAsync(connection, tx, "SET LOCAL enable_sort = off", cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, tx, PostgresSchema.SubjectRows(oneSubject: false, knownAt: scan.KnownAt is not null, periods: true));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = new SubjectRows(scan.KnownAt);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var next = reader.GetString(0);
                if (rows.IsEmpty || !string.Equals(next, rows.Subject.Value, StringComparison.Ordinal))
                {
                    if (!rows.IsEmpty) yield return rows.Snapshot();
                    rows.Start(new SubjectId(next));
                }

                rows.Add(reader);
            }

            if (!rows.IsEmpty) yield return rows.Snapshot();
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }
}
