using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Cli.Infrastructure;

namespace ShangdingScore.Cli.Scoring;

/// <summary>
/// The enrolment file of <c>score --enrolments</c>: a JSON array of
/// <c>{"subject": "S-00001", "periods": [{"enrolledOn": "2019-09-01", "withdrawnOn": null}]}</c>
/// (the quickstart's <c>enrolments.json</c>; a <c>name</c> is allowed and ignored). Any other
/// problem is refused with its JSON path.
/// </summary>
internal static class EnrolmentFile
{
    public static IReadOnlyList<(SubjectId Subject, Enrolment Enrolment)> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Io(path, ex);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, "$", $"not well-formed JSON: {ex.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw Invalid(path, "$", "the file must hold a JSON array of subjects.");
            var result = new List<(SubjectId, Enrolment)>();
            var seen = new HashSet<SubjectId>();
            int i = 0;
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var at = $"$[{i++}]";
                if (entry.ValueKind != JsonValueKind.Object) throw Invalid(path, at, "an entry must be an object with subject and periods.");
                foreach (var p in entry.EnumerateObject())
                {
                    if (p.Name is not ("subject" or "periods" or "name")) throw Invalid(path, $"{at}.{p.Name}", "unknown property; allowed: subject, periods, name.");
                }

                if (!entry.TryGetProperty("subject", out var s) || s.ValueKind != JsonValueKind.String || !SubjectId.IsValid(s.GetString()))
                {
                    throw Invalid(path, $"{at}.subject", "a subject id (a string of 1–128 characters) is required.");
                }

                var subject = new SubjectId(s.GetString()!);
                if (!seen.Add(subject)) throw Invalid(path, $"{at}.subject", $"subject {subject} is listed twice.");
                if (!entry.TryGetProperty("periods", out var periods) || periods.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(path, $"{at}.periods", "an array of periods is required (it may be empty: never enrolled).");
                }

                var list = new List<EnrolmentPeriod>();
                int j = 0;
                foreach (var period in periods.EnumerateArray())
                {
                    var pat = $"{at}.periods[{j++}]";
                    if (period.ValueKind != JsonValueKind.Object) throw Invalid(path, pat, "a period must be an object with enrolledOn and an optional withdrawnOn.");
                    foreach (var p in period.EnumerateObject())
                    {
                        if (p.Name is not ("enrolledOn" or "withdrawnOn")) throw Invalid(path, $"{pat}.{p.Name}", "unknown property; allowed: enrolledOn, withdrawnOn.");
                    }

                    var on = Date(path, period, "enrolledOn", pat, required: true)!.Value;
                    var off = Date(path, period, "withdrawnOn", pat, required: false);
                    if (off is { } w && w <= on) throw Invalid(path, $"{pat}.withdrawnOn", $"withdrawal ({w:uuuu-MM-dd}) must come after enrolment ({on:uuuu-MM-dd}).");
                    list.Add(new EnrolmentPeriod(on, off));
                }

                try
                {
                    result.Add((subject, Enrolment.Of(list)));
                }
                catch (ArgumentException ex)
                {
                    throw Invalid(path, $"{at}.periods", ex.Message);
                }
            }

            return result;
        }
    }

    private static LocalDate? Date(string path, JsonElement obj, string name, string at, bool required)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Invalid(path, $"{at}.{name}", "a date yyyy-MM-dd is required.") : null;
        }

        var parsed = v.ValueKind == JsonValueKind.String ? LocalDatePattern.Iso.Parse(v.GetString()!) : null;
        if (parsed is null || !parsed.Success) throw Invalid(path, $"{at}.{name}", $"{v.GetRawText()} is not a date yyyy-MM-dd.");
        return parsed.Value;
    }

    private static CliFailure Invalid(string path, string jsonPath, string message) =>
        new(ExitCodes.Invalid, FailureCodes.InvalidEnrolments, $"{path}: {jsonPath}: {message}");
}
