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
    public static InMemoryDistrictResidenceSource Residence(string path, DistrictCatalog catalog)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Io(path, ex);
        }

        var problems = new List<string>();
        var seen = new Dictionary<SubjectId, string>();
        if (lines.Length == 0 || lines[0].Trim() != "subject,district") problems.Add($"{path}:1: the first line is the header 'subject,district'.");
        for (int i = 1; i < lines.Length && problems.Count < 20; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split(',');
            if (parts.Length != 2 || parts[0].Trim().Length == 0)
            {
                problems.Add($"{path}:{i + 1}: expected 'subject,district', found '{lines[i]}'.");
                continue;
            }

            var subject = new SubjectId(parts[0].Trim());
            var code = parts[1].Trim();
            if (catalog.Find(code) is null) problems.Add($"{path}:{i + 1}: district '{code}' is not in {catalog.Id} {catalog.Version}.");
            else if (seen.ContainsKey(subject)) problems.Add($"{path}:{i + 1}: subject {subject} is listed twice.");
            else seen.Add(subject, code);
        }

        if (problems.Count > 0) throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidResidence, $"{path}: the residence file is not valid.", problems);
        return new InMemoryDistrictResidenceSource(seen, catalog);
    }
}
