using System.Collections.Immutable;
using System.Text.RegularExpressions;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Tests.Rules;

namespace ShangdingScore.Tests.Docs;

/// <summary>Code shown in the README and the quickstart's bundled data stay true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeTenLines_RunAsWritten_ScoreVolunteerAtGood()
    {
        // The body of the README's "Ten lines" block, verbatim.
        var asOf = new LocalDate(2025, 6, 30);
        var rules = ZhengzhouRuleSets.InForceOn(asOf);                          // zhengzhou.shangding 2019.1.0 on that day
        var subject = new SubjectId("S-00042");
        var records = new[] { new CreditRecord("zz-vol-000123", subject, "volunteer.service-hours",
            new LocalDate(2025, 3, 14), "zz-volunteer-federation", Instant.FromUtc(2025, 3, 15, 2, 0), quantity: 12) };
        var result = CreditEvaluator.Evaluate(rules, new EvaluationRequest {
            Subject = subject, Enrolment = Enrolment.Since(new LocalDate(2024, 1, 1)),
            Records = records.ToImmutableArray(), AsOf = asOf });
        var text = ExplanationRenderer.Render(result, Language.ZhCn);

        Assert.Equal(101.2m, result.Score);
        Assert.StartsWith("商鼎分 101.2 · 等级 信用良好", text.Split('\n')[2]);
    }

    [Fact]
    public void ReadmeTenLines_AreTheCodeThisTestRuns()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var block = Regex.Match(readme, "## Ten lines\\s+(?:<!--[^\\n]*-->\\s+)?```csharp\\n(?<code>.*?)```", RegexOptions.Singleline).Groups["code"].Value;
        var test = File.ReadAllText(RepositoryFiles.PathOf("tests", "ShangdingScore.Tests", "Docs", "ReadmeExampleTests.cs"));
        foreach (var line in block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("Console.", StringComparison.Ordinal)))
        {
            Assert.Contains(line, test);
        }
    }

    [Theory]
    [InlineData("S-00001", "excellent")]
    [InlineData("S-00002", "outstanding")]
    [InlineData("S-00003", "good")]
    [InlineData("S-00004", "slightly-untrustworthy")]
    [InlineData("S-00005", "poor")]
    [InlineData("S-00006", "good")]
    public void QuickstartSampleData_EachCitizen_HasTheGradeTheSampleShows(string subject, string grade)
    {
        using var stream = File.OpenRead(RepositoryFiles.PathOf("samples", "ShangdingScore.Samples.Quickstart", "SampleData", "records.jsonl"));
        var read = JsonLinesRecordReader.ReadAll(stream, "records.jsonl");
        var id = new SubjectId(subject);
        var result = CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new EvaluationRequest
        {
            Subject = id, Enrolment = Enrolment.Since(new LocalDate(2023, 6, 1)),
            Records = read.Records.Where(r => r.Subject == id).ToImmutableArray(), AsOf = new LocalDate(2025, 6, 30),
        });

        Assert.Equal(grade, result.Grade!.Code);
        Assert.Equal(3, read.Summary.LinesSetAside);
    }
}
