using System.Collections.Immutable;
using NodaTime;
using ShangdingScore.Packaging;
using ShangdingScore.Rules;

namespace ShangdingScore.Benefits;

/// <summary>
/// A versioned benefit catalog: the families of scenarios and their benefits, with an id, a
/// Semantic Versioning version and the day it takes effect (docs/benefits.md). Built only by
/// <see cref="BenefitCatalogJson.Load(string, string?, JsonLoadOptions?)"/>, which validates it.
/// </summary>
/// <remarks>Immutable and thread-safe; lookups by code are indexed once at load.</remarks>
public sealed class BenefitCatalog
{
    private readonly ImmutableDictionary<string, BenefitDefinition> _byCode;

    internal BenefitCatalog(string id, RuleSetVersion version, LocalizedText name, LocalDate effectiveFrom, ImmutableArray<BenefitFamily> families)
    {
        Id = id;
        Version = version;
        Name = name;
        EffectiveFrom = effectiveFrom;
        Families = families;
        Benefits = families.SelectMany(f => f.Benefits).ToImmutableArray();
        _byCode = Benefits.ToImmutableDictionary(b => b.Code, StringComparer.Ordinal);
    }

    /// <summary>The catalog's id, for example <c>zhengzhou.benefits</c>.</summary>
    public string Id { get; }

    /// <summary>The catalog's version (Semantic Versioning 2.0).</summary>
    public RuleSetVersion Version { get; }

    /// <summary>The catalog's name.</summary>
    public LocalizedText Name { get; }

    /// <summary>The first day the catalog applies.</summary>
    public LocalDate EffectiveFrom { get; }

    /// <summary>The families, in document order.</summary>
    public ImmutableArray<BenefitFamily> Families { get; }

    /// <summary>Every benefit of every family, in document order.</summary>
    public ImmutableArray<BenefitDefinition> Benefits { get; }

    /// <summary>The benefit with <paramref name="code"/> (ordinal), or null.</summary>
    public BenefitDefinition? Find(string code) => code is not null && _byCode.TryGetValue(code, out var b) ? b : null;

    /// <summary>The family with <paramref name="code"/> (ordinal), or null.</summary>
    public BenefitFamily? FindFamily(string code) => Families.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => $"{Id}@{Version}";
}

/// <summary>Stable codes of benefit-catalog errors (the same vocabulary as rule-set errors).</summary>
public static class BenefitCatalogErrorCodes
{
    /// <summary>The document is not well-formed JSON.</summary>
    public const string Syntax = JsonDocumentProblemCodes.Syntax;

    /// <summary>A string or property name is not well-formed Unicode (bytes that are not UTF-8, an unpaired surrogate escape such as <c>"\ud800"</c>).</summary>
    public const string IllFormedUnicode = JsonDocumentProblemCodes.IllFormedUnicode;

    /// <summary>The document is larger than <see cref="JsonLoadOptions.MaxDocumentBytes"/>; it was not parsed.</summary>
    public const string DocumentTooLarge = JsonDocumentProblemCodes.DocumentTooLarge;

    /// <summary>The last error of a report cut at <see cref="JsonLoadOptions.MaxErrors"/>: it counts the errors not listed.</summary>
    public const string TooManyErrors = JsonDocumentProblemCodes.TooManyErrors;

    /// <summary>A required property is missing.</summary>
    public const string Required = "required";

    /// <summary>A property has the wrong JSON type.</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A property's value is outside what it may be.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>A property is not part of the format (often a typo).</summary>
    public const string UnknownProperty = "unknown-property";

    /// <summary>Two families or two benefits share a code.</summary>
    public const string DuplicateCode = "duplicate-code";

    /// <summary>A grade code is not one of the rule set's grades (only when loading against a rule set).</summary>
    public const string UnknownReference = "unknown-reference";
}

/// <summary>One problem found while loading a catalog: where (a JSON path), what (a stable code) and why.</summary>
/// <remarks>Immutable.</remarks>
public sealed class BenefitCatalogError
{
    /// <summary>Creates an error.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public BenefitCatalogError(string path, string code, string message)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>The JSON path of the offending value, for example <c>$.families[2].benefits[0].minimumGrade</c>.</summary>
    public string Path { get; }

    /// <summary>One of <see cref="BenefitCatalogErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>What is wrong, in English.</summary>
    public string Message { get; }

    /// <summary><c>$.path: message [code]</c>.</summary>
    public override string ToString() => $"{Path}: {Message} [{Code}]";
}

/// <summary>The outcome of loading a catalog: the catalog, or every error found.</summary>
/// <remarks>Immutable.</remarks>
public sealed class BenefitCatalogLoadResult
{
    internal BenefitCatalogLoadResult(BenefitCatalog? catalog, ImmutableArray<BenefitCatalogError> errors, string? source)
    {
        Catalog = catalog;
        Errors = errors;
        Source = source;
    }

    /// <summary>The catalog, when there were no errors.</summary>
    public BenefitCatalog? Catalog { get; }

    /// <summary>Every error found, in document order.</summary>
    public ImmutableArray<BenefitCatalogError> Errors { get; }

    /// <summary>Where the document came from, if the caller said.</summary>
    public string? Source { get; }

    /// <summary>Whether the catalog is valid.</summary>
    public bool IsValid => Catalog is not null;

    /// <summary>The catalog, or an exception listing every error.</summary>
    /// <exception cref="BenefitCatalogValidationException">The catalog has errors.</exception>
    public BenefitCatalog GetValueOrThrow() => Catalog ?? throw new BenefitCatalogValidationException(Source, Errors);
}

/// <summary>Thrown by <see cref="BenefitCatalogLoadResult.GetValueOrThrow"/>: its message lists every error with its path.</summary>
public sealed class BenefitCatalogValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BenefitCatalogValidationException(string? source, ImmutableArray<BenefitCatalogError> errors)
        : base($"The benefit catalog{(source is null ? string.Empty : " " + source)} is invalid ({errors.Length} error(s)):\n" + string.Join("\n", errors.Select(e => "  " + e)))
    {
        DocumentSource = source;
        Errors = errors;
    }

    /// <summary>Where the document came from, if known.</summary>
    public string? DocumentSource { get; }

    /// <summary>Every error.</summary>
    public ImmutableArray<BenefitCatalogError> Errors { get; }
}
