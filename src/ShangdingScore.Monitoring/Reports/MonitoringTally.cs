using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rights;
using ShangdingScore.Rules;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring;

/// <summary>The rows and columns of one report, indexed once.</summary>
internal sealed class MonitoringShape
{
    public const string OtherFamily = "other";

    public MonitoringShape(ScoringPlan plan, DistrictCatalog districts, MonitoringOptions options)
    {
        Plan = plan;
        Catalog = districts;
        Options = options;
        Rows = districts.Districts.Select(d => new MonitoringLabel(d.Code, d.Name))
            .Append(new MonitoringLabel(MonitoringReport.UnknownDistrict, new LocalizedText("未知区域", "Unknown district"))).ToImmutableArray();
        RowOf = Rows.Select((l, i) => (l.Code, i)).ToImmutableDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        Grades = plan.RuleSet.Grades.OrderByDescending(g => g.Rank).ToImmutableArray();
        var last = new YearMonth(plan.AsOf.Year, plan.AsOf.Month);
        Months = Enumerable.Range(0, options.Months).Select(i => last.PlusMonths(i - options.Months + 1)).ToImmutableArray();
        int bands = (int)Math.Ceiling((plan.RuleSet.Max - plan.RuleSet.Min + 1) / options.ScoreBand);
        Bands = Enumerable.Range(0, Math.Max(1, bands)).Select(i =>
        {
            decimal from = plan.RuleSet.Min + (i * options.ScoreBand), to = Math.Min(plan.RuleSet.Max, from + options.ScoreBand - 1);
            string code = $"{from:0.####}-{to:0.####}";
            return new MonitoringLabel(code, new LocalizedText($"{from:0.####}–{to:0.####} 分", $"{from:0.####}–{to:0.####} points"));
        }).ToImmutableArray();
        Families = options.BenefitFamilies.Values.Distinct(StringComparer.Ordinal).OrderBy(f => f, StringComparer.Ordinal).Append(OtherFamily).ToImmutableArray();
    }

    public ScoringPlan Plan { get; }

    public DistrictCatalog Catalog { get; }

    public MonitoringOptions Options { get; }

    public LocalDate AsOf => Plan.AsOf;

    public ImmutableArray<MonitoringLabel> Rows { get; }

    public ImmutableDictionary<string, int> RowOf { get; }

    public int UnknownRow => Rows.Length - 1;

    public ImmutableArray<CreditGrade> Grades { get; }

    public ImmutableArray<YearMonth> Months { get; }

    public ImmutableArray<MonitoringLabel> Bands { get; }

    public ImmutableArray<string> Families { get; }

    public int Row(string? district, SubjectId subject)
    {
        if (district is null) return UnknownRow;
        return RowOf.TryGetValue(district, out var r) && r != UnknownRow
            ? r
            : throw new InvalidDataException($"The residence source places subject {subject} in district '{district}', which {Catalog.Id} {Catalog.Version} does not have.");
    }

    /// <summary>The index of the grade with this code; -1 when the rule set has none.</summary>
    public int GradeIndex(string code)
    {
        for (int i = 0; i < Grades.Length; i++)
        {
            if (string.Equals(Grades[i].Code, code, StringComparison.Ordinal)) return i;
        }

        return -1;
    }

    public int GradeIndex(CreditGrade grade)
    {
        for (int i = 0; i < Grades.Length; i++)
        {
            if (ReferenceEquals(Grades[i], grade)) return i;
        }

        return Grades.IndexOf(grade);
    }

    public int Month(LocalDate day)
    {
        int i = Months.IndexOf(new YearMonth(day.Year, day.Month));
        return day > AsOf ? -1 : i;
    }

    public int Month(Instant at) => Month(at.InZone(Plan.RuleSet.TimeZone).Date);

    public int Band(decimal score) => Math.Min(Bands.Length - 1, Math.Max(0, (int)Math.Floor((score - Plan.RuleSet.Min) / Options.ScoreBand)));

    public int Family(string benefit)
    {
        var f = Options.BenefitFamilies.TryGetValue(benefit, out var code) ? code : OtherFamily;
        return Families.IndexOf(f);
    }
}

/// <summary>One worker's counts (then, merged, the whole report's).</summary>
internal sealed class MonitoringTally
{
    private static readonly string[] MonthTables =
    [
        MonitoringTableIds.EnrolmentsByMonth, MonitoringTableIds.QueriesByMonth, MonitoringTableIds.GrantsByMonth,
        MonitoringTableIds.DisputesOpened, MonitoringTableIds.DisputesDecided, MonitoringTableIds.DisputesOverdue,
        MonitoringTableIds.RepairsApplied, MonitoringTableIds.RepairsDecided,
    ];

    private readonly MonitoringShape _shape;
    private readonly long[,] _enrolment, _grades, _bands, _queriesByFamily, _grantsByFamily;
    private readonly long[][,] _monthly;
    private readonly decimal[,] _dimensionPoints;
    private readonly SortedDictionary<string, (long[] Queries, long[] Grants)> _venues = new(StringComparer.Ordinal);

    public MonitoringTally(MonitoringShape shape)
    {
        _shape = shape;
        int rows = shape.Rows.Length;
        _enrolment = new long[rows, 2];
        _grades = new long[rows, shape.Grades.Length];
        _bands = new long[rows, shape.Bands.Length];
        _queriesByFamily = new long[rows, shape.Families.Length];
        _grantsByFamily = new long[rows, shape.Families.Length];
        _monthly = MonthTables.Select(_ => new long[rows, shape.Months.Length]).ToArray();
        _dimensionPoints = new decimal[rows, shape.Plan.RuleSet.Dimensions.Length];
    }

    public void AddSubject(SubjectSnapshot s, int row)
    {
        // The score path with the dimensions' points: the same figures as the full evaluation's DimensionSubtotal.Points,
        // without building the explanation that the report does not show.
        var request = new EvaluationRequest { Subject = s.Subject, Enrolment = s.Enrolment, Records = s.Records, AsOf = _shape.AsOf, KnownAt = _shape.Options.KnownAt };
        int dimensions = _dimensionPoints.GetLength(1);
        Span<decimal> points = dimensions <= 16 ? stackalloc decimal[dimensions] : new decimal[dimensions];
        var e = CreditEvaluator.Score(_shape.Plan, request, points);
        Add(s.Enrolment, e.Status == EvaluationStatus.Scored ? _shape.GradeIndex(e.Grade!) : -1, e.Score, points, row);
    }

    /// <summary>Adds a subject from the score a batch rescoring kept for it (checked by <see cref="KeptScoreMerge"/>).</summary>
    public void AddKept(KeptSubject s, int row)
    {
        var kept = s.Score is { Status: EvaluationStatus.Scored } k ? k : null;
        Add(s.Enrolment, kept is null ? -1 : _shape.GradeIndex(kept.GradeCode!), kept?.Score, kept is null ? default : kept.DimensionPoints.AsSpan(), row);
    }

    /// <summary>Counts one subject: its enrolments by month and, when scored (<paramref name="grade"/> at least 0), its grade, band and dimension points.</summary>
    private void Add(Enrolment enrolment, int grade, decimal? score, ReadOnlySpan<decimal> points, int row)
    {
        foreach (var p in enrolment.Periods)
        {
            if (!p.IsEmpty) Count(MonitoringTableIds.EnrolmentsByMonth, row, _shape.Month(p.EnrolledOn));
        }

        if (grade < 0)
        {
            _enrolment[row, 1]++;
            return;
        }

        _enrolment[row, 0]++;
        _grades[row, grade]++;
        _bands[row, _shape.Band(score!.Value)]++;
        for (int k = 0; k < points.Length; k++) _dimensionPoints[row, k] += points[k];
    }

    public void AddQuery(QueryLogEntry q, int row)
    {
        int month = _shape.Month(q.At);
        if (month < 0) return;
        bool granted = q.Outcome == QueryOutcome.Answered && q.ReasonCode == "granted";
        int family = _shape.Family(q.Purpose);
        Count(MonitoringTableIds.QueriesByMonth, row, month);
        _queriesByFamily[row, family]++;
        if (!_venues.TryGetValue(q.Grantee, out var v)) _venues[q.Grantee] = v = (new long[_shape.Families.Length], new long[_shape.Families.Length]);
        v.Queries[family]++;
        if (!granted) return;
        Count(MonitoringTableIds.GrantsByMonth, row, month);
        _grantsByFamily[row, family]++;
        v.Grants[family]++;
    }

    public void AddRightsStep(RightsEntry entry, int row)
    {
        string? table = entry.Kind switch
        {
            RightsEntryKinds.DisputeFiled => MonitoringTableIds.DisputesOpened,
            RightsEntryKinds.DisputeDecided => MonitoringTableIds.DisputesDecided,
            RightsEntryKinds.DisputeOverdue => MonitoringTableIds.DisputesOverdue,
            RightsEntryKinds.RepairApplied => MonitoringTableIds.RepairsApplied,
            RightsEntryKinds.RepairDecided => MonitoringTableIds.RepairsDecided,
            _ => null,
        };
        if (table is not null) Count(table, row, _shape.Month(entry.At));
    }

    public void Merge(MonitoringTally other)
    {
        Add(_enrolment, other._enrolment);
        Add(_grades, other._grades);
        Add(_bands, other._bands);
        Add(_queriesByFamily, other._queriesByFamily);
        Add(_grantsByFamily, other._grantsByFamily);
        for (int i = 0; i < _monthly.Length; i++) Add(_monthly[i], other._monthly[i]);
        for (int r = 0; r < _dimensionPoints.GetLength(0); r++)
        {
            for (int c = 0; c < _dimensionPoints.GetLength(1); c++) _dimensionPoints[r, c] += other._dimensionPoints[r, c];
        }

        foreach (var kv in other._venues)
        {
            if (!_venues.TryGetValue(kv.Key, out var v)) _venues[kv.Key] = v = (new long[_shape.Families.Length], new long[_shape.Families.Length]);
            for (int f = 0; f < v.Queries.Length; f++)
            {
                v.Queries[f] += kv.Value.Queries[f];
                v.Grants[f] += kv.Value.Grants[f];
            }
        }
    }

    public MonitoringReport ToReport()
    {
        var s = _shape;
        var months = s.Months.Select(m => new MonitoringLabel(Month(m), new LocalizedText($"{m.Year}年{m.Month}月", Month(m)))).ToImmutableArray();
        var families = s.Families.Select(f => new MonitoringLabel(f, f == MonitoringShape.OtherFamily ? new LocalizedText("其他", "Other") : new LocalizedText(f, f))).ToImmutableArray();
        var venues = _venues.Keys.Select(v => new MonitoringLabel(v, new LocalizedText(v, v))).ToImmutableArray();
        var tables = ImmutableArray.CreateBuilder<MonitoringTable>();
        tables.Add(MonitoringTable.Full(MonitoringTableIds.Enrolment, new LocalizedText("参与情况", "Enrolment"), s.Rows, ImmutableArray.Create(new MonitoringLabel("enrolled", new LocalizedText("已参与", "Enrolled")), new MonitoringLabel("not-enrolled", new LocalizedText("未参与", "Not enrolled"))), _enrolment));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.Grades, new LocalizedText("等级分布", "Grade distribution"), s.Rows, s.Grades.Select(g => new MonitoringLabel(g.Code, g.Name)).ToImmutableArray(), _grades));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.Scores, new LocalizedText("分数分布", "Score histogram"), s.Rows, s.Bands, _bands));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.QueriesByFamily, new LocalizedText("按权益类别的查询", "Benefit queries by family"), s.Rows, families, _queriesByFamily));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.GrantsByFamily, new LocalizedText("按权益类别的授予", "Grants by family"), s.Rows, families, _grantsByFamily));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.QueriesByVenue, new LocalizedText("按场景的查询", "Benefit queries by venue"), venues, families, Venues(v => v.Queries)));
        tables.Add(MonitoringTable.Full(MonitoringTableIds.GrantsByVenue, new LocalizedText("按场景的授予", "Grants by venue"), venues, families, Venues(v => v.Grants)));
        var titles = new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
        {
            [MonitoringTableIds.EnrolmentsByMonth] = new("每月新参与", "Enrolments by month"),
            [MonitoringTableIds.QueriesByMonth] = new("每月权益查询", "Benefit queries by month"),
            [MonitoringTableIds.GrantsByMonth] = new("每月权益授予", "Grants by month"),
            [MonitoringTableIds.DisputesOpened] = new("每月异议受理", "Disputes opened by month"),
            [MonitoringTableIds.DisputesDecided] = new("每月异议办结", "Disputes decided by month"),
            [MonitoringTableIds.DisputesOverdue] = new("每月异议超期", "Disputes overdue by month"),
            [MonitoringTableIds.RepairsApplied] = new("每月信用修复申请", "Repair applications by month"),
            [MonitoringTableIds.RepairsDecided] = new("每月信用修复办结", "Repairs decided by month"),
        };
        for (int i = 0; i < MonthTables.Length; i++) tables.Add(MonitoringTable.Full(MonthTables[i], titles[MonthTables[i]], s.Rows, months, _monthly[i]));

        var dims = s.Plan.RuleSet.Dimensions;
        var contributions = ImmutableArray.CreateBuilder<DimensionContribution>();
        for (int r = 0; r < s.Rows.Length; r++)
        {
            for (int k = 0; k < dims.Length; k++) contributions.Add(new DimensionContribution(s.Rows[r].Code, dims[k].Code, dims[k].Name, _enrolment[r, 0], _dimensionPoints[r, k]));
        }

        var reference = new RuleSetReference(s.Plan.RuleSet.Id, s.Plan.RuleSet.Version.ToString(), s.Plan.RuleSet.ContentHash, s.Plan.InForce);
        return new MonitoringReport(s.AsOf, s.Options.KnownAt, reference, s.Catalog, s.Months, tables.ToImmutable(), contributions.ToImmutable(), suppressedBelow: null);
    }

    internal static string Month(YearMonth m) => $"{m.Year:D4}-{m.Month:D2}";

    private long[,] Venues(Func<(long[] Queries, long[] Grants), long[]> pick)
    {
        var counts = new long[_venues.Count, _shape.Families.Length];
        int r = 0;
        foreach (var v in _venues.Values)
        {
            var row = pick(v);
            for (int f = 0; f < row.Length; f++) counts[r, f] = row[f];
            r++;
        }

        return counts;
    }

    private void Count(string table, int row, int month)
    {
        if (month >= 0) _monthly[System.Array.IndexOf(MonthTables, table)][row, month]++;
    }

    private static void Add(long[,] into, long[,] from)
    {
        for (int r = 0; r < into.GetLength(0); r++)
        {
            for (int c = 0; c < into.GetLength(1); c++) into[r, c] += from[r, c];
        }
    }
}
