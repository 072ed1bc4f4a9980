namespace ShangdingScore.Benefits.Tests;

public class MalformedCatalogTests
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

    private static (string Path, string Code)[] Errors(string json) =>
        BenefitCatalogJson.Load(json).Errors.Select(e => (e.Path, e.Code)).ToArray();

    [Fact]
    public void Load_ValidDocument_HasNoErrorsAndDefaults()
    {
        var result = BenefitCatalogJson.Load(Valid);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var b = result.Catalog!.Find("public.one")!;
        Assert.Equal("outstanding", b.MinimumGrade);
        Assert.Equal("public-services", b.Family);
    }

    [Fact]
    public void Load_NotJson_ReportsSyntaxAtRoot() =>
        Assert.Equal(new[] { ("$", "syntax") }, Errors("{ \"id\": "));

    [Fact]
    public void Load_NotAnObject_ReportsWrongTypeAtRoot() =>
        Assert.Equal(new[] { ("$", "wrong-type") }, Errors("[]"));

    [Fact]
    public void Load_UnsupportedSchemaVersion_ReportsIt() =>
        Assert.Equal(new[] { ("$.schemaVersion", "invalid-value") }, Errors(Valid.Replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")));

    [Fact]
    public void Load_MissingRequired_ReportsEachWithItsPath()
    {
        var json = """{ "schemaVersion": 1, "families": [ { "code": "x", "benefits": [ { "code": "x.a" } ] } ] }""";
        Assert.Equal(
            new[]
            {
                ("$.id", "required"), ("$.version", "required"), ("$.name", "required"), ("$.effectiveFrom", "required"),
                ("$.families[0].name", "required"), ("$.families[0].benefits[0].name", "required"),
            },
            Errors(json));
    }

    [Fact]
    public void Load_EveryKindOfBadValue_ReportsEveryErrorWithItsPath()
    {
        var json = """
            {
              "schemaVersion": 1,
              "id": "Bad Id",
              "version": "1.0",
              "name": { "zh-CN": "", "en": "Test", "fr": "Essai" },
              "effectiveFrom": "2020-13-01",
              "defaults": { "minimumGrade": "outstanding", "validFor": "PT1H" },
              "familes": [],
              "families": [
                { "code": "a", "name": { "zh-CN": "甲", "en": "A" }, "benefits": [
                  { "code": "a.one", "name": { "zh-CN": "一", "en": "One" }, "minimumGrade": 3, "terms": { "chargeRate": 1.5, "priorityLevel": 0, "depositWaivedUpToYuan": 10.005 } },
                  { "code": "a.one", "name": { "zh-CN": "二", "en": "Two" }, "validFor": "P0D", "terms": { "waivesDeposit": "yes", "discount": 0.6 } }
                ] },
                { "code": "a", "name": { "zh-CN": "乙", "en": "B" }, "benefits": {} }
              ]
            }
            """;
        Assert.Equal(
            new[]
            {
                ("$.familes", "unknown-property"),
                ("$.id", "invalid-value"),
                ("$.version", "invalid-value"),
                ("$.name.fr", "unknown-property"),
                ("$.name['zh-CN']", "invalid-value"),
                ("$.effectiveFrom", "invalid-value"),
                ("$.defaults.validFor", "invalid-value"),
                ("$.families[0].benefits[0].minimumGrade", "wrong-type"),
                ("$.families[0].benefits[0].terms.depositWaivedUpToYuan", "invalid-value"),
                ("$.families[0].benefits[0].terms.depositWaivedUpToYuan", "invalid-value"),
                ("$.families[0].benefits[0].terms.chargeRate", "invalid-value"),
                ("$.families[0].benefits[0].terms.priorityLevel", "invalid-value"),
                ("$.families[0].benefits[1].code", "duplicate-code"),
                ("$.families[0].benefits[1].validFor", "invalid-value"),
                ("$.families[0].benefits[1].terms.discount", "unknown-property"),
                ("$.families[0].benefits[1].terms.waivesDeposit", "wrong-type"),
                ("$.families[1].code", "duplicate-code"),
                ("$.families[1].benefits", "wrong-type"),
            },
            Errors(json));
    }

    [Fact]
    public void GetValueOrThrow_Invalid_ListsEveryErrorInTheMessage()
    {
        var result = BenefitCatalogJson.Load("""{ "schemaVersion": 1 }""", "bad.json");
        var ex = Assert.Throws<BenefitCatalogValidationException>(() => result.GetValueOrThrow());
        Assert.Contains("bad.json", ex.Message);
        foreach (var e in result.Errors) Assert.Contains(e.ToString(), ex.Message);
        Assert.Equal(5, ex.Errors.Length);
    }

    [Fact]
    public void ValidateAgainst_GradeNotInRuleSet_ReportsItsPath()
    {
        var catalog = BenefitCatalogJson.Load(Valid.Replace("\"terms\": { \"chargeRate\": 0.6 }", "\"minimumGrade\": \"aaa\"")).GetValueOrThrow();
        var errors = BenefitCatalogJson.ValidateAgainst(catalog, Rules.Zhengzhou.ZhengzhouRuleSets.Load(Rules.Zhengzhou.ZhengzhouRuleSets.LaunchVersion));
        var e = Assert.Single(errors);
        Assert.Equal("$.families[0].benefits[0].minimumGrade", e.Path);
        Assert.Equal(BenefitCatalogErrorCodes.UnknownReference, e.Code);
    }
}
