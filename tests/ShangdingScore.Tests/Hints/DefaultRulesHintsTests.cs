using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Tests.Evaluation;
using ShangdingScore.Tests.Rules;
using Snapshooter;
using Snapshooter.Xunit;

namespace ShangdingScore.Tests.Hints;

/// <summary>
/// The quickstart's sample citizens on the shipped default rules (zhengzhou.shangding 2019.1.0) on 2025-06-30, as in
/// <see cref="DefaultRulesCitizensTests"/>: a snapshot of each one's improvement hints in zh-CN and English.
/// </summary>
public class DefaultRulesHintsTests
{
    public static TheoryData<string> Subjects => new() { "S-00001", "S-00002", "S-00003", "S-00004", "S-00005", "S-00006", "S-00007" };

    [Theory]
    [MemberData(nameof(Subjects))]
    public void Advise_QuickstartCitizenOnDefaultRules_MatchesSnapshot(string subject)
    {
        var folder = RepositoryFiles.PathOf("samples", "ShangdingScore.Samples.Quickstart", "SampleData");
        using var stream = File.OpenRead(Path.Combine(folder, "records.jsonl"));
        var records = JsonLinesRecordReader.ReadAll(stream, "records.jsonl").Records;
        var id = new SubjectId(subject);

        var hints = ImprovementAdvisor.Advise(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new EvaluationRequest
        {
            Subject = id,
            Enrolment = DefaultRulesCitizensTests.EnrolmentOf(folder, subject),
            Records = records.Where(r => r.Subject == id).ToImmutableArray(),
            AsOf = new LocalDate(2025, 6, 30),
        });

        var snapshot = new JObject
        {
            ["zh-CN"] = new JArray(ImprovementHintRenderer.Render(hints, Language.ZhCn).TrimEnd('\n').Split('\n')),
            ["en"] = new JArray(ImprovementHintRenderer.Render(hints, Language.En).TrimEnd('\n').Split('\n')),
        };
        Snapshot.Match(snapshot, SnapshotNameExtension.Create(subject));
    }
}
