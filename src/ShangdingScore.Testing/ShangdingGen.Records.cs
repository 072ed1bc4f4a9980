using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

public static partial class ShangdingGen
{
    /// <summary>The subject of generated evaluation cases.</summary>
    public static SubjectId GeneratedSubject { get; } = new("S-0001");

    /// <summary>The item code generated records use for an item no rule set knows.</summary>
    public const string UnknownItemCode = "unknown.item";

    /// <summary>
    /// Records of <paramref name="subject"/> for <paramref name="ruleSet"/> around <paramref name="asOf"/>:
    /// mostly known item codes and some unknown ones, occurrence dates from about four years before
    /// <paramref name="asOf"/> to a few weeks after it, quantities whole and fractional,
    /// <c>recordedAt</c> up to 60 days after occurrence, 0–3 lifecycle events with instants, and
    /// deliberate duplicates: identical copies, later deliveries of the same content with other
    /// events, and now and then a copy whose content disagrees. The order is shuffled.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static Gen<ImmutableArray<CreditRecord>> Records(RuleSet ruleSet, SubjectId subject, LocalDate asOf)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        var codes = ruleSet.Items.Select(i => i.Code).ToArray();
        return from count in Gen.Choose(0, 14)
               from originals in Gen.CollectToArray(Enumerable.Range(0, count), i => RecordGen("r" + i, codes, subject, asOf))
               from sources in Gen.SubListOf(originals)
               from copies in Gen.CollectToArray(sources, DuplicateOf)
               from all in Gen.Shuffle(originals.Concat(copies))
               select all.ToImmutableArray();
    }

    /// <summary>
    /// A <c>knownAt</c> around <paramref name="asOf"/>: null (everything known) or an instant from
    /// about 200 days before to 400 days after the start of <paramref name="asOf"/> (UTC).
    /// </summary>
    public static Gen<Instant?> KnownAt(LocalDate asOf) =>
        Gen.Frequency(
            (1, Gen.Constant<Instant?>(null)),
            (3, Gen.Choose(-200 * 24, 400 * 24).Select(h => (Instant?)StartOf(asOf).Plus(Duration.FromHours(h)))));

    /// <summary>
    /// Lifecycle events entered after <paramref name="after"/>: 0–3 of every type, repairs sometimes
    /// with an <c>effectiveOn</c> date.
    /// </summary>
    public static Gen<ImmutableArray<RecordEvent>> Events(Instant after) =>
        from count in Gen.Frequency((3, Gen.Constant(0)), (3, Gen.Choose(1, 3)))
        from events in Gen.CollectToArray(Enumerable.Range(0, count), _ => EventGen(after))
        select events.ToImmutableArray();

    /// <summary>Whole evaluation cases: a generated rule set and a request on it (see <see cref="EvaluationCases(RuleSet)"/>).</summary>
    public static Gen<EvaluationCase> EvaluationCases() => RuleSets().SelectMany(EvaluationCases);

    /// <summary>
    /// Evaluation cases on <paramref name="ruleSet"/>: an <c>asOf</c> up to about eight years after its
    /// <c>effectiveFrom</c>, the subject <see cref="GeneratedSubject"/> enrolled on <c>asOf</c>,
    /// <see cref="Records"/> and a <see cref="KnownAt"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static Gen<EvaluationCase> EvaluationCases(RuleSet ruleSet)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        return from days in Gen.Choose(0, 3000)
               let asOf = ruleSet.EffectiveFrom.PlusDays(days)
               from enrolledDaysBefore in Gen.Choose(0, 3000)
               from records in Records(ruleSet, GeneratedSubject, asOf)
               from knownAt in KnownAt(asOf)
               select new EvaluationCase
               {
                   RuleSet = ruleSet,
                   Request = new EvaluationRequest
                   {
                       Subject = GeneratedSubject,
                       Enrolment = Enrolment.Since(asOf.PlusDays(-enrolledDaysBefore)),
                       Records = records,
                       AsOf = asOf,
                       KnownAt = knownAt,
                   },
               };
    }

    /// <summary>
    /// A record of the given polarity that counts in <paramref name="evaluationCase"/>: a fresh id,
    /// a known item of that polarity, occurred on or before <c>asOf</c> inside the item's window,
    /// recorded at or before <c>knownAt</c>, no events. Null when the rule set has no item of that polarity.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="evaluationCase"/> is null.</exception>
    public static Gen<CreditRecord?> CountingRecord(EvaluationCase evaluationCase, Polarity polarity)
    {
        if (evaluationCase is null) throw new ArgumentNullException(nameof(evaluationCase));
        var items = evaluationCase.RuleSet.Items.Where(i => i.Polarity == polarity).ToArray();
        if (items.Length == 0) return Gen.Constant<CreditRecord?>(null);
        var request = evaluationCase.Request;
        var asOf = request.AsOf;
        var recordedAt = request.KnownAt ?? StartOf(asOf);
        return from item in Gen.Elements(items)
               from daysBefore in Gen.Choose(0, 400)
               from quantity in Gen.Choose(1, 10)
               let candidate = asOf.PlusDays(-daysBefore)
               let occurredOn = item.CountsFor is { } window && candidate.Plus(window) <= asOf ? asOf : candidate
               select (CreditRecord?)new CreditRecord("counting-extra", request.Subject, item.Code, occurredOn, "law-check", recordedAt, quantity);
    }

    private static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    private static Gen<CreditRecord> RecordGen(string id, string[] codes, SubjectId subject, LocalDate asOf) =>
        from code in Gen.Frequency((40, Gen.Elements(codes)), (1, Gen.Constant(UnknownItemCode)))
        from other in Gen.Frequency((60, Gen.Constant(false)), (1, Gen.Constant(true)))
        from days in Gen.Choose(-1500, 20)
        let occurredOn = asOf.PlusDays(days)
        from hours in Gen.Choose(0, 60 * 24)
        let recordedAt = StartOf(occurredOn).Plus(Duration.FromHours(hours))
        from provider in Gen.Elements("provider-a", "provider-b")
        from quantity in Gen.Frequency(
            (3, Gen.Constant(1m)),
            (2, Gen.Choose(0, 20).Select(q => (decimal)q)),
            (1, Gen.Choose(0, 400).Select(q => q / 10m)))
        from events in Events(recordedAt)
        select new CreditRecord(id, other ? new SubjectId(subject.Value + "-other") : subject, code, occurredOn, provider, recordedAt, quantity, events);

    private static Gen<CreditRecord> DuplicateOf(CreditRecord r) =>
        Gen.Frequency(
            (3, Gen.Constant(r)),
            (3, from hours in Gen.Choose(-48, 240)
                let recordedAt = r.RecordedAt.Plus(Duration.FromHours(hours))
                from events in Events(recordedAt)
                select new CreditRecord(r.Id, r.Subject, r.ItemCode, r.OccurredOn, r.Provider, recordedAt, r.Quantity, events)),
            (1, from hours in Gen.Choose(0, 240)
                select new CreditRecord(r.Id, r.Subject, r.ItemCode, r.OccurredOn, r.Provider, r.RecordedAt.Plus(Duration.FromHours(hours)), r.Quantity + 1m, r.Events)));

    private static Gen<RecordEvent> EventGen(Instant after) =>
        from type in Gen.Frequency(
            (3, Gen.Constant(RecordEventType.Disputed)),
            (2, Gen.Constant(RecordEventType.DisputeRejected)),
            (1, Gen.Constant(RecordEventType.DisputeUpheld)),
            (1, Gen.Constant(RecordEventType.Corrected)),
            (1, Gen.Constant(RecordEventType.Revoked)),
            (3, Gen.Constant(RecordEventType.Repaired)),
            (1, Gen.Constant(RecordEventType.Recorded)))
        from hours in Gen.Choose(0, 500 * 24)
        let at = after.Plus(Duration.FromHours(hours))
        from effectiveDays in Gen.Frequency((1, Gen.Constant<int?>(null)), (1, Gen.Choose(-30, 60).Select(d => (int?)d)))
        select new RecordEvent(type, at, type == RecordEventType.Repaired && effectiveDays is { } d ? at.InUtc().Date.PlusDays(d) : null);
}
