using NodaTime;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;
using ShangdingScore.Stores;
using ShangdingScore.Stores.Conformance;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Store.Postgres.Tests;

/// <summary>The store reads a subject's enrolment with its records in one statement (<see cref="IEnrolledRecordSource"/>).</summary>
public sealed class PostgresEnrolledReadTests : IAsyncLifetime
{
    private readonly TestSchemas _schemas = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schemas.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task ReadEnrolledAsync_EverySubjectAndView_SameAsTheEnrolmentAndTheRecordsReadApart()
    {
        var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = 120, Seed = 11, NotEnrolledPerMillion = 250_000 };
        await using var store = await _schemas.MigratedAsync();
        using (var stream = new MemoryStream())
        {
            PopulationGenerator.Write(stream, options);
            stream.Position = 0;
            await store.ImportAsync(stream, new StoreImportOptions { SourceName = "population.jsonl" });
        }

        var enrolments = PopulationGenerator.Enrolments(options).ToList();
        var withdrawn = new SubjectEnrolment(enrolments[0].Key, Enrolment.Of([new EnrolmentPeriod(new LocalDate(2020, 1, 1), new LocalDate(2021, 1, 1)), new EnrolmentPeriod(new LocalDate(2022, 5, 1))]));
        await store.SetEnrolmentsAsync(enrolments.Skip(1).Select(e => new SubjectEnrolment(e.Key, e.Value)).Append(withdrawn));
        var subjects = enrolments.Select(e => e.Key).Append(new SubjectId("never-seen")).ToList();
        var views = new Instant?[] { null, (await store.ReadAsync(new RecordQuery { Subject = subjects[1] }, default).ToListAsync()).Select(r => r.RecordedAt).DefaultIfEmpty(Instant.FromUtc(2024, 1, 1, 0, 0)).Min() };

        int enrolled = 0, records = 0;
        foreach (var subject in subjects)
        {
            foreach (var knownAt in views)
            {
                var query = new RecordQuery { Subject = subject, KnownAt = knownAt };
                var together = await store.ReadEnrolledAsync(query, default);
                var enrolment = await store.GetEnrolmentAsync(subject, default);
                var apart = await store.ReadAsync(query, default).ToListAsync();

                Assert.Equal(enrolment.Periods.ToArray(), together.Enrolment.Periods.ToArray());
                Assert.Equal(apart, together.Records);
                enrolled += enrolment.Periods.IsEmpty ? 0 : 1;
                records += apart.Count;
            }
        }

        Assert.InRange(enrolled, 2, 2 * subjects.Count - 4);
        Assert.True(records > subjects.Count, $"{records} records read");
    }
}
