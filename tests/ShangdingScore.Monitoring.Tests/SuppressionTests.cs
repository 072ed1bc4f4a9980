using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Stores;

namespace ShangdingScore.Monitoring.Tests;

public sealed class SuppressionTests
{
    private static readonly Config Replayable = Config.QuickThrowOnFailure.WithReplay(20_260_513UL, 7_777_777_777UL).WithMaxTest(300);

    /// <summary>Tables of 1–7 rows and 1–7 columns whose counts are mostly small (so that many are suppressed) with some zeros.</summary>
    private static Gen<long[,]> Tables() =>
        from rows in Gen.Choose(1, 7)
        from cols in Gen.Choose(1, 7)
        from values in Gen.Frequency((3, Gen.Choose(0, 0)), (5, Gen.Choose(1, 9)), (4, Gen.Choose(10, 60))).ArrayOf(rows * cols)
        select Shape(rows, cols, values);

    [Fact]
    public void Publish_NoSuppressedCellOrTotalCanBeRecoveredFromThePublishedOnesByLinearReasoning()
    {
        Prop.ForAll(Tables().ToArbitrary(), counts =>
        {
            var table = SuppressedTable.Suppress(counts, 10);
            var hidden = Hidden(table);
            var recovered = SuppressionAttack.Recoverable(hidden);
            return Prop.Label(recovered.Count == 0, $"recovered {string.Join(", ", recovered)} of {Show(counts)}");
        }).Check(Replayable);
    }

    [Fact]
    public void Publish_EveryShownCountIsZeroOrAtLeastTheThresholdAndEveryShownCountIsTrue()
    {
        Prop.ForAll(Tables().ToArbitrary(), counts =>
        {
            var t = SuppressedTable.Suppress(counts, 10);
            bool ok = true;
            for (int r = 0; r < t.Rows; r++)
            {
                for (int c = 0; c < t.Columns; c++) ok &= t.Cell(r, c) is null || t.Cell(r, c) == counts[r, c] && counts[r, c] is 0 or >= 10;
                ok &= t.RowTotal(r) is null or 0 or >= 10;
            }

            return ok && t.GrandTotal is null or 0 or >= 10;
        }).Check(Replayable);
    }

    [Fact]
    public void Attack_RecoversACellAloneInItsRow_SoTheAttackCanFail()
    {
        var hidden = new bool[3, 3];
        hidden[0, 0] = true;

        Assert.Equal([(0, 0)], SuppressionAttack.Recoverable(hidden));
    }

    [Fact]
    public void Attack_RecoversACellJoiningTwoRectanglesOfHiddenCells()
    {
        // Two 2 × 2 blocks of hidden cells joined by one more: the joining cell follows from the rows' and columns' totals.
        var hidden = new bool[5, 5];
        foreach (var (r, c) in new[] { (0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2) }) hidden[r, c] = true;

        Assert.Contains((0, 2), SuppressionAttack.Recoverable(hidden));
    }

    [Fact]
    public void Suppress_ASmallCellAloneInItsRowAndColumn_HidesAtLeastARectangleAndKeepsTheRest()
    {
        var counts = new long[,] { { 3, 40, 50 }, { 30, 40, 50 }, { 30, 40, 50 } };

        var t = SuppressedTable.Suppress(counts, 10);

        Assert.Null(t.Cell(0, 0));
        Assert.Empty(SuppressionAttack.Recoverable(Hidden(t)));
        Assert.True(Enumerable.Range(0, 4).Sum(r => Enumerable.Range(0, 4).Count(c => Hidden(t)[r, c])) >= 4);
        Assert.Equal(50, t.Cell(2, 2));
    }

    private static bool[,] Hidden(SuppressedTable t)
    {
        var hidden = new bool[t.Rows + 1, t.Columns + 1];
        for (int r = 0; r < t.Rows; r++)
        {
            for (int c = 0; c < t.Columns; c++) hidden[r, c] = t.Cell(r, c) is null;
            hidden[r, t.Columns] = t.RowTotal(r) is null;
        }

        for (int c = 0; c < t.Columns; c++) hidden[t.Rows, c] = t.ColumnTotal(c) is null;
        hidden[t.Rows, t.Columns] = t.GrandTotal is null;
        return hidden;
    }

    private static long[,] Shape(int rows, int cols, int[] values)
    {
        var counts = new long[rows, cols];
        for (int i = 0; i < values.Length; i++) counts[i / cols, i % cols] = values[i];
        return counts;
    }

    private static string Show(long[,] counts) =>
        string.Join(" / ", Enumerable.Range(0, counts.GetLength(0)).Select(r => string.Join(" ", Enumerable.Range(0, counts.GetLength(1)).Select(c => counts[r, c]))));
}
