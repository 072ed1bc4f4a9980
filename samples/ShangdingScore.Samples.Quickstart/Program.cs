using System.Collections.Immutable;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Samples.Quickstart;

// The quickstart: read the bundled provider file (spec §4 JSON Lines), score every sample citizen on
// the embedded default rules, and print score, grade and the explanation in Chinese and English.
// The day scored is fixed so the output is the same on every machine; pass another as the first argument.
Console.OutputEncoding = Encoding.UTF8;
var asOf = args.Length > 0 ? LocalDatePattern.Iso.Parse(args[0]).GetValueOrThrow() : new LocalDate(2025, 6, 30);
var rules = ZhengzhouRuleSets.Default;
var sample = SampleCitizens.Load(SampleCitizens.DefaultFolder);

Console.WriteLine($"商鼎分 Shangding score quickstart · 规则 rules {rules.Id} {rules.Version} · 计算日 as of {asOf:uuuu-MM-dd}");
var summary = sample.Records.Summary;
Console.WriteLine($"读取 read {summary.SourceName}: {summary.LinesRead} 行 lines, {summary.RecordsTaken} 条记录 records taken, {summary.LinesSetAside} 行搁置 set aside");
foreach (var rejection in summary.Rejections)
{
    Console.WriteLine($"  搁置 set aside: {rejection}");
}

Console.WriteLine();
Console.WriteLine($"{"主体 Subject",-14}{"姓名 Name",-22}{"分数 Score",10}  等级 Grade");
var results = new List<(LocalizedText Name, CreditEvaluation Result)>();
foreach (var (subject, name, enrolment) in sample.Citizens)
{
    var records = sample.Records.Records.Where(r => r.Subject == subject).ToImmutableArray();
    var result = CreditEvaluator.Evaluate(rules, new EvaluationRequest { Subject = subject, Enrolment = enrolment, Records = records, AsOf = asOf });
    results.Add((name, result));
    var score = result.Score is { } s ? s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "—";
    var grade = result.Grade is { } g ? g.Name.ToString() : "未加入 (not enrolled)";
    Console.WriteLine($"{subject.Value,-14}{name.ZhCn + " " + name.En,-22}{score,10}  {grade}{(result.IsClean ? string.Empty : "  ⚠ 数据待核查 not clean")}");
}

foreach (var (name, result) in results)
{
    Console.WriteLine();
    Console.WriteLine($"── {name} ──");
    Console.Write(ExplanationRenderer.Render(result, Language.ZhCn));
    Console.Write(ExplanationRenderer.Render(result, Language.En));
}
