using System.Collections.Immutable;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace ShangdingScore.Samples.Quickstart;

/// <summary>The bundled sample: a provider file of records (spec §4 JSON Lines) and the citizens' names and enrolment periods.</summary>
public sealed class SampleCitizens
{
    private SampleCitizens(string recordsPath, ImmutableArray<(SubjectId Subject, LocalizedText Name, Enrolment Enrolment)> citizens)
    {
        RecordsPath = recordsPath;
        Citizens = citizens;
    }

    /// <summary>The provider file, <c>records.jsonl</c>.</summary>
    public string RecordsPath { get; }

    /// <summary>Each citizen with a display name and enrolment.</summary>
    public ImmutableArray<(SubjectId Subject, LocalizedText Name, Enrolment Enrolment)> Citizens { get; }

    /// <summary>The folder holding <c>records.jsonl</c> and <c>enrolments.json</c> next to the program.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "SampleData");

    /// <summary>Reads the citizens from <paramref name="folder"/>.</summary>
    public static SampleCitizens Load(string folder)
    {
        var citizens = ImmutableArray.CreateBuilder<(SubjectId, LocalizedText, Enrolment)>();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "enrolments.json")));
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

        return new SampleCitizens(Path.Combine(folder, "records.jsonl"), citizens.ToImmutable());
    }

    private static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
}
