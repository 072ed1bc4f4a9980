using System.Text.Json;
using ShangdingScore.Authorization;

namespace ShangdingScore.CreditCenter.Client;

/// <summary>
/// Reads the public keys a credit center publishes at <c>GET /api/keys</c> (JSON Web Key style: <c>kid</c>, <c>use</c>,
/// <c>x</c>, <c>y</c> of P-256). Fetch them once, check them out of band, and pin the decision key in configuration:
/// a key fetched at every start trusts whoever answers at the center's address.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class CreditCenterKeys
{
    /// <summary>What the center's grant key signs (the grants citizens issue through it).</summary>
    public const string GrantUse = "grant";

    /// <summary>What the center's decision key signs (the decisions it gives venues).</summary>
    public const string DecisionUse = "decision";

    /// <summary>The verify-only key of <paramref name="use"/> in a key set's JSON.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FormatException">The text is not a key set, or holds no key of that use, or the key is not a P-256 point.</exception>
    public static EcdsaGrantKey Parse(string keySetJson, string use = DecisionUse)
    {
        if (keySetJson is null) throw new ArgumentNullException(nameof(keySetJson));
        if (use is null) throw new ArgumentNullException(nameof(use));
        WireKeySet? set;
        try
        {
            set = JsonSerializer.Deserialize(keySetJson, WireJsonContext.Default.WireKeySet);
        }
        catch (JsonException e)
        {
            throw new FormatException("The key set is not JSON of the form {\"keys\":[…]}.", e);
        }

        var key = set?.Keys?.LastOrDefault(k => k is not null && string.Equals(k.Use, use, StringComparison.Ordinal))
            ?? throw new FormatException($"The key set holds no key with use '{use}'.");
        if (!string.Equals(key.Kty, "EC", StringComparison.Ordinal) || !string.Equals(key.Crv, "P-256", StringComparison.Ordinal) || !string.Equals(key.Alg, GrantAlgorithms.EcdsaP256Sha256, StringComparison.Ordinal))
        {
            throw new FormatException($"Key '{key.Kid}' is not an ES256 key on P-256.");
        }

        try
        {
            return EcdsaGrantKey.FromPublicCoordinates(key.Kid, key.X, key.Y);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Key '{key.Kid}' is not a P-256 public key: {e.Message}", e);
        }
    }

    /// <summary>Fetches <c>GET /api/keys</c> from <paramref name="centerUri"/> and reads the key of <paramref name="use"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="HttpRequestException">The center did not answer with success.</exception>
    /// <exception cref="FormatException">The answer holds no such key.</exception>
    public static async Task<EcdsaGrantKey> FetchAsync(HttpClient http, Uri centerUri, string use = DecisionUse, CancellationToken cancellationToken = default)
    {
        if (http is null) throw new ArgumentNullException(nameof(http));
        if (centerUri is null) throw new ArgumentNullException(nameof(centerUri));
        using var answer = await http.GetAsync(new Uri(centerUri, "api/keys"), cancellationToken).ConfigureAwait(false);
        answer.EnsureSuccessStatusCode();
        return Parse(await answer.Content.ReadAsStringAsync().ConfigureAwait(false), use);
    }
}
