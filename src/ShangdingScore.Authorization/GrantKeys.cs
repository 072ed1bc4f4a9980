using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;

namespace ShangdingScore.Authorization;

/// <summary>The signature algorithms of grants (the <c>alg</c> of the token header).</summary>
public static class GrantAlgorithms
{
    /// <summary>HMAC-SHA256 with a shared secret of at least 32 bytes.</summary>
    public const string HmacSha256 = "HS256";

    /// <summary>ECDSA on P-256 with SHA-256; the signature is r‖s, 64 bytes (IEEE P1363).</summary>
    public const string EcdsaP256Sha256 = "ES256";
}

/// <summary>
/// A key that signs or verifies grants, known by its key id (<c>kid</c>). The key's algorithm is
/// authoritative: a token whose header names another algorithm is refused.
/// </summary>
/// <remarks>Immutable and thread-safe. Implemented by <see cref="HmacGrantKey"/> and <see cref="EcdsaGrantKey"/>.</remarks>
public abstract class GrantKey
{
    private protected GrantKey(string keyId)
    {
        if (keyId is null) throw new ArgumentNullException(nameof(keyId));
        if (!IsValidKeyId(keyId))
        {
            throw new ArgumentException("A key id is 1 to 64 printable ASCII characters without spaces, quotes or backslashes.", nameof(keyId));
        }

        KeyId = keyId;
    }

    /// <summary>The key id.</summary>
    public string KeyId { get; }

    /// <summary>The longest key id, in characters.</summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>One of <see cref="GrantAlgorithms"/>.</summary>
    public abstract string Algorithm { get; }

    /// <summary>Whether this key can sign (holds the secret or the private key).</summary>
    public abstract bool CanSign { get; }

    /// <summary>
    /// Whether <paramref name="keyId"/> is an acceptable key id: 1 to <see cref="MaxKeyIdLength"/> printable ASCII
    /// characters without spaces, quotes or backslashes. A token naming any other <c>kid</c> is malformed, so an
    /// unauthenticated token can never put more than this into the query log.
    /// </summary>
    public static bool IsValidKeyId(string? keyId)
    {
        if (keyId is null || keyId.Length is 0 or > MaxKeyIdLength) return false;
        foreach (var c in keyId)
        {
            if (c <= ' ' || c == '"' || c == '\\' || c > '~') return false;
        }

        return true;
    }

    internal abstract byte[] Sign(byte[] signingInput);

    internal abstract bool Verify(byte[] signingInput, byte[] signature);
}

/// <summary>An HMAC-SHA256 key (a shared secret of at least 32 bytes): the issuer and the verifier both hold it.</summary>
/// <remarks>Immutable and thread-safe (a copy of the secret is kept; a new HMAC instance is made per call).</remarks>
public sealed class HmacGrantKey : GrantKey
{
    /// <summary>The fewest secret bytes accepted.</summary>
    public const int MinimumSecretBytes = 32;

    private readonly byte[] _secret;

    /// <summary>Creates the key.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The key id is not acceptable or the secret is shorter than <see cref="MinimumSecretBytes"/>.</exception>
    public HmacGrantKey(string keyId, byte[] secret)
        : base(keyId)
    {
        if (secret is null) throw new ArgumentNullException(nameof(secret));
        if (secret.Length < MinimumSecretBytes) throw new ArgumentException($"An HMAC-SHA256 grant key needs at least {MinimumSecretBytes} bytes.", nameof(secret));
        _secret = (byte[])secret.Clone();
    }

    /// <inheritdoc />
    public override string Algorithm => GrantAlgorithms.HmacSha256;

    /// <inheritdoc />
    public override bool CanSign => true;

    internal override byte[] Sign(byte[] signingInput)
    {
        using var hmac = new HMACSHA256(_secret);
        return hmac.ComputeHash(signingInput);
    }

    internal override bool Verify(byte[] signingInput, byte[] signature) => FixedTimeEquals(Sign(signingInput), signature);

    internal static bool FixedTimeEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length) return false;
        int diff = 0;
        for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
        return diff == 0;
    }
}

/// <summary>
/// An ECDSA P-256 key: the issuer signs with the private key, venues verify with the public key
/// only. Available on both netstandard2.0 and net8.0 (System.Security.Cryptography).
/// </summary>
/// <remarks>
/// Immutable and thread-safe: it keeps the parameters, and lends each call an <see cref="ECDsa"/> made from them that no
/// other call uses at the same time (kept for reuse afterwards: importing a key costs more than a signature check).
/// </remarks>
public sealed class EcdsaGrantKey : GrantKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private readonly ECParameters _parameters;
    private readonly ConcurrentBag<ECDsa> _signers = new();
    private readonly ConcurrentBag<ECDsa> _verifiers = new();

    private EcdsaGrantKey(string keyId, ECParameters parameters, bool canSign)
        : base(keyId)
    {
        _parameters = parameters;
        CanSign = canSign;
    }

    /// <inheritdoc />
    public override string Algorithm => GrantAlgorithms.EcdsaP256Sha256;

    /// <inheritdoc />
    public override bool CanSign { get; }

    /// <summary>A key from exported parameters; with <see cref="ECParameters.D"/> it can sign, without it only verify.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="keyId"/> is null.</exception>
    /// <exception cref="ArgumentException">The parameters are not of a P-256 key.</exception>
    public static EcdsaGrantKey FromParameters(string keyId, ECParameters parameters)
    {
        var oid = parameters.Curve.Oid?.Value;
        var isP256 = string.Equals(oid, P256Oid, StringComparison.Ordinal)
            || string.Equals(parameters.Curve.Oid?.FriendlyName, "nistP256", StringComparison.Ordinal)
            || string.Equals(parameters.Curve.Oid?.FriendlyName, "ECDSA_P256", StringComparison.Ordinal);
        if (!isP256 || parameters.Q.X is not { Length: 32 } || parameters.Q.Y is not { Length: 32 })
        {
            throw new ArgumentException("The parameters are not of an ECDSA P-256 key.", nameof(parameters));
        }

        return new EcdsaGrantKey(keyId, parameters, parameters.D is { Length: > 0 });
    }

    /// <summary>
    /// A verify-only key from its public point as a JSON Web Key writes it (<c>"x"</c>, <c>"y"</c>: 32 bytes each, base64url
    /// without padding): how another city's credit center publishes the key it signs grade attestations with.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The key id is not valid, a coordinate is not 32 bytes of base64url, or the point is not on P-256.</exception>
    public static EcdsaGrantKey FromPublicCoordinates(string keyId, string x, string y)
    {
        if (keyId is null) throw new ArgumentNullException(nameof(keyId));
        if (x is null) throw new ArgumentNullException(nameof(x));
        if (y is null) throw new ArgumentNullException(nameof(y));
        if (!IsValidKeyId(keyId)) throw new ArgumentException($"A key id is 1 to {MaxKeyIdLength} printable ASCII characters.", nameof(keyId));
        if (!Base64Url.TryDecode(x, out var xb) || xb.Length != 32) throw new ArgumentException("x is not a P-256 coordinate: 32 bytes in base64url without padding.", nameof(x));
        if (!Base64Url.TryDecode(y, out var yb) || yb.Length != 32) throw new ArgumentException("y is not a P-256 coordinate: 32 bytes in base64url without padding.", nameof(y));
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = xb, Y = yb } };
        try
        {
            // Importing validates the point: one that is not on the curve is refused here, not at the first signature.
            using var check = ECDsa.Create(parameters);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("x and y are not a point of P-256.", nameof(y), e);
        }

        return new EcdsaGrantKey(keyId, parameters, canSign: false);
    }

    /// <summary>The public point's x coordinate, 32 bytes in base64url without padding (a JSON Web Key's <c>"x"</c>).</summary>
    public string PublicX => Base64Url.Encode(_parameters.Q.X!);

    /// <summary>The public point's y coordinate, 32 bytes in base64url without padding (a JSON Web Key's <c>"y"</c>).</summary>
    public string PublicY => Base64Url.Encode(_parameters.Q.Y!);

    /// <summary>The public half of this key, for venues that verify only.</summary>
    public EcdsaGrantKey PublicOnly()
    {
        var p = _parameters;
        p.D = null;
        return new EcdsaGrantKey(KeyId, p, canSign: false);
    }

    internal override byte[] Sign(byte[] signingInput)
    {
        if (!CanSign) throw new InvalidOperationException($"Key '{KeyId}' holds no private key: it verifies only.");
        var ecdsa = _signers.TryTake(out var pooled) ? pooled : ECDsa.Create(_parameters);
        var signature = ecdsa.SignData(signingInput, HashAlgorithmName.SHA256);
        _signers.Add(ecdsa);
        return signature;
    }

    internal override bool Verify(byte[] signingInput, byte[] signature)
    {
        if (signature.Length != 64) return false;
        if (!_verifiers.TryTake(out var ecdsa))
        {
            var p = _parameters;
            p.D = null;
            ecdsa = ECDsa.Create(p);
        }

        var valid = ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256);
        _verifiers.Add(ecdsa);
        return valid;
    }
}

/// <summary>Where the verifier finds keys by id (a key vault, a configuration section, a rotation service).</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IGrantKeyProvider
{
    /// <summary>The key with <paramref name="keyId"/>, or null when unknown (the token is then refused as <c>unknown-key</c>).</summary>
    ValueTask<GrantKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken);
}

/// <summary>A key provider over keys held in memory.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class InMemoryGrantKeyProvider : IGrantKeyProvider
{
    private readonly ImmutableDictionary<string, GrantKey> _keys;

    /// <summary>Creates the provider.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">Two keys share an id.</exception>
    public InMemoryGrantKeyProvider(IEnumerable<GrantKey> keys)
    {
        if (keys is null) throw new ArgumentNullException(nameof(keys));
        var builder = ImmutableDictionary.CreateBuilder<string, GrantKey>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (k is null) throw new ArgumentNullException(nameof(keys), "A key is null.");
            if (builder.ContainsKey(k.KeyId)) throw new ArgumentException($"Two keys have the id '{k.KeyId}'.", nameof(keys));
            builder.Add(k.KeyId, k);
        }

        _keys = builder.ToImmutable();
    }

    /// <inheritdoc />
    public ValueTask<GrantKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken) =>
        new(keyId is not null && _keys.TryGetValue(keyId, out var k) ? k : null);
}
