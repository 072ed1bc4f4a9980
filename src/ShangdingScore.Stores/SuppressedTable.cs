namespace ShangdingScore.Stores;

/// <summary>
/// A two-way table of counts of people (rows × columns) in the form that may be published: every count
/// from 1 to <see cref="Threshold"/> − 1 hidden (primary suppression; a zero discloses no one and stays),
/// with complementary suppression so that no hidden count follows, by linear reasoning, from the
/// published cells, the row totals, the column totals and the grand total. The one home of small-count
/// suppression: the impact report and the monitoring report both publish through it.
/// </summary>
/// <remarks>
/// <para>
/// The table and its margins form an (R + 1) × (C + 1) table whose every line adds up. The hidden
/// cells are the edges of a bipartite graph between lines; a hidden cell's value follows from the rest
/// exactly when its edge is a bridge of that graph (on no cycle of hidden cells). Suppression therefore
/// goes on until the graph has no bridge: for each bridge it hides the smallest visible count that
/// closes a cycle through it (non-zero counts first), or, when none can, the smallest visible count
/// in its row or column. Totals are counts too and are hidden the same way.
/// </para>
/// <para>Immutable and thread-safe once made. Deterministic: the same counts give the same table.</para>
/// </remarks>
public sealed class SuppressedTable
{
    private readonly long[,] _all;
    private readonly bool[,] _hidden;

    private SuppressedTable(long[,] all, bool[,] hidden, int threshold)
    {
        _all = all;
        _hidden = hidden;
        Threshold = threshold;
    }

    /// <summary>The number of rows (without the totals).</summary>
    public int Rows => _all.GetLength(0) - 1;

    /// <summary>The number of columns (without the totals).</summary>
    public int Columns => _all.GetLength(1) - 1;

    /// <summary>The smallest non-zero count shown.</summary>
    public int Threshold { get; }

    /// <summary>The grand total; null when hidden.</summary>
    public long? GrandTotal => Shown(Rows, Columns);

    /// <summary>Suppresses a table of counts.</summary>
    /// <param name="counts">The counts, rows × columns; none negative.</param>
    /// <param name="threshold">The smallest non-zero count that may be shown (default 10).</param>
    /// <param name="hide">Cells to hide whatever their count (for example, already unknown); null for none. Same shape as <paramref name="counts"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="counts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A count is negative, or <paramref name="hide"/> has another shape.</exception>
    public static SuppressedTable Suppress(long[,] counts, int threshold = 10, bool[,]? hide = null)
    {
        if (counts is null) throw new ArgumentNullException(nameof(counts));
        if (threshold < 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "At least 1.");
        int rows = counts.GetLength(0), cols = counts.GetLength(1);
        if (hide is not null && (hide.GetLength(0) != rows || hide.GetLength(1) != cols)) throw new ArgumentException($"The cells to hide are {hide.GetLength(0)} × {hide.GetLength(1)}; the counts are {rows} × {cols}.", nameof(hide));
        var all = new long[rows + 1, cols + 1];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                long n = counts[r, c];
                if (n < 0) throw new ArgumentException($"The count at row {r}, column {c} is {n}; counts are not negative.", nameof(counts));
                all[r, c] = n;
                all[r, cols] += n;
                all[rows, c] += n;
                all[rows, cols] += n;
            }
        }

        var hidden = new bool[rows + 1, cols + 1];
        for (int r = 0; r <= rows; r++)
        {
            for (int c = 0; c <= cols; c++) hidden[r, c] = (all[r, c] > 0 && all[r, c] < threshold) || (r < rows && c < cols && hide is not null && hide[r, c]);
        }

        new BridgeCloser(all, hidden).Run();
        return new SuppressedTable(all, hidden, threshold);
    }

    /// <summary>The count of one cell; null when hidden.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cell.</exception>
    public long? Cell(int row, int column)
    {
        Check(row, Rows, nameof(row));
        Check(column, Columns, nameof(column));
        return Shown(row, column);
    }

    /// <summary>The total of one row; null when hidden.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such row.</exception>
    public long? RowTotal(int row)
    {
        Check(row, Rows, nameof(row));
        return Shown(row, Columns);
    }

    /// <summary>The total of one column; null when hidden.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column.</exception>
    public long? ColumnTotal(int column)
    {
        Check(column, Columns, nameof(column));
        return Shown(Rows, column);
    }

    private long? Shown(int r, int c) => _hidden[r, c] ? null : _all[r, c];

    private static void Check(int index, int count, string name)
    {
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(name, index, $"From 0 to {count - 1}.");
    }

    /// <summary>Hides cells until no hidden cell is a bridge of the hidden-cell graph.</summary>
    private sealed class BridgeCloser(long[,] all, bool[,] hidden)
    {
        private readonly int _rows = all.GetLength(0), _cols = all.GetLength(1);

        public void Run()
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                for (int r = 0; r < _rows && !changed; r++)
                {
                    for (int c = 0; c < _cols && !changed; c++)
                    {
                        if (hidden[r, c] && IsBridge(r, c, out var side)) changed = Close(r, c, side);
                    }
                }
            }
        }

        /// <summary>Whether removing (r, c) separates row r from column c; <paramref name="reached"/> is then the lines reached from row r.</summary>
        private bool IsBridge(int r, int c, out bool[] reached)
        {
            var side = new bool[_rows + _cols];
            reached = side;
            var queue = new Queue<int>();
            side[r] = true;
            queue.Enqueue(r);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                if (v < _rows)
                {
                    for (int j = 0; j < _cols; j++) Visit(hidden[v, j] && !(v == r && j == c), _rows + j);
                }
                else
                {
                    int col = v - _rows;
                    for (int i = 0; i < _rows; i++) Visit(hidden[i, col] && !(i == r && col == c), i);
                }
            }

            return !side[_rows + c];

            void Visit(bool edge, int node)
            {
                if (!edge || side[node]) return;
                side[node] = true;
                queue.Enqueue(node);
            }
        }

        private bool Close(int r, int c, bool[] side)
        {
            var other = OtherSide(c, side);
            (int R, int C)? best = null;
            for (int i = 0; i < _rows; i++)
            {
                for (int j = 0; j < _cols; j++)
                {
                    if (hidden[i, j]) continue;
                    bool crosses = (side[i] && other[_rows + j]) || (other[i] && side[_rows + j]);
                    if (crosses && Better(i, j, best)) best = (i, j);
                }
            }

            if (best is null)
            {
                for (int j = 0; j < _cols; j++)
                {
                    if (!hidden[r, j] && Better(r, j, best)) best = (r, j);
                }

                for (int i = 0; i < _rows; i++)
                {
                    if (!hidden[i, c] && Better(i, c, best)) best = (i, c);
                }
            }

            if (best is not { } pick) return false;
            hidden[pick.R, pick.C] = true;
            return true;
        }

        /// <summary>The lines reached from column c without crossing to <paramref name="side"/>.</summary>
        private bool[] OtherSide(int c, bool[] side)
        {
            var other = new bool[_rows + _cols];
            var queue = new Queue<int>();
            other[_rows + c] = true;
            queue.Enqueue(_rows + c);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                if (v < _rows)
                {
                    for (int j = 0; j < _cols; j++) Visit(hidden[v, j], _rows + j);
                }
                else
                {
                    int col = v - _rows;
                    for (int i = 0; i < _rows; i++) Visit(hidden[i, col], i);
                }
            }

            return other;

            void Visit(bool edge, int node)
            {
                if (!edge || other[node] || side[node]) return;
                other[node] = true;
                queue.Enqueue(node);
            }
        }

        /// <summary>Non-zero counts before zeros, then the smallest, then the first in row order.</summary>
        private bool Better(int i, int j, (int R, int C)? best)
        {
            if (best is not { } b) return true;
            long x = all[i, j], y = all[b.R, b.C];
            if ((x > 0) != (y > 0)) return x > 0;
            return x < y;
        }
    }
}
