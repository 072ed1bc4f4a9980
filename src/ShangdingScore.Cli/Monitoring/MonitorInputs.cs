using ShangdingScore.Cli.Infrastructure;
using ShangdingScore.Monitoring;

namespace ShangdingScore.Cli.Monitoring;

/// <summary>The files <c>shangding monitor</c> reads besides the store.</summary>
internal static class MonitorInputs
{
    /// <summary>A district document, or the embedded Zhengzhou one.</summary>
    public static DistrictCatalog Districts(string? path)
    {
        if (path is null) return ZhengzhouDistricts.Latest;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Io(path, ex);
        }

        var loaded = DistrictCatalogJson.Load(text);
        return loaded.Catalog ?? throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidDistricts, $"{path}: the district document is not valid.", loaded.Problems.Select(p => $"{p.Path}: {p.Code}: {p.Message}").ToArray());
    }

    /// <summary>The residence CSV: a header <c>subject,district</c>, then one subject per line; every problem with its line.</summary>
    /// <remarks>
    /// Read whole and kept as <see cref="CompactDistrictResidenceSource"/> (a city's register has millions of lines: no
    /// object per resident), every district code checked against <paramref name="catalog"/>.
    /// </remarks>
    public static CompactDistrictResidenceSource Residence(string path, DistrictCatalog catalog)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Io(path, ex);
        }

        try
        {
            return CompactDistrictResidenceSource.Load(bytes, catalog, path);
        }
        catch (InvalidDataException ex)
        {
            throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidResidence, $"{path}: the residence file is not valid.", ex.Data["problems"] as string[] ?? new[] { ex.Message });
        }
    }
}
