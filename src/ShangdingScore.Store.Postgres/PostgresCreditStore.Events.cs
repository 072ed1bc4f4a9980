using System.Collections.Immutable;
using NpgsqlTypes;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <summary>
    /// Appends the events given as arrays (one element per event, <c>ord</c> its position) whose record
    /// has a copy kept, into <c>record_events</c> with <c>ON CONFLICT DO NOTHING</c>, and returns per
    /// position whether its record is kept and whether it added its event (the first position naming
    /// an event that was inserted). A concurrent transaction inserting the same event makes this one
    /// wait for it and then skip the row, so exactly one of them reports it appended.
    /// </summary>
    private const string AppendEvents = """
        WITH i AS (
            SELECT * FROM unnest(@ord::integer[], @subject::text[], @record_id::text[], @at::bigint[], @at_ns::smallint[], @type::smallint[], @effective_on::integer[])
                AS i(ord, subject, record_id, at, at_ns, type, effective_on)
        ), k AS (
            SELECT i.*, EXISTS (SELECT 1 FROM {s}.record_copies c WHERE c.subject = i.subject COLLATE "C" AND c.record_id = i.record_id COLLATE "C") AS known FROM i
        ), added AS (
            INSERT INTO {s}.record_events AS t (subject, record_id, at, at_ns, type, effective_on)
            SELECT DISTINCT subject, record_id, at, at_ns, type, effective_on FROM k WHERE known
            ON CONFLICT DO NOTHING
            RETURNING t.subject, t.record_id, t.at, t.at_ns, t.type, t.effective_on
        ), first AS (
            SELECT min(ord) AS ord FROM k WHERE known GROUP BY subject, record_id, at, at_ns, type, effective_on
        )
        SELECT k.ord, k.known,
               EXISTS (SELECT 1 FROM first f WHERE f.ord = k.ord)
               AND EXISTS (SELECT 1 FROM added a WHERE a.subject = k.subject COLLATE "C" AND a.record_id = k.record_id COLLATE "C" AND a.at = k.at AND a.at_ns = k.at_ns AND a.type = k.type AND a.effective_on = k.effective_on)
        FROM k ORDER BY k.ord
        """;

    /// <inheritdoc />
    /// <remarks>
    /// One transaction, one statement: the events go as arrays, each is looked up against
    /// <c>record_copies</c> and inserted into <c>record_events</c> (the table delivered events are kept
    /// in) with <c>ON CONFLICT DO NOTHING</c>. A subject or record id holding U+0000 names no kept
    /// record (PostgreSQL text cannot keep that character): its event is
    /// <see cref="RecordEventAppendOutcome.UnknownRecord"/>.
    /// </remarks>
    public async Task<RecordEventAppendResult> AppendEventsAsync(IReadOnlyCollection<RecordEventAppend> events, CancellationToken cancellationToken = default)
    {
        var list = StoreEncoding.CheckAppends(events);
        var outcomes = new RecordEventAppendOutcome[list.Count];
        var ords = new List<int>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            if (PostgresEncoding.Storable(list[i].Subject.Value) && PostgresEncoding.Storable(list[i].RecordId)) ords.Add(i);
            else outcomes[i] = RecordEventAppendOutcome.UnknownRecord;
        }

        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        if (ords.Count == 0) return new RecordEventAppendResult(ImmutableArray.Create(outcomes));
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, tx, AppendEvents))
        {
            var stamps = ords.Select(i => PostgresEncoding.Instant(list[i].Event.At)).ToArray();
            command.Parameters.AddWithValue("ord", NpgsqlDbType.Array | NpgsqlDbType.Integer, ords.ToArray());
            command.Parameters.AddWithValue("subject", NpgsqlDbType.Array | NpgsqlDbType.Text, ords.Select(i => list[i].Subject.Value).ToArray());
            command.Parameters.AddWithValue("record_id", NpgsqlDbType.Array | NpgsqlDbType.Text, ords.Select(i => list[i].RecordId).ToArray());
            command.Parameters.AddWithValue("at", NpgsqlDbType.Array | NpgsqlDbType.Bigint, stamps.Select(s => s.Ticks).ToArray());
            command.Parameters.AddWithValue("at_ns", NpgsqlDbType.Array | NpgsqlDbType.Smallint, stamps.Select(s => s.Nanos).ToArray());
            command.Parameters.AddWithValue("type", NpgsqlDbType.Array | NpgsqlDbType.Smallint, ords.Select(i => (short)list[i].Event.Type).ToArray());
            command.Parameters.AddWithValue("effective_on", NpgsqlDbType.Array | NpgsqlDbType.Integer, ords.Select(i => StoreEncoding.EffectiveOnNumber(list[i].Event)).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                outcomes[reader.GetInt32(0)] =
                    !reader.GetBoolean(1) ? RecordEventAppendOutcome.UnknownRecord
                    : reader.GetBoolean(2) ? RecordEventAppendOutcome.Appended
                    : RecordEventAppendOutcome.AlreadyKept;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RecordEventAppendResult(ImmutableArray.Create(outcomes));
    }
}
