using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ShangdingScore.Rules;

namespace ShangdingScore.Testing;

/// <summary>
/// The laws of a grade scale (spec §2, §3a "Band check over publishable scores"), checked by brute
/// force over every grid score in [min, max] — independently of the analytical check in
/// <see cref="GradeScale.Create"/>:
/// <list type="number">
/// <item>every grid score lies in exactly one band (<see cref="GradeBand.Contains"/>), and every band holds a grid score;</item>
/// <item>bands are monotonic: a higher score never gets a lower grade rank;</item>
/// <item><see cref="GradeScale.GradeOf"/> returns the grade of the band that holds the score.</item>
/// </list>
/// </summary>
/// <remarks>Stateless and thread-safe. The cost is the number of grid scores times the number of bands.</remarks>
public static class GradeScaleLaws
{
    private const int MaxProblemsListed = 20;

    /// <summary>Checks the laws and returns the report; never throws for a violation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is null.</exception>
    public static GradeScaleLawReport Check(GradeScale scale)
    {
        if (scale is null) throw new ArgumentNullException(nameof(scale));
        var problems = new List<string>();
        var bands = scale.Bands;
        var grades = scale.Grades;
        if (bands.Length != grades.Length)
        {
            problems.Add($"the scale has {bands.Length} band(s) but {grades.Length} grade(s).");
        }

        for (int i = 0; i < Math.Min(bands.Length, grades.Length); i++)
        {
            if (grades[i].Rank != i || !string.Equals(grades[i].Code, bands[i].Code, StringComparison.Ordinal))
            {
                problems.Add($"grade {i} is '{grades[i].Code}' with rank {grades[i].Rank}, but band {i} is '{bands[i].Code}'.");
            }
        }

        decimal step = ShangdingGen.StepOf(scale.Precision);
        long points = (long)((scale.Max - scale.Min) / step) + 1;
        var held = new long[bands.Length];
        int previousRank = -1;
        decimal previousScore = scale.Min;
        int omitted = 0;
        for (long index = 0; index < points; index++)
        {
            decimal score = scale.Min + (index * step);
            int holder = -1;
            int count = 0;
            for (int b = 0; b < bands.Length; b++)
            {
                if (!bands[b].Contains(score)) continue;
                count++;
                held[b]++;
                if (holder < 0) holder = b;
            }

            string? problem = null;
            if (count == 0)
            {
                problem = $"score {Fmt(score)} is in no band (gap).";
            }
            else if (count > 1)
            {
                var names = bands.Where(b => b.Contains(score)).Select(b => $"'{b.Code}' {b}");
                problem = $"score {Fmt(score)} is in {count} bands: {string.Join(", ", names)} (overlap).";
            }
            else
            {
                int rank = holder < grades.Length ? grades[holder].Rank : holder;
                if (rank < previousRank)
                {
                    problem = $"score {Fmt(score)} has grade rank {rank} ('{bands[holder].Code}'), below rank {previousRank} of the lower score {Fmt(previousScore)} (not monotonic).";
                }

                string? gradeProblem;
                try
                {
                    var graded = scale.GradeOf(score);
                    gradeProblem = holder < grades.Length && !graded.Equals(grades[holder])
                        ? $"GradeOf({Fmt(score)}) is '{graded.Code}' (rank {graded.Rank}) but band '{bands[holder].Code}' holds the score."
                        : null;
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
                {
                    gradeProblem = $"GradeOf({Fmt(score)}) threw {ex.GetType().Name}: {ex.Message}";
                }

                if (gradeProblem is not null) problem = problem is null ? gradeProblem : problem + " " + gradeProblem;

                previousRank = rank;
                previousScore = score;
            }

            if (problem is null) continue;
            if (problems.Count < MaxProblemsListed) problems.Add(problem.Trim());
            else omitted++;
        }

        for (int b = 0; b < bands.Length; b++)
        {
            if (held[b] == 0) problems.Add($"band '{bands[b].Code}' {bands[b]} holds no grid score.");
        }

        if (omitted > 0) problems.Add($"… and {omitted} more grid score(s) with problems.");
        return new GradeScaleLawReport(scale.Min, scale.Max, scale.Precision, points, problems.ToImmutableArray());
    }

    /// <summary>Checks the laws for a rule set's scale and returns the report; never throws for a violation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    public static GradeScaleLawReport Check(RuleSet ruleSet) =>
        Check((ruleSet ?? throw new ArgumentNullException(nameof(ruleSet))).Scale);

    /// <summary>Checks the laws; returns the report when they hold.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scale"/> is null.</exception>
    /// <exception cref="GradeScaleLawException">A law is violated; the message lists every problem (up to 20 grid scores).</exception>
    public static GradeScaleLawReport Verify(GradeScale scale)
    {
        var report = Check(scale);
        return report.IsSatisfied ? report : throw new GradeScaleLawException(report);
    }

    /// <summary>Checks the laws for a rule set's scale; returns the report when they hold.</summary>
    /// <example>
    /// In an xunit test of a custom rule set:
    /// <code>
    /// var rules = RuleSetJson.Load(File.ReadAllText("my-rules.json")).GetValueOrThrow();
    /// GradeScaleLaws.Verify(rules);
    /// RuleSetLaws.Verify(rules);
    /// </code>
    /// </example>
    /// <exception cref="ArgumentNullException"><paramref name="ruleSet"/> is null.</exception>
    /// <exception cref="GradeScaleLawException">A law is violated; the message lists every problem (up to 20 grid scores).</exception>
    public static GradeScaleLawReport Verify(RuleSet ruleSet) =>
        Verify((ruleSet ?? throw new ArgumentNullException(nameof(ruleSet))).Scale);

    internal static string Fmt(decimal d) => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="GradeScaleLaws"/> found: the grid checked and every problem.</summary>
/// <remarks>Immutable.</remarks>
public sealed class GradeScaleLawReport
{
    internal GradeScaleLawReport(decimal min, decimal max, int precision, long gridPoints, ImmutableArray<string> problems)
    {
        Min = min;
        Max = max;
        Precision = precision;
        GridPoints = gridPoints;
        Problems = problems;
    }

    /// <summary>The lowest score checked.</summary>
    public decimal Min { get; }

    /// <summary>The highest score checked.</summary>
    public decimal Max { get; }

    /// <summary>The precision of the grid.</summary>
    public int Precision { get; }

    /// <summary>How many grid scores were checked.</summary>
    public long GridPoints { get; }

    /// <summary>Every problem, in grid order, in English; empty when the laws hold.</summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>Whether every law holds.</summary>
    public bool IsSatisfied => Problems.IsEmpty;

    /// <summary>A summary line, then one line per problem.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("grade scale [").Append(GradeScaleLaws.Fmt(Min)).Append(", ").Append(GradeScaleLaws.Fmt(Max))
          .Append("] at precision ").Append(Precision).Append(": ").Append(GridPoints).Append(" grid score(s) checked, ");
        if (IsSatisfied) return sb.Append("every law holds.").ToString();
        sb.Append(Problems.Length).Append(" problem(s):");
        foreach (var p in Problems) sb.AppendLine().Append("  ").Append(p);
        return sb.ToString();
    }
}

/// <summary>Thrown by <see cref="GradeScaleLaws.Verify(GradeScale)"/> when a law is violated.</summary>
public sealed class GradeScaleLawException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public GradeScaleLawException(GradeScaleLawReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString()) => Report = report;

    /// <summary>The report, with every problem.</summary>
    public GradeScaleLawReport Report { get; }
}
