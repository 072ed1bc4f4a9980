using System.Text.Json.Serialization;
using ShangdingScore.Evaluation;
using ShangdingScore.Rules;

namespace ShangdingScore.Serialization;

/// <summary>The source-generated System.Text.Json context for results (no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = new[]
    {
        typeof(LocalDateJsonConverter),
        typeof(InstantJsonConverter),
        typeof(SubjectIdJsonConverter),
        typeof(KebabEnumConverter<EvaluationStatus>),
        typeof(KebabEnumConverter<RecordOutcome>),
        typeof(KebabEnumConverter<EvaluationFlagKind>),
        typeof(KebabEnumConverter<RequirementCondition>),
        typeof(KebabEnumConverter<Polarity>),
        typeof(KebabEnumConverter<Severity>),
    })]
[JsonSerializable(typeof(CreditEvaluation))]
internal sealed partial class ShangdingJsonContext : JsonSerializerContext
{
}
