using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Rules;

namespace ShangdingScore.Evaluation;

/// <summary>
/// The pure evaluator of spec §3: <c>Evaluate(ruleSet, records, asOf, knownAt)</c>. No I/O, no clock,
/// no randomness; the same input gives the same result on every machine, whatever the order of the
/// records and however many copies of a record arrive.
/// </summary>
/// <remarks>
/// Stateless and thread-safe. Scoring a valid rule set never throws; a null argument throws
/// <see cref="ArgumentNullException"/>. Each step of the spec is a named method below.
/// </remarks>
public static partial class CreditEvaluator
{
    /// <summary>Evaluates one subject with a full explanation.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static CreditEvaluation Evaluate(RuleSet ruleSet, EvaluationRequest request)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        return Evaluate(ScoringPlan.Create(ruleSet, request?.AsOf ?? throw new ArgumentNullException(nameof(request))), request);
    }

    /// <summary>Evaluates one subject with a full explanation, on a prepared plan.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The request's <c>AsOf</c> is not the plan's.</exception>
    public static CreditEvaluation Evaluate(ScoringPlan plan, EvaluationRequest request)
    {
        Check(plan, request);
        return Run(plan, request.Subject, request.Enrolment, request.Records, request.KnownAt, explain: true).Evaluation!;
    }

    /// <summary>
    /// Evaluates the records of one subject who is taken to be enrolled on <paramref name="asOf"/>
    /// (the caller checked). The subject is that of the records; records of several subjects are flagged.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="records"/> is empty (there is no subject to name).</exception>
    public static CreditEvaluation Evaluate(RuleSet ruleSet, IEnumerable<CreditRecord> records, LocalDate asOf, Instant? knownAt = null)
    {
        if (ruleSet is null) throw new ArgumentNullException(nameof(ruleSet));
        if (records is null) throw new ArgumentNullException(nameof(records));
        var list = records.ToImmutableArray();
        if (list.IsEmpty) throw new ArgumentException("Name the subject with an EvaluationRequest when there are no records.", nameof(records));
        var subject = list.Select(r => r.Subject).Min();
        return Evaluate(ruleSet, new EvaluationRequest { Subject = subject, Enrolment = Enrolment.Since(LocalDate.MinIsoValue), Records = list, AsOf = asOf, KnownAt = knownAt });
    }

    /// <summary>Scores one subject without building an explanation: the same score and grade as <see cref="Evaluate(ScoringPlan, EvaluationRequest)"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The request's <c>AsOf</c> is not the plan's.</exception>
    public static ScoreSummary Score(ScoringPlan plan, EvaluationRequest request)
    {
        Check(plan, request);
        return Run(plan, request.Subject, request.Enrolment, request.Records, request.KnownAt, explain: false).Summary;
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

    private static (CreditEvaluation? Evaluation, ScoreSummary Summary) Run(ScoringPlan plan, SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain) =>
        Run(plan, subject, enrolment, records, knownAt, explain, Span<decimal>.Empty);

    // dimensionPoints: empty, or one slot per dimension (cleared here) that receives each dimension's DimensionSubtotal.Points.
    private static (CreditEvaluation? Evaluation, ScoreSummary Summary) Run(ScoringPlan plan, SubjectId subject, Enrolment enrolment, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain, Span<decimal> dimensionPoints)
    {
        dimensionPoints.Clear();
        // Enrolment (spec §3): not enrolled → no score, records not looked at.
        if (!enrolment.IsEnrolledOn(plan.AsOf))
        {
            var summary = new ScoreSummary(EvaluationStatus.NotEnrolled, null, null, true);
            if (!explain) return (null, summary);
            return (new CreditEvaluation(EvaluationStatus.NotEnrolled, subject, plan.Reference, plan.AsOf, knownAt, null, null, null, null,
                ImmutableArray<DimensionSubtotal>.Empty, ImmutableArray<AppliedRequirement>.Empty, ImmutableArray<RecordExplanation>.Empty, plan.StartFlags), summary);
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

    private static (CreditEvaluation? Evaluation, ScoreSummary Summary) Score(ScoringPlan plan, SubjectId subject, ImmutableArray<CreditRecord> records, Instant? knownAt, bool explain, Scratch scratch, Span<decimal> dimensionPoints)
    {
        var rs = plan.RuleSet;

        // Step 1 and §3a: the records in view at knownAt, copies merged into one record each.
        int count = MergeCopies(records, knownAt, scratch);
        var entries = scratch.Entries;

        // Step 2: status, and whether each record counts on asOf (step 3, the points, is computed where step 4 needs them).
        // Occurrence dates become day numbers once, for the comparisons of step 2 and the sort keys of step 4.
        bool clean = true, days = true;
        var keys = scratch.Keys;
        for (int i = 0; i < count; i++)
        {
            ref var e = ref entries[i];
            bool hasDay = ScoringPlan.TryDayNumber(e.Record.OccurredOn, out int day);
            days &= hasDay;
            keys[i] = ((long)day << 32) | (uint)i;
            e.Outcome = hasDay && plan.HasDayNumbers ? ClassifyOn(plan, ref e, day, subject, knownAt, scratch) : Classify(plan, ref e, subject, knownAt, scratch);
            if (e.Outcome is RecordOutcome.UnknownItem or RecordOutcome.OtherSubject || e.Conflicting) clean = false;
        }

        // Step 4: caps. Allocation follows (occurredOn, id) so the explanation is the same for any input order, and so
        // is the published score's decimal scale (what is taken under a cap carries the cap's scale): every path
        // allocates in this order, the score-only and prepared paths too, so all print the same score.
        var order = SortEntries(entries, count, days, scratch);
        int dimCount = rs.Dimensions.Length;
        Span<decimal> dimBefore = dimCount <= MaxStackCounters ? stackalloc decimal[dimCount] : new decimal[dimCount];
        Span<decimal> dimAdded = dimCount <= MaxStackCounters ? stackalloc decimal[dimCount] : new decimal[dimCount];
        Span<byte> stages = count <= MaxStackStages ? stackalloc byte[count] : new byte[count];
        var sums = default(StepFourSums);
        if (rs.FixedPoint is not { } fp || !StepFourFixed(rs, fp, entries, order, count, explain, stages, dimBefore, dimAdded, scratch.Partials, ref sums))
        {
            scratch.Partials.Clear();
            StepFourDecimal(rs, entries, order, count, explain, stages, dimBefore, dimAdded, scratch.Partials, ref sums);
        }

        if (!dimensionPoints.IsEmpty) dimAdded.CopyTo(dimensionPoints);

        // Step 5: total, clamped and rounded half away from zero.
        decimal published = rs.Publish(sums.Total);

        // Step 6 and 7: the band, then every requirement whose condition holds.
        int bandIndex = rs.Scale.BandIndexOf(published);
        var bandGrade = rs.Scale.Grades[bandIndex];
        var grade = FinalGrade(rs, bandGrade, sums.AnyNegative, sums.AnySerious);

        if (!explain)
        {
            return (null, new ScoreSummary(EvaluationStatus.Scored, published, grade, clean));
        }

        // Step 8: the explanation.
        var evaluation = Explain(plan, subject, knownAt, entries, order, count, stages, dimBefore, dimAdded, sums, published, bandGrade, grade, scratch);
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
    /// <see cref="decimal.MaxValue"/>. <paramref name="took"/> says which of the three results it is, for the
    /// explanation (<see cref="RecordExplanation.TookAll"/>: <paramref name="amount"/> itself, bit for bit).
    /// </remarks>
    private static decimal Take(decimal amount, decimal cap, ref decimal used, out int took)
    {
        if (cap == decimal.MaxValue)
        {
            used = SaturatingAdd(used, amount);
            took = RecordExplanation.TookAll;
            return amount;
        }

        decimal left = cap - used;
        decimal taken;
        if (amount <= left)
        {
            taken = amount;
            took = RecordExplanation.TookAll;
        }
        else if (left > 0m)
        {
            taken = left;
            took = RecordExplanation.TookPart;
        }
        else
        {
            taken = 0m;
            took = RecordExplanation.TookNothing;
        }

        used += taken;
        return taken;
    }

    /// <summary>Spec §3 step 3: a record's points (fixed, or quantity × points per unit), capped per record; <paramref name="raw"/> before the cap. Magnitudes: the sign comes from the item's polarity.</summary>
    internal static decimal PointsAfterRecordCap(in CompiledItem item, decimal quantity, out decimal raw)
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
    private static RecordOutcome Classify(ScoringPlan plan, ref Entry e, SubjectId subject, Instant? knownAt, Scratch scratch)
    {
        if (ClassifyStatus(plan.RuleSet, ref e, subject, knownAt, scratch) is { } never) return never;
        var occurred = e.Record.OccurredOn;
        if (occurred > plan.AsOf) return RecordOutcome.NotYetOccurred;
        if (occurred < plan.FirstCountingDate[e.ItemIndex]) return RecordOutcome.Expired;
        if (e.RepairedFrom is { } from && plan.AsOf >= from) return RecordOutcome.Repaired;
        return RecordOutcome.Counted;
    }

    /// <summary><see cref="Classify"/> for a record whose occurrence date is day number <paramref name="day"/>, on a plan with day numbers: the same outcome.</summary>
    private static RecordOutcome ClassifyOn(ScoringPlan plan, ref Entry e, int day, SubjectId subject, Instant? knownAt, Scratch scratch)
    {
        if (ClassifyStatus(plan.RuleSet, ref e, subject, knownAt, scratch) is { } never) return never;
        if (day > plan.AsOfDay) return RecordOutcome.NotYetOccurred;
        if (day < plan.FirstCountingDay[e.ItemIndex]) return RecordOutcome.Expired;
        if (e.RepairedFrom is { } from && plan.AsOf >= from) return RecordOutcome.Repaired;
        return RecordOutcome.Counted;
    }

    /// <summary>
    /// The part of <see cref="Classify"/> that does not depend on asOf: resolves the item, applies the events
    /// (setting <c>RepairedFrom</c>), and returns why the record never counts, or null when whether it counts
    /// depends on asOf (occurrence, window, repair date).
    /// </summary>
    private static RecordOutcome? ClassifyStatus(RuleSet rs, ref Entry e, SubjectId subject, Instant? knownAt, Scratch scratch)
    {
        e.ItemIndex = scratch.ItemIndexOf(rs, e.Record.ItemCode);
        if (e.Record.Subject != subject) return RecordOutcome.OtherSubject;
        if (e.ItemIndex < 0) return RecordOutcome.UnknownItem;
        var status = e.Record.Events.IsEmpty ? default : ApplyEvents(e.Record.Events, knownAt, rs.CompiledItems[e.ItemIndex].Negative, rs, scratch.Events);
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
    /// <remarks>Copies are found with an open-addressing table of entry positions keyed by <see cref="IdHash"/>.</remarks>
    private static int MergeCopies(ImmutableArray<CreditRecord> records, Instant? knownAt, Scratch scratch)
    {
        var entries = scratch.EntriesFor(records.Length);
        var slots = scratch.SlotsFor(records.Length);
        var hashes = scratch.SlotHashes;
        int mask = slots.Length - 1;
        int count = 0;
        foreach (var delivered in records)
        {
            if (delivered is null) continue;
            if (knownAt is { } k && delivered.RecordedAt > k) continue;
            var r = knownAt is { } known ? AsKnownAt(delivered, known) : delivered;
            int hash = IdHash(r.Id);
            int slot = hash & mask;
            int at;
            while ((at = slots[slot] - 1) >= 0 && (hashes[slot] != hash || !string.Equals(entries[at].Record.Id, r.Id, StringComparison.Ordinal)))
            {
                slot = (slot + 1) & mask;
            }

            if (at < 0)
            {
                slots[slot] = count + 1;
                hashes[slot] = hash;
                entries[count++] = new Entry { Record = r, Copies = 1 };
                continue;
            }

            ref var e = ref entries[at];
            e.Copies++;
            if (!e.Record.HasSameContentAs(r)) e.Conflicting = true;
            var earliest = e.Earliest ?? e.Record;
            e.Earliest = r.RecordedAt < earliest.RecordedAt ? r : earliest;
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
                var known = (e.Earliest ?? e.Record).RecordedAt;
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

    /// <summary>Item and dimension counters of step 4 live on the stack up to this many (16 bytes each).</summary>
    private const int MaxStackCounters = 64;
}

/// <summary>A score without its explanation: what batch scoring and benefit checks need.</summary>
/// <remarks>Immutable value.</remarks>
public readonly struct ScoreSummary
{
    internal ScoreSummary(EvaluationStatus status, decimal? score, CreditGrade? grade, bool isClean)
    {
        Status = status;
        Score = score;
        Grade = grade;
        IsClean = isClean;
    }

    /// <summary>Scored or not enrolled.</summary>
    public EvaluationStatus Status { get; }

    /// <summary>The published score; null when not enrolled.</summary>
    public decimal? Score { get; }

    /// <summary>The final grade; null when not enrolled.</summary>
    public CreditGrade? Grade { get; }

    /// <summary>Whether no record was set aside for a data problem.</summary>
    public bool IsClean { get; }
}
