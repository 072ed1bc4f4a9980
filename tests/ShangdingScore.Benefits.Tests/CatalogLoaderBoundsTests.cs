using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ShangdingScore.Packaging;
using ShangdingScore.Testing;

namespace ShangdingScore.Benefits.Tests;

/// <summary>
/// The catalog loader's answer to hostile documents: ill-formed Unicode, numbers beyond the bounds, oversized
/// documents, floods of errors and generated garbage are located refusals, never exceptions.
/// </summary>
public class CatalogLoaderBoundsTests
{
    private const string Valid = """
        {
          "schemaVersion": 1,
          "id": "test.benefits",
          "version": "1.0.0",
          "name": { "zh-CN": "测试", "en": "Test" },
          "effectiveFrom": "2020-01-01",
          "families": [
            { "code": "public-services", "name": { "zh-CN": "公共服务", "en": "Public services" }, "benefits": [
              { "code": "public.one", "name": { "zh-CN": "一", "en": "One" }, "terms": { "chargeRate": 0.6 } }
            ] }
          ]
        }
        """;

    /// <summary>The fixed seed; FsCheck's failure message names the seed and size to replay a failing step.</summary>
    private static readonly Config Replayable = Config.QuickThrowOnFailure.WithReplay(20_261_203UL, 5_555_555_555UL).WithMaxTest(300);

    private static readonly ImmutableHashSet<string> Codes = typeof(BenefitCatalogErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToImmutableHashSet(StringComparer.Ordinal);

    private static (string Path, string Code)[] Errors(string json, JsonLoadOptions? options = null) =>
        BenefitCatalogJson.Load(json, null, options).Errors.Select(e => (e.Path, e.Code)).ToArray();

    private static string DefaultCatalogJson()
    {
        using var stream = typeof(DefaultBenefitCatalogs).Assembly.GetManifestResourceStream("ShangdingScore.Benefits.Catalogs.zhengzhou.benefits-2019.1.0.json")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Load_UnpairedSurrogateEscapes_AreIllFormedUnicodeAtTheirPaths()
    {
        var json = Valid.Replace("\"test.benefits\"", "\"\\ud800\"").Replace("\"chargeRate\": 0.6", "\"chargeRate\": 0.6, \"\\udc00\": [[\"\\udbff\"]]");
        Assert.Equal(
            new[] { ("$.id", "ill-formed-unicode"), ("$.families[0].benefits[0].terms['\\udc00']", "ill-formed-unicode"), ("$.families[0].benefits[0].terms['\\udc00'][0][0]", "ill-formed-unicode") },
            Errors(json));
    }

    [Fact]
    public void Load_TextWithAnUnpairedSurrogateCharacter_IsRefusedNotReplaced() =>
        Assert.Equal(new[] { ("$", "ill-formed-unicode") }, Errors(Valid.Replace("公共服务", "公共\udc00服务")));

    [Theory]
    [InlineData("\"chargeRate\": 1e400")]
    [InlineData("\"chargeRate\": 0.123456")]
    [InlineData("\"waivesDeposit\": true, \"depositWaivedUpToYuan\": 10000000000000")]
    [InlineData("\"priorityLevel\": 10000000000")]
    public void Load_NumberBeyondTheBounds_IsInvalidValueAtItsPath(string terms)
    {
        var field = terms.Split('"')[^2];
        var e = Assert.Single(BenefitCatalogJson.Load(Valid.Replace("\"chargeRate\": 0.6", terms)).Errors);
        Assert.Equal(($"$.families[0].benefits[0].terms.{field}", BenefitCatalogErrorCodes.InvalidValue), (e.Path, e.Code));
    }

    [Fact]
    public void Load_DocumentLargerThanMaxDocumentBytes_IsRefusedBeforeParsing()
    {
        var options = new JsonLoadOptions { MaxDocumentBytes = 64 };
        Assert.Equal(new[] { ("$", "document-too-large") }, Errors(Valid, options));
        Assert.Equal(new[] { ("$", "document-too-large") }, BenefitCatalogJson.Load(Encoding.UTF8.GetBytes(Valid), null, options).Errors.Select(e => (e.Path, e.Code)));
        Assert.Equal(new[] { ("$", "document-too-large") }, Errors(Valid + new string(' ', JsonLoadOptions.DefaultMaxDocumentBytes)));
    }

    [Fact]
    public void Load_MoreErrorsThanMaxErrors_ListsTheFirstAndCountsTheRest()
    {
        var extras = string.Concat(Enumerable.Range(0, 30).Select(i => $"\"extra{i}\": {i}, "));
        var errors = BenefitCatalogJson.Load(Valid.Replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1, " + extras), null, new JsonLoadOptions { MaxErrors = 10 }).Errors;
        Assert.Equal(11, errors.Length);
        Assert.All(errors.Take(10), e => Assert.Equal(BenefitCatalogErrorCodes.UnknownProperty, e.Code));
        Assert.Equal(("$", BenefitCatalogErrorCodes.TooManyErrors), (errors[10].Path, errors[10].Code));
        Assert.StartsWith("20 more error(s)", errors[10].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArbitraryBytes_ReturnsLocatedErrors() =>
        Prop.ForAll(ShangdingGen.ArbitraryBytes().ToArbitrary(), bytes => WellFormed(BenefitCatalogJson.Load(bytes))).Check(Replayable);

    [Fact]
    public void Load_ArbitraryTextWithSurrogatesAndControlCharacters_ReturnsLocatedErrors() =>
        Prop.ForAll(ShangdingGen.ArbitraryText().ToArbitrary(), text => WellFormed(BenefitCatalogJson.Load(text))).Check(Replayable);

    [Fact]
    public void Load_BrokenVariantsOfTheDefaultCatalog_ReturnLocatedErrors() =>
        Prop.ForAll(ShangdingGen.BrokenDocuments(DefaultCatalogJson()).ToArbitrary(), text => WellFormed(BenefitCatalogJson.Load(text))).Check(Replayable);

    private static Property WellFormed(BenefitCatalogLoadResult result)
    {
        bool ok = result.IsValid
            ? result.Errors.IsEmpty
            : !result.Errors.IsEmpty && result.Errors.All(e =>
                Codes.Contains(e.Code) && e.Path.StartsWith("$", StringComparison.Ordinal) && e.Message.Length > 0
                && (e.Code != BenefitCatalogErrorCodes.Syntax || e.Message.Contains("line ", StringComparison.Ordinal)));
        return Prop.Label(ok, string.Join(Environment.NewLine, result.Errors.Take(5)));
    }
}
