using System.Collections.Immutable;
using NodaTime;

namespace ShangdingScore.Rights;

/// <summary>Whether a record whose dispute was rejected may be disputed again.</summary>
public enum RepeatDisputeRule
{
    /// <summary>Only with new grounds: at least one piece of evidence not presented in an earlier dispute of the record.</summary>
    NewEvidenceRequired = 0,

    /// <summary>Always (each dispute suspends the record again).</summary>
    Allowed = 1,

    /// <summary>Never: a rejection is final within the rights workflows (the citizen may still go to court).</summary>
    NotAllowed = 2,
}

/// <summary>
/// The numbers and rules of the rights workflows, as versioned data (docs/rights.md): who may enrol
/// (age, residence), which consent text is current, how long a provider has to decide a dispute, and
/// whether a rejected dispute may be filed again. Each journal entry names the version it was decided under.
/// </summary>
/// <remarks>Immutable. Check a hand-built policy with <see cref="Validate"/>; the workflows refuse an invalid one when built.</remarks>
public sealed class RightsPolicy
{
    /// <summary>The default consent text (zz-consent-2019.1).</summary>
    public static ConsentText DefaultConsentText { get; } = new(
        "zz-consent-2019.1",
        new LocalizedText(
            "本人自愿开通郑州市个人信用积分“商鼎分”，同意郑州市信用中心依法归集、使用本人的信用信息计算商鼎分，并仅在本人授权的范围内向应用场景提供查询结果。本人知悉：可以随时查询本人的信用信息和被查询记录；认为信息有误的，可以提出异议；失信行为纠正后，可以依规申请信用修复；可以随时退出。",
            "I voluntarily enrol in the Zhengzhou personal credit score (Shangding score). I agree that the Zhengzhou Credit Center collects and uses my credit information as the law allows to compute the score, and discloses results to venues only within what I authorize. I know that I can read my credit information and the log of queries about me at any time, dispute information I believe is wrong, apply for credit repair under the rules once I have corrected a dishonest act, and withdraw at any time."));

    /// <summary>
    /// The default policy, <c>zz-rights-2019.1</c>: aged 18 or over on the day, resident of the city, the
    /// default consent text, 20 days to decide a dispute (征信业管理条例 art. 25), a second dispute only
    /// with new evidence.
    /// </summary>
    public static RightsPolicy Default { get; } = new()
    {
        Version = "zz-rights-2019.1",
        ConsentTexts = ImmutableArray.Create(DefaultConsentText),
    };

    /// <summary>The policy's version; kept in every entry decided under it.</summary>
    public required string Version { get; init; }

    /// <summary>The minimum age on the day of enrolment, in whole years (周岁).</summary>
    /// <value>The default is 18.</value>
    public int MinimumAge { get; init; } = 18;

    /// <summary>Whether enrolment needs the residence source to say the subject is a resident.</summary>
    /// <value>The default is true.</value>
    public bool RequireResidence { get; init; } = true;

    /// <summary>The consent texts, oldest first; the last is the current one, the only one an enrolment may confirm.</summary>
    public required ImmutableArray<ConsentText> ConsentTexts { get; init; }

    /// <summary>How long the provider or the credit center has to decide a dispute, from the day it was filed; the deadline day itself is still in time.</summary>
    /// <value>The default is 20 days (<c>P20D</c>).</value>
    public Period DisputeDecisionPeriod { get; init; } = Period.FromDays(20);

    /// <summary>Whether a record whose dispute was rejected may be disputed again.</summary>
    /// <value>The default is <see cref="RepeatDisputeRule.NewEvidenceRequired"/>.</value>
    public RepeatDisputeRule RepeatDispute { get; init; } = RepeatDisputeRule.NewEvidenceRequired;

    /// <summary>The consent text an enrolment must confirm: the last of <see cref="ConsentTexts"/>.</summary>
    public ConsentText CurrentConsentText => ConsentTexts[ConsentTexts.Length - 1];

    /// <summary>Every problem of the policy, each naming its field; empty when valid.</summary>
    public ImmutableArray<string> Validate()
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        if (string.IsNullOrWhiteSpace(Version)) errors.Add("version: must not be empty");
        if (MinimumAge is < 0 or > 150) errors.Add($"minimumAge: {MinimumAge} is not between 0 and 150");
        if (ConsentTexts.IsDefaultOrEmpty)
        {
            errors.Add("consentTexts: at least one consent text is needed");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < ConsentTexts.Length; i++)
            {
                if (ConsentTexts[i] is null) errors.Add($"consentTexts[{i}]: is null");
                else if (!seen.Add(ConsentTexts[i].Version)) errors.Add($"consentTexts[{i}]: version '{ConsentTexts[i].Version}' appears twice");
            }
        }

        if (DisputeDecisionPeriod is null || DisputeDecisionPeriod.HasTimeComponent || DisputeDecisionPeriod.Normalize() == Period.Zero
            || DisputeDecisionPeriod.Years < 0 || DisputeDecisionPeriod.Months < 0 || DisputeDecisionPeriod.Weeks < 0 || DisputeDecisionPeriod.Days < 0)
        {
            errors.Add($"disputeDecisionPeriod: '{DisputeDecisionPeriod}' is not a positive period of years, months, weeks and days");
        }

        if (!Enum.IsDefined(typeof(RepeatDisputeRule), RepeatDispute)) errors.Add($"repeatDispute: {(int)RepeatDispute} is not a rule");
        return errors.ToImmutable();
    }

    /// <inheritdoc />
    public override string ToString() => Version;
}
