using System.Runtime.CompilerServices;
using NpgsqlTypes;
using ShangdingScore.Evaluation;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Postgres;

public sealed partial class PostgresCreditStore
{
    /// <inheritdoc />
    /// <remarks>Binary <c>COPY</c> into a staging table, then one <c>INSERT … ON CONFLICT DO UPDATE</c>; of two scores with one key in a call, the later one is kept.</remarks>
    public async Task<int> WriteScoresAsync(IReadOnlyCollection<StoredScore> scores, CancellationToken cancellationToken = default)
    {
        if (scores is null) throw new ArgumentNullException(nameof(scores));
        if (scores.Any(s => s is null)) throw new ArgumentNullException(nameof(scores), "A score is null.");
        if (scores.Count == 0) return 0;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, PostgresSchema.Staging, cancellationToken).ConfigureAwait(false);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using (var copy = connection.BeginBinaryImport("COPY sdss_stage_scores (ord, subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points) FROM STDIN (FORMAT BINARY)"))
            {
                int ord = 0;
                foreach (var score in scores)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (kt, kn) = score.KnownAt is { } k ? PostgresEncoding.Instant(k) : (PostgresEncoding.Everything, (short)0);
                    copy.StartRow();
                    copy.Write(ord++, NpgsqlDbType.Integer);
                    copy.Write(score.Subject.Value, NpgsqlDbType.Text);
                    copy.Write(PostgresEncoding.Date(score.AsOf), NpgsqlDbType.Integer);
                    copy.Write(score.RuleSetId, NpgsqlDbType.Text);
                    copy.Write(score.RuleSetVersion, NpgsqlDbType.Text);
                    copy.Write(kt, NpgsqlDbType.Bigint);
                    copy.Write(kn, NpgsqlDbType.Smallint);
                    copy.Write(score.RuleSetContentHash, NpgsqlDbType.Text);
                    copy.Write(score.RuleSetInForce, NpgsqlDbType.Boolean);
                    copy.Write((short)score.Status, NpgsqlDbType.Smallint);
                    if (score.Score is { } v) copy.Write(PostgresEncoding.Normalize(v), NpgsqlDbType.Numeric);
                    else copy.WriteNull();
                    if (score.GradeCode is { } g) copy.Write(g, NpgsqlDbType.Text);
                    else copy.WriteNull();
                    copy.Write(score.IsClean, NpgsqlDbType.Boolean);
                    copy.Write(score.IsComplete, NpgsqlDbType.Boolean);
                    if (StoreEncoding.DimensionPointsToText(score.DimensionPoints) is { } points) copy.Write(points, NpgsqlDbType.Text);
                    else copy.WriteNull();
                }

                copy.Complete();
            }

            await ExecuteAsync(connection, tx, PostgresSchema.MergeScores, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return scores.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredScore> ReadScoresAsync(ScoreQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        var conditions = new List<string>();
        if (query.Subject is not null) conditions.Add("subject = @s");
        if (query.AsOf is not null) conditions.Add("as_of = @a");
        if (query.RuleSetId is not null) conditions.Add("rule_set_id = @r");
        if (query.RuleSetVersion is not null) conditions.Add("rule_set_version = @v");
        await using var command = Command(connection, null, $"""
            SELECT subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points
            FROM {"{s}"}.scores{(conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions))}
            ORDER BY subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns
            """);
        if (query.Subject is { } s) command.Parameters.AddWithValue("s", s.Value);
        if (query.AsOf is { } a) command.Parameters.AddWithValue("a", PostgresEncoding.Date(a));
        if (query.RuleSetId is { } r) command.Parameters.AddWithValue("r", r);
        if (query.RuleSetVersion is { } v) command.Parameters.AddWithValue("v", v);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long kt = reader.GetInt64(4);
            yield return new StoredScore(
                new SubjectId(reader.GetString(0)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(6),
                reader.GetBoolean(7),
                PostgresEncoding.Date(reader.GetInt32(1)),
                kt == PostgresEncoding.Everything ? null : PostgresEncoding.Instant(kt, reader.GetInt16(5)),
                (EvaluationStatus)reader.GetInt16(8),
                reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetBoolean(11),
                reader.GetBoolean(12))
            {
                DimensionPoints = StoreEncoding.DimensionPointsFromText(reader.IsDBNull(13) ? null : reader.GetString(13)),
            };
        }
    }

    /// <inheritdoc />
    /// <remarks>One statement (one snapshot) over the periods' primary key.</remarks>
    public async IAsyncEnumerable<SubjectEnrolment> ReadEnrolmentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT subject, enrolled_on, withdrawn_on FROM {s}.enrolment_periods ORDER BY subject, enrolled_on");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var periods = new List<EnrolmentPeriod>();
        string? subject = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var next = reader.GetString(0);
            if (subject is not null && !string.Equals(next, subject, StringComparison.Ordinal))
            {
                yield return new SubjectEnrolment(new SubjectId(subject), Enrolment.Of(periods));
                periods.Clear();
            }

            subject = next;
            periods.Add(new EnrolmentPeriod(PostgresEncoding.Date(reader.GetInt32(1)), reader.IsDBNull(2) ? null : PostgresEncoding.Date(reader.GetInt32(2))));
        }

        if (subject is not null) yield return new SubjectEnrolment(new SubjectId(subject), Enrolment.Of(periods));
    }
}
