namespace ShangdingScore.Monitoring.Tests;

/// <summary>
/// An attacker who knows every published cell and total of a table and tries to recover a suppressed count by
/// linear reasoning: the unknowns are the hidden cells and totals of the (R + 1) × (C + 1) table whose lines add
/// up; a hidden count is recovered exactly when it is the same in every solution, i.e. when its column in the
/// system's matrix is not a combination of the other columns (Gaussian elimination on exact rationals as doubles
/// of small integers). Independent of how <see cref="Stores.SuppressedTable"/> chooses.
/// </summary>
internal static class SuppressionAttack
{
    /// <summary>The hidden positions (row, column; index R or C for a total) the attacker can recover.</summary>
    public static List<(int Row, int Column)> Recoverable(bool[,] hidden)
    {
        int rows = hidden.GetLength(0), cols = hidden.GetLength(1);
        var unknowns = new List<(int, int)>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                if (hidden[r, c]) unknowns.Add((r, c));
            }
        }

        // One equation per line: for a body row r, Σ cells − total(r) = known part; likewise for columns and the total row/column.
        var equations = new List<double[]>();
        for (int r = 0; r < rows; r++) equations.Add(unknowns.Select(u => u.Item1 == r ? (u.Item2 == cols - 1 ? -1.0 : 1.0) : 0.0).ToArray());
        for (int c = 0; c < cols; c++) equations.Add(unknowns.Select(u => u.Item2 == c ? (u.Item1 == rows - 1 ? -1.0 : 1.0) : 0.0).ToArray());
        int rank = Rank(equations, -1);
        var found = new List<(int, int)>();
        for (int k = 0; k < unknowns.Count; k++)
        {
            if (Rank(equations, k) < rank) found.Add(unknowns[k]);
        }

        return found;
    }

    private static int Rank(List<double[]> equations, int without)
    {
        var m = equations.Select(e => e.Where((_, i) => i != without).ToArray()).ToArray();
        int n = m.Length == 0 ? 0 : m[0].Length, rank = 0;
        for (int col = 0; col < n && rank < m.Length; col++)
        {
            int pivot = Enumerable.Range(rank, m.Length - rank).FirstOrDefault(r => Math.Abs(m[r][col]) > 1e-9, -1);
            if (pivot < 0) continue;
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (int r = 0; r < m.Length; r++)
            {
                if (r == rank || Math.Abs(m[r][col]) < 1e-9) continue;
                double f = m[r][col] / m[rank][col];
                for (int j = col; j < n; j++) m[r][j] -= f * m[rank][j];
            }

            rank++;
        }

        return rank;
    }
}
