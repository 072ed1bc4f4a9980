using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
