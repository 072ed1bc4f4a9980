namespace ShangdingScore.Rights;

/// <summary>
/// The outcome of a rights step: accepted with its value, or refused with a stable code
/// (<see cref="RightsRefusalCodes"/>) and a reason in zh-CN and English. Either way the journal entry
/// that records it is named (<see cref="EntrySequence"/>), except for a refusal whose subject is unknown.
/// </summary>
/// <typeparam name="T">What an accepted step gives (a case, a consent record).</typeparam>
/// <remarks>Immutable.</remarks>
public sealed class RightsResult<T>
    where T : class
{
    private RightsResult(T? value, string? refusalCode, LocalizedText? reason, long? entrySequence, Exception? syncFailure)
    {
        Value = value;
        RefusalCode = refusalCode;
        Reason = reason;
        EntrySequence = entrySequence;
        SyncFailure = syncFailure;
    }

    /// <summary>Whether the step was taken.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(RefusalCode), nameof(Reason))]
    public bool IsAccepted => Value is not null;

    /// <summary>The step's result; null when refused.</summary>
    public T? Value { get; }

    /// <summary>One of <see cref="RightsRefusalCodes"/>; null when accepted.</summary>
    public string? RefusalCode { get; }

    /// <summary>Why it was refused, in zh-CN and English (specific where the code's general text would not say enough, for example the date a repair becomes possible); null when accepted.</summary>
    public LocalizedText? Reason { get; }

    /// <summary>The journal entry recording the step or its refusal; null for a refusal about no known subject.</summary>
    public long? EntrySequence { get; }

    /// <summary>
    /// When the step was recorded but the theme database could not be updated (a record event or the
    /// enrolment periods), the exception; <c>RightsWorkflows.ReconcileAsync</c> completes the update later.
    /// Null when everything was written.
    /// </summary>
    public Exception? SyncFailure { get; }

    /// <inheritdoc />
    public override string ToString() => IsAccepted ? $"accepted #{EntrySequence}: {Value}" : $"refused [{RefusalCode}] {Reason}";

    internal static RightsResult<T> Accepted(T value, long entrySequence, Exception? syncFailure) => new(value, null, null, entrySequence, syncFailure);

    internal static RightsResult<T> Refused(string code, LocalizedText reason, long? entrySequence) => new(null, code, reason, entrySequence, null);
}
