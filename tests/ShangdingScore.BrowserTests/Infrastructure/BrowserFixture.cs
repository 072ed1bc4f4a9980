using Microsoft.Playwright;

namespace ShangdingScore.BrowserTests.Infrastructure;

/// <summary>
/// One headless chromium for the test collection, launched by Playwright from <see cref="BrowserEnvironment.ExecutablePath"/>
/// (Debian's chromium; Playwright never downloads one). Each test opens its own context (cookies, storage) and page.
/// A browser that is missing or fails to launch does not fail the fixture: it fails each test that asks for it, with the reason.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>A phone's viewport in CSS pixels (iPhone 12–15 class).</summary>
    public static readonly ViewportSize PhoneViewport = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private Exception? _launchFailure;

    /// <summary>The environment the browser came from.</summary>
    public BrowserEnvironment Environment { get; } = BrowserEnvironment.Current;

    /// <summary>The browser; throws the launch failure (a missing browser in CI, a chromium that would not start).</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not available: " + _launchFailure?.Message, _launchFailure);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Environment.SkipReason is not null) return;
        try
        {
            Environment.RequireAvailable();

            // Belt and braces: the package's build targets only copy its driver, and nothing here calls its installer,
            // but the driver inherits this and would not fetch a browser even if asked to.
            System.Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
            _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            var args = new List<string> { "--disable-dev-shm-usage" };
            if (Environment.NoSandbox) args.Add("--no-sandbox");
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.ExecutablePath,
                Headless = true,
                Args = args,
                Timeout = 60_000,
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _launchFailure = ex;
        }
    }

    /// <summary>A new context and page at a desktop size (1280×800), zh-CN first.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "zh-CN" });

    /// <summary>A new context and page as a phone: <see cref="PhoneViewport"/>, touch, mobile meta viewport honoured.</summary>
    public Task<IPage> NewPhonePageAsync() => NewPageAsync(new BrowserNewContextOptions
    {
        ViewportSize = PhoneViewport,
        DeviceScaleFactor = 3,
        IsMobile = true,
        HasTouch = true,
        Locale = "zh-CN",
    });

    /// <summary>A new context and page with the options given; closing the page's context is the caller's (<c>await page.Context.CloseAsync()</c>).</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options).ConfigureAwait(false);
        return await context.NewPageAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync().ConfigureAwait(false);
        _playwright?.Dispose();
    }
}

/// <summary>The collection every browser test belongs to: one browser, tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "browser";
}
