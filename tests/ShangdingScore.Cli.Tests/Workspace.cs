using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Cli.Tests;

/// <summary>A temporary folder for one test, with the default rule set, small record files and helpers; deleted afterwards.</summary>
public sealed class Workspace : IDisposable
{
    public static readonly LocalDate AsOf = new(2025, 6, 30);

    public Workspace()
    {
        Dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shangding-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public static string DefaultJson => ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion);

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string Write(string name, string text)
    {
        File.WriteAllText(Path(name), text, new UTF8Encoding(false));
        return Path(name);
    }

    /// <summary>Writes the default rule set, changed by <paramref name="edit"/>, and returns its path.</summary>
    public string WriteRules(string name, Action<JsonObject>? edit = null)
    {
        var doc = JsonNode.Parse(DefaultJson)!.AsObject();
        edit?.Invoke(doc);
        return Write(name, doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>The entry of <paramref name="array"/> whose code is <paramref name="code"/>.</summary>
    public static JsonObject Entry(JsonObject doc, string array, string code) =>
        doc[array]!.AsArray().Select(n => n!.AsObject()).Single(o => (string?)o["code"] == code);

    /// <summary>A handful of subjects with positive, negative, capped, expired and disputed records, grouped by subject.</summary>
    public static ImmutableArray<CreditRecord> SampleRecords()
    {
        var recorded = Instant.FromUtc(2025, 1, 2, 3, 0);
        CreditRecord R(string id, string subject, string item, LocalDate on, decimal quantity = 1m, params RecordEvent[] events) =>
            new(id, new SubjectId(subject), item, on, "zz-test-provider", recorded, quantity, events.ToImmutableArray());
        return
        [
            R("r-001", "S-001", "honour.national", new LocalDate(2024, 5, 1)),
            R("r-002", "S-001", "volunteer.service-hours", new LocalDate(2025, 3, 14), 40m),
            R("r-003", "S-001", "blood.donation", new LocalDate(2024, 9, 5)),
            R("r-004", "S-002", "law.traffic-violation", new LocalDate(2025, 2, 1)),
            R("r-005", "S-002", "honour.municipal", new LocalDate(2019, 1, 1)),
            R("r-006", "S-003", "law.judgment-defaulter", new LocalDate(2024, 11, 1)),
            R("r-007", "S-003", "social.fare-evasion", new LocalDate(2025, 1, 10), 1m, new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2025, 2, 1, 0, 0))),
            R("r-008", "S-004", "charity.donation", new LocalDate(2025, 4, 1), 500m),
            R("r-009", "S-004", "no.such-item", new LocalDate(2025, 4, 2)),
        ];
    }

    /// <summary>Writes records as JSON Lines, with extra raw lines inserted before the given 0-based record indexes.</summary>
    public string WriteRecords(string name, IEnumerable<CreditRecord> records, IReadOnlyDictionary<int, string>? rawBefore = null)
    {
        var sb = new StringBuilder();
        int i = 0;
        foreach (var r in records)
        {
            if (rawBefore is not null && rawBefore.TryGetValue(i, out var raw)) sb.Append(raw).Append('\n');
            sb.Append(JsonLinesRecordWriter.ToJsonLine(r)).Append('\n');
            i++;
        }

        return Write(name, sb.ToString());
    }

    public CliResult Run(params string[] args) => CliProcess.Run(Dir, args);

    /// <summary>Runs the tool with a longer limit than the default minute (for <c>pack</c>, which runs <c>dotnet pack</c>).</summary>
    public CliResult RunWithin(TimeSpan timeout, params string[] args) => CliProcess.Run(Dir, timeout, args);

    /// <summary>The next version of the launch rule set: 2027.1.0 from 2027-01-01 with volunteer hours at 1 point each (0.1 before) and a record cap of 10 (2 before).</summary>
    public string WriteNextRules(string name, string version = "2027.1.0", string effectiveFrom = "2027-01-01") => WriteRules(name, doc =>
    {
        doc["version"] = version;
        doc["effectiveFrom"] = effectiveFrom;
        var volunteer = Entry(doc, "items", "volunteer.service-hours");
        volunteer["pointsPerUnit"] = 1;
        volunteer["recordCap"] = 10;
    });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finished process on some systems; the temp folder is cleaned by the OS.
        }
    }
}
