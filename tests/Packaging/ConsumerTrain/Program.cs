// A rules-only release seen from an application that keeps its core package: which rule-set version is in force
// on a day (ZhengzhouRuleSets.InForceOn), and a pinned older version (ZhengzhouRuleSets.Load).
// Usage: ConsumerTrain <day yyyy-MM-dd> <expected version in force> <version to pin>
// Exits non-zero when the version in force is not the expected one.
using System.Collections.Immutable;
using NodaTime;
using NodaTime.Text;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;
using ShangdingScore.Rules.Zhengzhou;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ConsumerTrain <day yyyy-MM-dd> <expected version in force> <version to pin>");
    return 2;
}

var day = LocalDatePattern.Iso.Parse(args[0]).Value;
var expected = RuleSetVersion.Parse(args[1]);
var pinnedVersion = RuleSetVersion.Parse(args[2]);

Console.WriteLine($"core package: ShangdingScore {Informational(typeof(CreditEvaluator))}");
Console.WriteLine($"rule package: ShangdingScore.Rules.Zhengzhou {Informational(typeof(ZhengzhouRuleSets))}, ships {string.Join(", ", ZhengzhouRuleSets.AvailableVersions)}");

var inForce = ZhengzhouRuleSets.InForceOn(day);
var pinned = ZhengzhouRuleSets.Load(pinnedVersion);
Console.WriteLine($"in force on {day:uuuu-MM-dd}: {inForce.Id} {inForce.Version} (from {inForce.EffectiveFrom:uuuu-MM-dd})");
Console.WriteLine($"pinned: {pinned.Id} {pinned.Version} (from {pinned.EffectiveFrom:uuuu-MM-dd})");

// The same 12 volunteer hours on both versions: the point value the new version changed shows in the score.
var subject = new SubjectId("S-train");
var records = ImmutableArray.Create(new CreditRecord("zz-vol-train", subject, "volunteer.service-hours",
    day.PlusDays(-10), "zz-volunteer-federation", Instant.FromUtc(day.Year, day.Month, day.Day, 0, 0) - Duration.FromDays(9), quantity: 12));
foreach (var rules in new[] { inForce, pinned })
{
    var result = CreditEvaluator.Evaluate(rules, new EvaluationRequest
    {
        Subject = subject, Enrolment = Enrolment.Since(day.PlusYears(-1)), Records = records, AsOf = day,
    });
    Console.WriteLine($"  {rules.Version}: 商鼎分 {result.Score}");
}

if (inForce.Version != expected || pinned.Version != pinnedVersion)
{
    Console.Error.WriteLine($"expected {expected} in force on {day:uuuu-MM-dd} and {pinnedVersion} pinned");
    return 1;
}
return 0;

static string Informational(Type type) =>
    type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
