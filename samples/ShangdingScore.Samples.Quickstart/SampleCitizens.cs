using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Records;

namespace ShangdingScore.Samples.Quickstart;

/// <summary>The bundled sample citizens: their names, enrolment periods and records (spec §4 JSON Lines).</summary>
public sealed class SampleCitizens
{
    private SampleCitizens(ImmutableArray<(SubjectId Subject, LocalizedText Name, Enrolment Enrolment)> citizens, RecordImportResult records)
    {
        Citizens = citizens;
        Records = records;
    }

    /// <summary>Each citizen with a display name and enrolment.</summary>
    public ImmutableArray<(SubjectId Subject, LocalizedText Name, Enrolment Enrolment)> Citizens { get; }

    /// <summary>The records read from the bundled file, and the lines set aside.</summary>
    public RecordImportResult Records { get; }

    /// <summary>The folder holding <c>records.jsonl</c> and <c>enrolments.json</c> next to the program.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "SampleData");

    /// <summary>Reads the sample data from <paramref name="folder"/>.</summary>
    public static SampleCitizens Load(string folder)
    {
        var citizens = ImmutableArray.CreateBuilder<(SubjectId, LocalizedText, Enrolment)>();
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "enrolments.json"))))
        {
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                var name = c.GetProperty("name");
                var periods = c.GetProperty("periods").EnumerateArray().Select(p => new EnrolmentPeriod(
                    Date(p.GetProperty("enrolledOn").GetString()!),
                    p.TryGetProperty("withdrawnOn", out var w) ? Date(w.GetString()!) : null));
                citizens.Add((new SubjectId(c.GetProperty("subject").GetString()!),
                    new LocalizedText(name.GetProperty("zh-CN").GetString()!, name.GetProperty("en").GetString()!),
                    Enrolment.Of(periods)));
            }
        }

        using var stream = File.OpenRead(Path.Combine(folder, "records.jsonl"));
        return new SampleCitizens(citizens.ToImmutable(), JsonLinesRecordReader.ReadAll(stream, "records.jsonl"));
    }

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
}
