using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.CreditCenter;
using ShangdingScore.Rights;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Stores;
using ShangdingScore.Testing.Population;

namespace ShangdingScore.Service.Load;

/// <summary>
/// <c>prepare</c>: a theme database with a synthetic population (PopulationGenerator, the stores benchmark's record mix),
/// registered venues with their secrets, and grants issued through the service's own code
/// (<see cref="GrantIssuing"/>: signed with the center's grant key from the key ring, remembered in the issued grants),
/// written to <c>grants.tsv</c> for <c>run</c>.
/// </summary>
public static class Prepare
{
    /// <summary>The venue kinds and the benefit each asks about (one of the catalog's, the venue's own).</summary>
    public static readonly (string Kind, string Benefit)[] Kinds =
    [
        ("library", "public.library-card-deposit-free"),
        ("hospital", "healthcare.priority-referral"),
        ("rental", "public.rental-deposit-free"),
        ("service-hall", "government.green-channel"),
        ("sports", "public.sports-venues-free"),
        ("elderly-care", "public.elderly-care-priority"),
    ];

    /// <summary>Runs the command; prints what it did.</summary>
    public static async Task<int> RunAsync(LoadArgs args, TextWriter output)
    {
        var plan = LoadPlan.FromArgs(args);
        int venues = args.Int("--venues", 50);
        int grants = args.Int("--grants", 150_000);
        int validMinutes = args.Int("--valid-minutes", 7 * 24 * 60);
        int parallel = args.Int("--parallel", 4);
        ulong seed = (ulong)args.Int("--seed", 20190801);
        Directory.CreateDirectory(plan.Folder);
        output.WriteLine($"# prepare: {plan.Describe()}, {plan.Subjects:N0} subjects, {venues} venues, {grants:N0} grants; load {LoadAverage.Read()}");

        await using var store = await plan.OpenStoreAsync(dropFirst: args.Has("--fresh"));
        var sw = Stopwatch.StartNew();
        var counts = await store.CountAsync();
        if (counts.Subjects == 0)
        {
            await PopulateAsync(store, plan.Subjects, seed, output);
        }
        else
        {
            output.WriteLine($"the store already holds {counts.Subjects:N0} subjects ({counts.Copies:N0} record copies): not populated again");

            // The generator leaves a few subjects without records (about 0.5 %), so the count is a little below --subjects;
            // a count above it means the plan would draw its subjects from part of the store only (--subjects left out).
            if (counts.Subjects < plan.Subjects * 0.9 || counts.Subjects > plan.Subjects)
            {
                throw new ArgumentException($"The store holds {counts.Subjects:N0} subjects with records, but --subjects is {plan.Subjects:N0}: give the --subjects it was made with (the plan written draws the subjects of its decisions from that range).");
            }
        }

        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddShangdingCreditCenter(o =>
            {
                o.CreditStore = store;
                o.ServiceState = (IServiceStateStore)store;

                // Residence matters to the rights workflows only, which prepare does not use.
                o.Residence = new InMemoryResidenceSource([]);
            })
            .BuildServiceProvider();
        await using (services)
        {
            var state = services.GetRequiredService<CreditCenterState>();
            var secrets = await RegisterVenuesAsync((IServiceStateStore)store, venues, state.Clock.GetCurrentInstant());
            await File.WriteAllLinesAsync(plan.VenuesPath, secrets.Select(v => $"{v.Id}\t{v.Kind}\t{v.Secret}"));
            output.WriteLine($"{venues} venues registered (secrets in {plan.VenuesPath}); load {LoadAverage.Read()}");

            sw.Restart();
            await IssueGrantsAsync(state, secrets, plan, grants, validMinutes, parallel, seed);
            output.WriteLine($"{grants:N0} grants issued in {sw.Elapsed.TotalSeconds:F1} s = {grants / sw.Elapsed.TotalSeconds:N0}/s, valid {validMinutes} min, in {plan.GrantsPath}; load {LoadAverage.Read()}");
        }

        await plan.SaveAsync();
        output.WriteLine($"wrote {plan.PlanPath}");
        return 0;
    }

    /// <summary>Imports the population (streamed from the generator, no file on disk) and sets every enrolment.</summary>
    public static async Task PopulateAsync(ICreditStore store, int subjects, ulong seed, TextWriter output)
    {
        var options = new PopulationOptions { RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), Subjects = subjects, Seed = seed };
        var sw = Stopwatch.StartNew();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
        var writing = Task.Run(() =>
        {
            using var stream = pipe.Writer.AsStream();
            using var buffered = new BufferedStream(stream, 1 << 20);
            return PopulationGenerator.Write(buffered, options);
        });
        StoreImportResult imported;
        await using (var input = pipe.Reader.AsStream())
        {
            imported = await store.ImportAsync(input, new StoreImportOptions { SourceName = $"population-{subjects}.jsonl", BatchSize = 20_000 });
        }

        var population = await writing;
        output.WriteLine($"imported {imported.RecordsTaken:N0} records of {population.Records:N0} generated ({population.MalformedLines:N0} malformed lines set aside by design) in {sw.Elapsed.TotalSeconds:F1} s; load {LoadAverage.Read()}");
        sw.Restart();
        int enrolled = 0;
        foreach (var chunk in PopulationGenerator.Enrolments(options).Select(e => new SubjectEnrolment(e.Key, e.Value)).Chunk(50_000))
        {
            enrolled += await store.SetEnrolmentsAsync(chunk);
        }

        output.WriteLine($"enrolments of {enrolled:N0} subjects set in {sw.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<List<VenueSecret>> RegisterVenuesAsync(IServiceStateStore state, int count, Instant now)
    {
        var list = new List<VenueSecret>();
        for (int i = 1; i <= count; i++)
        {
            var (kind, _) = Kinds[(i - 1) % Kinds.Length];
            var id = $"load-venue-{i:D3}";
            var secret = VenueCredentials.NewSecret();
            var hash = VenueCredentials.Hash(secret);
            var existing = await state.Venues.FindAsync(id);
            if (existing is null)
            {
                var venue = new RegisteredVenue { VenueId = id, Kind = kind, Name = new LocalizedText($"压测机构 {i}", $"Load venue {i}"), CredentialHash = hash, RegisteredAt = now };
                if (!await state.Venues.RegisterAsync(venue)) throw new InvalidOperationException($"Venue {id} could not be registered.");
            }
            else if (existing.DisabledAt is not null || existing.Kind != kind)
            {
                throw new InvalidOperationException($"Venue {id} exists but is disabled or of kind {existing.Kind}: prepare a fresh store (--fresh).");
            }
            else if (!await state.Venues.ReplaceCredentialAsync(id, hash, now))
            {
                throw new InvalidOperationException($"The credential of venue {id} could not be replaced.");
            }

            list.Add(new VenueSecret(id, kind, secret));
        }

        return list;
    }

    private static async Task IssueGrantsAsync(CreditCenterState state, List<VenueSecret> venues, LoadPlan plan, int grants, int validMinutes, int parallel, ulong seed)
    {
        await using var file = new StreamWriter(plan.GrantsPath, false, new UTF8Encoding(false), 1 << 20);
        var gate = new object();
        int next = -1;
        var workers = Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            var builder = new StringBuilder();
            while (true)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= grants) break;

                // Subject, venue and scope drawn from the grant's index, so a run of prepare is repeatable.
                var random = SplitMix64.ForStream(seed, (ulong)i);
                var subject = PopulationOptions.SubjectAt(random.Next(plan.Subjects));
                var venue = venues[random.Next(venues.Count)];
                var benefit = Kinds.First(k => k.Kind == venue.Kind).Benefit;
                int s = random.Next(100);
                var scope = s < 60 ? DisclosureScope.Decision : s < 90 ? DisclosureScope.Grade : DisclosureScope.ScoreWithExplanation;
                var issue = await state.IssueGrantAsync(subject, venue.Id, benefit, scope, validMinutes, CancellationToken.None);
                if (issue.Token is null) throw new InvalidOperationException($"Grant {i} was refused: {issue.Field} {issue.ReasonCode}.");
                builder.Append(venue.Id).Append('\t').Append(benefit).Append('\t').Append(issue.Token).Append('\n');
                if (builder.Length > 1 << 16)
                {
                    lock (gate) file.Write(builder);
                    builder.Clear();
                }
            }

            lock (gate) file.Write(builder);
        })).ToArray();
        await Task.WhenAll(workers);
    }

    private sealed record VenueSecret(string Id, string Kind, string Secret);
}
