using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Testing;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// Generated bad input for the rule-set loader (arbitrary bytes, arbitrary text, broken variants of the shipped
/// Zhengzhou document): nothing escapes <see cref="RuleSetJson.Load(ReadOnlyMemory{byte}, string?, Packaging.JsonLoadOptions?)"/>
/// but a result, and every refusal has a stable code and a JSON path. And a valid generated rule set scores on any
/// day of the calendar.
/// </summary>
public class LoaderRobustnessProperties
{
    /// <summary>The fixed seed; FsCheck's failure message names the seed and size to replay a failing step.</summary>
    private static Config Replayable(int tests) => Config.QuickThrowOnFailure.WithReplay(20_261_202UL, 7_777_777_777UL).WithMaxTest(tests);

    private static readonly ImmutableHashSet<string> Codes = typeof(RuleSetErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToImmutableHashSet(StringComparer.Ordinal);

    private static string DefaultJson => ZhengzhouRuleSets.GetJson(ZhengzhouRuleSets.LaunchVersion);

    /// <summary>Whether a load result is a valid rule set, or a refusal whose every error is located and coded.</summary>
    private static Property WellFormed(RuleSetLoadResult result)
    {
        bool ok = result.IsValid
            ? result.Errors.IsEmpty
            : !result.Errors.IsEmpty && result.Errors.All(e =>
                Codes.Contains(e.Code) && e.Path.StartsWith("$", StringComparison.Ordinal) && e.Message.Length > 0
                && (e.Code != RuleSetErrorCodes.Syntax || e.Message.Contains("line ", StringComparison.Ordinal)));
        return Prop.Label(ok, string.Join(Environment.NewLine, result.Errors.Take(5)));
    }

    [Fact]
    public void Load_ArbitraryBytes_ReturnsLocatedErrors() =>
        Prop.ForAll(ShangdingGen.ArbitraryBytes().ToArbitrary(), bytes => WellFormed(RuleSetJson.Load(bytes))).Check(Replayable(400));

    [Fact]
    public void Load_ArbitraryTextWithSurrogatesAndControlCharacters_ReturnsLocatedErrors() =>
        Prop.ForAll(ShangdingGen.ArbitraryText().ToArbitrary(), text => WellFormed(RuleSetJson.Load(text))).Check(Replayable(400));

    [Fact]
    public void Load_BrokenVariantsOfTheDefaultRuleSet_ReturnLocatedErrorsFromTextBytesAndStream() =>
        Prop.ForAll(ShangdingGen.BrokenDocuments(DefaultJson).ToArbitrary(), text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var fromText = RuleSetJson.Load(text);
            return WellFormed(fromText)
                .And(WellFormed(RuleSetJson.Load(new MemoryStream(bytes))))
                .And(Prop.Label(!text.Any(char.IsSurrogate) || RuleSetJson.Load(bytes).IsValid == fromText.IsValid, "bytes and text disagree"));
        }).Check(Replayable(300));

    [Fact]
    public void Evaluate_ValidGeneratedRuleSetOnAnyDayOfTheCalendar_NeverThrowsAndAllPathsAgree()
    {
        var days = Gen.Frequency(
            (1, Gen.Elements(new LocalDate(1, 1, 1), new LocalDate(1, 1, 2), new LocalDate(9999, 12, 31), new LocalDate(9999, 12, 30), new LocalDate(9999, 1, 1))),
            (2, Gen.Choose(0, 3_652_058).Select(d => new LocalDate(1, 1, 1).PlusDays(d))));
        var cases =
            from rs in ShangdingGen.RuleSets()
            from asOf in days
            let around = Clamp(asOf)
            from records in ShangdingGen.Records(rs, ShangdingGen.GeneratedSubject, around)
            select (rs, asOf, records);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var request = new EvaluationRequest { Subject = ShangdingGen.GeneratedSubject, Enrolment = Enrolment.Since(LocalDate.MinIsoValue), Records = c.records, AsOf = c.asOf };
            var plan = ScoringPlan.Create(c.rs, c.asOf);
            var evaluated = CreditEvaluator.Evaluate(plan, request);
            var scored = CreditEvaluator.Score(plan, request);
            var prepared = CreditEvaluator.Score(plan, PreparedRecords.Create(c.rs, request.Subject, c.records), request.Enrolment);
            return Prop.Label(evaluated.Score == scored.Score && evaluated.Score == prepared.Score && evaluated.Status == EvaluationStatus.Scored,
                $"asOf {c.asOf:uuuu-MM-dd}: Evaluate {evaluated.Score}, Score {scored.Score}, prepared {prepared.Score}");
        }).Check(Replayable(200));
    }

    /// <summary>Records are generated around a day at least ~5 years inside the calendar (their dates reach 1500 days back, their instants up to a few hundred days forward).</summary>
    private static LocalDate Clamp(LocalDate asOf) =>
        asOf < new LocalDate(6, 1, 1) ? new LocalDate(6, 1, 1) : asOf > new LocalDate(9996, 1, 1) ? new LocalDate(9996, 1, 1) : asOf;
}
