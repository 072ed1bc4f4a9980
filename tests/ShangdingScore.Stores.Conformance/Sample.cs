using System.Collections.Immutable;
using System.Text;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Records;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Stores.Conformance;

/// <summary>Small builders for the conformance tests.</summary>
internal static class Sample
{
    private static readonly Instant Day0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static Instant At(int day) => Day0 + Duration.FromDays(day) + Duration.FromHours(12);

    public static RecordEvent Disputed(int day) => new(RecordEventType.Disputed, At(day));

    public static CreditRecord Record(string id, string subject, RecordEvent? ev = null, int recordedDay = 0) =>
        new(id, new SubjectId(subject), "law.tax-on-time", new LocalDate(2024, 12, 1), "zz-tax", At(recordedDay), 1m, ev is null ? default : ImmutableArray.Create(ev));

    public static StoredScore Score(string subject, LocalDate asOf, decimal? score, string? grade, Instant? knownAt, bool isClean = true, bool isComplete = true) =>
        new(new SubjectId(subject), ZhengzhouRuleSets.Id, "2019.1.0", "sha256:test", true, asOf, knownAt, score is null ? EvaluationStatus.NotEnrolled : EvaluationStatus.Scored, score, grade, isClean, isComplete);

    public static GeneratedPopulation Population(int subjects, ulong seed)
    {
        var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = subjects, Seed = seed, MalformedPerMillion = 20_000, DuplicatesPerMillion = 50_000 };
        using var stream = new MemoryStream();
        PopulationGenerator.Write(stream, options);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        var records = JsonLinesRecordReader.ReadAll(new MemoryStream(stream.ToArray())).Records;
        var enrolments = PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).ToList();
        var subjectsKept = records.Select(r => r.Subject).Concat(enrolments.Where(e => !e.Enrolment.Periods.IsEmpty).Select(e => e.Subject)).Distinct().Count();
        return new GeneratedPopulation(text, records, enrolments, subjectsKept);
    }
}

internal sealed record GeneratedPopulation(string Text, ImmutableArray<CreditRecord> Records, List<SubjectEnrolment> Enrolments, int SubjectCount);
