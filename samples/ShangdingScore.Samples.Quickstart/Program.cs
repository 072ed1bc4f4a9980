using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules.Zhengzhou;
using ShangdingScore.Samples.Quickstart;
using ShangdingScore.Samples.Walkthrough;
using ShangdingScore.Sources;
using ShangdingScore.Store.Sqlite;
using ShangdingScore.Stores;

// The quickstart: the whole path from a provider file to a grade.
// 1. open (or create) the local SQLite theme database in data/ next to the program;
// 2. import the bundled provider file (spec §4 JSON Lines) — idempotent: a second run adds nothing;
// 3. record the citizens' enrolment; 4. rescore everyone on the embedded default rules;
// 5. print the table and each citizen's explanation in Chinese and English;
// 6. at the venue: walk sample citizens (Excellent, Good, Poor, not enrolled, expired grant) with
//    signed grants through the hospital, library and rental adapters (issue: benefits at the venue).
// The day scored is fixed so the output is the same on every machine; pass another as the first argument.
Console.OutputEncoding = Encoding.UTF8;
var asOf = args.Length > 0 ? LocalDatePattern.Iso.Parse(args[0]).GetValueOrThrow() : new LocalDate(2025, 6, 30);
var rules = ZhengzhouRuleSets.History;
var sample = SampleCitizens.Load(SampleCitizens.DefaultFolder);
var databasePath = Path.Combine(AppContext.BaseDirectory, "data", "theme.db");

await using var store = await SqliteCreditStore.OpenOrCreateAsync(databasePath);
Console.WriteLine($"商鼎分 Shangding score quickstart · 主题库 theme database {databasePath}");

StoreImportResult imported;
await using (var file = File.OpenRead(sample.RecordsPath))
{
    imported = await store.ImportAsync(file, new StoreImportOptions { SourceName = "records.jsonl" });
}

Console.WriteLine($"导入 import records.jsonl: {imported.LinesRead} 行 lines · {imported.RecordsAdded} 条新增 added · {imported.AlreadyPresent} 条已有 already present · {imported.LinesSetAside} 行搁置 set aside");
foreach (var rejection in imported.Rejections)
{
    Console.WriteLine($"  搁置 set aside: {rejection}");
}

await store.SetEnrolmentsAsync(sample.Citizens.Select(c => new SubjectEnrolment(c.Subject, c.Enrolment)));
var batch = await new BatchRescorer(rules).RescoreAsync(store, new BatchRescoreOptions { AsOf = asOf });
Console.WriteLine($"评分 rescored {batch.Subjects} 人 subjects · 规则 rules {batch.RuleSetId} {batch.RuleSetVersion} · 计算日 as of {asOf:uuuu-MM-dd}");
Console.WriteLine();

var names = sample.Citizens.ToDictionary(c => c.Subject, c => c.Name);
var grades = rules.InForceOn(asOf)!.Grades.ToDictionary(g => g.Code, g => g.Name);
Console.WriteLine($"{"主体 Subject",-14}{"姓名 Name",-22}{"分数 Score",10}  等级 Grade");
await foreach (var score in store.ReadScoresAsync(new ScoreQuery { AsOf = asOf }))
{
    var name = names.TryGetValue(score.Subject, out var n) ? $"{n.ZhCn} {n.En}" : string.Empty;
    var value = score.Score is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "—";
    var grade = score.GradeCode is { } g ? grades[g].ToString() : "未加入 (not enrolled)";
    Console.WriteLine($"{score.Subject.Value,-14}{name,-22}{value,10}  {grade}{(score.IsClean ? string.Empty : "  ⚠ 数据待核查 not clean")}");
}

// Each citizen's explanation, read back from the theme database through the source contract.
var evaluator = new SourcedEvaluator(rules, new CompositeRecordSource(new ICreditRecordSource[] { store }), store);
foreach (var (subject, name, _) in sample.Citizens)
{
    var result = await evaluator.EvaluateAsync(subject, asOf);
    Console.WriteLine();
    Console.WriteLine($"── {name} ──");
    Console.Write(ExplanationRenderer.Render(result.Evaluation, Language.ZhCn));
    Console.Write(ExplanationRenderer.Render(result.Evaluation, Language.En));
}

// At the venue: each citizen presents a signed grant; the venue learns the decision, not the score.
Console.WriteLine();
await VenueWalkthrough.RunAsync(Console.Out);

// The citizen's side (docs/rights.md): one citizen enrols with consent, sees the explanation, disputes a record (suspended at
// once), is rejected, has a repair approved — the grade on each day, and every day replayed at its knownAt.
Console.WriteLine();
await ShangdingScore.Samples.Rights.RightsWalkthrough.RunAsync(Console.Out);
