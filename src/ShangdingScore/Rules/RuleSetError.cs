using System.Collections.Immutable;

namespace ShangdingScore.Rules;

/// <summary>Stable codes of rule-set errors. Their text is part of the public contract.</summary>
public static class RuleSetErrorCodes
{
    /// <summary>The document is not well-formed JSON.</summary>
    public const string Syntax = Packaging.JsonDocumentProblemCodes.Syntax;

    /// <summary>A required property is missing.</summary>
    public const string Required = "required";

    /// <summary>A property has the wrong JSON type.</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A property's value is outside what it may be.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>A property is not part of the format (often a typo).</summary>
    public const string UnknownProperty = "unknown-property";

    /// <summary>A property appears twice in one object.</summary>
    public const string DuplicateProperty = "duplicate-property";

    /// <summary>Two entries share a code.</summary>
    public const string DuplicateCode = "duplicate-code";

    /// <summary>A code refers to nothing in the rule set.</summary>
    public const string UnknownReference = "unknown-reference";

    /// <summary>Some publishable score has no grade.</summary>
    public const string BandGap = "band-gap";

    /// <summary>Some publishable score has two grades.</summary>
    public const string BandOverlap = "band-overlap";

    /// <summary>A band holds no publishable score.</summary>
    public const string BandEmpty = "band-empty";

    /// <summary>Two versions of one rule set have the same <c>effectiveFrom</c>, or the same version twice.</summary>
    public const string VersionConflict = "version-conflict";

    /// <summary>A string or property name is not well-formed Unicode (bytes that are not UTF-8, an unpaired surrogate escape such as <c>"\ud800"</c>).</summary>
    public const string IllFormedUnicode = Packaging.JsonDocumentProblemCodes.IllFormedUnicode;

    /// <summary>The document is larger than <see cref="Packaging.JsonLoadOptions.MaxDocumentBytes"/>; it was not parsed.</summary>
    public const string DocumentTooLarge = Packaging.JsonDocumentProblemCodes.DocumentTooLarge;

    /// <summary>The last error of a report cut at <see cref="Packaging.JsonLoadOptions.MaxErrors"/>: it counts the errors not listed.</summary>
    public const string TooManyErrors = Packaging.JsonDocumentProblemCodes.TooManyErrors;
}

/// <summary>One problem found while loading a rule set: where (a JSON path), what (a stable code) and why.</summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetError
{
    /// <summary>Creates an error.</summary>
    public RuleSetError(string path, string code, string message, decimal? score = null)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Score = score;
    }

    /// <summary>The JSON path of the offending value, for example <c>$.items[3].countsFor</c>.</summary>
    public string Path { get; }

    /// <summary>One of <see cref="RuleSetErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What is wrong, in English.</summary>
    public string Message { get; }

    /// <summary>For band gaps and overlaps: the first publishable score where it happens.</summary>
    public decimal? Score { get; }

    /// <summary><c>$.path: message [code]</c>.</summary>
    public override string ToString() => $"{Path}: {Message} [{Code}]";
}

/// <summary>
/// The outcome of loading or creating a rule set: the rule set, or every error found (never just
/// the first). Loading never throws for bad content; see <see cref="RuleSet.Create"/>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class RuleSetLoadResult
{
    internal RuleSetLoadResult(RuleSet? ruleSet, ImmutableArray<RuleSetError> errors, string? source)
    {
        RuleSet = ruleSet;
        Errors = errors;
        Source = source;
    }

    /// <summary>The rule set, when there were no errors.</summary>
    public RuleSet? RuleSet { get; }

    /// <summary>Every error found, in document order.</summary>
    public ImmutableArray<RuleSetError> Errors { get; }

    /// <summary>Where the document came from (a file or resource name), if the caller said.</summary>
    public string? Source { get; }

    /// <summary>Whether the rule set is valid.</summary>
    public bool IsValid => RuleSet is not null;

    /// <summary>The rule set, or an exception listing every error.</summary>
    /// <exception cref="RuleSetValidationException">The rule set has errors.</exception>
    public RuleSet GetValueOrThrow() => RuleSet ?? throw new RuleSetValidationException(Source, Errors);
}

/// <summary>Thrown by <see cref="RuleSetLoadResult.GetValueOrThrow"/>: its message lists every error with its path.</summary>
public sealed class RuleSetValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleSetValidationException(string? source, ImmutableArray<RuleSetError> errors)
        : base(Format(source, errors))
    {
        DocumentSource = source;
        Errors = errors;
    }

    /// <summary>Where the document came from, if known.</summary>
    public string? DocumentSource { get; }

    /// <summary>Every error.</summary>
    public ImmutableArray<RuleSetError> Errors { get; }

    private static string Format(string? source, ImmutableArray<RuleSetError> errors) =>
        $"The rule set{(source is null ? string.Empty : " in " + source)} has {errors.Length} error(s):{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
