namespace ShangdingScore.Cli.Scoring;

/// <summary>Everyone enrolled since one day, or the subjects an enrolment file lists (the rest not enrolled).</summary>
internal sealed class EnrolmentLookup
{
    private readonly Enrolment _default;
    private readonly Dictionary<SubjectId, Enrolment> _bySubject = new();

    public EnrolmentLookup(Enrolment everyone, IReadOnlyList<(SubjectId Subject, Enrolment Enrolment)>? listed)
    {
        _default = everyone;
        Listed = listed ?? Array.Empty<(SubjectId, Enrolment)>();
        foreach (var (s, e) in Listed) _bySubject[s] = e;
    }

    /// <summary>The subjects of the enrolment file, in file order (empty without one).</summary>
    public IReadOnlyList<(SubjectId Subject, Enrolment Enrolment)> Listed { get; }

    /// <summary>One subject's enrolment: its entry in the file, or the default.</summary>
    public Enrolment For(SubjectId subject) => _bySubject.TryGetValue(subject, out var e) ? e : _default;
}
