using System.Collections.Immutable;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Serialization;
using ShangdingScore.Tests.Rules;
using Snapshooter;
using Snapshooter.Xunit;

namespace ShangdingScore.Tests.Evaluation;

/// <summary>
/// The quickstart's seven sample citizens on the shipped default rules (zhengzhou.shangding 2019.1.0):
/// a snapshot of each one's explanation in zh-CN and English and result JSON, as the quickstart shows them.
/// </summary>
public class DefaultRulesCitizensTests
{
    public static TheoryData<string> Subjects => new() { "S-00001", "S-00002", "S-00003", "S-00004", "S-00005", "S-00006", "S-00007" };

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Evaluate_QuickstartCitizenOnDefaultRules_MatchesSnapshot(string subject)
    {
        var folder = RepositoryFiles.PathOf("samples", "ShangdingScore.Samples.Quickstart", "SampleData");
        using var stream = File.OpenRead(Path.Combine(folder, "records.jsonl"));
        var records = JsonLinesRecordReader.ReadAll(stream, "records.jsonl").Records;
        var id = new SubjectId(subject);

        var result = CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new EvaluationRequest
        {
            Subject = id,
            Enrolment = EnrolmentOf(folder, subject),
            Records = records.Where(r => r.Subject == id).ToImmutableArray(),
            AsOf = new LocalDate(2025, 6, 30),
        });

        var snapshot = new JObject
        {
            ["zh-CN"] = new JArray(ExplanationRenderer.Render(result, Language.ZhCn).TrimEnd('\n').Split('\n')),
            ["en"] = new JArray(ExplanationRenderer.Render(result, Language.En).TrimEnd('\n').Split('\n')),
            ["result"] = JToken.Parse(EvaluationJson.Serialize(result)),
        };
        Snapshot.Match(snapshot, SnapshotNameExtension.Create(subject));
    }

    internal static Enrolment EnrolmentOf(string folder, string subject)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "enrolments.json")));
        var citizen = doc.RootElement.EnumerateArray().Single(c => c.GetProperty("subject").GetString() == subject);
        return Enrolment.Of(citizen.GetProperty("periods").EnumerateArray().Select(p => new EnrolmentPeriod(
            LocalDatePattern.Iso.Parse(p.GetProperty("enrolledOn").GetString()!).Value,
            p.TryGetProperty("withdrawnOn", out var w) ? LocalDatePattern.Iso.Parse(w.GetString()!).Value : null)));
    }
}
