using System.Diagnostics.CodeAnalysis;

namespace ShangdingScore.Records;

/// <summary>
/// One non-blank line of a JSON Lines record file as read: either a <see cref="CreditRecord"/> or a
/// <see cref="RecordLineRejection"/> saying why the line was set aside (spec §4).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RecordLine
{
    private RecordLine(long lineNumber, CreditRecord? record, RecordLineRejection? rejection)
    {
        LineNumber = lineNumber;
        Record = record;
        Rejection = rejection;
    }

    /// <summary>The 1-based line number in the source.</summary>
    public long LineNumber { get; }

    /// <summary>The record read from the line, or null when it was set aside.</summary>
    public CreditRecord? Record { get; }

    /// <summary>Why the line was set aside, or null when it holds a record.</summary>
    public RecordLineRejection? Rejection { get; }

    /// <summary>Whether the line holds a record (then <see cref="Record"/> is set and <see cref="Rejection"/> is null).</summary>
    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsRecord => Record is not null;

    /// <summary>A line that holds a record.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineNumber"/> is less than 1.</exception>
    public static RecordLine Taken(long lineNumber, CreditRecord record)
    {
        if (record is null) throw new ArgumentNullException(nameof(record));
        if (lineNumber < 1) throw new ArgumentOutOfRangeException(nameof(lineNumber), lineNumber, "Line numbers start at 1.");
        return new RecordLine(lineNumber, record, null);
    }

    /// <summary>A line that was set aside.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rejection"/> is null.</exception>
    public static RecordLine SetAside(RecordLineRejection rejection)
    {
        if (rejection is null) throw new ArgumentNullException(nameof(rejection));
        return new RecordLine(rejection.LineNumber, null, rejection);
    }

    /// <inheritdoc />
    public override string ToString() => IsRecord ? $"{LineNumber}: {Record}" : Rejection.ToString();
}
