using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring;

public static partial class MonitoringReportBuilder
{
    /// <summary>
    /// Builds the internal (unsuppressed) report from the scores a batch rescoring kept for the plan's day, rule set and
    /// <see cref="MonitoringOptions.KnownAt"/> (<see cref="BatchRescorer"/>, with each dimension's points) instead of
    /// scoring every subject: the same report as <see cref="BuildAsync(IAsyncEnumerable{SubjectSnapshot}, ScoringPlan, DistrictCatalog, IDistrictResidenceSource, IAsyncEnumerable{QueryLogEntry}?, IRightsStore?, MonitoringOptions?, CancellationToken)"/>
    /// on the data the rescoring read, at the cost of reading one row per subject instead of every record.
    /// </summary>
    /// <param name="scores">The kept scores (for a store: <see cref="ICreditStore.ReadScoresAsync"/> for the plan's day, rule-set id and version), in <see cref="SubjectOrder"/> order; rows of another view (<c>KnownAt</c>) are passed over.</param>
    /// <param name="enrolments">Every subject's enrolment (<see cref="ICreditStore.ReadEnrolmentsAsync"/>), in <see cref="SubjectOrder"/> order; read at the same time as the scores, on a thread of its own.</param>
    /// <param name="plan">The rule set and the report's day.</param>
    /// <param name="districts">The districts counted by.</param>
    /// <param name="residence">Where each subject resides.</param>
    /// <param name="queries">The query log; null for none.</param>
    /// <param name="rights">The rights journal; null for none.</param>
    /// <param name="options">What to count; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="InvalidDataException">
    /// The kept scores do not stand for the data: a subject is enrolled or not on the day unlike its kept score says, a
    /// subject with enrolment periods has no kept score, a kept score was made by other rules under the same version, has
    /// no dimension points or a grade the rule set does not have; or a stream is out of order; or the residence source
    /// names a district the catalog does not have. The message counts the subjects and names the first ones.
    /// </exception>
    /// <remarks>
    /// What is checked is what can be checked without the records: the enrolment of every subject against its kept score.
    /// Records that arrived after the rescoring are not seen; a report for a pinned <see cref="MonitoringOptions.KnownAt"/>
    /// from scores kept for that same instant is exact (docs/monitoring.md, "From kept scores").
    /// </remarks>
    public static Task<MonitoringReport> BuildFromKeptScoresAsync(IAsyncEnumerable<StoredScore> scores, IAsyncEnumerable<SubjectEnrolment> enrolments, ScoringPlan plan, DistrictCatalog districts, IDistrictResidenceSource residence, IAsyncEnumerable<QueryLogEntry>? queries = null, IRightsStore? rights = null, MonitoringOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (scores is null) throw new ArgumentNullException(nameof(scores));
        if (enrolments is null) throw new ArgumentNullException(nameof(enrolments));
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (districts is null) throw new ArgumentNullException(nameof(districts));
        if (residence is null) throw new ArgumentNullException(nameof(residence));
        options ??= new MonitoringOptions();
        var shape = new MonitoringShape(plan, districts, options);
        var merged = new KeptScoreMerge(shape).MergeAsync(scores, enrolments, cancellationToken);
        return CountAsync(new[] { merged }, s => s.Subject, (t, s, row) => t.AddKept(s, row), shape, residence, queries, rights, cancellationToken);
    }
}

/// <summary>One subject of the report from kept scores: its enrolment and the score kept for it (null when none).</summary>
internal readonly record struct KeptSubject(SubjectId Subject, Enrolment Enrolment, StoredScore? Score);

/// <summary>
/// Joins the kept scores of one day, rule set and view with every subject's enrolment, both in subject order, and checks
/// each pair against the other (<see cref="MonitoringReportBuilder.BuildFromKeptScoresAsync"/>).
/// </summary>
internal sealed class KeptScoreMerge
{
    private const int Named = 5;
    private const int PrefetchChunk = 1024;

    private readonly MonitoringShape _shape;
    private readonly string _version;
    private readonly List<string> _problems = new();
    private long _problemCount;

    public KeptScoreMerge(MonitoringShape shape)
    {
        _shape = shape;
        _version = shape.Plan.RuleSet.Version.ToString();
    }

    public async IAsyncEnumerable<KeptSubject> MergeAsync(IAsyncEnumerable<StoredScore> scores, IAsyncEnumerable<SubjectEnrolment> enrolments, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ahead = new Ahead<SubjectEnrolment>(enrolments, stop.Token);
        try
        {
            var e = ahead;
            SubjectEnrolment? enrolment = await NextAsync(e, null, "enrolments", stop.Token).ConfigureAwait(false);
            SubjectId? last = null;
            await foreach (var score in scores.WithCancellation(stop.Token).ConfigureAwait(false))
            {
                if (!Ours(score)) continue;
                if (last is { } l && SubjectOrder.Instance.Compare(l, score.Subject) >= 0)
                {
                    throw new InvalidDataException($"The kept scores are not in subject order, or one subject has two: {score.Subject} after {l}.");
                }

                last = score.Subject;
                while (enrolment is not null && SubjectOrder.Instance.Compare(enrolment.Subject, score.Subject) < 0)
                {
                    Problem(enrolment.Subject, "has enrolment periods but no kept score");
                    enrolment = await NextAsync(e, enrolment, "enrolments", stop.Token).ConfigureAwait(false);
                }

                var periods = Enrolment.None;
                if (enrolment is not null && enrolment.Subject == score.Subject)
                {
                    periods = enrolment.Enrolment;
                    enrolment = await NextAsync(e, enrolment, "enrolments", stop.Token).ConfigureAwait(false);
                }

                if (Check(score, periods)) yield return new KeptSubject(score.Subject, periods, score);
            }

            while (enrolment is not null)
            {
                Problem(enrolment.Subject, "has enrolment periods but no kept score");
                enrolment = await NextAsync(e, enrolment, "enrolments", stop.Token).ConfigureAwait(false);
            }

            if (_problemCount > 0)
            {
                var plan = _shape.Plan;
                throw new InvalidDataException(
                    $"The scores kept for {plan.AsOf:uuuu-MM-dd} under {plan.RuleSet.Id} {_version}{(_shape.Options.KnownAt is { } k ? $" known at {k}" : string.Empty)} do not stand for the store: "
                    + $"{_problemCount} subject(s) disagree ({string.Join("; ", _problems)}{(_problemCount > _problems.Count ? "; …" : string.Empty)}). Rescore the day, then report from kept scores, or report by scoring every subject.");
            }
        }
        finally
        {
            stop.Cancel();
        }
    }

    /// <summary>Whether a kept row is of this report: its view (the rows are already of the plan's day and rule set when the store filters them).</summary>
    private bool Ours(StoredScore score) =>
        score.AsOf == _shape.AsOf
        && string.Equals(score.RuleSetId, _shape.Plan.RuleSet.Id, StringComparison.Ordinal)
        && string.Equals(score.RuleSetVersion, _version, StringComparison.Ordinal)
        && score.KnownAt == _shape.Options.KnownAt;

    private bool Check(StoredScore score, Enrolment enrolment)
    {
        var rules = _shape.Plan.RuleSet;
        if (!string.Equals(score.RuleSetContentHash, rules.ContentHash, StringComparison.Ordinal))
        {
            return Problem(score.Subject, $"was scored by rules with content hash {score.RuleSetContentHash}, not {rules.ContentHash}");
        }

        bool enrolled = enrolment.IsEnrolledOn(_shape.AsOf);
        if (enrolled != (score.Status == EvaluationStatus.Scored))
        {
            return Problem(score.Subject, enrolled ? "is enrolled on the day but its kept score says not enrolled" : "is not enrolled on the day but has a kept score");
        }

        if (!enrolled) return true;
        if (score.DimensionPoints.Length != rules.Dimensions.Length) return Problem(score.Subject, $"has {score.DimensionPoints.Length} kept dimension points, not {rules.Dimensions.Length}");
        if (_shape.GradeIndex(score.GradeCode!) < 0) return Problem(score.Subject, $"has grade '{score.GradeCode}', which {rules.Id} {_version} does not have");
        return true;
    }

    private bool Problem(SubjectId subject, string what)
    {
        if (_problems.Count < Named) _problems.Add($"{subject} {what}");
        _problemCount++;
        return false;
    }

    private static async ValueTask<SubjectEnrolment?> NextAsync(Ahead<SubjectEnrolment> reader, SubjectEnrolment? previous, string what, CancellationToken cancellationToken)
    {
        var next = reader.TryNext(out var item) ? item : await reader.NextAsync(cancellationToken).ConfigureAwait(false);
        if (next is null) return null;
        if (previous is not null && SubjectOrder.Instance.Compare(previous.Subject, next.Subject) >= 0)
        {
            throw new InvalidDataException($"The {what} are not in subject order, or one subject comes twice: {next.Subject} after {previous.Subject}.");
        }

        return next;
    }

    /// <summary>Reads a source on a thread of its own, a few chunks of items ahead of its one reader.</summary>
    private sealed class Ahead<T>
        where T : class
    {
        private readonly Channel<T[]> _chunks = Channel.CreateBounded<T[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        private T[] _chunk = Array.Empty<T>();
        private int _next;

        public Ahead(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    var chunk = new List<T>(PrefetchChunk);
                    await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                    {
                        chunk.Add(item);
                        if (chunk.Count < PrefetchChunk) continue;
                        await _chunks.Writer.WriteAsync(chunk.ToArray(), cancellationToken).ConfigureAwait(false);
                        chunk.Clear();
                    }

                    if (chunk.Count > 0) await _chunks.Writer.WriteAsync(chunk.ToArray(), cancellationToken).ConfigureAwait(false);
                    _chunks.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    _chunks.Writer.TryComplete(ex);
                }
            }, CancellationToken.None);
        }

        /// <summary>The next item of the chunk in hand, if there is one.</summary>
        public bool TryNext(out T? item)
        {
            item = _next < _chunk.Length ? _chunk[_next++] : null;
            return item is not null;
        }

        /// <summary>The next item, waiting for the next chunk; null at the end (a failure of the source is thrown here).</summary>
        public async ValueTask<T?> NextAsync(CancellationToken cancellationToken)
        {
            while (_next >= _chunk.Length)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return null;
                if (_chunks.Reader.TryRead(out var chunk))
                {
                    _chunk = chunk;
                    _next = 0;
                }
            }

            return _chunk[_next++];
        }
    }
}
