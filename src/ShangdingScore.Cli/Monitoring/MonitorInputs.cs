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
    /// Read line by line (a city's register has millions of lines), each district code checked once, the subjects kept in
    /// one hash table (the source's): a subject listed twice is found there, and only then is the file read again for
    /// the lines that list it.
    /// </remarks>
    public static InMemoryDistrictResidenceSource Residence(string path, DistrictCatalog catalog)
    {
        var problems = new List<string>();
        var placed = new List<KeyValuePair<SubjectId, string>>();
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            placed.Capacity = (int)Math.Min(int.MaxValue / 2, new FileInfo(path).Length / 16);
            using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            if (reader.ReadLine()?.Trim() != "subject,district") problems.Add($"{path}:1: the first line is the header 'subject,district'.");
            int number = 1;
            while (problems.Count < 20 && reader.ReadLine() is { } line)
            {
                number++;
                if (line.Length == 0) continue;
                int comma = line.IndexOf(',');
                if (comma <= 0 || line.IndexOf(',', comma + 1) >= 0 || line.AsSpan(0, comma).Trim().Length == 0)
                {
                    problems.Add($"{path}:{number}: expected 'subject,district', found '{line}'.");
                    continue;
                }

                var subject = new SubjectId(line.AsSpan(0, comma).Trim().ToString());
                var code = line.AsSpan(comma + 1).Trim().ToString();
                if (!known.TryGetValue(code, out var district))
                {
                    if (catalog.Find(code) is null)
                    {
                        problems.Add($"{path}:{number}: district '{code}' is not in {catalog.Id} {catalog.Version}.");
                        continue;
                    }

                    known.Add(code, district = code);
                }

                placed.Add(new(subject, district));
            }

            if (problems.Count == 0)
            {
                try
                {
                    return new InMemoryDistrictResidenceSource(placed);
                }
                catch (ArgumentException)
                {
                    problems.AddRange(ListedTwice(path));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Io(path, ex);
        }

        throw new CliFailure(ExitCodes.Invalid, FailureCodes.InvalidResidence, $"{path}: the residence file is not valid.", problems);
    }

    /// <summary>The lines that list a subject a second time (at most 20), read again from the file.</summary>
    private static List<string> ListedTwice(string path)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            int comma = line.IndexOf(',');
            if (number == 1 || comma <= 0) continue;
            var subject = line.AsSpan(0, comma).Trim().ToString();
            if (!seen.Add(subject) && problems.Count < 20) problems.Add($"{path}:{number}: subject {subject} is listed twice.");
        }

        return problems;
    }
}
