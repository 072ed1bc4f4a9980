using System.Collections.Immutable;
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
                INSERT OR REPLACE INTO scores (subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """);
            int n = 0;
            StoredScore? previous = null;
            foreach (var score in scores)
            {
                cancellationToken.ThrowIfCancellationRequested();
                command.Bind(1, score.Subject.Value);

                // A batch is one run's scores: its day, rule set and view are bound again only when they change (SQLite
                // keeps a statement's bindings from one run to the next).
                if (previous is null || !SameRun(previous, score))
                {
                    var (kt, kn) = score.KnownAt is { } k ? SqliteEncoding.Instant(k) : (SqliteEncoding.Everything, 0L);
                    command.Bind(2, SqliteEncoding.Date(score.AsOf));
                    command.Bind(3, score.RuleSetId);
                    command.Bind(4, score.RuleSetVersion);
                    command.Bind(5, kt);
                    command.Bind(6, kn);
                    command.Bind(7, score.RuleSetContentHash);
                    command.Bind(8, score.RuleSetInForce ? 1 : 0);
                    previous = score;
                }

                command.Bind(9, (int)score.Status);
                command.Bind(10, score.Score is { } v ? SqliteEncoding.Decimal(v) : null);
                command.Bind(11, score.GradeCode);
                command.Bind(12, score.IsClean ? 1 : 0);
                command.Bind(13, score.IsComplete ? 1 : 0);
                command.Bind(14, StoreEncoding.DimensionPointsToText(score.DimensionPoints));
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

    private static bool SameRun(StoredScore a, StoredScore b) =>
        a.AsOf == b.AsOf
        && a.KnownAt == b.KnownAt
        && a.RuleSetInForce == b.RuleSetInForce
        && string.Equals(a.RuleSetId, b.RuleSetId, StringComparison.Ordinal)
        && string.Equals(a.RuleSetVersion, b.RuleSetVersion, StringComparison.Ordinal)
        && string.Equals(a.RuleSetContentHash, b.RuleSetContentHash, StringComparison.Ordinal);

    /// <inheritdoc />
    /// <remarks>
    /// Read on a scan connection of its own in one read transaction, through SQLite's own API; the rule set's id, version,
    /// content hash and the grade codes are decoded once per distinct value.
    /// </remarks>
    public async IAsyncEnumerable<StoredScore> ReadScoresAsync(ScoreQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query is null) throw new ArgumentNullException(nameof(query));
        await EnsureScannableAsync(cancellationToken).ConfigureAwait(false);
        var conditions = new List<string>();
        if (query.Subject is not null) conditions.Add("subject = ?1");
        if (query.AsOf is not null) conditions.Add("as_of = ?2");
        if (query.RuleSetId is not null) conditions.Add("rule_set_id = ?3");
        if (query.RuleSetVersion is not null) conditions.Add("rule_set_version = ?4");
        using var connection = new SqliteScanConnection(Path, BusyTimeoutMs);
        connection.Execute("BEGIN DEFERRED");
        using (var command = new SqliteStatement(connection.Handle, $"""
            SELECT subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns, content_hash, in_force, status, score, grade, is_clean, is_complete, dimension_points
            FROM scores{(conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions))}
            ORDER BY subject, as_of, rule_set_id, rule_set_version, known_at, known_at_ns
            """))
        {
            if (query.Subject is { } s) command.Bind(1, s.Value);
            if (query.AsOf is { } a) command.Bind(2, SqliteEncoding.Date(a));
            if (query.RuleSetId is { } id) command.Bind(3, id);
            if (query.RuleSetVersion is { } version) command.Bind(4, version);
            var texts = new Utf8Interner<string>(t => t);
            var scores = new Utf8Interner<decimal>(SqliteEncoding.Decimal);
            var points = new Utf8Interner<decimal>(StoreEncoding.DimensionPointFromText);
            while (command.Step())
            {
                cancellationToken.ThrowIfCancellationRequested();
                long kt = command.Int64(4);
                yield return new StoredScore(
                    new SubjectId(Utf8Interner<string>.Decode(command.Utf8(0))),
                    texts.Get(command.Utf8(2)),
                    texts.Get(command.Utf8(3)),
                    texts.Get(command.Utf8(6)),
                    command.Int64(7) != 0,
                    SqliteEncoding.Date(command.Int64(1)),
                    kt == SqliteEncoding.Everything ? null : SqliteEncoding.Instant(kt, command.Int64(5)),
                    (EvaluationStatus)command.Int64(8),
                    command.IsNull(9) ? null : scores.Get(command.Utf8(9)),
                    command.IsNull(10) ? null : texts.Get(command.Utf8(10)),
                    command.Int64(11) != 0,
                    command.Int64(12) != 0)
                {
                    DimensionPoints = command.IsNull(13) ? ImmutableArray<decimal>.Empty : Points(command.Utf8(13), points),
                };
            }
        }

        connection.Execute("COMMIT");
    }

    /// <inheritdoc />
    /// <remarks>One ordered scan of the periods' primary key on a scan connection of its own, in one read transaction.</remarks>
    public async IAsyncEnumerable<SubjectEnrolment> ReadEnrolmentsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureScannableAsync(cancellationToken).ConfigureAwait(false);
        using var connection = new SqliteScanConnection(Path, BusyTimeoutMs);
        connection.Execute("BEGIN DEFERRED");
        using (var command = new SqliteStatement(connection.Handle, "SELECT subject, enrolled_on, withdrawn_on FROM enrolment_periods ORDER BY subject, enrolled_on"))
        {
            var periods = new List<EnrolmentPeriod>();
            byte[] current = new byte[256];
            bool row = command.Step();
            while (row)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var subject = command.Utf8(0);
                if (subject.Length > current.Length) current = new byte[subject.Length * 2];
                subject.CopyTo(current);
                int length = subject.Length;
                var id = new SubjectId(Utf8Interner<string>.Decode(subject));
                periods.Clear();
                while (row && command.Utf8(0).SequenceEqual(new ReadOnlySpan<byte>(current, 0, length)))
                {
                    periods.Add(new EnrolmentPeriod(SqliteEncoding.Date(command.Int64(1)), command.IsNull(2) ? null : SqliteEncoding.Date(command.Int64(2))));
                    row = command.Step();
                }

                yield return new SubjectEnrolment(id, Enrolment.Of(periods));
            }
        }

        connection.Execute("COMMIT");
    }

    /// <summary>The dimension points of a <c>dimension_points</c> column (<see cref="StoreEncoding.DimensionPointsToText"/>), each value decoded once per distinct text.</summary>
    private static ImmutableArray<decimal> Points(ReadOnlySpan<byte> utf8, Utf8Interner<decimal> values)
    {
        int count = 1;
        foreach (var b in utf8) count += b == (byte)';' ? 1 : 0;
        var points = new decimal[count];
        for (int i = 0; i < count; i++)
        {
            int end = utf8.IndexOf((byte)';');
            var value = end < 0 ? utf8 : utf8.Slice(0, end);
            points[i] = values.Get(value);
            utf8 = end < 0 ? default : utf8.Slice(end + 1);
        }

        return ImmutableArray.Create(points);
    }
}
