using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace ShangdingScore.Tests.Records;

/// <summary>Generators of valid credit records, including Chinese text, escapes, fractions and all event types.</summary>
public static class RecordArbitraries
{
    private static readonly Gen<string> Text = Gen.Elements(
        "zz-vol-000123", "S-00042", "volunteer.service-hours", "荣誉.见义勇为", "郑州市文明办", "a\"quote", "back\\slash", "tab\there", "line\nfeed", "<&>'", "emoji-😀", "x");

    private static readonly Gen<Instant> Instants =
        Gen.Choose(0, 2_000_000_000).SelectMany(seconds => Gen.Elements(0L, 1L, 500_000_000L, 123_456_789L)
            .Select(nanos => Instant.FromUnixTimeSeconds(seconds).PlusNanoseconds(nanos)));

    private static readonly Gen<LocalDate> Dates = Gen.Choose(1, 3_000_000).Select(d => new LocalDate(1, 1, 1).PlusDays(d));

    private static readonly Gen<decimal> Quantities = Gen.Elements(0m, 1m, 12m, 2.5m, 2.50m, 0.001m, 99999999.99m, 7m);

    private static readonly Gen<RecordEvent> Events =
        Gen.Elements(Enum.GetValues(typeof(RecordEventType)).Cast<RecordEventType>().ToArray())
            .SelectMany(type => Instants.SelectMany(at => Gen.Elements<LocalDate?>(null, new LocalDate(2025, 5, 31), new LocalDate(1999, 1, 1))
                .Select(on => new RecordEvent(type, at, on))));

    /// <summary>Valid records.</summary>
    public static Arbitrary<CreditRecord> Records() =>
        (from id in Text
         from subject in Gen.Elements("S-1", "张三-01", "S-00042", "x")
         from item in Text
         from occurred in Dates
         from provider in Text
         from recorded in Instants
         from quantity in Quantities
         from events in Gen.Choose(0, 3).SelectMany(n => Events.ArrayOf(n))
         select new CreditRecord(id, new SubjectId(subject), item, occurred, provider, recorded, quantity, events.ToImmutableArray()))
        .ToArbitrary();
}
