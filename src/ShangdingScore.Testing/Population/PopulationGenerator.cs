using System.Collections.Immutable;
using System.Text;
using NodaTime;
using ShangdingScore.Records;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing.Population;

/// <summary>What <see cref="PopulationGenerator"/> makes.</summary>
/// <remarks>Immutable after construction (init-only); thread-safe to share.</remarks>
public sealed class PopulationOptions
{
    /// <summary>The rule set whose item codes, polarities and per-unit items the records use.</summary>
    public required RuleSet RuleSet { get; init; }

    /// <summary>How many subjects; they are named <c>S-00000001</c>, <c>S-00000002</c>, … (code-point order is index order).</summary>
    public required int Subjects { get; init; }

    /// <summary>The seed: the same seed and options give the same bytes on every machine.</summary>
    /// <value>The default is 20190801.</value>
    public ulong Seed { get; init; } = 20190801UL;

    /// <summary>The first day a record may occur.</summary>
    /// <value>The default is 2020-01-01.</value>
    public LocalDate FirstDay { get; init; } = new(2020, 1, 1);

    /// <summary>The last day a record may occur.</summary>
    /// <value>The default is 2025-06-30.</value>
    public LocalDate LastDay { get; init; } = new(2025, 6, 30);

    /// <summary>Lines that are malformed, per million lines.</summary>
    /// <value>The default is 2 000 (0.2 %).</value>
    public int MalformedPerMillion { get; init; } = 2_000;

    /// <summary>Records delivered twice (identical copy, a copy with a later event, or a copy that disagrees), per million records.</summary>
    /// <value>The default is 10 000 (1 %).</value>
    public int DuplicatesPerMillion { get; init; } = 10_000;

    /// <summary>Records whose item code the rule set does not know, per million.</summary>
    /// <value>The default is 5 000 (0.5 %).</value>
    public int UnknownCodesPerMillion { get; init; } = 5_000;

    /// <summary>Records disputed, per million (then rejected, upheld or left pending).</summary>
    /// <value>The default is 30 000 (3 %).</value>
    public int DisputesPerMillion { get; init; } = 30_000;

    /// <summary>Records revoked or corrected by their provider, per million.</summary>
    /// <value>The default is 10 000 (1 %).</value>
    public int RevocationsPerMillion { get; init; } = 10_000;

    /// <summary>Negative records repaired (信用修复), per million negative records.</summary>
    /// <value>The default is 150 000 (15 %).</value>
    public int RepairsPerMillion { get; init; } = 150_000;

    /// <summary>Subjects never enrolled (they have records but no score), per million.</summary>
    /// <value>The default is 100 000 (10 %).</value>
    public int NotEnrolledPerMillion { get; init; } = 100_000;

    /// <summary>The subject id of the subject with 0-based index <paramref name="index"/>.</summary>
    public static SubjectId SubjectAt(int index) => new($"S-{index + 1:D8}");
}

/// <summary>One line the generator writes: a record or a malformed text.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GeneratedLine
{
    internal GeneratedLine(CreditRecord? record, string? malformed)
    {
        Record = record;
        MalformedText = malformed;
    }

    /// <summary>The record, or null for a malformed line.</summary>
    public CreditRecord? Record { get; }

    /// <summary>The malformed line's text (without its line feed), or null.</summary>
    public string? MalformedText { get; }
}

/// <summary>Counts of a generated population.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct PopulationSummary
{
    internal PopulationSummary(int subjects, long lines, long records, long malformed, long duplicates)
    {
        Subjects = subjects;
        Lines = lines;
        Records = records;
        MalformedLines = malformed;
        DuplicateLines = duplicates;
    }

    /// <summary>Subjects.</summary>
    public int Subjects { get; }

    /// <summary>Lines written.</summary>
    public long Lines { get; }

    /// <summary>Lines holding a record (copies included).</summary>
    public long Records { get; }

    /// <summary>Malformed lines (a reader sets them aside).</summary>
    public long MalformedLines { get; }

    /// <summary>Lines that are a second delivery of a record.</summary>
    public long DuplicateLines { get; }
}

/// <summary>
/// A deterministic synthetic population for tests, benchmarks and samples: subjects with the shape
/// of a real theme database (most have a few records, a tail has hundreds; records in all five
/// dimensions; disputes, repairs, revocations, unknown item codes, duplicate deliveries and a small
/// share of malformed lines), written as JSON Lines (spec §4).
/// </summary>
/// <remarks>
/// <para>
/// Deterministic: each subject is drawn from its own <see cref="SplitMix64"/> stream of the seed,
/// with integer arithmetic only, so the output is the same bytes on every machine and .NET version,
/// and subject <c>i</c> is the same whatever the population's size. Records per subject: 30 % have
/// 0–4, 30 % 5–12, 22 % 13–30, 13 % 31–60, 4.5 % 61–120, 0.5 % 121–400 (about 19 on average).
/// </para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class PopulationGenerator
{
    private static readonly (int PerMillion, int Min, int Max)[] CountBuckets =
    {
        (300_000, 0, 4), (300_000, 5, 12), (220_000, 13, 30), (130_000, 31, 60), (45_000, 61, 120), (5_000, 121, 400),
    };

    private static readonly string[] MalformedTemplates =
    {
        "{{\"id\":\"{0}\",\"subject\":\"{1}\",\"item\":\"law.tax-on-time\"",
        "{{\"id\":\"{0}\",\"subject\":\"{1}\",\"item\":\"law.tax-on-time\",\"occurredOn\":\"2024-02-30\",\"provider\":\"zz-tax\",\"recordedAt\":\"2024-03-01T00:00:00Z\"}}",
        "{{\"id\":\"{0}\",\"subject\":\"{1}\",\"item\":\"law.tax-on-time\",\"occurredOn\":\"2024-02-03\",\"provider\":\"zz-tax\",\"recordedAt\":\"2024-03-01T00:00:00\"}}",
        "{{\"id\":\"{0}\",\"subject\":\"{1}\",\"item\":\"volunteer.service-hours\",\"quantity\":-3,\"occurredOn\":\"2024-02-03\",\"provider\":\"zz-vol\",\"recordedAt\":\"2024-03-01T00:00:00Z\"}}",
        "{{\"id\":\"{0}\",\"item\":\"law.tax-on-time\",\"occurredOn\":\"2024-02-03\",\"provider\":\"zz-tax\",\"recordedAt\":\"2024-03-01T00:00:00Z\"}}",
        "{{\"id\":\"{0}\",\"subject\":\"{1}\",\"item\":\"law.tax-on-time\",\"occurredOn\":\"2024-02-03\",\"provider\":\"zz-tax\",\"recordedAt\":\"2024-03-01T00:00:00Z\",\"events\":[{{\"type\":\"appealed\",\"at\":\"2024-04-01T00:00:00Z\"}}]}}",
    };

    /// <summary>The population's lines, subject by subject, lazily.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static IEnumerable<GeneratedLine> Lines(PopulationOptions options)
    {
        var items = Check(options);
        return Iterate(options, items, 0, options.Subjects);
    }

    /// <summary>
    /// The lines of subjects <paramref name="firstSubject"/> to <paramref name="firstSubject"/> + <paramref name="count"/> − 1
    /// (0-based), lazily: the same lines <see cref="Lines(PopulationOptions)"/> gives for them, so that several threads can
    /// each generate a range of one population.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside [0, <c>options.Subjects</c>).</exception>
    public static IEnumerable<GeneratedLine> Lines(PopulationOptions options, int firstSubject, int count)
    {
        var items = Check(options);
        CheckRange(options, firstSubject, count);
        return Iterate(options, items, firstSubject, count);
    }

    /// <summary>Writes the population as JSON Lines to <paramref name="stream"/> (not closed).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public static PopulationSummary Write(Stream stream, PopulationOptions options)
    {
        if (stream is null) throw new ArgumentNullException(nameof(stream));
        var items = Check(options);
        using var writer = new JsonLinesRecordWriter(stream);
        long lines = 0, records = 0, malformed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long duplicates = 0;
        string? currentSubject = null;
        foreach (var line in Iterate(options, items, 0, options.Subjects))
        {
            lines++;
            if (line.Record is { } r)
            {
                records++;
                if (!string.Equals(currentSubject, r.Subject.Value, StringComparison.Ordinal))
                {
                    seen.Clear();
                    currentSubject = r.Subject.Value;
                }

                if (!seen.Add(r.Id)) duplicates++;
                writer.Write(r);
            }
            else
            {
                malformed++;
                var bytes = Encoding.UTF8.GetBytes(line.MalformedText + "\n");
                stream.Write(bytes, 0, bytes.Length);
            }
        }

        writer.Flush();
        return new PopulationSummary(options.Subjects, lines, records, malformed, duplicates);
    }

    /// <summary>Each subject's enrolment, in subject order: most enrolled since a day in 2019–2024, some withdrawn, some enrolled again, some never.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static IEnumerable<KeyValuePair<SubjectId, Enrolment>> Enrolments(PopulationOptions options)
    {
        Check(options);
        return IterateEnrolments(options, 0, options.Subjects);
    }

    /// <summary>The enrolments of subjects <paramref name="firstSubject"/> to <paramref name="firstSubject"/> + <paramref name="count"/> − 1, as <see cref="Enrolments(PopulationOptions)"/> gives them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside [0, <c>options.Subjects</c>).</exception>
    public static IEnumerable<KeyValuePair<SubjectId, Enrolment>> Enrolments(PopulationOptions options, int firstSubject, int count)
    {
        Check(options);
        CheckRange(options, firstSubject, count);
        return IterateEnrolments(options, firstSubject, count);
    }

    private static void CheckRange(PopulationOptions options, int firstSubject, int count)
    {
        if (firstSubject < 0 || firstSubject > options.Subjects) throw new ArgumentOutOfRangeException(nameof(firstSubject), firstSubject, $"Subjects are numbered 0 to {options.Subjects - 1}.");
        if (count < 0 || count > options.Subjects - firstSubject) throw new ArgumentOutOfRangeException(nameof(count), count, $"At most {options.Subjects - firstSubject} subjects follow subject {firstSubject}.");
    }

    private static IEnumerable<KeyValuePair<SubjectId, Enrolment>> IterateEnrolments(PopulationOptions options, int firstSubject, int count)
    {
        var start = new LocalDate(2019, 9, 1);
        for (int i = firstSubject; i < firstSubject + count; i++)
        {
            var g = SplitMix64.ForStream(options.Seed ^ 0xE7037ED1A0B428DBUL, (ulong)i);
            Enrolment enrolment;
            if (g.Chance(options.NotEnrolledPerMillion))
            {
                enrolment = Enrolment.None;
            }
            else
            {
                var on = start.PlusDays(g.Next(5 * 365));
                int kind = g.Next(100);
                if (kind < 5)
                {
                    enrolment = Enrolment.Of(new[] { new EnrolmentPeriod(on, on.PlusDays(30 + g.Next(400))) });
                }
                else if (kind < 7)
                {
                    var w = on.PlusDays(30 + g.Next(300));
                    enrolment = Enrolment.Of(new[] { new EnrolmentPeriod(on, w), new EnrolmentPeriod(w.PlusDays(1 + g.Next(200))) });
                }
                else
                {
                    enrolment = Enrolment.Since(on);
                }
            }

            yield return new KeyValuePair<SubjectId, Enrolment>(PopulationOptions.SubjectAt(i), enrolment);
        }
    }

    private static ImmutableArray<ScoreItem> Check(PopulationOptions options)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.RuleSet is null) throw new ArgumentException("A rule set is needed.", nameof(options));
        if (options.Subjects is < 0 or > 99_999_999) throw new ArgumentException("Subjects must be between 0 and 99 999 999.", nameof(options));
        if (options.LastDay < options.FirstDay) throw new ArgumentException("LastDay is before FirstDay.", nameof(options));
        foreach (var share in new[] { options.MalformedPerMillion, options.DuplicatesPerMillion, options.UnknownCodesPerMillion, options.DisputesPerMillion, options.RevocationsPerMillion, options.RepairsPerMillion, options.NotEnrolledPerMillion })
        {
            if (share is < 0 or > 1_000_000) throw new ArgumentException("A share per million is between 0 and 1 000 000.", nameof(options));
        }

        if (options.RuleSet.Items.IsEmpty) throw new ArgumentException("The rule set has no items.", nameof(options));
        return options.RuleSet.Items;
    }

    private static IEnumerable<GeneratedLine> Iterate(PopulationOptions options, ImmutableArray<ScoreItem> items, int firstSubject, int subjectCount)
    {
        // Integer weights: good records are common, general dishonesty records less so, serious ones rare.
        var weights = items.Select(i => i.Polarity == Polarity.Positive ? 100 : i.Severity == Severity.Serious ? 2 : 40).ToArray();
        int totalWeight = weights.Sum();
        int days = Period.Between(options.FirstDay, options.LastDay, PeriodUnits.Days).Days + 1;
        var buffer = new List<GeneratedLine>();
        for (int s = firstSubject; s < firstSubject + subjectCount; s++)
        {
            buffer.Clear();
            var g = SplitMix64.ForStream(options.Seed, (ulong)s);
            var subject = PopulationOptions.SubjectAt(s);
            int count = RecordCount(ref g);
            for (int n = 0; n < count; n++)
            {
                string id = $"zz-{s + 1:D8}-{n:D4}";
                if (g.Chance(options.MalformedPerMillion))
                {
                    buffer.Add(new GeneratedLine(null, string.Format(System.Globalization.CultureInfo.InvariantCulture, MalformedTemplates[g.Next(MalformedTemplates.Length)], id, subject.Value)));
                    continue;
                }

                var record = MakeRecord(ref g, options, items, weights, totalWeight, days, subject, id);
                buffer.Add(new GeneratedLine(record, null));
                if (g.Chance(options.DuplicatesPerMillion)) buffer.Add(new GeneratedLine(Copy(ref g, record), null));
            }

            foreach (var line in buffer) yield return line;
        }
    }

    private static int RecordCount(ref SplitMix64 g)
    {
        int roll = g.Next(1_000_000);
        foreach (var (perMillion, min, max) in CountBuckets)
        {
            if (roll < perMillion) return g.Between(min, max);
            roll -= perMillion;
        }

        return 0;
    }

    private static CreditRecord MakeRecord(ref SplitMix64 g, PopulationOptions options, ImmutableArray<ScoreItem> items, int[] weights, int totalWeight, int days, SubjectId subject, string id)
    {
        int pick = g.Next(totalWeight), index = 0;
        while (pick >= weights[index])
        {
            pick -= weights[index];
            index++;
        }

        var item = items[index];
        string code = g.Chance(options.UnknownCodesPerMillion) ? $"unknown.item-{g.Next(20):D2}" : item.Code;
        decimal quantity = 1m;
        if (item.PointsPerUnit is { } perUnit)
        {
            quantity = perUnit >= 0.01m ? g.Between(1, 40) : g.Between(10, 5000);
        }

        var occurredOn = options.FirstDay.PlusDays(g.Next(days));
        var recordedAt = At(occurredOn.PlusDays(g.Between(1, 30)), g.Next(86_400));
        var events = ImmutableArray.CreateBuilder<RecordEvent>();
        var t = recordedAt;
        if (g.Chance(options.DisputesPerMillion))
        {
            t += Duration.FromSeconds(86_400L * g.Between(1, 60));
            events.Add(new RecordEvent(RecordEventType.Disputed, t));
            int outcome = g.Next(10);
            t += Duration.FromSeconds(86_400L * g.Between(3, 30));
            if (outcome < 6) events.Add(new RecordEvent(RecordEventType.DisputeRejected, t));
            else if (outcome < 9) events.Add(new RecordEvent(RecordEventType.DisputeUpheld, t));
        }

        if (g.Chance(options.RevocationsPerMillion))
        {
            t += Duration.FromSeconds(86_400L * g.Between(1, 200));
            events.Add(new RecordEvent(g.Next(2) == 0 ? RecordEventType.Revoked : RecordEventType.Corrected, t));
        }
        else if (item.Polarity == Polarity.Negative && g.Chance(options.RepairsPerMillion))
        {
            t += Duration.FromSeconds(86_400L * g.Between(90, 400));
            LocalDate? effective = g.Next(2) == 0 ? null : occurredOn.PlusDays(g.Between(90, 500));
            events.Add(new RecordEvent(RecordEventType.Repaired, t, effective));
        }

        return new CreditRecord(id, subject, code, occurredOn, "zz-" + item.Dimension, recordedAt, quantity, events.ToImmutable());
    }

    private static CreditRecord Copy(ref SplitMix64 g, CreditRecord record)
    {
        int kind = g.Next(10);
        if (kind < 6) return record;
        if (kind < 9)
        {
            var later = record.Events.IsEmpty ? record.RecordedAt : record.Events[record.Events.Length - 1].At;
            return record.WithEvents(record.Events.Add(new RecordEvent(RecordEventType.Disputed, later + Duration.FromSeconds(86_400L * g.Between(1, 30)))));
        }

        return new CreditRecord(record.Id, record.Subject, record.ItemCode, record.OccurredOn, record.Provider, record.RecordedAt + Duration.FromSeconds(86_400L * g.Between(1, 10)), record.Quantity + 1m, record.Events);
    }

    private static Instant At(LocalDate day, int secondOfDay) =>
        Instant.FromUtc(day.Year, day.Month, day.Day, 0, 0) + Duration.FromSeconds(secondOfDay);
}
