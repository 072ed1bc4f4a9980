using ShangdingScore.Samples.Rights;

// One citizen's rights in June 2026: enrol, dispute, rejection, repair; the grade on each day; every day replayed at its knownAt.
Console.OutputEncoding = System.Text.Encoding.UTF8;
await RightsWalkthrough.RunAsync(Console.Out);
