namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>
/// Where the browser is and what to do when it is not there (docs/browser-tests.md): Debian's chromium at
/// <c>/usr/bin/chromium</c>, or the path in <c>SHANGDING_CHROMIUM</c>. Playwright never downloads a browser here.
/// With <c>CI=true</c> a missing browser fails every browser test; outside CI the tests are skipped with the reason,
/// unless <c>SHANGDING_CHROMIUM</c> names a path that does not exist (a misconfiguration, which fails).
/// </summary>
public sealed class BrowserEnvironment
{
    /// <summary>The variable naming the chromium executable.</summary>
    public const string ExecutableVariable = "SHANGDING_CHROMIUM";

    /// <summary>The variable that, when <c>1</c>, launches chromium with <c>--no-sandbox</c> even when not root.</summary>
    public const string NoSandboxVariable = "SHANGDING_CHROMIUM_NO_SANDBOX";

    /// <summary>Debian's chromium launcher.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly Lazy<BrowserEnvironment> LazyCurrent = new(() => Resolve(Environment.GetEnvironmentVariable, File.Exists, Environment.UserName));

    private BrowserEnvironment(string executablePath, bool explicitPath, bool isCi, bool available, bool noSandbox)
    {
        ExecutablePath = executablePath;
        IsExplicitPath = explicitPath;
        IsCi = isCi;
        IsAvailable = available;
        NoSandbox = noSandbox;
    }

    /// <summary>This process's environment, resolved once.</summary>
    public static BrowserEnvironment Current => LazyCurrent.Value;

    /// <summary>The chromium executable Playwright launches.</summary>
    public string ExecutablePath { get; }

    /// <summary>Whether the path came from <see cref="ExecutableVariable"/>.</summary>
    public bool IsExplicitPath { get; }

    /// <summary>Whether this is a CI run (<c>CI=true</c> or <c>CI=1</c>).</summary>
    public bool IsCi { get; }

    /// <summary>Whether the executable exists.</summary>
    public bool IsAvailable { get; }

    /// <summary>Whether chromium is launched with <c>--no-sandbox</c> (as root, or asked for).</summary>
    public bool NoSandbox { get; }

    /// <summary>Why browser tests are skipped, or null when they run (the browser is there, or CI or an explicit path demand it).</summary>
    public string? SkipReason => IsAvailable || IsCi || IsExplicitPath
        ? null
        : $"No browser at {ExecutablePath}: install Debian's chromium (sudo apt-get install -y chromium) or set {ExecutableVariable} to a chromium executable. With CI=true this fails instead of skipping.";

    /// <summary>Resolves the environment from a variable lookup, a file check and the user name.</summary>
    public static BrowserEnvironment Resolve(Func<string, string?> variable, Func<string, bool> fileExists, string userName)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(fileExists);
        var configured = variable(ExecutableVariable);
        var explicitPath = !string.IsNullOrWhiteSpace(configured);
        var path = explicitPath ? configured!.Trim() : DefaultExecutable;
        var ci = variable("CI");
        var isCi = string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        var noSandbox = string.Equals(userName, "root", StringComparison.Ordinal) || variable(NoSandboxVariable) == "1";
        return new BrowserEnvironment(path, explicitPath, isCi, fileExists(path), noSandbox);
    }

    /// <summary>Throws, saying what to install, when the browser is missing.</summary>
    /// <exception cref="InvalidOperationException">The executable does not exist.</exception>
    public void RequireAvailable()
    {
        if (IsAvailable) return;
        var why = IsCi ? "CI=true, so a missing browser fails the browser tests" : $"{ExecutableVariable} names it";
        throw new InvalidOperationException(
            $"No browser at {ExecutablePath} ({why}). Install Debian's chromium: apt-get update && apt-get install -y chromium " +
            $"(.ci/browser does this in CI), or set {ExecutableVariable} to a chromium executable. Playwright's own browser download is not used.");
    }
}

/// <summary>A test that needs the browser: skipped (with the reason) outside CI when no browser is installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason from <see cref="BrowserEnvironment.Current"/>.</summary>
    public BrowserFactAttribute()
    {
        if (BrowserEnvironment.Current.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A theory that needs the browser: skipped (with the reason) outside CI when no browser is installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets the skip reason from <see cref="BrowserEnvironment.Current"/>.</summary>
    public BrowserTheoryAttribute()
    {
        if (BrowserEnvironment.Current.SkipReason is { } reason) Skip = reason;
    }
}
