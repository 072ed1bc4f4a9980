using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>
/// One citizen's rights as the journal says they stood at <see cref="KnownAt"/>: enrolment periods and
/// consents, disputes and repairs. Derived from the entries, never stored, so it reads the same for any
/// past instant whenever it is asked (docs/rights.md, "State").
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class CitizenRightsState
{
    /// <summary>The citizen.</summary>
    public required SubjectId Subject { get; init; }

    /// <summary>The instant of the view; null for everything.</summary>
    public Instant? KnownAt { get; init; }

    /// <summary>The enrolment periods the citizen opened and closed through the workflows.</summary>
    public required Enrolment Enrolment { get; init; }

    /// <summary>Every consent given, oldest first.</summary>
    public required ImmutableArray<ConsentRecord> Consents { get; init; }

    /// <summary>Every dispute, oldest first.</summary>
    public required ImmutableArray<DisputeCase> Disputes { get; init; }

    /// <summary>Every repair application, oldest first.</summary>
    public required ImmutableArray<RepairCase> Repairs { get; init; }

    /// <summary>The journal entries the view was derived from, in sequence order (steps and refusals).</summary>
    public required ImmutableArray<RightsEntry> Entries { get; init; }

    /// <summary>The pending dispute of a record, if any.</summary>
    public DisputeCase? PendingDisputeOf(string recordId) =>
        Disputes.FirstOrDefault(d => d.Status == DisputeStatus.Pending && string.Equals(d.RecordId, recordId, StringComparison.Ordinal));

    /// <summary>The pending repair of a record, if any.</summary>
    public RepairCase? PendingRepairOf(string recordId) =>
        Repairs.FirstOrDefault(r => r.Status == RepairStatus.Pending && string.Equals(r.RecordId, recordId, StringComparison.Ordinal));
}

/// <summary>Derives <see cref="CitizenRightsState"/> from journal entries.</summary>
internal static class RightsFold
{
    public static CitizenRightsState Fold(SubjectId subject, IEnumerable<RightsEntry> entries, Instant? knownAt)
    {
        var periods = new List<EnrolmentPeriod>();
        var consents = ImmutableArray.CreateBuilder<ConsentRecord>();
        var disputes = new List<DisputeCase>();
        var repairs = new List<RepairCase>();
        var seen = ImmutableArray.CreateBuilder<RightsEntry>();
        foreach (var e in entries)
        {
            if (e.Subject != subject || (knownAt is { } k && e.At > k)) continue;
            seen.Add(e);
            using var p = new PayloadReader(e.Payload, $"rights entry #{e.Sequence} ({e.Kind})");
            switch (e.Kind)
            {
                case RightsEntryKinds.Enrolled:
                    var on = p.Date(PayloadNames.EnrolledOn);
                    // A period still open (the theme database lost its end) stays the one period.
                    if (!periods.Exists(x => x.WithdrawnOn is null)) periods.Add(new EnrolmentPeriod(on));
                    consents.Add(new ConsentRecord
                    {
                        CaseId = e.CaseId ?? string.Empty,
                        Subject = subject,
                        At = e.At,
                        EnrolledOn = on,
                        Channel = ChannelNames.Parse(p.String(PayloadNames.Channel)),
                        TextVersion = p.String(PayloadNames.ConsentVersion),
                        TextHash = p.String(PayloadNames.ConsentHash),
                        PolicyVersion = p.String(PayloadNames.PolicyVersion),
                    });
                    break;
                case RightsEntryKinds.Withdrawn:
                    int open = periods.FindLastIndex(x => x.WithdrawnOn is null);
                    if (open >= 0) periods[open] = new EnrolmentPeriod(periods[open].EnrolledOn, p.Date(PayloadNames.WithdrawnOn));
                    break;
                case RightsEntryKinds.DisputeFiled:
                    disputes.Add(new DisputeCase
                    {
                        CaseId = e.CaseId ?? string.Empty,
                        Subject = subject,
                        RecordId = p.String(PayloadNames.RecordId),
                        Provider = p.String(PayloadNames.Provider),
                        ItemCode = p.String(PayloadNames.ItemCode),
                        Suspends = p.Bool(PayloadNames.Suspends),
                        Reason = p.String(PayloadNames.Reason),
                        Evidence = p.Strings(PayloadNames.Evidence),
                        FiledAt = e.At,
                        FiledOn = p.Date(PayloadNames.FiledOn),
                        Deadline = p.Date(PayloadNames.Deadline),
                        Status = DisputeStatus.Pending,
                    });
                    break;
                case RightsEntryKinds.DisputeDecided:
                    Update(disputes, e, d => new DisputeCase
                    {
                        CaseId = d.CaseId, Subject = d.Subject, RecordId = d.RecordId, Provider = d.Provider, ItemCode = d.ItemCode, Suspends = d.Suspends,
                        Reason = d.Reason, Evidence = d.Evidence, FiledAt = d.FiledAt, FiledOn = d.FiledOn, Deadline = d.Deadline, OverdueNotedAt = d.OverdueNotedAt,
                        Status = p.String(PayloadNames.Outcome) == PayloadNames.Upheld ? DisputeStatus.Upheld : DisputeStatus.Rejected,
                        DecidedAt = e.At,
                        DecidedBy = RightsActor.FromStored(e.ActorId, e.ActorRole),
                        DecisionReason = p.OptionalText(PayloadNames.Reason),
                    });
                    break;
                case RightsEntryKinds.DisputeOverdue:
                    Update(disputes, e, d => new DisputeCase
                    {
                        CaseId = d.CaseId, Subject = d.Subject, RecordId = d.RecordId, Provider = d.Provider, ItemCode = d.ItemCode, Suspends = d.Suspends,
                        Reason = d.Reason, Evidence = d.Evidence, FiledAt = d.FiledAt, FiledOn = d.FiledOn, Deadline = d.Deadline, Status = d.Status,
                        DecidedAt = d.DecidedAt, DecidedBy = d.DecidedBy, DecisionReason = d.DecisionReason,
                        OverdueNotedAt = d.OverdueNotedAt ?? e.At,
                    });
                    break;
                case RightsEntryKinds.RepairApplied:
                    repairs.Add(new RepairCase
                    {
                        CaseId = e.CaseId ?? string.Empty,
                        Subject = subject,
                        RecordId = p.String(PayloadNames.RecordId),
                        ItemCode = p.String(PayloadNames.ItemCode),
                        Reason = p.String(PayloadNames.Reason),
                        Evidence = p.Strings(PayloadNames.Evidence),
                        AppliedAt = e.At,
                        EligibleFrom = p.Date(PayloadNames.EligibleFrom),
                        Status = RepairStatus.Pending,
                    });
                    break;
                case RightsEntryKinds.RepairDecided:
                    Update(repairs, e, r => new RepairCase
                    {
                        CaseId = r.CaseId, Subject = r.Subject, RecordId = r.RecordId, ItemCode = r.ItemCode, Reason = r.Reason, Evidence = r.Evidence,
                        AppliedAt = r.AppliedAt, EligibleFrom = r.EligibleFrom,
                        Status = p.String(PayloadNames.Outcome) == PayloadNames.Approved ? RepairStatus.Approved : RepairStatus.Refused,
                        DecidedAt = e.At,
                        DecidedBy = RightsActor.FromStored(e.ActorId, e.ActorRole),
                        EffectiveOn = p.OptionalDate(PayloadNames.EffectiveOn),
                        DecisionReason = p.OptionalText(PayloadNames.Reason),
                    });
                    break;
                default:
                    // Refusals change nothing; kinds written by a newer version are kept in Entries and otherwise ignored.
                    break;
            }
        }

        return new CitizenRightsState
        {
            Subject = subject,
            KnownAt = knownAt,
            Enrolment = Enrolment.Of(periods),
            Consents = consents.ToImmutable(),
            Disputes = disputes.ToImmutableArray(),
            Repairs = repairs.ToImmutableArray(),
            Entries = seen.ToImmutable(),
        };
    }

    private static void Update<T>(List<T> cases, RightsEntry e, Func<T, T> change)
        where T : class
    {
        for (int i = 0; i < cases.Count; i++)
        {
            string id = cases[i] switch { DisputeCase d => d.CaseId, RepairCase r => r.CaseId, _ => string.Empty };
            if (string.Equals(id, e.CaseId, StringComparison.Ordinal))
            {
                cases[i] = change(cases[i]);
                return;
            }
        }

        throw new InvalidOperationException($"rights entry #{e.Sequence} ({e.Kind}) names case '{e.CaseId}', which the journal does not open before it.");
    }
}

/// <summary>The payloads' property names and fixed values (the stored format).</summary>
internal static class PayloadNames
{
    public const string EnrolledOn = "enrolledOn";
    public const string WithdrawnOn = "withdrawnOn";
    public const string Channel = "channel";
    public const string ConsentVersion = "consentTextVersion";
    public const string ConsentHash = "consentTextHash";
    public const string PolicyVersion = "policyVersion";
    public const string BirthDateFrom = "birthDateFrom";
    public const string Residence = "residence";
    public const string RecordId = "recordId";
    public const string Provider = "provider";
    public const string ItemCode = "itemCode";
    public const string Suspends = "suspends";
    public const string Reason = "reason";
    public const string Evidence = "evidence";
    public const string FiledOn = "filedOn";
    public const string Deadline = "deadline";
    public const string Outcome = "outcome";
    public const string Upheld = "upheld";
    public const string Rejected = "rejected";
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string Late = "late";
    public const string EligibleFrom = "eligibleFrom";
    public const string EffectiveOn = "effectiveOn";
    public const string Action = "action";
    public const string Code = "code";
    public const string RecordEvent = "recordEvent";
}

/// <summary>The stored names of <see cref="EnrolmentChannel"/>.</summary>
public static class ChannelNames
{
    /// <summary>The i郑州 app.</summary>
    public const string IZhengzhouApp = "izhengzhou-app";

    /// <summary>The 信用郑州 website.</summary>
    public const string CreditZhengzhouWeb = "credit-zhengzhou-web";

    /// <summary>A service counter.</summary>
    public const string Counter = "counter";

    /// <summary>The stored name of a channel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a channel.</exception>
    public static string Of(EnrolmentChannel channel) => channel switch
    {
        EnrolmentChannel.IZhengzhouApp => IZhengzhouApp,
        EnrolmentChannel.CreditZhengzhouWeb => CreditZhengzhouWeb,
        EnrolmentChannel.Counter => Counter,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not an enrolment channel."),
    };

    /// <summary>The channel of a stored name.</summary>
    /// <exception cref="InvalidOperationException">The name is not one of these.</exception>
    public static EnrolmentChannel Parse(string name) => name switch
    {
        IZhengzhouApp => EnrolmentChannel.IZhengzhouApp,
        CreditZhengzhouWeb => EnrolmentChannel.CreditZhengzhouWeb,
        Counter => EnrolmentChannel.Counter,
        _ => throw new InvalidOperationException($"'{name}' is not an enrolment channel this version knows."),
    };
}
