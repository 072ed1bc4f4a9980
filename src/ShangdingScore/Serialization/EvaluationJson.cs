using System.Text.Encodings.Web;
using System.Text.Json;
using ShangdingScore.Evaluation;

namespace ShangdingScore.Serialization;

/// <summary>
/// Writes evaluation results as JSON through a source-generated context: camelCase properties,
/// enums in kebab-case, dates as <c>yyyy-MM-dd</c>, instants as ISO 8601 UTC, decimals exact.
/// The same result gives the same bytes on every machine.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class EvaluationJson
{
    private static readonly ShangdingJsonContext Indented = new(new JsonSerializerOptions(ShangdingJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly ShangdingJsonContext Compact = new(new JsonSerializerOptions(ShangdingJsonContext.Default.Options)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The result as JSON text (Chinese written as is, not escaped).</summary>
    /// <param name="evaluation">The result.</param>
    /// <param name="indented">Whether to indent; default true.</param>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    public static string Serialize(CreditEvaluation evaluation, bool indented = true)
    {
        if (evaluation is null) throw new ArgumentNullException(nameof(evaluation));
        var context = indented ? Indented : Compact;
        // Line breaks are "\n" on every machine. JsonSerializerOptions.NewLine would say so, but it needs
        // System.Text.Json 9+, and the package floor is 8.0 for net8.0 applications; a JSON text never holds a
        // raw line break inside a string (it is escaped), so every "\r\n" here is one written by the indenter.
        var json = JsonSerializer.Serialize(evaluation, context.CreditEvaluation);
        return indented ? json.Replace("\r\n", "\n") : json;
    }
}
