using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter.Tests;

public sealed class KeyRingTests
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 6, 1, 2, 0));

    [Fact]
    public async Task TwoInstancesOnOneKeyRing_SignWithTheSameKeys_AndShareDataProtection()
    {
        var shared = new InMemoryServiceState();

        var first = await CenterSigningKeys.LoadAsync(new CreditCenterOptions(), shared.KeyRing, Protector(shared), Clock);
        var second = await CenterSigningKeys.LoadAsync(new CreditCenterOptions(), shared.KeyRing, Protector(shared), Clock);

        Assert.Equal(first.DecisionSigner.KeyId, second.DecisionSigner.KeyId);
        Assert.Equal(first.DecisionSigner.PublicX, second.DecisionSigner.PublicX);
        Assert.Equal(first.GrantSigner.PublicY, second.GrantSigner.PublicY);
        Assert.Single(await shared.KeyRing.ListAsync(CenterSigningKeys.DecisionPurpose));
        Assert.Single(await shared.KeyRing.ListAsync(KeyRingXmlRepository.Purpose));
        Assert.DoesNotContain("\"d\"", (await shared.KeyRing.ListAsync(CenterSigningKeys.GrantPurpose))[0].Material, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherKeyRing_CannotReadTheProtectedSigningKey()
    {
        var shared = new InMemoryServiceState();
        await CenterSigningKeys.LoadAsync(new CreditCenterOptions(), shared.KeyRing, Protector(shared), Clock);
        var stranger = new InMemoryServiceState();

        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => CenterSigningKeys.LoadAsync(new CreditCenterOptions(), shared.KeyRing, Protector(stranger), Clock));
    }

    [Fact]
    public async Task WithoutOpenIdConnectConfigured_TheOidcSignIn_Is404()
    {
        using var center = new CenterFactory();
        using var http = center.CreateClient();

        var answer = await http.GetAsync("/account/oidc");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(CenterReasonCodes.NotFound, await VenueDecisionTests.ReasonCodeAsync(answer));
    }

    private static IDataProtector Protector(InMemoryServiceState state)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("zz-credit-center");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new KeyRingXmlRepository(state.KeyRing, Clock));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("ShangdingScore.CreditCenter.SigningKeys");
    }
}
