using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rights;

namespace ShangdingScore.Monitoring;

/// <summary>
/// Where monitoring learns a subject's district: the residence (户籍 or 居住证 address) that the enrolment or
/// population register records, as a district code of a <see cref="DistrictCatalog"/>. Never derived from the
/// digits of a resident ID number, which give the place of first registration, not the residence.
/// </summary>
/// <remarks>Implementations must be thread-safe. An exception stops the report.</remarks>
public interface IDistrictResidenceSource
{
    /// <summary>
    /// The district each of <paramref name="subjects"/> resided in on <paramref name="day"/>, in the same order;
    /// null for a subject the source does not place (counted in the report's unknown row).
    /// </summary>
    /// <param name="subjects">The subjects, at most a few thousand per call.</param>
    /// <param name="day">The day of residence asked about.</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    ValueTask<ImmutableArray<string?>> GetDistrictsAsync(IReadOnlyList<SubjectId> subjects, LocalDate day, CancellationToken cancellationToken);
}

/// <summary>
/// A district source over a dictionary in memory (tests, samples, a register export): each subject's district
/// code. It is also an <see cref="IResidenceSource"/> for enrolment: a subject placed in a district is a
/// <see cref="ResidenceStatus.Resident"/>; any other is <see cref="ResidenceStatus.Unknown"/>.
/// </summary>
/// <remarks>Immutable and thread-safe. The residence does not change over time in this source.</remarks>
public sealed class InMemoryDistrictResidenceSource : IDistrictResidenceSource, IResidenceSource
{
    // Never written after the constructor, so concurrent reads are safe; a hash table rather than an immutable tree because
    // a city's register holds millions of subjects (docs/monitoring.md, "Scale").
    private readonly Dictionary<SubjectId, string> _districts;

    /// <summary>Creates a source.</summary>
    /// <param name="districts">Each subject's district code.</param>
    /// <param name="catalog">When given, every code must be one of its districts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="districts"/> is null.</exception>
    /// <exception cref="ArgumentException">A subject is listed twice, or a code is not in <paramref name="catalog"/>.</exception>
    public InMemoryDistrictResidenceSource(IEnumerable<KeyValuePair<SubjectId, string>> districts, DistrictCatalog? catalog = null)
    {
        if (districts is null) throw new ArgumentNullException(nameof(districts));
        var map = new Dictionary<SubjectId, string>(districts is ICollection<KeyValuePair<SubjectId, string>> c ? c.Count : 0);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in districts)
        {
            if (kv.Value is null) throw new ArgumentException($"Subject {kv.Key} has no district code.", nameof(districts));
            if (!codes.TryGetValue(kv.Value, out var code))
            {
                if (catalog is not null && catalog.Find(kv.Value) is null) throw new ArgumentException($"Subject {kv.Key} is placed in district {kv.Value}, which {catalog.Id} {catalog.Version} does not have.", nameof(districts));
                codes.Add(kv.Value, code = kv.Value);
            }

            // One string per district, however many subjects live there; one probe of the table per subject (a city's register).
#if NET
            if (!map.TryAdd(kv.Key, code)) throw new ArgumentException($"Subject {kv.Key} is listed twice.", nameof(districts));
#else
            if (map.ContainsKey(kv.Key)) throw new ArgumentException($"Subject {kv.Key} is listed twice.", nameof(districts));
            map.Add(kv.Key, code);
#endif
        }

        _districts = map;
    }

    /// <summary>How many subjects are placed.</summary>
    public int Count => _districts.Count;

    /// <inheritdoc />
    public ValueTask<ImmutableArray<string?>> GetDistrictsAsync(IReadOnlyList<SubjectId> subjects, LocalDate day, CancellationToken cancellationToken)
    {
        if (subjects is null) throw new ArgumentNullException(nameof(subjects));
        var result = ImmutableArray.CreateBuilder<string?>(subjects.Count);
        foreach (var s in subjects) result.Add(_districts.TryGetValue(s, out var d) ? d : null);
        return new(result.MoveToImmutable());
    }

    /// <inheritdoc />
    public ValueTask<ResidenceStatus> GetResidenceAsync(SubjectId subject, LocalDate day, CancellationToken cancellationToken) =>
        new(_districts.ContainsKey(subject) ? ResidenceStatus.Resident : ResidenceStatus.Unknown);
}
