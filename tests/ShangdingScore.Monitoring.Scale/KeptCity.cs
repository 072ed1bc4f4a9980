using System.Collections.Immutable;
using System.Diagnostics;
using NodaTime;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

/// <summary>
/// Makes a theme database that holds what the report from kept scores reads (every subject's enrolment and its kept
/// score with dimension points) for a generated population, without storing the records: each subject is scored here
/// as <see cref="BatchRescorer"/> scores a subject read from a store (the store conformance tests pin that scoring the
/// generated lines and scoring through the store agree), a block of subjects at a time on every core, while the previous
/// block is written.
/// </summary>
internal static class KeptCity
{
    public static async Task MakeAsync(string db, PopulationOptions options, LocalDate asOf, int block)
    {
        var plan = ScoringPlan.Create(ZhengzhouRuleSets.InForceOn(asOf), asOf);
        var sw = Stopwatch.StartNew();
        long kept = 0, enrolled = 0;
        await using var store = await SqliteCreditStore.OpenOrCreateAsync(db);
        Task writing = Task.CompletedTask;
        for (int first = 0; first < options.Subjects; first += block)
        {
            int count = Math.Min(block, options.Subjects - first);
            int halves = Environment.ProcessorCount;
            var parts = Enumerable.Range(0, halves).Select(h =>
            {
                int from = first + (int)((long)count * h / halves), to = first + (int)((long)count * (h + 1) / halves);
                return Task.Run(() => Score(plan, options, from, to - from));
            }).ToArray();
            var done = await Task.WhenAll(parts);
            await writing;
            var scores = done.SelectMany(d => d.Scores).ToList();
            var enrolments = done.SelectMany(d => d.Enrolments).ToList();
            writing = Task.Run(async () =>
            {
                await store.SetEnrolmentsAsync(enrolments);
                await store.WriteScoresAsync(scores);
            });
            kept += scores.Count;
            enrolled += enrolments.Count;
            if ((first / block) % 20 == 0) Console.WriteLine($"subjects up to {first + count:N0}: {kept:N0} scores kept, {enrolled:N0} enrolments, {sw.Elapsed.TotalSeconds:F0} s");
        }

        await writing;
        Console.WriteLine($"kept {kept:N0} scores and {enrolled:N0} enrolments of {options.Subjects:N0} subjects in {sw.Elapsed.TotalSeconds:F0} s ({plan.RuleSet.Id} {plan.RuleSet.Version}, {asOf:uuuu-MM-dd})");
    }

    /// <summary>The kept scores and the enrolments of subjects [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>): every subject the store would hold (with a record or an enrolment period).</summary>
    private static (List<StoredScore> Scores, List<SubjectEnrolment> Enrolments) Score(ScoringPlan plan, PopulationOptions options, int first, int count)
    {
        var scores = new List<StoredScore>(count);
        var enrolments = new List<SubjectEnrolment>(count);
        var points = new decimal[plan.RuleSet.Dimensions.Length];
        var records = new List<CreditRecord>();
        using var lines = PopulationGenerator.Lines(options, first, count).Where(l => l.Record is not null).Select(l => l.Record!).GetEnumerator();
        bool more = lines.MoveNext();
        foreach (var (subject, enrolment) in PopulationGenerator.Enrolments(options, first, count))
        {
            records.Clear();
            while (more && lines.Current.Subject == subject)
            {
                records.Add(lines.Current);
                more = lines.MoveNext();
            }

            if (records.Count == 0 && enrolment.Periods.IsEmpty) continue;
            if (!enrolment.Periods.IsEmpty) enrolments.Add(new SubjectEnrolment(subject, enrolment));
            var summary = CreditEvaluator.Score(plan, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records.ToImmutableArray(), AsOf = plan.AsOf }, points);
            scores.Add(StoredScore.From(plan, subject, summary, points, knownAt: null));
        }

        if (more) throw new InvalidOperationException($"The generated lines are not in subject order: {lines.Current.Subject} is left over after subjects {first}–{first + count - 1}.");
        return (scores, enrolments);
    }
}
