using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore;

/// <summary>
/// One enrolment period [<see cref="EnrolledOn"/>, <see cref="WithdrawnOn"/>): the subject opted in
/// on <see cref="EnrolledOn"/> and is not enrolled from the day of withdrawal on (spec §3). A period
/// withdrawn on the day it began is empty but valid: it happened, and it covers no day.
/// </summary>
/// <remarks>Immutable value.</remarks>
public readonly struct EnrolmentPeriod : IEquatable<EnrolmentPeriod>
{
    /// <summary>Creates a period.</summary>
    /// <param name="enrolledOn">The first enrolled day (inclusive).</param>
    /// <param name="withdrawnOn">The day of withdrawal (exclusive), or null while still enrolled; the day of enrolment itself gives an empty period.</param>
    /// <exception cref="ArgumentException"><paramref name="withdrawnOn"/> is before <paramref name="enrolledOn"/>.</exception>
    public EnrolmentPeriod(LocalDate enrolledOn, LocalDate? withdrawnOn = null)
    {
        if (withdrawnOn is { } w && w < enrolledOn)
        {
            throw new ArgumentException($"Withdrawal ({w:uuuu-MM-dd}) must not come before enrolment ({enrolledOn:uuuu-MM-dd}).", nameof(withdrawnOn));
        }

        EnrolledOn = enrolledOn;
        WithdrawnOn = withdrawnOn;
    }

    /// <summary>The first enrolled day (inclusive).</summary>
    public LocalDate EnrolledOn { get; }

    /// <summary>The day of withdrawal (exclusive), or null while enrolled.</summary>
    public LocalDate? WithdrawnOn { get; }

    /// <summary>Whether the period covers no day (withdrawn on the day it began).</summary>
    public bool IsEmpty => WithdrawnOn == EnrolledOn;

    /// <summary>Whether the subject is enrolled on <paramref name="date"/>.</summary>
    public bool Contains(LocalDate date) => date >= EnrolledOn && (WithdrawnOn is not { } w || date < w);

    /// <inheritdoc />
    public bool Equals(EnrolmentPeriod other) => EnrolledOn == other.EnrolledOn && WithdrawnOn == other.WithdrawnOn;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EnrolmentPeriod other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(EnrolledOn, WithdrawnOn);

    /// <inheritdoc />
    public override string ToString() => $"[{EnrolledOn:uuuu-MM-dd}, {(WithdrawnOn is { } w ? w.ToString("uuuu-MM-dd", null) : "…")})";
}

/// <summary>
/// A subject's enrolment history (voluntary opt-in): a list of periods, possibly with gaps when the
/// subject withdrew and enrolled again. A subject not enrolled on <c>asOf</c> has no score.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class Enrolment
{
    private Enrolment(ImmutableArray<EnrolmentPeriod> periods) => Periods = periods;

    /// <summary>A subject who never enrolled.</summary>
    public static Enrolment None { get; } = new(ImmutableArray<EnrolmentPeriod>.Empty);

    /// <summary>The periods, in order of enrolment.</summary>
    public ImmutableArray<EnrolmentPeriod> Periods { get; }

    /// <summary>A subject enrolled on <paramref name="enrolledOn"/> and still enrolled.</summary>
    public static Enrolment Since(LocalDate enrolledOn) => new(ImmutableArray.Create(new EnrolmentPeriod(enrolledOn)));

    /// <summary>
    /// An enrolment history from its periods, in order of enrolment (on one day, an empty period
    /// before the period that begins after it). Each period must end on or before the next begins;
    /// an empty period may stand on the first or last day of another (withdrawn and enrolled again on
    /// one day), not inside it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="periods"/> is null.</exception>
    /// <exception cref="ArgumentException">Two periods overlap.</exception>
    public static Enrolment Of(IEnumerable<EnrolmentPeriod> periods)
    {
        if (periods is null) throw new ArgumentNullException(nameof(periods));
        if (periods is IReadOnlyList<EnrolmentPeriod> { Count: 1 } one) return new Enrolment(ImmutableArray.Create(one[0])); // nothing to sort or to overlap (most subjects, in a whole-store read)
        var sorted = periods.OrderBy(p => p.EnrolledOn).ThenBy(p => p.WithdrawnOn ?? LocalDate.MaxIsoValue).ToImmutableArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i - 1].WithdrawnOn is not { } w || w > sorted[i].EnrolledOn)
            {
                throw new ArgumentException($"Enrolment periods {sorted[i - 1]} and {sorted[i]} overlap.", nameof(periods));
            }
        }

        return new Enrolment(sorted);
    }

    /// <summary>Whether the subject is enrolled on <paramref name="date"/>.</summary>
    public bool IsEnrolledOn(LocalDate date)
    {
        foreach (var p in Periods)
        {
            if (p.Contains(date)) return true;
        }

        return false;
    }
}
