using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>Stable codes of the problems <see cref="RightsChain.Verify(IEnumerable{RightsEntry}, RightsChainTail?)"/> reports (docs/rights.md).</summary>
public static class RightsChainProblemCodes
{
    /// <summary>An entry's sequence is not the one expected: entries were removed (a gap), repeated or reordered.</summary>
    public const string SequenceGap = "sequence-gap";

    /// <summary>An entry's stored hash is not the hash of its content: the entry was changed.</summary>
    public const string HashMismatch = "hash-mismatch";

    /// <summary>An entry's previous hash is not the hash of the entry before it: that entry was changed and re-hashed, or entries were removed or reordered.</summary>
    public const string PreviousHashMismatch = "previous-hash-mismatch";

    /// <summary>An entry's instant is before the previous entry's.</summary>
    public const string TimeOrder = "time-order";

    /// <summary>The journal ends before the anchor's sequence: entries were removed from the end.</summary>
    public const string Truncated = "truncated";

    /// <summary>The entry at the anchor's sequence has another hash than the anchor: the chain was rewritten up to there.</summary>
    public const string AnchorMismatch = "anchor-mismatch";

    /// <summary>The problem's text in zh-CN and English.</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not one of these codes.</exception>
    public static LocalizedText Describe(string code) => code switch
    {
        SequenceGap => new("审计记录序号不连续：有记录被删除、重复或调换顺序。", "The audit entries' sequence numbers are not contiguous: entries were removed, repeated or reordered."),
        HashMismatch => new("审计记录的哈希值与内容不符：该记录被篡改。", "An audit entry's hash does not match its content: the entry was changed."),
        PreviousHashMismatch => new("审计记录与前一条记录的哈希链接断开：前一条记录被改动，或有记录被删除、调换。", "An audit entry does not link to the one before it: that entry was changed, or entries were removed or reordered."),
        TimeOrder => new("审计记录的时间早于前一条记录。", "An audit entry's time is before the previous entry's."),
        Truncated => new("审计记录在已知的末条记录之前结束：末尾有记录被删除。", "The audit trail ends before the last entry known from before: entries were removed from the end."),
        AnchorMismatch => new("已知末条记录的哈希值与现存记录不符：审计链被改写。", "The entry known from before has another hash now: the chain was rewritten."),
        _ => throw new ArgumentException($"'{code}' is not a chain problem code.", nameof(code)),
    };
}

/// <summary>The first problem found in a rights journal.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RightsChainProblem
{
    internal RightsChainProblem(string code, long sequence, string message)
    {
        Code = code;
        Sequence = sequence;
        Message = message;
    }

    /// <summary>One of <see cref="RightsChainProblemCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The sequence position where the problem shows (the entry expected or found there).</summary>
    public long Sequence { get; }

    /// <summary>What is wrong, in English, naming the sequence and the hashes.</summary>
    public string Message { get; }

    /// <summary>The problem's general text in zh-CN and English.</summary>
    public LocalizedText Description => RightsChainProblemCodes.Describe(Code);

    /// <inheritdoc />
    public override string ToString() => $"{Code} at #{Sequence}: {Message}";
}

/// <summary>The outcome of verifying a rights journal: intact, or the first problem.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RightsChainVerification
{
    internal RightsChainVerification(long entriesChecked, RightsChainTail? tail, RightsChainProblem? problem)
    {
        EntriesChecked = entriesChecked;
        Tail = tail;
        Problem = problem;
    }

    /// <summary>Whether no problem was found.</summary>
    public bool IsIntact => Problem is null;

    /// <summary>How many entries were found good before the problem (or in all).</summary>
    public long EntriesChecked { get; }

    /// <summary>The last good entry's tail (keep it as the anchor of the next verification); null when none.</summary>
    public RightsChainTail? Tail { get; }

    /// <summary>The first problem, or null.</summary>
    public RightsChainProblem? Problem { get; }

    /// <inheritdoc />
    public override string ToString() => IsIntact ? $"intact ({EntriesChecked} entries, tail {Tail?.ToString() ?? "none"})" : Problem!.ToString();
}

/// <summary>Checks entries one at a time, so a journal of any size is verified in constant memory.</summary>
/// <remarks>Not thread-safe; one per verification.</remarks>
internal sealed class RightsChainVerifier
{
    private readonly RightsChainTail? _anchor;
    private long _expected = 1;
    private string _previousHash = RightsChain.GenesisHash;
    private Instant? _previousAt;
    private RightsChainTail? _tail;
    private RightsChainProblem? _problem;

    public RightsChainVerifier(RightsChainTail? anchor) => _anchor = anchor;

    /// <summary>Checks the next entry; false once a problem is found (stop reading).</summary>
    public bool Add(RightsEntry entry)
    {
        if (entry is null) throw new ArgumentNullException(nameof(entry), "An entry is null.");
        if (_problem is not null) return false;
        if (entry.Sequence != _expected)
        {
            return Fail(RightsChainProblemCodes.SequenceGap, _expected, $"expected entry #{_expected}, found #{entry.Sequence}");
        }

        var computed = RightsChain.ComputeHash(entry);
        if (!string.Equals(computed, entry.Hash, StringComparison.Ordinal))
        {
            return Fail(RightsChainProblemCodes.HashMismatch, entry.Sequence, $"entry #{entry.Sequence} stores hash {entry.Hash}, its content hashes to {computed}");
        }

        if (!string.Equals(entry.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return Fail(RightsChainProblemCodes.PreviousHashMismatch, entry.Sequence, $"entry #{entry.Sequence} links to {entry.PreviousHash}, the entry before it hashes to {_previousHash}");
        }

        if (_previousAt is { } before && entry.At < before)
        {
            return Fail(RightsChainProblemCodes.TimeOrder, entry.Sequence, $"entry #{entry.Sequence} is at {RightsChain.FormatInstant(entry.At)}, before #{entry.Sequence - 1} at {RightsChain.FormatInstant(before)}");
        }

        if (_anchor is not null && entry.Sequence == _anchor.Sequence && !string.Equals(entry.Hash, _anchor.Hash, StringComparison.Ordinal))
        {
            return Fail(RightsChainProblemCodes.AnchorMismatch, entry.Sequence, $"entry #{entry.Sequence} hashes to {entry.Hash}, the anchor kept {_anchor.Hash}");
        }

        _expected++;
        _previousHash = entry.Hash;
        _previousAt = entry.At;
        _tail = RightsChainTail.Of(entry);
        return true;
    }

    public RightsChainVerification Finish()
    {
        if (_problem is null && _anchor is not null && (_tail?.Sequence ?? 0) < _anchor.Sequence)
        {
            Fail(RightsChainProblemCodes.Truncated, _expected, $"the journal ends at #{_tail?.Sequence ?? 0}, the anchor is #{_anchor.Sequence}");
        }

        return new RightsChainVerification(_expected - 1, _tail, _problem);
    }

    private bool Fail(string code, long sequence, string message)
    {
        _problem = new RightsChainProblem(code, sequence, message);
        return false;
    }
}
