using System.Collections.Immutable;
using System.Text.Json.Nodes;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Hints;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Hints;

/// <summary>Records and requests on the mini rule set (<see cref="TestRuleSets.Mini"/>) for the hint tests.</summary>
internal static class HintTestData
{
    public static readonly SubjectId S = new("S-HINT");

    public static readonly LocalDate AsOf = new(2025, 6, 30);

    private static readonly Instant Recorded = Instant.FromUtc(2025, 1, 1, 0, 0);

    public static CreditRecord R(string id, string item, int y, int m, int d, decimal quantity = 1m, params RecordEvent[] events) =>
        new(id, S, item, new LocalDate(y, m, d), "p", Recorded, quantity, events.ToImmutableArray());

    public static EvaluationRequest Request(params CreditRecord[] records) => new()
    {
        Subject = S,
        Enrolment = Enrolment.Since(new LocalDate(2020, 1, 1)),
        Records = records.ToImmutableArray(),
        AsOf = AsOf,
    };

    public static ImprovementHints Advise(params CreditRecord[] records) => ImprovementAdvisor.Advise(TestRuleSets.Mini, Request(records));

    public static ImprovementHints Advise(RuleSet ruleSet, params CreditRecord[] records) => ImprovementAdvisor.Advise(ruleSet, Request(records));

    /// <summary>The mini rule set with <paramref name="edit"/> applied to its JSON.</summary>
    public static RuleSet MiniWith(Action<JsonObject> edit)
    {
        var doc = JsonNode.Parse(TestRuleSets.MiniJson)!.AsObject();
        edit(doc);
        return RuleSetJson.Load(doc.ToJsonString()).GetValueOrThrow();
    }

    public static JsonObject Item(JsonObject doc, string code) =>
        doc["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == code)!.AsObject();

    public static IReadOnlyList<T> Of<T>(this ImprovementHints hints)
        where T : ImprovementHint => hints.Hints.OfType<T>().ToList();
}
