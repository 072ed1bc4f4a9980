using ShangdingScore.BrowserTests.Infrastructure;

namespace ShangdingScore.BrowserTests.SelfTests;

// These run without a browser: they pin when the browser tests run, skip or fail.
public sealed class BrowserEnvironmentTests
{
    private static BrowserEnvironment Resolve(string? ci, string? path, bool exists, string user = "dev") =>
        BrowserEnvironment.Resolve(
            name => name switch { "CI" => ci, BrowserEnvironment.ExecutableVariable => path, _ => null },
            _ => exists,
            user);

    [Fact]
    public void Resolve_NoVariable_UsesDebiansChromium()
    {
        var env = Resolve(null, null, exists: true);
        Assert.Equal("/usr/bin/chromium", env.ExecutablePath);
        Assert.Null(env.SkipReason);
        env.RequireAvailable();
    }

    [Fact]
    public void Resolve_MissingBrowserOutsideCi_SkipsWithTheInstallCommand()
    {
        var env = Resolve(null, null, exists: false);
        Assert.Contains("apt-get install -y chromium", env.SkipReason);
        Assert.Contains("SHANGDING_CHROMIUM", env.SkipReason);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public void Resolve_MissingBrowserInCi_DoesNotSkipAndFailsSayingWhatToInstall(string ci)
    {
        var env = Resolve(ci, null, exists: false);
        Assert.True(env.IsCi);
        Assert.Null(env.SkipReason);
        var ex = Assert.Throws<InvalidOperationException>(env.RequireAvailable);
        Assert.Contains("No browser at /usr/bin/chromium (CI=true", ex.Message);
        Assert.Contains("apt-get update && apt-get install -y chromium", ex.Message);
    }

    [Fact]
    public void Resolve_ExplicitPathThatDoesNotExist_FailsEvenOutsideCi()
    {
        var env = Resolve(null, " /opt/chromium/chrome ", exists: false);
        Assert.Equal("/opt/chromium/chrome", env.ExecutablePath);
        Assert.Null(env.SkipReason);
        Assert.Throws<InvalidOperationException>(env.RequireAvailable);
    }

    [Theory]
    [InlineData("root", null, true)]
    [InlineData("dev", null, false)]
    [InlineData("dev", "1", true)]
    public void Resolve_NoSandbox_AsRootOrWhenAsked(string user, string? flag, bool expected)
    {
        var env = BrowserEnvironment.Resolve(n => n == BrowserEnvironment.NoSandboxVariable ? flag : null, _ => true, user);
        Assert.Equal(expected, env.NoSandbox);
    }

    [Fact]
    public void ProjectAllowList_IsEmpty()
    {
        Assert.Empty(AxeAllowList.Project.Entries);
    }

    [Fact]
    public void AxeAllowance_WithoutAReason_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AxeAllowance("color-contrast", null, " "));
    }
}
