using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Mvc.Testing;
using ShangdingScore.Stores;

namespace ShangdingScore.CreditCenter.Tests;

/// <summary>Data Protection's keys in the key ring, encrypted at rest with a configured certificate; refused unencrypted outside Development.</summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string Password = "pfx-password-2026";
    private readonly string _folder = Directory.CreateTempSubdirectory("shangding-dpk-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndTwoInstancesReadEachOthersKeys()
    {
        var pfx = Certificate("CN=Shangding key encryption");
        var ring = new InMemoryServiceState();

        var a = Protector(ring, o => (o.CertificatePath, o.CertificatePassword) = (pfx, Password));
        var b = Protector(ring, o => (o.CertificatePath, o.CertificatePassword) = (pfx, Password));
        var fromA = a.Protect("made by instance A");
        var fromB = b.Protect("made by instance B");

        Assert.Equal("made by instance A", b.Unprotect(fromA));
        Assert.Equal("made by instance B", a.Unprotect(fromB));
        var stored = Assert.Single(await ring.KeyRing.ListAsync(KeyRingXmlRepository.Purpose));
        Assert.Contains("<EncryptedData", stored.Material, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", stored.Material, StringComparison.Ordinal);

        // An instance without the certificate cannot read the shared key; one with another certificate neither.
        Assert.ThrowsAny<CryptographicException>(() => Protector(ring, _ => { }).Unprotect(fromA));
        var other = Certificate("CN=Another certificate");
        Assert.ThrowsAny<CryptographicException>(() => Protector(ring, o => (o.CertificatePath, o.CertificatePassword) = (other, Password)).Unprotect(fromA));
    }

    [Fact]
    public void AfterARotation_ThePreviousCertificate_StillReadsTheKeysItEncrypted()
    {
        var ring = new InMemoryServiceState();
        var old = X509CertificateLoader.LoadPkcs12FromFile(Certificate("CN=Old"), Password);
        var sealedByOld = Protector(ring, o => o.Certificate = old).Protect("before the rotation");

        var rotated = Protector(ring, o =>
        {
            o.CertificatePath = Certificate("CN=New");
            o.CertificatePassword = Password;
            o.PreviousCertificates.Add(old);
        });

        Assert.Equal("before the rotation", rotated.Unprotect(sealedByOld));
    }

    [Fact]
    public void ACertificateFileThatIsMissingOrHasTheWrongPassword_IsRefusedWithWhatAndWhere()
    {
        var missing = Path.Combine(_folder, "missing.pfx");
        var pfx = Certificate("CN=Shangding key encryption");

        var notThere = Assert.Throws<InvalidOperationException>(() => Protector(new InMemoryServiceState(), o => o.CertificatePath = missing));
        var wrongPassword = Assert.Throws<InvalidOperationException>(() => Protector(new InMemoryServiceState(), o => (o.CertificatePath, o.CertificatePassword) = (pfx, "not-it")));

        Assert.Contains(missing, notThere.Message, StringComparison.Ordinal);
        Assert.Contains("CertificatePath", notThere.Message, StringComparison.Ordinal);
        Assert.Contains(pfx, wrongPassword.Message, StringComparison.Ordinal);
        Assert.Contains("CertificatePassword", wrongPassword.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideDevelopment_WithoutKeyEncryption_TheHostRefusesToStart_NamingTheSettingAndTheOptOut()
    {
        using var center = new CenterFactory { Environment = "Production" };

        var refused = Assert.ThrowsAny<Exception>(() => center.CreateClient());

        var message = string.Join(" | ", Chain(refused).Select(e => e.Message));
        Assert.Contains(DataProtectionKeyEncryption.RefusalMessage, message, StringComparison.Ordinal);
        Assert.Contains("Shangding:DataProtection:CertificatePath", message, StringComparison.Ordinal);
        Assert.Contains("Shangding:DataProtection:AllowUnencryptedKeys=true", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OutsideDevelopment_TheHostStarts_WithTheCertificate_OrWithTheExplicitOptOut(bool certificate)
    {
        var settings = certificate
            ? new Dictionary<string, string> { ["Shangding:DataProtection:CertificatePath"] = Certificate("CN=Shangding key encryption"), ["Shangding:DataProtection:CertificatePassword"] = Password }
            : new Dictionary<string, string> { ["Shangding:DataProtection:AllowUnencryptedKeys"] = "true" };
        using var center = new CenterFactory { Environment = "Production", Settings = settings };
        using var https = center.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://center.example") });

        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync("/api/keys")).StatusCode);
        var stored = await center.Services.GetRequiredService<IServiceStateStore>().KeyRing.ListAsync(KeyRingXmlRepository.Purpose);
        Assert.NotEmpty(stored);
        Assert.All(stored, k => Assert.Equal(certificate, k.Material.Contains("<EncryptedData", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InDevelopment_WithoutKeyEncryption_TheHostStarts_AndWarns()
    {
        var logs = new WarningLog();
        using var center = new CenterFactory { TestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        using var http = center.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/keys")).StatusCode);
        Assert.Contains(logs.Warnings, w => w.Contains("unencrypted", StringComparison.Ordinal) && w.Contains("Shangding:DataProtection:CertificatePath", StringComparison.Ordinal));
    }

    /// <summary>A self-signed RSA certificate with its private key, as a password-protected PKCS #12 file; its path.</summary>
    private string Certificate(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>The Data Protection of a center registered with <c>AddShangdingCreditCenter</c> over <paramref name="ring"/>.</summary>
    private static IDataProtector Protector(InMemoryServiceState ring, Action<CreditCenterOptions.DataProtectionKeyOptions> keys)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddShangdingCreditCenter(o =>
        {
            o.ServiceState = ring;
            keys(o.DataProtectionKeys);
        });
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
        if (e is AggregateException a) foreach (var inner in a.InnerExceptions) yield return inner;
    }

    private sealed class WarningLog : ILoggerProvider
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings) return [.. _warnings];
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(WarningLog log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel < LogLevel.Warning) return;
                lock (log._warnings) log._warnings.Add(formatter(state, exception));
            }
        }
    }
}
