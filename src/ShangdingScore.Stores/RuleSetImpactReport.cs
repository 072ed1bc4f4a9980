using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Stores;

/// <summary>A benefit whose gains and losses an impact analysis counts: granted from a minimum grade on.</summary>
/// <remarks>Immutable.</remarks>
public sealed class ImpactBenefit
{
    /// <summary>Creates a benefit threshold.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ImpactBenefit(string code, LocalizedText name, string minimumGrade)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        MinimumGrade = minimumGrade ?? throw new ArgumentNullException(nameof(minimumGrade));
    }

    /// <summary>The benefit's code.</summary>
    public string Code { get; }

    /// <summary>The benefit's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>The grade code from which it is granted (inclusive).</summary>
    public string MinimumGrade { get; }
}

/// <summary>One cell of the grade migration matrix: subjects graded <see cref="From"/> before and <see cref="To"/> after.</summary>
/// <remarks>Immutable.</remarks>
public sealed class ImpactCell
{
    internal ImpactCell(string from, string to, long? count, double? share, ImmutableArray<ImpactSample> samples)
    {
        From = from;
        To = to;
        Count = count;
        Share = share;
        Samples = samples;
    }

    /// <summary>The grade code under the old version.</summary>
    public string From { get; }

    /// <summary>The grade code under the new version.</summary>
    public string To { get; }

    /// <summary>How many subjects; null when suppressed (fewer than the threshold, or suppressed so that it cannot be derived).</summary>
    public long? Count { get; }

    /// <summary>The share of the scored subjects (0…1); null when suppressed.</summary>
    public double? Share { get; }

    /// <summary>A few subjects of this cell (the lowest subject ids) with both explanations; empty in a publishable report.</summary>
    public ImmutableArray<ImpactSample> Samples { get; }
}

/// <summary>One subject in a cell of the matrix, with the evaluations under both versions.</summary>
/// <remarks>Immutable.</remarks>
public sealed class ImpactSample
{
    internal ImpactSample(CreditEvaluation before, CreditEvaluation after)
    {
        Before = before;
        After = after;
    }

    /// <summary>The subject.</summary>
    public SubjectId Subject => Before.Subject;

    /// <summary>The evaluation under the old version.</summary>
    public CreditEvaluation Before { get; }

    /// <summary>The evaluation under the new version.</summary>
    public CreditEvaluation After { get; }
}

/// <summary>How many subjects gain, lose or keep one benefit.</summary>
/// <remarks>Immutable. A count is null when suppressed.</remarks>
public sealed class BenefitShift
{
    internal BenefitShift(ImpactBenefit benefit, long? gained, long? lost, long? kept)
    {
        Benefit = benefit;
        Gained = gained;
        Lost = lost;
        Kept = kept;
    }

    /// <summary>The benefit.</summary>
    public ImpactBenefit Benefit { get; }

    /// <summary>Subjects who would newly qualify.</summary>
    public long? Gained { get; }

    /// <summary>Subjects who would no longer qualify.</summary>
    public long? Lost { get; }

    /// <summary>Subjects who qualify under both versions.</summary>
    public long? Kept { get; }
}

/// <summary>An item whose points differ between the versions for subjects whose score changed.</summary>
/// <remarks>Immutable. Counts are null when suppressed.</remarks>
public sealed class ItemShift
{
    internal ItemShift(string code, LocalizedText? name, long? subjectsUp, long? subjectsDown, decimal pointsDelta)
    {
        Code = code;
        Name = name;
        SubjectsUp = subjectsUp;
        SubjectsDown = subjectsDown;
        PointsDelta = pointsDelta;
    }

    /// <summary>The item code.</summary>
    public string Code { get; }

    /// <summary>The item's name under the new version (or the old one when removed); null when neither knows it.</summary>
    public LocalizedText? Name { get; }

    /// <summary>Subjects whose points from this item rise.</summary>
    public long? SubjectsUp { get; }

    /// <summary>Subjects whose points from this item fall.</summary>
    public long? SubjectsDown { get; }

    /// <summary>The sum of the changes of this item's applied points over all subjects whose score changed.</summary>
    public decimal PointsDelta { get; }
}

/// <summary>
/// What moving from one rule-set version to another would do to a population on one day: the grade
/// migration matrix, who gains or loses each benefit, the items that move people, and sample subjects
/// per cell. Built by <see cref="RuleSetImpactAnalyzer"/>; <see cref="ToPublishable"/> makes the form
/// that may leave the credit center.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetImpactReport
{
    internal RuleSetImpactReport(RuleSetReference from, RuleSetReference to, LocalDate asOf, Instant? knownAt, ImmutableArray<CreditGrade> fromGrades, ImmutableArray<CreditGrade> toGrades, long subjects, long scored, long scoreUp, long scoreDown, ImmutableArray<ImpactCell> cells, ImmutableArray<BenefitShift> benefits, ImmutableArray<ItemShift> items, int? suppressedBelow)
    {
        From = from;
        To = to;
        AsOf = asOf;
        KnownAt = knownAt;
        FromGrades = fromGrades;
        ToGrades = toGrades;
        Subjects = subjects;
        Scored = scored;
        ScoreUp = scoreUp;
        ScoreDown = scoreDown;
        Cells = cells;
        Benefits = benefits;
        Items = items;
        SuppressedBelow = suppressedBelow;
    }

    /// <summary>The old version.</summary>
    public RuleSetReference From { get; }

    /// <summary>The new version.</summary>
    public RuleSetReference To { get; }

    /// <summary>The day scored.</summary>
    public LocalDate AsOf { get; }

    /// <summary>The data view's instant; null for everything.</summary>
    public Instant? KnownAt { get; }

    /// <summary>The old version's grades, best first (the matrix's rows).</summary>
    public ImmutableArray<CreditGrade> FromGrades { get; }

    /// <summary>The new version's grades, best first (the matrix's columns).</summary>
    public ImmutableArray<CreditGrade> ToGrades { get; }

    /// <summary>Subjects read.</summary>
    public long Subjects { get; }

    /// <summary>Subjects enrolled on <see cref="AsOf"/> and so scored under both versions.</summary>
    public long Scored { get; }

    /// <summary>Scored subjects whose published score rises.</summary>
    public long ScoreUp { get; }

    /// <summary>Scored subjects whose published score falls.</summary>
    public long ScoreDown { get; }

    /// <summary>Every cell of the matrix, row by row (old grade best first), then column by column.</summary>
    public ImmutableArray<ImpactCell> Cells { get; }

    /// <summary>Per benefit, who gains, loses or keeps it.</summary>
    public ImmutableArray<BenefitShift> Benefits { get; }

    /// <summary>The items that move people, most subjects moved first.</summary>
    public ImmutableArray<ItemShift> Items { get; }

    /// <summary>The threshold below which counts were suppressed; null for the full internal report.</summary>
    public int? SuppressedBelow { get; }

    /// <summary>The cell of one pair of grade codes.</summary>
    /// <exception cref="ArgumentException">No such cell.</exception>
    public ImpactCell Cell(string from, string to) =>
        Cells.FirstOrDefault(c => c.From == from && c.To == to) ?? throw new ArgumentException($"No cell {from} → {to}.", nameof(from));

    /// <summary>
    /// The report that may be published: every count below <paramref name="threshold"/> suppressed
    /// (and zero counts kept, since a zero discloses no one), with complementary suppression (<see cref="SuppressedTable"/>) so that no suppressed cell follows from the
    /// cells shown and the row, column and grand totals; no samples.
    /// </summary>
    /// <param name="threshold">The smallest count that may be shown (default 10).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is below 1.</exception>
    public RuleSetImpactReport ToPublishable(int threshold = 10)
    {
        if (threshold < 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "At least 1.");
        int rows = FromGrades.Length, cols = ToGrades.Length;
        var counts = new long[rows, cols];
        var unknown = new bool[rows, cols];
        for (int i = 0; i < Cells.Length; i++)
        {
            counts[i / cols, i % cols] = Cells[i].Count ?? 0;
            unknown[i / cols, i % cols] = Cells[i].Count is null;
        }

        var table = SuppressedTable.Suppress(counts, threshold, unknown);
        var cells = ImmutableArray.CreateBuilder<ImpactCell>(Cells.Length);
        for (int i = 0; i < Cells.Length; i++)
        {
            bool h = table.Cell(i / cols, i % cols) is null;
            cells.Add(new ImpactCell(Cells[i].From, Cells[i].To, h ? null : Cells[i].Count, h ? null : Cells[i].Share, ImmutableArray<ImpactSample>.Empty));
        }

        long? Hide(long? n) => n is > 0 and var v && v < threshold ? null : n;
        var benefits = Benefits.Select(b => new BenefitShift(b.Benefit, Hide(b.Gained), Hide(b.Lost), Hide(b.Kept))).ToImmutableArray();
        var items = Items.Select(it => new ItemShift(it.Code, it.Name, Hide(it.SubjectsUp), Hide(it.SubjectsDown), Hide(it.SubjectsUp) is null || Hide(it.SubjectsDown) is null ? 0m : it.PointsDelta)).ToImmutableArray();
        return new RuleSetImpactReport(From, To, AsOf, KnownAt, FromGrades, ToGrades, Subjects, Scored, ScoreUp, ScoreDown, cells.MoveToImmutable(), benefits, items, threshold);
    }
}
