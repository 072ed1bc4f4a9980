using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShangdingScore.CreditCenter;

/// <summary>
/// Encryption at rest of Data Protection's own keys, which the center keeps in the key ring (purpose
/// <c>data-protection</c>): with the configured certificate (<see cref="CreditCenterOptions.DataProtectionKeyOptions"/>),
/// or any XML encryptor the host configured itself. Outside Development the center refuses to start without one unless
/// the host opted out explicitly; in Development it warns.
/// </summary>
internal static partial class DataProtectionKeyEncryption
{
    public const string RefusalMessage =
        "The credit center will not keep its Data Protection keys (they protect the session cookies, the anti-forgery tokens and the signing keys) " +
        "unencrypted in the key ring outside Development. Give a certificate with its private key: CreditCenterOptions.DataProtectionKeys.CertificatePath " +
        "and CertificatePassword (in the sample, Shangding:DataProtection:CertificatePath and Shangding:DataProtection:CertificatePassword), or " +
        "DataProtectionKeys.Certificate, or configure another XML encryptor (services.AddDataProtection().ProtectKeysWith…). If the database is " +
        "protected by other means, opt out explicitly with DataProtectionKeys.AllowUnencrypted = true (Shangding:DataProtection:AllowUnencryptedKeys=true).";

    /// <summary>Encrypts the keys with the configured certificate, and decrypts with it and the previous ones; nothing when none is configured.</summary>
    /// <exception cref="InvalidOperationException">The certificate is configured twice, missing, unreadable or without its private key.</exception>
    public static void Configure(IDataProtectionBuilder builder, CreditCenterOptions.DataProtectionKeyOptions options)
    {
        var certificate = Load(options);
        if (certificate is null) return;
        builder.ProtectKeysWithCertificate(certificate);
        builder.UnprotectKeysWithAnyCertificate([certificate, .. options.PreviousCertificates]);
    }

    /// <summary>Outside Development, refuses keys kept unencrypted unless the host opted out; in Development (or opted out), warns.</summary>
    /// <exception cref="InvalidOperationException">No XML encryptor, outside Development, without the opt-out.</exception>
    public static void CheckAtStart(IServiceProvider services, IHostEnvironment environment)
    {
        if (services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is not null) return;
        var options = services.GetRequiredService<IOptions<CreditCenterOptions>>().Value.DataProtectionKeys;
        if (!environment.IsDevelopment() && !options.AllowUnencrypted) throw new InvalidOperationException(RefusalMessage);
        KeysUnencrypted(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataProtectionKeyEncryption).FullName!), environment.EnvironmentName);
    }

    private static X509Certificate2? Load(CreditCenterOptions.DataProtectionKeyOptions options)
    {
        if (options.Certificate is not null && options.CertificatePath is not null)
        {
            throw new InvalidOperationException("CreditCenterOptions.DataProtectionKeys: set Certificate or CertificatePath, not both.");
        }

        var certificate = options.Certificate;
        if (options.CertificatePath is { } path)
        {
            if (!File.Exists(path)) throw new InvalidOperationException($"CreditCenterOptions.DataProtectionKeys.CertificatePath: the certificate file '{path}' does not exist.");
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(
                    $"CreditCenterOptions.DataProtectionKeys.CertificatePath: '{path}' could not be read as a PKCS #12 file with CertificatePassword ({e.Message}).", e);
            }
        }

        if (certificate is { HasPrivateKey: false })
        {
            throw new InvalidOperationException(
                $"CreditCenterOptions.DataProtectionKeys: the certificate '{certificate.Subject}' has no private key: the keys it encrypted could not be read back.");
        }

        return certificate;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message =
        "The credit center keeps its Data Protection keys unencrypted in the key ring ({Environment}): set CreditCenterOptions.DataProtectionKeys.CertificatePath " +
        "(Shangding:DataProtection:CertificatePath in the sample) to encrypt them. Outside Development it refuses to start without it unless AllowUnencrypted is set.")]
    private static partial void KeysUnencrypted(ILogger logger, string environment);
}
