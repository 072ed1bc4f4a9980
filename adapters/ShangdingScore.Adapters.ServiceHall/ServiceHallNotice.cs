using System.Collections.Immutable;
using System.Text;
using NodaTime;
using NodaTime.Text;
using ShangdingScore.Venues;

namespace ShangdingScore.Adapters.ServiceHall;

/// <summary>One facilitation on the clerk's screen: whether it applies, in the hall's words, and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class HallFacilitationLine
{
    internal HallFacilitationLine(HallFacilitation facilitation, VenueDecision decision, DateTimeZone zone)
    {
        Facilitation = facilitation;
        Decision = decision;
        Applies = decision.IsGranted;
        PriorityLevel = decision.IsGranted ? decision.Terms?.PriorityLevel : null;
        Name = facilitation switch
        {
            HallFacilitation.GreenChannel => new LocalizedText("绿色通道", "Green channel"),
            HallFacilitation.NotificationCommitment => new LocalizedText("告知承诺", "Notification and commitment"),
            HallFacilitation.PendingDocumentsAcceptance => new LocalizedText("容缺受理", "Acceptance with documents pending"),
            _ => new LocalizedText("加急办理", "Expedited handling"),
        };
        var tierZh = PriorityLevel is { } p ? $"（第{p}优先级）" : string.Empty;
        var tierEn = PriorityLevel is { } q ? $" (priority tier {q})" : string.Empty;
        Verdict = (facilitation, Applies) switch
        {
            (HallFacilitation.GreenChannel, true) => new LocalizedText("可走绿色通道" + tierZh, "Green channel: yes" + tierEn),
            (HallFacilitation.GreenChannel, false) => new LocalizedText("不走绿色通道，按常规窗口排队", "Green channel: no (regular window)"),
            (HallFacilitation.NotificationCommitment, true) => new LocalizedText("可适用告知承诺", "Notification and commitment: yes"),
            (HallFacilitation.NotificationCommitment, false) => new LocalizedText("不适用告知承诺，需提交全部证明材料", "Notification and commitment: no (all proofs required)"),
            (HallFacilitation.PendingDocumentsAcceptance, true) => new LocalizedText("可容缺受理", "Acceptance with documents pending: yes"),
            (HallFacilitation.PendingDocumentsAcceptance, false) => new LocalizedText("不可容缺受理，材料齐全后受理", "Acceptance with documents pending: no (accepted once complete)"),
            (_, true) => new LocalizedText("可加急办理" + tierZh, "Expedited handling: yes" + tierEn),
            _ => new LocalizedText("不可加急，按常规时限办理", "Expedited handling: no (regular time limit)"),
        };
        ValidUntilLocal = decision.IsGranted && decision.ValidUntil is { } v ? v.InZone(zone).LocalDateTime : null;
    }

    /// <summary>The facilitation asked about.</summary>
    public HallFacilitation Facilitation { get; }

    /// <summary>The facilitation's name (绿色通道, …).</summary>
    public LocalizedText Name { get; }

    /// <summary>Whether the facilitation applies to the application.</summary>
    public bool Applies { get; }

    /// <summary>The priority tier from the catalog terms (1 first) when it applies and the terms set one; else null.</summary>
    public int? PriorityLevel { get; }

    /// <summary>The hall's wording of the answer (可走绿色通道 / Green channel: yes).</summary>
    public LocalizedText Verdict { get; }

    /// <summary>Until when the facilitation holds, in local time; null when it does not apply.</summary>
    public LocalDateTime? ValidUntilLocal { get; }

    /// <summary>The gateway's full answer (what the grant allowed).</summary>
    public VenueDecision Decision { get; }
}

/// <summary>What the hall's clerk sees for one application: each facilitation asked about, and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ServiceHallNotice
{
    private static readonly LocalDateTimePattern Minutes = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    internal ServiceHallNotice(string application, ImmutableArray<HallFacilitationLine> lines)
    {
        Application = application;
        Lines = lines;
    }

    /// <summary>The application (事项) as the clerk named it.</summary>
    public string Application { get; }

    /// <summary>One line per facilitation asked about, in the order asked.</summary>
    public ImmutableArray<HallFacilitationLine> Lines { get; }

    /// <summary>Whether any facilitation applies.</summary>
    public bool AnyApplies => Lines.Any(l => l.Applies);

    /// <summary>The line of <paramref name="facilitation"/>, or null when it was not asked about.</summary>
    public HallFacilitationLine? Find(HallFacilitation facilitation) => Lines.FirstOrDefault(l => l.Facilitation == facilitation);

    /// <summary>The clerk's screen as text in one language.</summary>
    public string Render(Language language)
    {
        var zh = language == Language.ZhCn;
        var sb = new StringBuilder();
        sb.Append(zh ? "事项：" : "Application: ").Append(Application).Append('\n');
        foreach (var line in Lines)
        {
            sb.Append(line.Verdict.In(language)).Append('\n');
            sb.Append(zh ? "  原因：" : "  Reason: ").Append(line.Decision.Reason.In(language)).Append(" [").Append(line.Decision.ReasonCode).Append("]\n");
            if (line.ValidUntilLocal is { } until)
            {
                sb.Append(zh ? "  有效至：" : "  Valid until: ").Append(Minutes.Format(until)).Append('\n');
            }
        }

        return sb.ToString();
    }
}
