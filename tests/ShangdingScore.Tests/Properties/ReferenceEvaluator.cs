using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Tests.Properties;

/// <summary>
/// A reference copy of the evaluator as it was before issue 12 (one object per explanation line, decimal step 4,
/// copies sorted as whole entries), kept in the tests to check that the compact result gives, line by line, the same
/// values and decimal scales. Not to be changed with the evaluator: it is the old algorithm, frozen.
/// </summary>
internal static class ReferenceEvaluator
{
    /// <summary>The old <c>CreditEvaluator.Evaluate(plan, request)</c>.</summary>
    public static ReferenceResult Evaluate(ScoringPlan plan, EvaluationRequest request)
    {
        Check(plan, request);
        return Run(plan, request.Subject, request.Enrolment, request.Records, request.KnownAt, explain: true).Evaluation!;
    }

    private static void Check(ScoringPlan plan, EvaluationRequest request)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (request.Enrolment is null) throw new ArgumentNullException(nameof(request), "The request's Enrolment is null.");
        if (request.Records.IsDefault) throw new ArgumentNullException(nameof(request), "The request's Records is a default array.");
        if (request.AsOf != plan.AsOf)
        {
            throw new ArgumentException($"The request is for {request.AsOf:uuuu-MM-dd} but the plan for {plan.AsOf:uuuu-MM-dd}.", nameof(request));
        }
    }

    private static (ReferenceResult? Evaluation, ScoreSummary Summary) Run(ScoringPlan plan, SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain) =>
        Run(plan, subject, enrolment, records, knownAt, explain, Span<decimal>.Empty);

    // dimensionPoints: empty, or one slot per dimension (cleared here) that receives each dimension's DimensionSubtotal.Points.
    private static (ReferenceResult? Evaluation, ScoreSummary Summary) Run(ScoringPlan plan, SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain, Span<decimal> dimensionPoints)
    {
        dimensionPoints.Clear();
        // Enrolment (spec §3): not enrolled → no score, records not looked at.
        if (!enrolment.IsEnrolledOn(plan.AsOf))
        {
            var summary = new ScoreSummary(EvaluationStatus.NotEnrolled, null, null, true);
            if (!explain) return (null, summary);
            return (new ReferenceResult(EvaluationStatus.NotEnrolled, subject, plan.Reference, plan.AsOf, knownAt, null, null, null, null,
                ImmutableArray<DimensionSubtotal>.Empty, ImmutableArray<AppliedRequirement>.Empty, ImmutableArray<ReferenceLine>.Empty, StartFlags(plan).ToImmutable()), summary);
        }

        var scratch = Scratch.Rent();
        try
        {
            return Score(plan, subject, records, knownAt, explain, scratch, dimensionPoints);
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    private static (ReferenceResult? Evaluation, ScoreSummary Summary) Score(ScoringPlan plan, SubjectId subject, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain, Scratch scratch, Span<decimal> dimensionPoints)
    {
        var rs = plan.RuleSet;

        // Step 1 and §3a: the records in view at knownAt, copies merged into one record each.
        int count = MergeCopies(records, knownAt, scratch);
        var entries = scratch.Entries;

        // Step 2 and 3: status, whether each record counts on asOf, and its points before item caps.
        var items = rs.CompiledItems;
        bool clean = true;
        for (int i = 0; i < count; i++)
        {
            ref var e = ref entries[i];
            e.Outcome = Classify(plan, ref e, subject, knownAt, scratch.Events);
            if (e.ItemIndex >= 0)
            {
                var item = items[e.ItemIndex];
                decimal capped = PointsAfterRecordCap(item, e.Record.Quantity, out decimal raw);
                e.Raw = item.Negative ? -raw : raw;
                e.AfterRecordCap = item.Negative ? -capped : capped;
            }

            if (e.Outcome is RecordOutcome.UnknownItem or RecordOutcome.OtherSubject || e.Conflicting) clean = false;
        }

        // Step 4: caps. Allocation follows (occurredOn, id) so the explanation is the same for any input order, and so
        // is the published score's decimal scale (what is taken under a cap carries the cap's scale): every path
        // allocates in this order, the score-only and prepared paths too, so all print the same score.
        Array.Sort(entries, 0, count, EntryOrder.Instance);
        Span<decimal> itemUsed = items.Length <= MaxStackCounters ? stackalloc decimal[items.Length] : new decimal[items.Length];
        Span<decimal> dimUsed = rs.Dimensions.Length <= MaxStackCounters ? stackalloc decimal[rs.Dimensions.Length] : new decimal[rs.Dimensions.Length];
        Span<decimal> dimBefore = rs.Dimensions.Length <= MaxStackCounters ? stackalloc decimal[rs.Dimensions.Length] : new decimal[rs.Dimensions.Length];
        decimal bonusUsed = 0m, deductions = 0m, positiveBeforeCaps = 0m;
        bool anyNegative = false, anySerious = false;
        for (int i = 0; i < count; i++)
        {
            ref var e = ref entries[i];
            if (e.Outcome != RecordOutcome.Counted) continue;
            var item = items[e.ItemIndex];
            decimal magnitude = item.Negative ? -e.AfterRecordCap : e.AfterRecordCap;
            decimal afterItem = Take(magnitude, item.ItemCap, ref itemUsed[e.ItemIndex]);
            if (item.Negative)
            {
                anyNegative = true;
                anySerious |= item.Serious;
                deductions = SaturatingAdd(deductions, afterItem);
                e.AfterItemCap = e.AfterDimensionCap = e.Applied = -afterItem;
                continue;
            }

            positiveBeforeCaps = SaturatingAdd(positiveBeforeCaps, afterItem);
            if (explain) dimBefore[item.Dimension] = SaturatingAdd(dimBefore[item.Dimension], afterItem);

            decimal afterDim = Take(afterItem, rs.DimensionCaps[item.Dimension], ref dimUsed[item.Dimension]);
            decimal applied = Take(afterDim, rs.MaxBonus, ref bonusUsed);
            e.AfterItemCap = afterItem;
            e.AfterDimensionCap = afterDim;
            e.Applied = applied;

            // The same sums, in the same order, as the explanation's DimensionSubtotal.Points below (so the same scale too).
            if (!dimensionPoints.IsEmpty) dimensionPoints[item.Dimension] = SaturatingAdd(dimensionPoints[item.Dimension], applied);
        }

        // Step 5: total, clamped and rounded half away from zero.
        decimal total;
        try
        {
            total = rs.Base + bonusUsed - deductions;
        }
        catch (OverflowException)
        {
            total = deductions > bonusUsed ? decimal.MinValue : decimal.MaxValue; // beyond any [min, max]: clamped at step 5
        }
        decimal published = rs.Publish(total);

        // Step 6 and 7: the band, then every requirement whose condition holds.
        int bandIndex = rs.Scale.BandIndexOf(published);
        var bandGrade = rs.Scale.Grades[bandIndex];
        var grade = FinalGrade(rs, bandGrade, anyNegative, anySerious);

        if (!explain)
        {
            return (null, new ScoreSummary(EvaluationStatus.Scored, published, grade, clean));
        }

        // Step 8: the explanation.
        var flags = StartFlags(plan);
        var lines = ImmutableArray.CreateBuilder<ReferenceLine>(count);
        var negativeIds = ImmutableArray.CreateBuilder<string>();
        var seriousIds = ImmutableArray.CreateBuilder<string>();
        for (int i = 0; i < count; i++)
        {
            ref readonly var e = ref entries[i];
            ScoreItem? item = e.ItemIndex >= 0 ? rs.Items[e.ItemIndex] : null;
            var compiled = e.ItemIndex >= 0 ? items[e.ItemIndex] : default;
            LocalDate? expiresOn = compiled.Window is { } w ? ScoringPlan.Expires(e.Record.OccurredOn, w) : null;
            lines.Add(new ReferenceLine(e.Record, item, item?.Dimension, e.Outcome, e.Copies, expiresOn, e.RepairedFrom,
                e.Raw, e.AfterRecordCap, e.AfterItemCap, e.AfterDimensionCap, e.Applied));
            if (e.Outcome == RecordOutcome.Counted && compiled.Negative)
            {
                negativeIds.Add(e.Record.Id);
                if (compiled.Serious) seriousIds.Add(e.Record.Id);
            }

            AddFlags(flags, e, subject);
        }

        var requirements = ImmutableArray.CreateBuilder<AppliedRequirement>();
        for (int r = 0; r < rs.Requirements.Length; r++)
        {
            var req = rs.Requirements[r];
            if (!Holds(req.When, anyNegative, anySerious)) continue;
            var cap = rs.RequirementCaps[r];
            var triggers = req.When == RequirementCondition.AnySeriousNegative ? seriousIds.ToImmutable() : negativeIds.ToImmutable();
            requirements.Add(new AppliedRequirement(req.Code, req.Name, req.When, cap, cap.Rank < bandGrade.Rank, triggers));
        }

        var dims = ImmutableArray.CreateBuilder<DimensionSubtotal>(rs.Dimensions.Length);
        for (int d = 0; d < rs.Dimensions.Length; d++)
        {
            decimal added = 0m;
            for (int i = 0; i < count; i++)
            {
                ref readonly var e = ref entries[i];
                if (e.Outcome == RecordOutcome.Counted && !items[e.ItemIndex].Negative && items[e.ItemIndex].Dimension == d) added = SaturatingAdd(added, e.Applied);
            }

            dims.Add(new DimensionSubtotal(rs.Dimensions[d].Code, rs.Dimensions[d].Name, dimBefore[d], rs.Dimensions[d].PositiveCap, added));
        }

        var evaluation = new ReferenceResult(EvaluationStatus.Scored, subject, plan.Reference, plan.AsOf, knownAt, published, bandGrade, grade,
            new ScoreBreakdown(rs.Base, positiveBeforeCaps, bonusUsed, deductions, total, published),
            dims.MoveToImmutable(), requirements.ToImmutable(), lines.MoveToImmutable(), flags.ToImmutable());
        return (evaluation, new ScoreSummary(EvaluationStatus.Scored, published, grade, evaluation.IsClean));
    }

    /// <summary>
    /// Non-negative amounts beyond <see cref="decimal.MaxValue"/> saturate instead of throwing, so that a
    /// record with an absurd quantity under a rule set without caps still gets a score (clamped to
    /// [min, max] at step 5) rather than an exception: scoring a valid rule set never throws.
    /// </summary>
    private static decimal SaturatingAdd(decimal a, decimal b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            return decimal.MaxValue;
        }
    }

    private static decimal SaturatingMultiply(decimal a, decimal b)
    {
        try
        {
            return a * b;
        }
        catch (OverflowException)
        {
            return decimal.MaxValue;
        }
    }

    /// <summary>Takes up to <paramref name="amount"/> from what is left under <paramref name="cap"/>.</summary>
    /// <remarks>
    /// A missing cap is <see cref="decimal.MaxValue"/>; then the whole amount is taken without the subtraction
    /// and comparison (decimal arithmetic dominates scoring time), the running total saturating at
    /// <see cref="decimal.MaxValue"/>.
    /// </remarks>
    private static decimal Take(decimal amount, decimal cap, ref decimal used)
    {
        if (cap == decimal.MaxValue)
        {
            used = SaturatingAdd(used, amount);
            return amount;
        }

        decimal left = cap - used;
        decimal taken = amount <= left ? amount : (left > 0m ? left : 0m);
        used += taken;
        return taken;
    }

    /// <summary>Spec §3 step 3: a record's points (fixed, or quantity × points per unit), capped per record; <paramref name="raw"/> before the cap. Magnitudes: the sign comes from the item's polarity.</summary>
    private static decimal PointsAfterRecordCap(in CompiledItem item, decimal quantity, out decimal raw)
    {
        raw = item.PerUnit ? SaturatingMultiply(item.Points, quantity) : item.Points;
        return raw > item.RecordCap ? item.RecordCap : raw;
    }

    /// <summary>Spec §3 step 7: the band grade lowered by every requirement whose condition holds.</summary>
    private static CreditGrade FinalGrade(RuleSet rs, CreditGrade bandGrade, bool anyNegative, bool anySerious)
    {
        var grade = bandGrade;
        for (int r = 0; r < rs.Requirements.Length; r++)
        {
            if (Holds(rs.Requirements[r].When, anyNegative, anySerious) && rs.RequirementCaps[r].Rank < grade.Rank)
            {
                grade = rs.RequirementCaps[r];
            }
        }

        return grade;
    }

    private static bool Holds(RequirementCondition when, bool anyNegative, bool anySerious) =>
        when == RequirementCondition.AnyNegative ? anyNegative : anySerious;

    /// <summary>Spec §3 step 2 and §3a: whether a record counts on asOf, or why not (first reason wins, in this order).</summary>
    private static RecordOutcome Classify(ScoringPlan plan, ref Entry e, SubjectId subject, Instant? knownAt, List<RecordEvent> eventScratch)
    {
        if (ClassifyStatus(plan.RuleSet, ref e, subject, knownAt, eventScratch) is { } never) return never;
        var occurred = e.Record.OccurredOn;
        if (occurred > plan.AsOf) return RecordOutcome.NotYetOccurred;
        if (occurred < plan.FirstCountingDate[e.ItemIndex]) return RecordOutcome.Expired;
        if (e.RepairedFrom is { } from && plan.AsOf >= from) return RecordOutcome.Repaired;
        return RecordOutcome.Counted;
    }

    /// <summary>
    /// The part of <see cref="Classify"/> that does not depend on asOf: resolves the item, applies the events
    /// (setting <c>RepairedFrom</c>), and returns why the record never counts, or null when whether it counts
    /// depends on asOf (occurrence, window, repair date).
    /// </summary>
    private static RecordOutcome? ClassifyStatus(RuleSet rs, ref Entry e, SubjectId subject, Instant? knownAt, List<RecordEvent> eventScratch)
    {
        e.ItemIndex = rs.TryGetItemIndex(e.Record.ItemCode, out var idx) ? idx : -1;
        if (e.Record.Subject != subject) return RecordOutcome.OtherSubject;
        if (e.ItemIndex < 0) return RecordOutcome.UnknownItem;
        var item = rs.CompiledItems[e.ItemIndex];
        var status = e.Record.Events.IsEmpty ? default : ApplyEvents(e.Record.Events, knownAt, item.Negative, rs, eventScratch);
        e.RepairedFrom = status.RepairedFrom;
        e.RepairOfPositive = status.RepairOfPositive;
        if (status.Final is { } final) return final;
        if (status.DisputePending) return RecordOutcome.DisputePending;
        return null;
    }

    /// <summary>Spec §3a "Event order": events seen at knownAt, by instant (ties: disputed before its decision).</summary>
    /// <remarks><paramref name="seen"/> is an empty scratch list, left empty.</remarks>
    private static EventStatus ApplyEvents(ImmutableArray<RecordEvent> events, Instant? knownAt, bool negative, RuleSet rs, List<RecordEvent> seen)
    {
        try
        {
            foreach (var ev in events)
            {
                if (knownAt is { } k && ev.At > k) continue;
                if (!seen.Contains(ev)) seen.Add(ev);
            }

            seen.Sort(EventOrder.Instance);
            var status = default(EventStatus);
            foreach (var ev in seen)
            {
                switch (ev.Type)
                {
                    case RecordEventType.Disputed:
                        status.DisputePending = true;
                        break;
                    case RecordEventType.DisputeRejected:
                        status.DisputePending = false;
                        break;
                    case RecordEventType.DisputeUpheld:
                        status.Final = RecordOutcome.DisputeUpheld;
                        return status;
                    case RecordEventType.Revoked:
                        status.Final = RecordOutcome.Revoked;
                        return status;
                    case RecordEventType.Corrected:
                        status.Final = RecordOutcome.Corrected;
                        return status;
                    case RecordEventType.Repaired:
                        if (!negative)
                        {
                            status.RepairOfPositive = true;
                            break;
                        }

                        var on = ev.EffectiveOn ?? ev.At.InZone(rs.TimeZone).Date;
                        // A repair whose delay ends after 9999-12-31 takes effect on no day of the calendar.
                        if (ScoringPlan.Expires(on, rs.Repair.Delay) is { } from && (status.RepairedFrom is not { } earlier || from < earlier)) status.RepairedFrom = from;
                        break;
                }
            }

            return status;
        }
        finally
        {
            seen.Clear();
        }
    }

    /// <summary>
    /// Spec §3a "Duplicates": one entry per id, in order of first delivery; content from the latest delivery
    /// in view, events from every copy. Writes the entries to <c>scratch.Entries</c> and returns how many.
    /// </summary>
    /// <remarks>Copies are found with an open-addressing table of entry positions keyed by the id's ordinal hash.</remarks>
    private static int MergeCopies(ImmutableArray<CreditRecord> records, Instant? knownAt, Scratch scratch)
    {
        var entries = scratch.EntriesFor(records.Length);
        var slots = scratch.SlotsFor(records.Length);
        int mask = slots.Length - 1;
        int count = 0;
        foreach (var delivered in records)
        {
            if (delivered is null) continue;
            if (knownAt is { } k && delivered.RecordedAt > k) continue;
            var r = knownAt is { } known ? AsKnownAt(delivered, known) : delivered;
            int slot = StringComparer.Ordinal.GetHashCode(r.Id) & mask;
            int at;
            while ((at = slots[slot] - 1) >= 0 && !string.Equals(entries[at].Record.Id, r.Id, StringComparison.Ordinal))
            {
                slot = (slot + 1) & mask;
            }

            if (at < 0)
            {
                slots[slot] = count + 1;
                entries[count++] = new Entry { Record = r, Copies = 1 };
                continue;
            }

            ref var e = ref entries[at];
            e.Copies++;
            if (!e.Record.HasSameContentAs(r)) e.Conflicting = true;
            e.KnownFrom = Min(e.KnownFrom ?? e.Record.RecordedAt, r.RecordedAt);
            var events = e.Record.Events.AddRange(r.Events);
            var latest = IsLater(r, e.Record) ? r : e.Record;
            e.Record = latest.WithEvents(events);
        }

        for (int i = 0; i < count; i++)
        {
            ref var e = ref entries[i];
            if (e.Copies > 1)
            {
                // Deterministic events (set semantics, sorted), and recordedAt = the earliest copy in view.
                var known = e.KnownFrom ?? e.Record.RecordedAt;
                e.Record = new CreditRecord(e.Record.Id, e.Record.Subject, e.Record.ItemCode, e.Record.OccurredOn, e.Record.Provider, known, e.Record.Quantity, DistinctSorted(e.Record.Events));
            }
        }

        return count;
    }

    /// <summary>The events once each (set semantics), in <see cref="EventOrder"/>.</summary>
    private static ImmutableArray<RecordEvent> DistinctSorted(ImmutableArray<RecordEvent> events)
    {
        var distinct = new List<RecordEvent>(events.Length);
        foreach (var ev in events)
        {
            if (!distinct.Contains(ev)) distinct.Add(ev);
        }

        distinct.Sort(EventOrder.Instance);
        return distinct.ToImmutableArray();
    }

    /// <summary>Spec §3a "When a record is known": the record without the events entered after <paramref name="knownAt"/>, so the explanation shows it as it was known then.</summary>
    private static CreditRecord AsKnownAt(CreditRecord r, Instant knownAt)
    {
        foreach (var ev in r.Events)
        {
            if (ev.At > knownAt) return r.WithEvents(r.Events.Where(e => e.At <= knownAt).ToImmutableArray());
        }

        return r;
    }

    /// <summary>Whether delivery <paramref name="a"/> supersedes <paramref name="b"/>: later <c>recordedAt</c>; ties broken by content so order never matters.</summary>
    private static bool IsLater(CreditRecord a, CreditRecord b)
    {
        int c = a.RecordedAt.CompareTo(b.RecordedAt);
        if (c != 0) return c > 0;
        c = string.CompareOrdinal(a.ItemCode, b.ItemCode);
        if (c == 0) c = a.OccurredOn.CompareTo(b.OccurredOn);
        if (c == 0) c = a.Quantity.CompareTo(b.Quantity);
        if (c == 0) c = string.CompareOrdinal(a.Provider, b.Provider);
        if (c == 0) c = a.Subject.CompareTo(b.Subject);
        return c > 0;
    }

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static void AddFlags(ImmutableArray<EvaluationFlag>.Builder flags, in Entry e, SubjectId subject)
    {
        var id = e.Record.Id;
        if (e.Outcome == RecordOutcome.UnknownItem)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.UnknownItem, id, $"record {id}: item code '{e.Record.ItemCode}' is not in the rule set; the record does not count."));
        }
        else if (e.Outcome == RecordOutcome.OtherSubject)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.OtherSubject, id, $"record {id} is about {e.Record.Subject}, not {subject}; it does not count."));
        }

        if (e.Conflicting)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.ConflictingCopies, id, $"record {id}: {e.Copies} copies disagree in content; the latest delivery was used."));
        }

        if (e.RepairOfPositive)
        {
            flags.Add(new EvaluationFlag(EvaluationFlagKind.RepairOfPositiveIgnored, id, $"record {id} is positive; its repair event was ignored."));
        }
    }

    /// <summary>Item and dimension counters of step 4 live on the stack up to this many (16 bytes each).</summary>
    private const int MaxStackCounters = 64;

    /// <summary>A new flag list, holding the rule-set-not-in-force flag when the plan's version is not in force.</summary>
    private static ImmutableArray<EvaluationFlag>.Builder StartFlags(ScoringPlan plan)
    {
        var flags = ImmutableArray.CreateBuilder<EvaluationFlag>();
        if (plan.NotInForceFlag is { } notInForce) flags.Add(notInForce);
        return flags;
    }

    /// <summary>
    /// Working memory of one evaluation, reused by the next evaluation on the same thread: the merged
    /// entries, the copy-detection table and an event list. Scratch only: it holds no result; it is
    /// taken from the thread before use and cleared of every reference when given back.
    /// </summary>
    private sealed class Scratch
    {
        /// <summary>Larger buffers are not kept for the next evaluation.</summary>
        private const int MaxKeptRecords = 4096;

        [ThreadStatic]
        private static Scratch? t_cached;

        private int _used;

        public Entry[] Entries { get; private set; } = new Entry[32];

        public int[] Slots { get; private set; } = new int[64];

        public List<RecordEvent> Events { get; } = new();

        public static Scratch Rent()
        {
            var scratch = t_cached ?? new Scratch();
            t_cached = null;
            return scratch;
        }

        public static void Return(Scratch scratch)
        {
            Array.Clear(scratch.Entries, 0, scratch._used);
            scratch._used = 0;
            scratch.Events.Clear();
            if (scratch.Entries.Length <= MaxKeptRecords) t_cached = scratch;
        }

        /// <summary>An entry buffer for up to <paramref name="records"/> entries.</summary>
        public Entry[] EntriesFor(int records)
        {
            if (Entries.Length < records) Entries = new Entry[RoundUpToPowerOf2(records)];
            _used = records;
            return Entries;
        }

        /// <summary>A cleared copy-detection table for <paramref name="records"/> keys: a power of two, at least twice as many slots.</summary>
        public Span<int> SlotsFor(int records)
        {
            int size = RoundUpToPowerOf2(Math.Max(records, 1) * 2);
            if (Slots.Length < size) Slots = new int[size];
            var slots = Slots.AsSpan(0, size);
            slots.Clear();
            return slots;
        }

        private static int RoundUpToPowerOf2(int n)
        {
            int p = 1;
            while (p < n) p <<= 1;
            return p;
        }
    }

    private struct Entry
    {
        public CreditRecord Record;
        public int Copies;
        public bool Conflicting;
        public Instant? KnownFrom;
        public int ItemIndex;
        public RecordOutcome Outcome;
        public LocalDate? RepairedFrom;
        public bool RepairOfPositive;
        public decimal Raw;
        public decimal AfterRecordCap;
        public decimal AfterItemCap;
        public decimal AfterDimensionCap;
        public decimal Applied;
    }

    private struct EventStatus
    {
        public RecordOutcome? Final;
        public bool DisputePending;
        public LocalDate? RepairedFrom;
        public bool RepairOfPositive;
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry x, Entry y)
        {
            int c = x.Record.OccurredOn.CompareTo(y.Record.OccurredOn);
            return c != 0 ? c : string.CompareOrdinal(x.Record.Id, y.Record.Id);
        }
    }

    private sealed class EventOrder : IComparer<RecordEvent>
    {
        public static readonly EventOrder Instance = new();

        public int Compare(RecordEvent? x, RecordEvent? y)
        {
            int c = x!.At.CompareTo(y!.At);
            if (c != 0) return c;
            c = ((int)x.Type).CompareTo((int)y.Type);
            if (c != 0) return c;
            return Nullable.Compare(x.EffectiveOn, y.EffectiveOn);
        }
    }
}

/// <summary>The old result: the same members as <see cref="CreditEvaluation"/>, with the old line objects.</summary>
internal sealed record ReferenceResult(
    EvaluationStatus Status, SubjectId Subject, RuleSetReference RuleSet, LocalDate AsOf, Instant? KnownAt, decimal? Score, CreditGrade? BandGrade,
    CreditGrade? Grade, ScoreBreakdown? Breakdown, ImmutableArray<DimensionSubtotal> Dimensions, ImmutableArray<AppliedRequirement> Requirements,
    ImmutableArray<ReferenceLine> Records, ImmutableArray<EvaluationFlag> Flags)
{
    public bool IsClean => !Flags.Any(f => f.MakesUnclean);
}

/// <summary>The old explanation line, every value as it was stored.</summary>
internal sealed record ReferenceLine(
    CreditRecord Record, ScoreItem? Item, string? Dimension, RecordOutcome Outcome, int Copies, LocalDate? ExpiresOn, LocalDate? RepairedFrom,
    decimal RawPoints, decimal AfterRecordCap, decimal AfterItemCap, decimal AfterDimensionCap, decimal AppliedPoints);

