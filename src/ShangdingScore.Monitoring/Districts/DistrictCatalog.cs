using System.Collections.Immutable;
using ShangdingScore.Rules;

namespace ShangdingScore.Monitoring;

/// <summary>What kind of area a district is.</summary>
public enum DistrictKind
{
    /// <summary>A county-level administrative division (区、县、县级市) with its GB/T 2260 code.</summary>
    County = 0,

    /// <summary>A functional zone (功能区) such as 郑东新区, declared in data with a code of its own.</summary>
    FunctionalZone = 1,
}

/// <summary>One district a monitoring report counts by.</summary>
/// <remarks>Immutable.</remarks>
public sealed class District
{
    /// <summary>Creates a district.</summary>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="adultPopulation"/> is negative.</exception>
    public District(string code, DistrictKind kind, LocalizedText name, long? adultPopulation = null)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Kind = kind;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        if (adultPopulation < 0) throw new ArgumentOutOfRangeException(nameof(adultPopulation), adultPopulation, "Not negative.");
        AdultPopulation = adultPopulation;
    }

    /// <summary>The code: six GB/T 2260 digits for a county-level division, a declared code for a functional zone.</summary>
    public string Code { get; }

    /// <summary>County-level division or functional zone.</summary>
    public DistrictKind Kind { get; }

    /// <summary>The name, zh-CN first.</summary>
    public LocalizedText Name { get; }

    /// <summary>The adult residents, when the document gives them (the denominator of the enrolment share); null otherwise.</summary>
    public long? AdultPopulation { get; }
}

/// <summary>A versioned list of districts (<see cref="DistrictCatalogJson"/>; the embedded one is <see cref="ZhengzhouDistricts"/>).</summary>
/// <remarks>Immutable.</remarks>
public sealed class DistrictCatalog
{
    private readonly ImmutableDictionary<string, District> _byCode;

    /// <summary>Creates a catalog.</summary>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException">Two districts share a code.</exception>
    public DistrictCatalog(string id, RuleSetVersion version, LocalizedText name, ImmutableArray<District> districts)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Version = version;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Districts = districts.IsDefault ? ImmutableArray<District>.Empty : districts;
        var builder = ImmutableDictionary.CreateBuilder<string, District>(StringComparer.Ordinal);
        foreach (var d in Districts)
        {
            if (builder.ContainsKey(d.Code)) throw new ArgumentException($"Two districts have the code {d.Code}.", nameof(districts));
            builder.Add(d.Code, d);
        }

        _byCode = builder.ToImmutable();
    }

    /// <summary>The catalog's id.</summary>
    public string Id { get; }

    /// <summary>The catalog's version.</summary>
    public RuleSetVersion Version { get; }

    /// <summary>The catalog's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>The districts, in the document's order (the report's row order).</summary>
    public ImmutableArray<District> Districts { get; }

    /// <summary>The district of a code; null when the catalog has none.</summary>
    public District? Find(string code) => code is not null && _byCode.TryGetValue(code, out var d) ? d : null;

    /// <summary>The same districts with the adult population of some of them set (from a population register).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="adultPopulation"/> is null.</exception>
    /// <exception cref="ArgumentException">A code is not in the catalog.</exception>
    public DistrictCatalog WithAdultPopulation(IReadOnlyDictionary<string, long> adultPopulation)
    {
        if (adultPopulation is null) throw new ArgumentNullException(nameof(adultPopulation));
        foreach (var code in adultPopulation.Keys)
        {
            if (Find(code) is null) throw new ArgumentException($"The population names district {code}, which {Id} {Version} does not have.", nameof(adultPopulation));
        }

        return new DistrictCatalog(Id, Version, Name, Districts.Select(d => adultPopulation.TryGetValue(d.Code, out var n) ? new District(d.Code, d.Kind, d.Name, n) : d).ToImmutableArray());
    }
}
