using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>The hints about records: one more positive record, negative records ending, repairs.</summary>
public static partial class ImprovementAdvisor
{
    /// <summary>
    /// Spec §3 steps 3–5: for each positive item, the request evaluated with one more record of it on <c>asOf</c>
    /// (quantity 1); a hint when that adds points. The caps' room is read from today's explanation.
    /// </summary>
    private static IEnumerable<PositiveItemHint> PositiveItems(AdviceContext ctx)
    {
        var rs = ctx.RuleSet;
        var now = ctx.Now;
        decimal score = now.Score!.Value;
        if (score >= rs.Max) return Enumerable.Empty<PositiveItemHint>();
        var found = new List<(PositiveItemHint Hint, int Index)>();
        for (int i = 0; i < rs.Items.Length; i++)
        {
            var item = rs.Items[i];
            decimal nominal = item.Points ?? item.PointsPerUnit ?? 0m;
            if (item.Polarity != Polarity.Positive || nominal <= 0m) continue;
            var record = new CreditRecord(ctx.FreshId("hint.one-more." + item.Code), ctx.Request.Subject, item.Code, ctx.AsOf, AssumedProvider, ctx.EnteredAt(ctx.AsOf));
            var after = ctx.With(ctx.Request.Records.Add(record), ctx.AsOf);
            decimal added = after.Breakdown!.Bonus - now.Breakdown!.Bonus;
            if (added <= 0m) continue;

            var itemPath = ctx.ItemPath(item);
            var dimensionPath = ctx.DimensionPath(item.Dimension);
            var sources = new List<string> { itemPath + (item.Points.HasValue ? ".points" : ".pointsPerUnit") };
            decimal running = nominal;
            string? limitedBy = null;
            void Cap(decimal? room, string path)
            {
                if (room is not { } r) return;
                sources.Add(path);
                if (r < running)
                {
                    running = r;
                    limitedBy ??= path;
                }
            }

            decimal? itemRoom = item.ItemCap is { } ic ? Math.Max(0m, ic - Used(now, item.Code)) : null;
            var dimension = now.Dimensions.First(d => string.Equals(d.Code, item.Dimension, StringComparison.Ordinal));
            decimal? dimensionRoom = dimension.Cap is { } dc ? Math.Max(0m, dc - Math.Min(dimension.BeforeCap, dc)) : null;
            decimal bonusRoom = Math.Max(0m, rs.MaxBonus - now.Breakdown.Bonus);
            Cap(item.RecordCap, itemPath + ".recordCap");
            Cap(itemRoom, itemPath + ".itemCap");
            Cap(dimensionRoom, dimensionPath + ".positiveCap");
            Cap(bonusRoom, "$.maxBonus");
            var hint = new PositiveItemHint(sources.ToImmutableArray(), item, ctx.AsOf, nominal, itemRoom, dimensionRoom, bonusRoom, limitedBy, added, score, new ProjectedScore(after));
            found.Add((hint, i));
        }

        return found
            .OrderByDescending(h => h.Hint.ScoreGain)
            .ThenByDescending(h => h.Hint.PointsAdded)
            .ThenBy(h => h.Index)
            .Select(h => h.Hint);
    }

    /// <summary>Points the counting records of a positive item take today under its item cap.</summary>
    private static decimal Used(CreditEvaluation now, string itemCode)
    {
        decimal used = 0m;
        foreach (var line in now.Records)
        {
            if (line.Counted && string.Equals(line.ItemCode, itemCode, StringComparison.Ordinal)) used += line.AfterItemCap;
        }

        return used;
    }

    /// <summary>Spec §3 step 2: each counting negative record's first day out of its window or repaired, and the request evaluated that day.</summary>
    private static IEnumerable<NegativeRecordEndsHint> NegativeRecordsEnding(AdviceContext ctx)
    {
        var found = new List<NegativeRecordEndsHint>();
        foreach (var line in ctx.Now.Records)
        {
            if (!line.Counted || line.Polarity != Polarity.Negative) continue;
            if (AdviceContext.EndOf(line, out var cause) is not { } end) continue;
            var item = line.Item!;
            var source = cause == RecordEndCause.WindowEnds ? ctx.ItemPath(item) + ".countsFor" : "$.repair.delay";
            found.Add(new NegativeRecordEndsHint(ImmutableArray.Create(source), line.RecordId, item, line.AppliedPoints, end, cause, new ProjectedScore(ctx.On(end))));
        }

        return found.OrderBy(h => h.StopsCountingOn).ThenBy(h => h.RecordId, StringComparer.Ordinal);
    }

    /// <summary>
    /// Spec §3a (repair) and <c>items[].repairMinimumPeriod</c>: for each counting negative record without a repair, the
    /// first day a repair may be applied for, and the request evaluated on the day such a repair would take effect, with
    /// that repair added to the record. None when the record's window ends first.
    /// </summary>
    private static IEnumerable<RepairApplicationHint> RepairApplications(AdviceContext ctx)
    {
        var rs = ctx.RuleSet;
        var found = new List<RepairApplicationHint>();
        foreach (var line in ctx.Now.Records)
        {
            if (!line.Counted || line.Polarity != Polarity.Negative || line.RepairedFrom is not null) continue;
            var item = line.Item!;
            if (rs.EarliestRepairApplication(item, line.OccurredOn) is not { } earliest) continue;
            var applyOn = earliest > ctx.AsOf ? earliest : ctx.AsOf;
            if (ScoringPlan.Expires(applyOn, rs.Repair.Delay) is not { } stops) continue;
            if (line.ExpiresOn is { } expires && expires <= stops) continue;

            var repair = new RecordEvent(RecordEventType.Repaired, ctx.EnteredAt(applyOn), applyOn);
            var records = ctx.Request.Records
                .Select(r => r is not null && string.Equals(r.Id, line.RecordId, StringComparison.Ordinal) ? r.WithEvents(r.Events.Add(repair)) : r!)
                .ToImmutableArray();
            var sources = new List<string>();
            if (item.RepairMinimumPeriod is { } p && !p.Equals(Period.Zero)) sources.Add(ctx.ItemPath(item) + ".repairMinimumPeriod");
            sources.Add("$.repair.delay");
            found.Add(new RepairApplicationHint(sources.ToImmutableArray(), line.RecordId, item, line.AppliedPoints, line.OccurredOn, earliest, applyOn, stops, new ProjectedScore(ctx.With(records, stops))));
        }

        return found.OrderBy(h => h.StopsCountingOn).ThenBy(h => h.RecordId, StringComparer.Ordinal);
    }
}
