using System.Collections.Immutable;

namespace ShangdingScore.Monitoring;

/// <summary>
/// The kept scores do not stand for the store (<see cref="MonitoringReportBuilder.BuildFromKeptScoresAsync"/>): some
/// subjects' enrolment disagrees with their kept score, an enrolled subject has none, or a kept score was made by other
/// rules. The message counts the subjects and names the first ones; rescore the day, or report by scoring every subject.
/// </summary>
/// <remarks>
/// Not an <see cref="InvalidDataException"/> (a sealed type), which the builder keeps for a stream out of order and for a
/// residence source that names a district the catalog does not have: a caller tells stale kept scores from those by type.
/// An <see cref="InvalidOperationException"/>: the store's state (its kept scores) does not allow a report from kept scores.
/// </remarks>
public sealed class KeptScoresMismatchException : InvalidOperationException
{
    internal KeptScoresMismatchException(string message, long subjectCount, ImmutableArray<string> problems)
        : base(message)
    {
        SubjectCount = subjectCount;
        Problems = problems;
    }

    /// <summary>How many subjects disagree with their kept score.</summary>
    public long SubjectCount { get; }

    /// <summary>The first problems (at most five), each naming its subject: <c>S-0001 has enrolment periods but no kept score</c>.</summary>
    public ImmutableArray<string> Problems { get; }
}
