using ShangdingScore.Rules.Zhengzhou;

namespace ShangdingScore.Benefits.Tests;

public class DefaultCatalogTests
{
    [Fact]
    public void Default_Loads_WithThePlansFiveFamiliesInOrder()
    {
        var catalog = DefaultBenefitCatalogs.Default;
        Assert.Equal("zhengzhou.benefits", catalog.Id);
        Assert.Equal("2019.1.0", catalog.Version.ToString());
        Assert.Equal(
            new[] { BenefitFamilyCodes.GovernmentServices, BenefitFamilyCodes.Transport, BenefitFamilyCodes.Healthcare, BenefitFamilyCodes.PublicServices, BenefitFamilyCodes.SocialUse },
            catalog.Families.Select(f => f.Code));
    }

    [Theory]
    [InlineData("transport")]
    [InlineData("social-use")]
    public void Default_TransportAndSocialUse_HaveNoDefaultBenefit(string family) =>
        Assert.Empty(DefaultBenefitCatalogs.Default.FindFamily(family)!.Benefits);

    [Fact]
    public void Default_Benefits_AreThePlansScenarios()
    {
        var codes = DefaultBenefitCatalogs.Default.Benefits.Select(b => b.Code).ToArray();
        Assert.Equal(
            new[]
            {
                "government.green-channel", "government.notification-commitment", "government.pending-documents-acceptance", "government.expedited-handling",
                "healthcare.family-doctor-priority", "healthcare.priority-payment-pharmacy", "healthcare.priority-referral",
                "public.library-card-deposit-free", "public.sports-venues-free", "public.rental-deposit-free", "public.rental-commission-60", "public.elderly-care-priority",
            },
            codes);
    }

    [Fact]
    public void Default_EveryBenefit_RequiresOutstandingAndHoldsForADay()
    {
        foreach (var b in DefaultBenefitCatalogs.Default.Benefits)
        {
            Assert.Equal("outstanding", b.MinimumGrade);
            Assert.Equal(NodaTime.Period.FromDays(1), b.ValidFor);
            Assert.False(string.IsNullOrWhiteSpace(b.Name.ZhCn));
            Assert.False(string.IsNullOrWhiteSpace(b.Name.En));
        }
    }

    [Fact]
    public void Default_Terms_MatchThePlan()
    {
        var c = DefaultBenefitCatalogs.Default;
        Assert.Equal(0.6m, c.Find("public.rental-commission-60")!.Terms.ChargeRate);
        Assert.Equal(0m, c.Find("public.sports-venues-free")!.Terms.ChargeRate);
        Assert.True(c.Find("public.rental-deposit-free")!.Terms.WaivesDeposit);
        Assert.Null(c.Find("public.rental-deposit-free")!.Terms.DepositWaivedUpToYuan);
        Assert.Equal(100.00m, c.Find("public.library-card-deposit-free")!.Terms.DepositWaivedUpToYuan);
        Assert.Equal(1, c.Find("healthcare.priority-referral")!.Terms.PriorityLevel);
    }

    [Fact]
    public void Default_MinimumGrades_AreGradesOfTheZhengzhouRuleSet() =>
        Assert.Empty(BenefitCatalogJson.ValidateAgainst(DefaultBenefitCatalogs.Default, ZhengzhouRuleSets.Load(ZhengzhouRuleSets.LaunchVersion)));

    [Fact]
    public void Load_UnknownVersion_ThrowsListingShippedVersions()
    {
        var ex = Assert.Throws<ArgumentException>(() => DefaultBenefitCatalogs.Load(Rules.RuleSetVersion.Parse("9.9.9")));
        Assert.Contains("2019.1.0", ex.Message);
    }

    [Fact]
    public void Default_LoadedTwice_IsTheSameInstance() =>
        Assert.Same(DefaultBenefitCatalogs.Default, DefaultBenefitCatalogs.Load(DefaultBenefitCatalogs.DefaultVersion));

    [Fact]
    public void Schema_File_ExistsAndNamesEveryTopLevelProperty()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ShangdingScore.Sdk.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var schema = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "schemas", "benefit-catalog.v1.schema.json"));
        foreach (var p in new[] { "schemaVersion", "id", "version", "name", "effectiveFrom", "defaults", "families", "minimumGrade", "validFor", "waivesDeposit", "depositWaivedUpToYuan", "chargeRate", "priorityLevel" })
        {
            Assert.Contains($"\"{p}\"", schema);
        }
    }
}
