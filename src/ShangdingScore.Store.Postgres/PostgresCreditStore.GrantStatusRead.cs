using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Sources;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <remarks>
    /// <see cref="IGrantStatusReader{TQuery, TRead}"/>: a grant's status and its subject's enrolment and records in one
    /// statement (one round trip, one snapshot) — what a venue decision reads before it decides.
    /// </remarks>
    private sealed partial class PostgresNonceStore : IGrantStatusReader<RecordQuery, EnrolledRecords>
    {
        // The row of kind 3 carries the grant's Status in the type column. The subject's rows (PostgresSchema.SubjectRows
        // with its enrolment periods) follow only when the status is 0 (unused): a revoked grant or a used nonce reads
        // nothing of the subject.
        private const short StatusKind = 3;
        private static readonly string[] StatusAndRows = [StatusAndRowsSql(knownAt: false), StatusAndRowsSql(knownAt: true)];

        private static string StatusAndRowsSql(bool knownAt) =>
            $"WITH st AS (SELECT {Status} AS status) "
            + $"SELECT NULL::text AS subject, {StatusKind}::smallint AS kind, NULL::text AS record_id, NULL::bigint AS t, NULL::smallint AS ns, NULL::text AS item, NULL::integer AS d1, NULL::numeric AS quantity, NULL::text AS provider, st.status::smallint AS type, NULL::integer AS d2 FROM st "
            + $"UNION ALL SELECT * FROM ({PostgresSchema.SubjectRows(oneSubject: true, knownAt, periods: true)}) AS r WHERE (SELECT status FROM st) = 0";

        /// <summary>Whether <paramref name="source"/> is this nonce store's credit store, whose <see cref="ReadEnrolledAsync"/> this reads as.</summary>
        public bool Reads(object source) => ReferenceEquals(source ?? throw new ArgumentNullException(nameof(source)), store);

        /// <remarks>One statement: <see cref="FindStatusAsync"/>'s conditions, and <see cref="ReadEnrolledAsync"/>'s rows when they allow.</remarks>
        public async ValueTask<GrantStatusRead<EnrolledRecords>> FindStatusAndReadAsync(string nonce, Grant grant, Instant now, RecordQuery query, CancellationToken cancellationToken)
        {
            if (nonce is null) throw new ArgumentNullException(nameof(nonce));
            if (grant is null) throw new ArgumentNullException(nameof(grant));
            if (query is null) throw new ArgumentNullException(nameof(query));
            await using var connection = await store.OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await using var command = store.Command(connection, null, StatusAndRows[query.KnownAt is null ? 0 : 1]);
            BindStatus(command.Parameters, nonce, grant, now);
            BindSubject(command, query);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var rows = new SubjectRows(null);
            rows.Start(query.Subject);
            int? status = null;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetInt16(1) == StatusKind) status = reader.GetInt16(9);
                    else rows.Add(reader);
                }
            }

            if (status is not { } found) throw new InvalidOperationException($"The grant status read of schema {store.Schema} answered no status row.");
            var answer = StatusOf(found);
            return new GrantStatusRead<EnrolledRecords>(answer, answer == GrantNonceStatus.Unused ? rows.Enrolled() : null);
        }
    }
}
