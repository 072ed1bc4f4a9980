namespace ShangdingScore.Benefits;

/// <summary>
/// What a granted benefit gives (spec §5): a deposit waived, a reduced charge, a priority tier.
/// Every term is optional; a benefit states only those that apply.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class BenefitTerms : IEquatable<BenefitTerms>
{
    /// <summary>No terms beyond the decision itself.</summary>
    public static BenefitTerms None { get; } = new();

    /// <summary>Whether a deposit (押金) is waived.</summary>
    /// <value>The default is false.</value>
    public bool WaivesDeposit { get; init; }

    /// <summary>
    /// The most of the deposit waived, in yuan (元, two decimals at most); null with
    /// <see cref="WaivesDeposit"/> means the whole deposit, whatever its amount.
    /// </summary>
    /// <value>The default is null.</value>
    public decimal? DepositWaivedUpToYuan { get; init; }

    /// <summary>
    /// The fraction of the normal charge the subject pays, in the Chinese 折 convention: 0.6 is
    /// 6折 (pay 60 %), 0 is free of charge; null when the charge is not reduced. This is the
    /// "discount rate" of the plan; the venue rounds money as its adapter documents.
    /// </summary>
    /// <value>The default is null.</value>
    public decimal? ChargeRate { get; init; }

    /// <summary>A priority tier, 1 being the first (a separate window or queue); null without priority.</summary>
    /// <value>The default is null.</value>
    public int? PriorityLevel { get; init; }

    /// <inheritdoc />
    public bool Equals(BenefitTerms? other) =>
        other is not null && WaivesDeposit == other.WaivesDeposit && DepositWaivedUpToYuan == other.DepositWaivedUpToYuan
        && ChargeRate == other.ChargeRate && PriorityLevel == other.PriorityLevel;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BenefitTerms);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(WaivesDeposit, DepositWaivedUpToYuan, ChargeRate, PriorityLevel);
}
