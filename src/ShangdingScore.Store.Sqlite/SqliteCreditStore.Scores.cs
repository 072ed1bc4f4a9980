using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ShangdingScore.Evaluation;
using ShangdingScore.Stores;

namespace ShangdingScore.Store.Sqlite;

public sealed partial class SqliteCreditStore
{
    /// <inheritdoc />
    public async Task<int> WriteScoresAsync(IReadOnlyCollection<StoredScore> scores, CancellationToken cancellationToken = default)
    {
        if (scores is null) throw new ArgumentNullException(nameof(scores));
        if (scores.Any(s => s is null)) throw new ArgumentNullException(nameof(scores), "A score is null.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
            using var tx = connection.BeginTransaction(deferred: false);
            using var command = new SqliteStatement(connection, """
                INSERT OR REPLACE INTO scores (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                """);
            int n = 0;
            foreach (var score in scores)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (kt, kn) = score.KnownAt is { } k ? SqliteEncoding.Instant(k) : (SqliteEncoding.Everything, 0L);
                command.Bind(1, score.Subject.Value);
                command.Bind(2, SqliteEncoding.Date(score.AsOf));
                command.Bind(3, score.RuleSetId);
                command.Bind(4, score.RuleSetVersion);
                command.Bind(5, kt);
                command.Bind(6, kn);
                command.Bind(7, score.RuleSetContentHash);
                command.Bind(8, score.RuleSetInForce ? 1 : 0);
                command.Bind(9, (int)score.Status);
                command.Bind(10, score.Score is { } v ? SqliteEncoding.Decimal(v) : null);
                command.Bind(11, score.GradeCode);
                command.Bind(12, score.IsClean ? 1 : 0);
                command.Bind(13, score.IsComplete ? 1 : 0);
                n += command.Execute() > 0 ? 1 : 0;
            }

            tx.Commit();
            return n;
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
        using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete
            FROM scores WHERE ($s IS NULL OR subject = $s) AND ($a IS NULL OR as_of = $a)
            ORDER BY subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns
            """;
        command.Parameters.AddWithValue("$s", query.Subject is { } s ? s.Value : DBNull.Value);
        command.Parameters.AddWithValue("$a", query.AsOf is { } a ? SqliteEncoding.Date(a) : DBNull.Value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            long kt = reader.GetInt64(4);
            yield return new StoredScore(
                new SubjectId(reader.GetString(0)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(6),
                reader.GetInt64(7) != 0,
                SqliteEncoding.Date(reader.GetInt64(1)),
                kt == SqliteEncoding.Everything ? null : SqliteEncoding.Instant(kt, reader.GetInt64(5)),
                (EvaluationStatus)reader.GetInt32(8),
                reader.IsDBNull(9) ? null : SqliteEncoding.Decimal(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetInt64(11) != 0,
                reader.GetInt64(12) != 0);
        }
    }
}
