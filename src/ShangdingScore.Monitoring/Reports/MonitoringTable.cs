using System.Collections.Immutable;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring;

/// <summary>A row or column heading of a monitoring table: a code and its name, zh-CN first.</summary>
/// <remarks>Immutable.</remarks>
public sealed class MonitoringLabel
{
    /// <summary>Creates a label.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MonitoringLabel(string code, LocalizedText name)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>The code (a district code, a grade code, a month yyyy-MM, …).</summary>
    public string Code { get; }

    /// <summary>The name.</summary>
    public LocalizedText Name { get; }
}

/// <summary>
/// One table of a monitoring report: counts by row (district or venue) and column (grade, score band, month,
/// benefit family, …) with the row, column and grand totals. In a publishable report (<see cref="SuppressedBelow"/>
/// set) a null count is suppressed (<see cref="SuppressedTable"/>).
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class MonitoringTable
{
    private readonly long?[,] _cells;

    internal MonitoringTable(string id, LocalizedText title, ImmutableArray<MonitoringLabel> rows, ImmutableArray<MonitoringLabel> columns, long?[,] cellsWithTotals, int? suppressedBelow)
    {
        Id = id;
        Title = title;
        Rows = rows;
        Columns = columns;
        _cells = cellsWithTotals;
        SuppressedBelow = suppressedBelow;
    }

    /// <summary>The table's id (stable; the CSV's <c>table</c> column).</summary>
    public string Id { get; }

    /// <summary>The table's title.</summary>
    public LocalizedText Title { get; }

    /// <summary>The rows, in order (without the total row).</summary>
    public ImmutableArray<MonitoringLabel> Rows { get; }

    /// <summary>The columns, in order (without the total column).</summary>
    public ImmutableArray<MonitoringLabel> Columns { get; }

    /// <summary>The threshold below which counts were suppressed; null for the internal, full table.</summary>
    public int? SuppressedBelow { get; }

    /// <summary>The grand total; null when suppressed.</summary>
    public long? GrandTotal => _cells[Rows.Length, Columns.Length];

    /// <summary>A cell's count; null when suppressed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cell.</exception>
    public long? Cell(int row, int column) => _cells[Index(row, Rows.Length), Index(column, Columns.Length)];

    /// <summary>A row's total; null when suppressed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such row.</exception>
    public long? RowTotal(int row) => _cells[Index(row, Rows.Length), Columns.Length];

    /// <summary>A column's total; null when suppressed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    public long? ColumnTotal(int column) => _cells[Rows.Length, Index(column, Columns.Length)];

    /// <summary>The cell of a row code and a column code.</summary>
    /// <exception cref="ArgumentException">No such row or column.</exception>
    public long? Cell(string rowCode, string columnCode)
    {
        int r = Rows.IndexOf(Rows.FirstOrDefault(l => l.Code == rowCode)!), c = Columns.IndexOf(Columns.FirstOrDefault(l => l.Code == columnCode)!);
        if (r < 0 || c < 0) throw new ArgumentException($"Table {Id} has no cell {rowCode} × {columnCode}.", nameof(rowCode));
        return Cell(r, c);
    }

    /// <summary>The table that may be published: every count from 1 to <paramref name="threshold"/> − 1 suppressed, with complementary suppression.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The table is already suppressed.</exception>
    public MonitoringTable ToPublishable(int threshold)
    {
        if (SuppressedBelow is not null) throw new InvalidOperationException($"Table {Id} is already suppressed below {SuppressedBelow}.");
        var counts = new long[Rows.Length, Columns.Length];
        for (int r = 0; r < Rows.Length; r++)
        {
            for (int c = 0; c < Columns.Length; c++) counts[r, c] = _cells[r, c]!.Value;
        }

        var s = SuppressedTable.Suppress(counts, threshold);
        var cells = new long?[Rows.Length + 1, Columns.Length + 1];
        for (int r = 0; r < Rows.Length; r++)
        {
            for (int c = 0; c < Columns.Length; c++) cells[r, c] = s.Cell(r, c);
            cells[r, Columns.Length] = s.RowTotal(r);
        }

        for (int c = 0; c < Columns.Length; c++) cells[Rows.Length, c] = s.ColumnTotal(c);
        cells[Rows.Length, Columns.Length] = s.GrandTotal;
        return new MonitoringTable(Id, Title, Rows, Columns, cells, threshold);
    }

    internal static MonitoringTable Full(string id, LocalizedText title, ImmutableArray<MonitoringLabel> rows, ImmutableArray<MonitoringLabel> columns, long[,] counts)
    {
        var cells = new long?[rows.Length + 1, columns.Length + 1];
        long total = 0;
        for (int c = 0; c < columns.Length; c++) cells[rows.Length, c] = 0L;
        for (int r = 0; r < rows.Length; r++)
        {
            long rowTotal = 0;
            for (int c = 0; c < columns.Length; c++)
            {
                cells[r, c] = counts[r, c];
                rowTotal += counts[r, c];
                cells[rows.Length, c] += counts[r, c];
            }

            cells[r, columns.Length] = rowTotal;
            total += rowTotal;
        }

        cells[rows.Length, columns.Length] = total;
        return new MonitoringTable(id, title, rows, columns, cells, null);
    }

    private static int Index(int i, int count) => i >= 0 && i < count ? i : throw new ArgumentOutOfRangeException(nameof(i), i, $"From 0 to {count - 1}.");
}
