using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Hints;

/// <summary>
/// One <see cref="ImprovementAdvisor.Advise"/> call: the rule set, the request, today's evaluation, re-evaluations
/// of the same request on other days (each day once), and the JSON paths of rule-set fields.
/// </summary>
/// <remarks>Not thread-safe; lives for one call.</remarks>
internal sealed class AdviceContext
{
    private readonly Dictionary<LocalDate, CreditEvaluation> _byDay = new();
    private readonly HashSet<string> _ids;

    public AdviceContext(RuleSet ruleSet, EvaluationRequest request, CreditEvaluation now)
    {
        RuleSet = ruleSet;
        Request = request;
        Now = now;
        _byDay[request.AsOf] = now;
        _ids = new HashSet<string>(request.Records.Where(r => r is not null).Select(r => r.Id), StringComparer.Ordinal);
    }

    public RuleSet RuleSet { get; }

    public EvaluationRequest Request { get; }

    /// <summary>Today's evaluation (scored).</summary>
    public CreditEvaluation Now { get; }

    public LocalDate AsOf => Request.AsOf;

    /// <summary>The same request evaluated on <paramref name="day"/>.</summary>
    public CreditEvaluation On(LocalDate day)
    {
        if (!_byDay.TryGetValue(day, out var e))
        {
            e = With(Request.Records, day);
            _byDay[day] = e;
        }

        return e;
    }

    /// <summary>The request with <paramref name="records"/> instead of its own, evaluated on <paramref name="day"/>.</summary>
    public CreditEvaluation With(ImmutableArray<CreditRecord> records, LocalDate day) =>
        CreditEvaluator.Evaluate(RuleSet, new EvaluationRequest
        {
            Subject = Request.Subject,
            Enrolment = Request.Enrolment,
            Records = records,
            AsOf = day,
            KnownAt = Request.KnownAt,
        });

    /// <summary>When an assumed record or event is entered: at <c>knownAt</c> (so the view sees it), else the start of <paramref name="day"/> (UTC).</summary>
    public Instant EnteredAt(LocalDate day) => Request.KnownAt ?? day.AtMidnight().InUtc().ToInstant();

    /// <summary>A record id no record of the request has: <paramref name="stem"/>, or it with <c>#2</c>, <c>#3</c>, … .</summary>
    public string FreshId(string stem)
    {
        var id = stem;
        for (int n = 2; _ids.Contains(id); n++) id = stem + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ids.Add(id);
        return id;
    }

    /// <summary>The first day a counting record stops counting, by its window or a repair already entered; null when neither ends it.</summary>
    public static LocalDate? EndOf(RecordExplanation line, out RecordEndCause cause)
    {
        cause = RecordEndCause.WindowEnds;
        if (line.RepairedFrom is { } repaired && (line.ExpiresOn is not { } expires || repaired < expires))
        {
            cause = RecordEndCause.RepairTakesEffect;
            return repaired;
        }

        return line.ExpiresOn;
    }

    public int ItemIndex(ScoreItem item) => RuleSet.TryGetItemIndex(item.Code, out var i) ? i : throw new InvalidOperationException($"'{item.Code}' is not an item of the rule set.");

    public string ItemPath(ScoreItem item) => $"$.items[{Index(ItemIndex(item))}]";

    public string DimensionPath(string code) => $"$.dimensions[{Index(IndexOf(RuleSet.Dimensions, d => d.Code == code))}]";

    /// <summary>The band's path in the document, whose <c>grades</c> may be in any order.</summary>
    public string GradePath(string code) => $"$.grades[{Index(IndexOf(RuleSet.Definition.Grades, g => g.Code == code))}]";

    public string RequirementPath(string code) => $"$.requirements[{Index(IndexOf(RuleSet.Requirements, r => r.Code == code))}]";

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int IndexOf<T>(ImmutableArray<T> list, Func<T, bool> match)
    {
        for (int i = 0; i < list.Length; i++)
        {
            if (match(list[i])) return i;
        }

        throw new InvalidOperationException("A code of the evaluation is not in the rule set.");
    }
}
