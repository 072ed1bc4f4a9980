using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>What the residence source says about a subject on a day.</summary>
public enum ResidenceStatus
{
    /// <summary>The source does not know.</summary>
    Unknown = 0,

    /// <summary>A resident of the city (户籍 or 居住证).</summary>
    Resident = 1,

    /// <summary>Not a resident of the city.</summary>
    NotResident = 2,
}

/// <summary>Where enrolment learns whether a subject is a resident of the city (the population or residence-permit register).</summary>
/// <remarks>Implementations must be thread-safe. An exception propagates to the caller of the enrolment step, which then records nothing.</remarks>
public interface IResidenceSource
{
    /// <summary>Whether <paramref name="subject"/> is a resident on <paramref name="day"/>.</summary>
    ValueTask<ResidenceStatus> GetResidenceAsync(SubjectId subject, LocalDate day, CancellationToken cancellationToken);
}

/// <summary>A residence source over a dictionary in memory (tests, samples); subjects not in it are <see cref="ResidenceStatus.Unknown"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class InMemoryResidenceSource : IResidenceSource
{
    private readonly ImmutableDictionary<SubjectId, ResidenceStatus> _status;

    /// <summary>Creates a source.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="status"/> is null.</exception>
    public InMemoryResidenceSource(IEnumerable<KeyValuePair<SubjectId, ResidenceStatus>> status)
    {
        if (status is null) throw new ArgumentNullException(nameof(status));
        _status = status.ToImmutableDictionary();
    }

    /// <inheritdoc />
    public ValueTask<ResidenceStatus> GetResidenceAsync(SubjectId subject, LocalDate day, CancellationToken cancellationToken) =>
        new(_status.TryGetValue(subject, out var s) ? s : ResidenceStatus.Unknown);
}
