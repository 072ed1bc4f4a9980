using ShangdingScore.Samples.Walkthrough;

// Five citizens at a hospital, a library and a rental agency: what each clerk sees, in Chinese and English.
Console.OutputEncoding = System.Text.Encoding.UTF8;
await VenueWalkthrough.RunAsync(Console.Out);
