namespace ShangdingScore.Rights;

/// <summary>The kinds of journal entries (<see cref="RightsEntry.Kind"/>); stable strings, part of the stored format.</summary>
public static class RightsEntryKinds
{
    /// <summary>The citizen enrolled, giving consent (自愿加入); the payload holds the consent record.</summary>
    public const string Enrolled = "enrolled";

    /// <summary>The citizen withdrew (退出); scoring and disclosure stop that day.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>The citizen disputed a record (异议); the record is suspended.</summary>
    public const string DisputeFiled = "dispute-filed";

    /// <summary>The provider or the credit center decided a dispute (upheld or rejected).</summary>
    public const string DisputeDecided = "dispute-decided";

    /// <summary>A dispute passed its deadline undecided (noted once; the record stays suspended).</summary>
    public const string DisputeOverdue = "dispute-overdue";

    /// <summary>The citizen applied to repair a negative record (信用修复申请).</summary>
    public const string RepairApplied = "repair-applied";

    /// <summary>The credit center approved or refused a repair.</summary>
    public const string RepairDecided = "repair-decided";

    /// <summary>A step was refused (the payload names the action and the refusal code); nothing changed.</summary>
    public const string Refused = "refused";
}

/// <summary>The roles in which actors take steps (<see cref="RightsEntry.ActorRole"/>); stable strings.</summary>
public static class RightsActorRoles
{
    /// <summary>The citizen, acting for themself.</summary>
    public const string Citizen = "citizen";

    /// <summary>A data provider (the department that delivered the record).</summary>
    public const string Provider = "provider";

    /// <summary>The credit center (郑州市信用中心), including its counter staff acting for a citizen.</summary>
    public const string CreditCenter = "credit-center";

    /// <summary>The SDK itself (deadline scans).</summary>
    public const string System = "system";
}

/// <summary>The kinds of notifications (<see cref="OutboxMessage.Kind"/>); stable strings.</summary>
public static class NotificationKinds
{
    /// <summary>Enrolment confirmed.</summary>
    public const string EnrolmentConfirmed = "enrolment-confirmed";

    /// <summary>Withdrawal confirmed.</summary>
    public const string WithdrawalConfirmed = "withdrawal-confirmed";

    /// <summary>A dispute was filed (to the citizen and to the record's provider).</summary>
    public const string DisputeFiled = "dispute-filed";

    /// <summary>A dispute was decided.</summary>
    public const string DisputeDecided = "dispute-decided";

    /// <summary>A dispute passed its deadline undecided (to the citizen, the provider and the credit center).</summary>
    public const string DisputeOverdue = "dispute-overdue";

    /// <summary>A repair application was received.</summary>
    public const string RepairFiled = "repair-filed";

    /// <summary>A repair was approved or refused.</summary>
    public const string RepairDecided = "repair-decided";

    /// <summary>A venue's query under the citizen's grant was answered.</summary>
    public const string GrantUsed = "grant-used";
}
