using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using NodaTime;
using ShangdingScore.Benefits;
using ShangdingScore.Evaluation;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Sources;

namespace ShangdingScore.Venues.Tests;

/// <summary>The snippets of docs/extending.md, compiled and run.</summary>
public class ExtendingDocsTests
{
    private static readonly SubjectId S = new("S-ext");
    private static readonly LocalDate AsOf = new(2026, 6, 1);

    // docs/extending.md, "A record source", verbatim.
    public sealed class TrafficPoliceFeed(IReadOnlyList<CreditRecord> violations) : ICreditRecordSource
    {
        public string Name => "zz-traffic-police";

        public async IAsyncEnumerable<CreditRecord> ReadAsync(RecordQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var r in violations.Where(v => v.Subject == query.Subject))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();              // a real feed awaits its HTTP or database call here
                yield return r;
            }
        }
    }

    // docs/extending.md, "A benefit policy", verbatim.
    public sealed class NoPendingDisputePolicy : IBenefitPolicy
    {
        public async ValueTask<BenefitDecision> DecideAsync(BenefitContext context, CancellationToken cancellationToken)
        {
            var decision = await GradeThresholdPolicy.Instance.DecideAsync(context, cancellationToken);
            if (!decision.IsGranted) return decision;
            bool disputing = context.Evaluation.Records.Any(r => r.Outcome == RecordOutcome.DisputePending);
            return disputing
                ? BenefitDecision.Refuse(context.Benefit.Code, "bank.dispute-pending",
                    new LocalizedText("信用信息异议处理中，暂不办理。", "An objection to the credit data is pending; not now."))
                : decision;
        }
    }

    private static CreditRecord Rec(string id, string item, params RecordEvent[] events) =>
        new(id, S, item, new LocalDate(2026, 1, 1), "p", Instant.FromUtc(2026, 1, 2, 0, 0), 1m, events.ToImmutableArray());

    [Fact]
    public async Task TrafficPoliceFeed_InACompositeWithTheThemeDatabase_ItsRecordsCount()
    {
        var feed = new TrafficPoliceFeed(new[] { Rec("t1", "law.traffic-violation") });
        var theme = new InMemoryRecordSource("theme-db", new[] { Rec("h1", "honour.national"), Rec("b1", "blood.donation") });
        var evaluator = new SourcedEvaluator(ZhengzhouRuleSets.History, new CompositeRecordSource(new ICreditRecordSource[] { theme, feed }),
            new InMemoryEnrolmentSource(new Dictionary<SubjectId, Enrolment> { [S] = Enrolment.Since(new LocalDate(2025, 1, 1)) }));

        var result = await evaluator.EvaluateAsync(S, AsOf);

        Assert.True(result.IsComplete);
        Assert.Equal(121m, result.Evaluation.Score); // 100 + 20 + 3 − 2
    }

    [Fact]
    public async Task NoPendingDisputePolicy_OutstandingSubjectWithPendingDispute_IsRefusedWithItsOwnReason()
    {
        var disputed = Rec("t1", "law.traffic-violation", new RecordEvent(RecordEventType.Disputed, Instant.FromUtc(2026, 2, 1, 0, 0)));
        var evaluation = CreditEvaluator.Evaluate(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion), new EvaluationRequest
        {
            Subject = S, Enrolment = Enrolment.Since(new LocalDate(2025, 1, 1)), AsOf = AsOf,
            Records = ImmutableArray.Create(Rec("h1", "honour.national"), Rec("b1", "blood.donation"), disputed),
        });
        var context = new BenefitContext
        {
            Benefit = DefaultBenefitCatalogs.Default.Benefits[0], Evaluation = evaluation, RuleSet = ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion),
            IsComplete = true, DecidedAt = Instant.FromUtc(2026, 6, 1, 2, 0),
        };

        var byDefault = await GradeThresholdPolicy.Instance.DecideAsync(context, CancellationToken.None);
        var byBank = await new NoPendingDisputePolicy().DecideAsync(context, CancellationToken.None);

        Assert.True(byDefault.IsGranted);
        Assert.False(byBank.IsGranted);
        Assert.Equal("bank.dispute-pending", byBank.ReasonCode);
        Assert.Equal("An objection to the credit data is pending; not now.", byBank.Reason.En);
    }

    [Fact]
    public void Refuse_CustomReasonThatIsTheSdksOwnCode_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => BenefitDecision.Refuse("b", BenefitReasonCodes.GradeBelowThreshold, new LocalizedText("低", "Low")));
    }

    [Fact]
    public void EmbeddedDocuments_AsInTheDocs_FindsTheShippedVersions()
    {
        var documents = new EmbeddedDocuments<RuleSet>(typeof(ZhengzhouRuleSets).Assembly, "ShangdingScore.Rules.Zhengzhou.RuleSets.", "zhengzhou.shangding",
            "rule set", "RuleSetJson.Load", (bytes, name) => RuleSetJson.Load(bytes, name).GetValueOrThrow(), r => (r.Id, r.Version));

        Assert.Contains(ZhengzhouRuleSets.LaunchVersion, documents.Versions);
        Assert.Equal(ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion).ContentHash, documents.Load(ZhengzhouRuleSets.LaunchVersion).ContentHash);
        var unknown = Assert.Throws<ArgumentException>(() => documents.Load(RuleSetVersion.Parse("9.9.9")));
        Assert.Contains("it ships 2019.1.0", unknown.Message);
    }

    [Fact]
    public void ExtendingDoc_Snippets_AreTheCodeThisTestRuns()
    {
        // The using lines are compiled as written by tests/ShangdingScore.Docs.Tests; the code is run here.
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "extending.md"));
        var test = File.ReadAllText(Path.Combine(RepoRoot(), "tests", "ShangdingScore.Venues.Tests", "ExtendingDocsTests.cs"));
        var blocks = Regex.Matches(doc, "```csharp\\n(?<code>.*?)```", RegexOptions.Singleline).Cast<Match>().Select(m => m.Groups["code"].Value).ToList();
        Assert.Equal(4, blocks.Count);
        foreach (var line in blocks.Take(2).SelectMany(b => b.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 1 && !l.StartsWith("using ", StringComparison.Ordinal)))
        {
            Assert.Contains(line, test);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("ShangdingScore.Sdk.sln not found.");
    }
}
