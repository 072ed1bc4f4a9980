using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NodaTime;
using ShangdingScore.Authorization;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// The center's signing keys (ES256): one that signs grants, one that signs decisions. Configured, or kept in the key ring
/// (purposes <see cref="GrantPurpose"/>, <see cref="DecisionPurpose"/>), the private key protected with ASP.NET Core Data
/// Protection, so every instance on the database signs with the same keys. The newest entry of a purpose signs; every
/// entry of the grant purpose still verifies (a rotated key's grants stay good until they expire).
/// </summary>
internal sealed class CenterSigningKeys
{
    public const string GrantPurpose = "grant-signing";
    public const string DecisionPurpose = "decision-signing";

    private CenterSigningKeys(ImmutableArray<EcdsaGrantKey> grantKeys, ImmutableArray<EcdsaGrantKey> decisionKeys)
    {
        GrantKeys = grantKeys;
        DecisionKeys = decisionKeys;
    }

    /// <summary>Every grant key, oldest first; the last signs.</summary>
    public ImmutableArray<EcdsaGrantKey> GrantKeys { get; }

    /// <summary>Every decision key, oldest first; the last signs.</summary>
    public ImmutableArray<EcdsaGrantKey> DecisionKeys { get; }

    public EcdsaGrantKey GrantSigner => GrantKeys[^1];

    public EcdsaGrantKey DecisionSigner => DecisionKeys[^1];

    public IEnumerable<GrantKey> GrantVerificationKeys => GrantKeys.Select(k => (GrantKey)k.PublicOnly());

    public static async Task<CenterSigningKeys> LoadAsync(CreditCenterOptions options, IKeyRingStore ring, IDataProtector protector, IClock clock)
    {
        var grant = options.GrantSigningKey is { } g ? [g] : await FromRingAsync(ring, GrantPurpose, protector, clock).ConfigureAwait(false);
        var decision = options.DecisionSigningKey is { } d ? [d] : await FromRingAsync(ring, DecisionPurpose, protector, clock).ConfigureAwait(false);
        if (!grant[^1].CanSign || !decision[^1].CanSign) throw new InvalidOperationException("The configured signing keys must hold their private keys.");
        return new CenterSigningKeys(grant, decision);
    }

    private static async Task<ImmutableArray<EcdsaGrantKey>> FromRingAsync(IKeyRingStore ring, string purpose, IDataProtector protector, IClock clock)
    {
        var entries = await ring.ListAsync(purpose).ConfigureAwait(false);
        if (entries.IsEmpty)
        {
            // The first instance to need a key makes one; when two race, both keep theirs and both then use the newest.
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var p = ec.ExportParameters(includePrivateParameters: true);
            var json = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["d"] = Convert.ToBase64String(p.D!), ["x"] = Convert.ToBase64String(p.Q.X!), ["y"] = Convert.ToBase64String(p.Q.Y!),
            });
            var name = purpose + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            await ring.AddAsync(new KeyRingEntry { Purpose = purpose, Name = name, Material = protector.Protect(json), CreatedAt = clock.GetCurrentInstant() }).ConfigureAwait(false);
            entries = await ring.ListAsync(purpose).ConfigureAwait(false);
        }

        return [.. entries.Select(e => Read(e, protector))];
    }

    private static EcdsaGrantKey Read(KeyRingEntry entry, IDataProtector protector)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(entry.Material))
            ?? throw new InvalidOperationException($"Key ring entry {entry.Purpose}/{entry.Name} holds no key.");
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Convert.FromBase64String(values["d"]),
            Q = new ECPoint { X = Convert.FromBase64String(values["x"]), Y = Convert.FromBase64String(values["y"]) },
        };
        return EcdsaGrantKey.FromParameters(entry.Name, parameters);
    }
}

/// <summary>ASP.NET Core Data Protection's key repository over the key ring (purpose <c>data-protection</c>), so every instance shares the cookie and anti-forgery keys.</summary>
internal sealed class KeyRingXmlRepository(IKeyRingStore ring, IClock clock) : IXmlRepository
{
    public const string Purpose = "data-protection";

    // IXmlRepository is synchronous; the key ring is read at start-up and when keys roll, not per request.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. ring.ListAsync(Purpose).GetAwaiter().GetResult().Select(e => XElement.Parse(e.Material))];

    public void StoreElement(XElement element, string friendlyName)
    {
        var added = ring.AddAsync(new KeyRingEntry { Purpose = Purpose, Name = friendlyName, Material = element.ToString(SaveOptions.DisableFormatting), CreatedAt = clock.GetCurrentInstant() })
            .GetAwaiter().GetResult();
        if (!added) throw new InvalidOperationException($"The key ring already holds a data-protection key named '{friendlyName}'.");
    }
}
